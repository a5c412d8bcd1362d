"""What happens to findings next, as told by an app above inspections (rectification registers itself when
Django starts). Inspection pages ask this registry, so they show "issue a notice" and each finding's notice
without importing, or calling through a template tag, the app that issues notices.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FollowUp:
    #: Whether the user may follow findings up in the hall (e.g. issue a rectification notice).
    may_follow_up: Callable[[object, object], bool]
    #: ``{finding id or check item id: the record following it up}`` for the given findings, as the user sees it.
    held_for: Callable[[object, Iterable], dict]
    #: The partial that shows one such record's state (rendered with ``n`` = the record).
    badge_template: str = ""


_follow_up: FollowUp | None = None


def register(follow_up: FollowUp) -> None:
    global _follow_up
    _follow_up = follow_up


def may_follow_up(user, hall) -> bool:
    return bool(_follow_up and hall is not None and _follow_up.may_follow_up(user, hall))


def held_for(user, findings) -> dict:
    rows = list(findings or [])
    if _follow_up is None or not rows:
        return {}
    return _follow_up.held_for(user, rows)


def badge_template() -> str:
    return _follow_up.badge_template if _follow_up is not None else ""
