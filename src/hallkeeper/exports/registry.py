"""What can be exported in the background: each app registers a builder under a kind.

A builder takes the requester, the hall and the list's filters (a ``QueryDict``) and returns an
:class:`ExportPlan` built from ``visible_to`` — the same function answers the direct download and the
background job, so both see exactly the requester's rows at the time the file is written."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hallkeeper.core.exports import Column


@dataclass
class ExportPlan:
    title: str  # the file's name, before the hall and the date
    sheets: list[tuple[str, Sequence[Column], Iterable[Any]]]  # rows read only when the sheet is written
    count: Callable[[], int]  # every row of every sheet (COUNT queries)


Builder = Callable[[Any, Any, Any], ExportPlan]
_BUILDERS: dict[str, Builder] = {}


def register(kind: str, builder: Builder) -> None:
    _BUILDERS[kind] = builder


def builder_for(kind: str) -> Builder | None:
    return _BUILDERS.get(kind)


def kinds() -> list[str]:
    return sorted(_BUILDERS)
