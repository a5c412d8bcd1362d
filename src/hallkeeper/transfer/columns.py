"""Columns of an import/export sheet: what a cell holds and how a cell is read.

A column is declared once (:class:`Col`) and drives the template, the export and the
importer, so the three always agree on header labels and accepted values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    BOOL = "bool"
    CHOICE = "choice"
    REF = "ref"  # the code of one record
    REFS = "refs"  # the codes of several records, separated by 、 , or ;


#: Kinds stored in a plain model field (as opposed to a relation).
SCALAR_KINDS = frozenset({Kind.TEXT, Kind.INT, Kind.BOOL, Kind.CHOICE})

LIST_SEPARATORS = re.compile(r"[、,;，；\n]+")
TRUE_WORDS = frozenset({"是", "yes", "y", "true", "1", "√", "✓", "✔"})
FALSE_WORDS = frozenset({"否", "no", "n", "false", "0", "×", "✗", "✘"})


@dataclass(frozen=True)
class Col:
    """One column: its header, what it holds, and the model attribute it reads and writes."""

    key: str  # the model attribute the column reads and writes
    label: Promise | str
    kind: Kind = Kind.TEXT
    required: bool = False
    target: str = ""  # REF/REFS: the referenced entity, a key of ``specs.TARGETS``
    choices: type[models.Choices] | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)  # CHOICE: extra words → value
    unique: bool = False  # REF: no two records of the hall may point to the same target
    help: Promise | str = ""
    example: Any = ""
    width: int = 16

    @property
    def attr(self) -> str:
        return self.key

    @property
    def header(self) -> str:
        """The header written in row 1; required columns are marked with ``*``."""
        return f"{self.label}*" if self.required else str(self.label)


class CellError(ValueError):
    """A cell's value cannot be read; the message says why."""


def normalize(text: Any) -> str:
    """Compare headers and labels ignoring case, spacing and the required marker."""
    return re.sub(r"\s+", " ", str(text)).strip().strip("*＊").strip().casefold()


def in_every_language(text: Promise | str) -> set[str]:
    """The text in the source language and in every language of the site."""
    found = set()
    for code in [None, *(code for code, _name in settings.LANGUAGES)]:
        with translation.override(code):
            found.add(str(text))
    return found


def as_text(value: Any) -> str:
    """A cell as text: numbers typed in Excel (1001 → 1001.0) come back as written."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.strftime("%Y-%m-%d")
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def split_codes(text: str) -> list[str]:
    """``A01、A02, A03`` → ``["A01", "A02", "A03"]`` (duplicates dropped, order kept)."""
    return list(dict.fromkeys(p.strip() for p in LIST_SEPARATORS.split(text) if p.strip()))


class CellReader:
    """Reads cells into Python values; built once per import (it precomputes choice words)."""

    def __init__(self, columns: list[Col]) -> None:
        self.choice_words: dict[str, dict[str, str]] = {}
        for col in columns:
            if col.kind == Kind.CHOICE and col.choices is not None:
                # aliases first: the labels an export writes must always read back as themselves
                words = {normalize(alias): value for alias, value in col.aliases.items()}
                for value, label in col.choices.choices:
                    words[normalize(value)] = value
                    for text in in_every_language(label):
                        words[normalize(text)] = value
                self.choice_words[col.key] = words

    def read(self, col: Col, raw: Any) -> Any:
        """The cell's value, or ``None`` when it is empty; raises :class:`CellError`."""
        if isinstance(raw, str) and not raw.strip():
            raw = None
        if raw is None:
            return None
        if col.kind == Kind.INT:
            return _read_int(raw)
        if col.kind == Kind.BOOL:
            return _read_bool(raw)
        text = as_text(raw)
        if not text:
            return None
        if col.kind == Kind.CHOICE:
            return self._read_choice(col, text)
        if col.kind == Kind.REFS:
            return split_codes(text) or None
        return text

    def _read_choice(self, col: Col, text: str) -> str:
        value = self.choice_words.get(col.key, {}).get(normalize(text))
        if value is None:
            labels = "、".join(str(label) for label in col.choices.labels) if col.choices else ""
            raise CellError(_("“%(value)s” is not one of the accepted values: %(choices)s.") % {
                "value": text, "choices": labels,
            })
        return value


def _read_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise CellError(_("Enter a whole number."))
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    text = str(raw).strip()
    if re.fullmatch(r"[+-]?[0-9]{1,19}(\.0+)?", text):  # longer numbers are beyond every database integer
        return int(text.split(".")[0])
    raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})


def _read_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    word = normalize(raw)
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is not a yes/no value; enter 是 or 否 (yes/no, 1/0, true/false).") % {
        "value": as_text(raw),
    })
