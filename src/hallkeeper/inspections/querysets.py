"""Who sees which inspections, findings, plans and due checks.

* hall-wide roles (administrators, leadership, supervision, viewers) see all of their hall's;
* a zone lead sees those of the zones they lead;
* window staff see the inspections that targeted one of their windows (named, or through a position on
  it), and the findings and photos on their windows (an item naming their window or a position on it, or
  naming none in an inspection that targeted their windows) — not the rest of their zone; due checks
  assigned to them;
* everyone sees the inspections they carried out themselves, with all their findings and photos.

Changing an inspection (answering items, adding photos, submitting) is for its inspector only,
and only while it is a draft (``services.py`` checks the status). Plans and acceptance rounds are
managed by administrators, the leadership group and the supervision group.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_administered, halls_led, halls_managed, halls_staffed
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.places.querysets import _any, staffed_window_ids


def staffed_zone_ids(access):
    """Subquery: zones where the user staffs a window, in halls where they hold the staff role."""
    from hallkeeper.places.models import Window

    halls = halls_staffed(access)
    if not halls:
        return None
    return Window.staff.through.objects.filter(person__user_id=access.user_id, window__hall__in=halls).values(
        "window__zone_id"
    )


def zone_scope_q(access, zone_field: str = "zone", staff_q=None) -> models.Q:
    """Rows of the zones the user reaches for reading (hall-wide or led); for window staff the rows
    ``staff_q(window_ids)`` picks, given the subquery of their windows (none when ``staff_q`` is None)."""
    wide = access.halls_hall_wide("view")
    leads = halls_led(access)
    windows = staffed_window_ids(access) if staff_q is not None else None
    return _any(
        models.Q(hall__in=wide) if wide else None,
        models.Q(**{"hall__in": leads, f"{zone_field}__lead__user_id": access.user_id}) if leads else None,
        staff_q(windows) if windows is not None else None,
    )


def targeting_windows(windows) -> models.QuerySet:
    """Subquery: inspections that named one of ``windows`` or a position on one of them."""
    from .models import Inspection

    named = Inspection.windows.through.objects.filter(window_id__in=windows).values("inspection_id")
    by_position = Inspection.positions.through.objects.filter(position__window_id__in=windows).values("inspection_id")
    return Inspection.objects.filter(models.Q(pk__in=named) | models.Q(pk__in=by_position)).values("pk")


def inspection_targets_q(windows) -> models.Q:
    return models.Q(pk__in=targeting_windows(windows))


def on_windows_q(windows, prefix: str = "") -> models.Q:
    """Findings (``prefix`` ""), or check items of photos (``prefix`` "item__"), on ``windows``."""
    return (
        models.Q(**{f"{prefix}window_id__in": windows})
        | models.Q(**{f"{prefix}position__window_id__in": windows})
        | models.Q(
            **{
                f"{prefix}window__isnull": True,
                f"{prefix}position__isnull": True,
                f"{prefix}inspection__in": targeting_windows(windows),
            }
        )
    )


def inspection_q(access, action) -> models.Q:
    halls = sorted(access.hall_roles)
    if not halls:
        return NOTHING
    own = models.Q(inspector_id=access.user_id, hall__in=halls)
    return own if action == "change" else zone_scope_q(access, staff_q=inspection_targets_q) | own


class InspectionQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return inspection_q(access, action)


class FindingQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        if action == "change":
            return NOTHING  # findings are written by submitting an inspection, never edited
        return zone_scope_q(access, staff_q=on_windows_q) | models.Q(
            inspection__inspector_id=access.user_id, hall__in=sorted(access.hall_roles)
        )


class ItemPhotoQuerySet(VisibleQuerySet):
    """Photos are as visible as their inspection; window staff see only those on their windows."""

    def visibility_q(self, access, action):
        from .models import Inspection

        halls = sorted(access.hall_roles)
        if not halls:
            return NOTHING
        own = models.Q(inspector_id=access.user_id, hall__in=halls)
        whole = own if action == "change" else zone_scope_q(access) | own
        q = models.Q(item__inspection__in=Inspection.objects.filter(whole).values("pk"))
        windows = staffed_window_ids(access) if action == "view" else None
        return q | on_windows_q(windows, prefix="item__") if windows is not None else q


class ManagedQuerySet(VisibleQuerySet):
    """Plans and acceptance rounds: everybody in the hall reads them; managers change them."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else halls_managed(access)
        return models.Q(hall__in=halls) if halls else NOTHING


class PolicyQuerySet(VisibleQuerySet):
    """The scoring policy: everybody in the hall reads it; administrators change it."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else halls_administered(access)
        return models.Q(hall__in=halls) if halls else NOTHING


class DueQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        managers = halls_managed(access)
        mine = models.Q(assignee_id=access.user_id, hall__in=sorted(access.hall_roles))
        if action == "change":
            return _any(models.Q(hall__in=managers) if managers else None, mine)
        return zone_scope_q(access) | mine
