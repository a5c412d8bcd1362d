"""Who sees which inspections, findings, plans and due checks.

* hall-wide roles (administrators, leadership, supervision, viewers) see all of their hall's;
* a zone lead sees those of the zones they lead;
* window staff see those of the zones where they staff a window;
* everyone sees the inspections they carried out themselves.

Changing an inspection (answering items, adding photos, submitting) is for its inspector only,
and only while it is a draft (``services.py`` checks the status). Plans and acceptance rounds are
managed by administrators, the leadership group and the supervision group.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.accounts.choices import Role
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.places.querysets import _any

#: Roles that plan inspections, run acceptance rounds and patrol any zone.
MANAGER_ROLES = (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION)


def staffed_zone_ids(access):
    """Subquery: zones where the user staffs a window, in halls where they hold the staff role."""
    from hallkeeper.places.models import Window

    halls = access.halls_with_role(Role.WINDOW_STAFF)
    if not halls:
        return None
    return Window.staff.through.objects.filter(person__user_id=access.user_id, window__hall__in=halls).values(
        "window__zone_id"
    )


def zone_scope_q(access, zone_field: str = "zone") -> models.Q:
    """Rows of the zones the user reaches for reading (hall-wide, led, or staffed)."""
    wide = access.halls_hall_wide("view")
    leads = access.halls_with_role(Role.ZONE_LEAD)
    staffed = staffed_zone_ids(access)
    return _any(
        models.Q(hall__in=wide) if wide else None,
        models.Q(**{"hall__in": leads, f"{zone_field}__lead__user_id": access.user_id}) if leads else None,
        models.Q(**{f"{zone_field}_id__in": staffed}) if staffed is not None else None,
    )


def inspection_q(access, action) -> models.Q:
    halls = sorted(access.hall_roles)
    if not halls:
        return NOTHING
    own = models.Q(inspector_id=access.user_id, hall__in=halls)
    return own if action == "change" else zone_scope_q(access) | own


class InspectionQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return inspection_q(access, action)


class FindingQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        if action == "change":
            return NOTHING  # findings are written by submitting an inspection, never edited
        return zone_scope_q(access) | models.Q(
            inspection__inspector_id=access.user_id, hall__in=sorted(access.hall_roles)
        )


class ItemPhotoQuerySet(VisibleQuerySet):
    """Photos are as visible as their inspection."""

    def visibility_q(self, access, action):
        from .models import Inspection

        return models.Q(item__inspection__in=Inspection.objects.filter(inspection_q(access, action)).values("pk"))


class ManagedQuerySet(VisibleQuerySet):
    """Plans and acceptance rounds: everybody in the hall reads them; managers change them."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else access.halls_with_role(*MANAGER_ROLES)
        return models.Q(hall__in=halls) if halls else NOTHING


class PolicyQuerySet(VisibleQuerySet):
    """The scoring policy: everybody in the hall reads it; administrators change it."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else access.halls_with_role(Role.ADMIN)
        return models.Q(hall__in=halls) if halls else NOTHING


class DueQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        managers = access.halls_with_role(*MANAGER_ROLES)
        mine = models.Q(assignee_id=access.user_id, hall__in=sorted(access.hall_roles))
        if action == "change":
            return _any(models.Q(hall__in=managers) if managers else None, mine)
        return zone_scope_q(access) | mine
