"""Who sees and changes which zones, windows and positions.

* hall-wide roles (administrator, leadership, supervision, viewer) see all of their hall;
  only administrators change;
* a zone lead sees and changes the zones they lead, with their windows and positions;
* window staff see and change the windows they staff, with their positions.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_led, halls_staffed
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet


def _any(*qs: models.Q | None) -> models.Q:
    result = NOTHING
    for q in qs:
        if q is not None:
            result |= q
    return result


def staffed_window_ids(access):
    """Subquery: ids of the windows the user staffs, in halls where they hold the staff role."""
    from .models import Window

    halls = halls_staffed(access)
    if not halls:
        return None
    return Window.staff.through.objects.filter(person__user_id=access.user_id, window__hall__in=halls).values(
        "window_id"
    )


class ZoneQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        wide = access.halls_hall_wide(action)
        leads = halls_led(access)
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(hall__in=leads, lead__user_id=access.user_id) if leads else None,
        )


class WindowQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        wide = access.halls_hall_wide(action)
        leads = halls_led(access)
        staffed = staffed_window_ids(access)
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(hall__in=leads, zone__lead__user_id=access.user_id) if leads else None,
            models.Q(pk__in=staffed) if staffed is not None else None,
        )


class PositionQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        wide = access.halls_hall_wide(action)
        leads = halls_led(access)
        staffed = staffed_window_ids(access)
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(hall__in=leads, zone__lead__user_id=access.user_id) if leads else None,
            models.Q(window_id__in=staffed) if staffed is not None else None,
        )
