"""Who reads which assessment rows.

* hall-wide roles (administrators, leadership, supervision, viewers) read every period, result, item, indicator
  and appeal of their hall, drafts included;
* a zone lead reads, once a period is open for appeal, the results of the zones they lead, of those zones'
  windows and of the staff of those windows, and their own appeals;
* window staff read, once a period is open for appeal, their windows' results and their own.
"""

from __future__ import annotations

from django.db import models

from hallkeeper.core.capabilities import halls_assessing, halls_led, halls_staffed
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.places.querysets import staffed_window_ids

from .choices import PeriodState


def _any(*qs: models.Q | None) -> models.Q:
    result = NOTHING
    for q in qs:
        if q is not None:
            result |= q
    return result


class PeriodQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        wide = halls_assessing(access)
        if action == "change":
            return models.Q(hall__in=wide) if wide else NOTHING
        others = sorted(set(halls_led(access)) | set(halls_staffed(access)))
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(hall__in=others) & ~models.Q(state=PeriodState.DRAFT) if others else None,
        )


class ResultQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        from hallkeeper.places.models import Window

        wide = halls_assessing(access)
        if action == "change":
            return models.Q(hall__in=wide) if wide else NOTHING
        leads = halls_led(access)
        staffed = staffed_window_ids(access)
        led = None
        if leads:
            led_staff = Window.staff.through.objects.filter(
                window__hall__in=leads, window__zone__lead__user_id=access.user_id
            ).values("person_id")
            led = models.Q(hall__in=leads) & (
                models.Q(zone__lead__user_id=access.user_id)
                | models.Q(window__zone__lead__user_id=access.user_id)
                | models.Q(person_id__in=led_staff)
            )
        own = None
        if staffed is not None:
            own = models.Q(window_id__in=staffed) | models.Q(
                hall__in=halls_staffed(access), person__user_id=access.user_id
            )
        published = ~models.Q(period__state=PeriodState.DRAFT)
        return _any(
            models.Q(hall__in=wide) if wide else None,
            (led & published) if led is not None else None,
            (own & published) if own is not None else None,
        )


class HallWideQuerySet(VisibleQuerySet):
    """Bonus and penalty items, imported indicators: the hall-wide roles."""

    def visibility_q(self, access, action):
        wide = halls_assessing(access)
        return models.Q(hall__in=wide) if wide else NOTHING


class AppealQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        wide = halls_assessing(access)
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(appealed_by_id=access.user_id) if action == "view" else None,
        )


class HonourQuerySet(VisibleQuerySet):
    """Honours: the hall-wide roles read them all; anyone else who works in the hall (zone leads, window staff)
    reads those of published periods — a published honour is a public commendation or criticism of the hall."""

    def visibility_q(self, access, action):
        wide = halls_assessing(access)
        if action == "change":
            return models.Q(hall__in=wide) if wide else NOTHING
        members = [h for h in access.hall_roles if access.reaches_business_data(h)]
        return _any(
            models.Q(hall__in=wide) if wide else None,
            models.Q(hall__in=members, period__state=PeriodState.PUBLISHED) if members else None,
        )
