"""The one table of who may move a notice from which state to which.

Sides (who may act):

* ``inspector`` — the supervision side: administrators, the leadership group and the supervision
  group of the notice's hall (the people who may issue notices);
* ``zone`` — the lead of the notice's zone (holding the zone-lead role in the hall);
* ``issuer`` — the person who issued the notice, or an administrator of the hall.

Decisions taken here:

* acknowledging (签收) and starting are separate steps, so the timeline shows when the zone received
  the notice and when work began; but a zone lead who has already put things right may submit straight
  from ``acknowledged`` — there is no need to tap "start" first. Submitting from ``issued`` is not
  allowed: a notice must be acknowledged before anything else happens to it;
* rejecting sends the notice back to ``rectifying`` (recorded as ``notice.rejected`` with the reason);
* more time may be asked for while the zone is working (issued, acknowledged, rectifying), one request
  at a time; a pending request can be decided in any open state. These rows do not change the state;
* besides the table, two guards: nobody verifies a rectification they submitted themselves, and an
  extension is decided only when one is pending (and asked for only when none is).

``services.py`` checks every action against this table under a row lock; pages call
:func:`allowed_actions` to show only the buttons that would work.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from hallkeeper.accounts.access import get_access
from hallkeeper.core.capabilities import leads_zones, manages_inspections

from .choices import ExtensionState, NoticeAction, NoticeState, Side

A, S = NoticeAction, NoticeState
_WORKING = (S.ISSUED, S.ACKNOWLEDGED, S.RECTIFYING)
_OPEN = (*_WORKING, S.SUBMITTED)


@dataclass(frozen=True)
class Transition:
    from_state: str
    action: str
    to_state: str
    side: str


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.ISSUED, A.ACKNOWLEDGE, S.ACKNOWLEDGED, Side.ZONE),
    Transition(S.ACKNOWLEDGED, A.START, S.RECTIFYING, Side.ZONE),
    Transition(S.ACKNOWLEDGED, A.SUBMIT, S.SUBMITTED, Side.ZONE),
    Transition(S.RECTIFYING, A.SUBMIT, S.SUBMITTED, Side.ZONE),
    Transition(S.SUBMITTED, A.VERIFY, S.VERIFIED, Side.INSPECTOR),
    Transition(S.SUBMITTED, A.REJECT, S.RECTIFYING, Side.INSPECTOR),
    *(Transition(state, A.CANCEL, S.CANCELLED, Side.ISSUER) for state in _OPEN),
    *(Transition(state, A.REQUEST_EXTENSION, state, Side.ZONE) for state in _WORKING),
    *(Transition(state, A.DECIDE_EXTENSION, state, Side.INSPECTOR) for state in _OPEN),
)

TABLE: dict[tuple[str, str], Transition] = {(t.from_state, t.action): t for t in TRANSITIONS}
assert len(TABLE) == len(TRANSITIONS), "one row per (state, action)"


def is_zone_lead(user, notice) -> bool:
    access = get_access(user)
    if not leads_zones(access, notice.hall_id) or user.pk is None:
        return False
    zone = notice.zone
    return zone.lead_id is not None and zone.lead.user_id == user.pk


def is_inspector(user, hall_id: int) -> bool:
    return manages_inspections(get_access(user), hall_id)


def on_side(user, notice, side: str) -> bool:
    if side == Side.INSPECTOR:
        return is_inspector(user, notice.hall_id)
    if side == Side.ZONE:
        return is_zone_lead(user, notice)
    if side == Side.ISSUER:
        return notice.issued_by_id == user.pk or get_access(user).is_admin_of(notice.hall_id)
    return False


_STATE_REFUSALS = {
    A.ACKNOWLEDGE: lambda: _("This notice is “%(state)s”; it cannot be acknowledged now."),
    A.START: lambda: _("This notice is “%(state)s”; rectifying cannot be started now."),
    A.SUBMIT: lambda: _("This notice is “%(state)s”; a rectification cannot be submitted now."),
    A.VERIFY: lambda: _("This notice is “%(state)s”; there is no rectification to verify."),
    A.REJECT: lambda: _("This notice is “%(state)s”; there is no rectification to reject."),
    A.CANCEL: lambda: _("This notice is “%(state)s”; only an open notice can be cancelled."),
    A.REQUEST_EXTENSION: lambda: _("This notice is “%(state)s”; more time can no longer be asked for."),
    A.DECIDE_EXTENSION: lambda: _("This notice is “%(state)s”; requests for more time can no longer be decided."),
}

_SIDE_REFUSALS = {
    Side.INSPECTOR: lambda: _(
        "Only the supervision side (administrators, leadership and supervision groups) may do this."
    ),
    Side.ZONE: lambda: _("Only the lead of zone %(zone)s may do this."),
    Side.ISSUER: lambda: _("Only the person who issued the notice, or an administrator, may do this."),
}


def refusal(notice, user, action: str) -> ValidationError | PermissionDenied | None:
    """Why ``user`` may not take ``action`` on ``notice`` now (``None`` when they may)."""
    if action not in A.values:
        return ValidationError(_("Unknown action."), code="action")
    row = TABLE.get((notice.state, action))
    if row is None:
        return ValidationError(_STATE_REFUSALS[action]() % {"state": S(notice.state).label}, code="state")
    if not on_side(user, notice, row.side):
        return PermissionDenied(_SIDE_REFUSALS[row.side]() % {"zone": notice.zone})
    if action == A.VERIFY:
        last = notice.responses.order_by("-at", "-pk").values_list("by_id", flat=True).first()
        if last == user.pk:
            return ValidationError(
                _("You submitted this rectification; someone else must verify it."), code="own_rectification"
            )
    if action == A.REQUEST_EXTENSION and notice.extensions.filter(state=ExtensionState.REQUESTED).exists():
        return ValidationError(
            _("A request for more time is already waiting for a decision."), code="extension_pending"
        )
    if action == A.DECIDE_EXTENSION and not notice.extensions.filter(state=ExtensionState.REQUESTED).exists():
        return ValidationError(_("No request for more time is waiting for a decision."), code="no_extension")
    return None


def check(notice, user, action: str) -> Transition:
    """The row of the table that lets ``user`` take ``action``; raises the refusal otherwise."""
    error = refusal(notice, user, action)
    if error is not None:
        raise error
    return TABLE[(notice.state, action)]


def allowed_actions(notice, user) -> list[str]:
    """The actions ``user`` may take on ``notice`` now, in the table's order (for buttons on pages)."""
    actions = []
    for row in TRANSITIONS:
        if row.from_state == notice.state and row.action not in actions and refusal(notice, user, row.action) is None:
            actions.append(row.action)
    return actions
