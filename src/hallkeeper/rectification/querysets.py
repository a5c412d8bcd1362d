"""Who sees which rectification notices.

* hall-wide roles (administrators, leadership, supervision, viewers) see every notice of their hall;
* a zone lead sees the notices of the zones they lead — never another zone's;
* window staff see (read only) the notices that hold a finding on one of their windows (see
  ``inspections/querysets.py``): they put their counter right, so they read what is asked of it —
  not the notices about the rest of their zone.

"change" is the set of notices a user could act on at all: the supervision side (administrators,
leadership and supervision groups) for their halls' notices, a zone lead for their own zones'.
Whether a particular action is allowed from the notice's current state is decided by the one
transition table (``transitions.py``), which the services check under a row lock.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone

from hallkeeper.core.capabilities import halls_administered, halls_led, halls_managed
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet
from hallkeeper.inspections.querysets import on_windows_q, zone_scope_q
from hallkeeper.places.querysets import _any

from .choices import AWAITING_ZONE_STATES, OPEN_STATES


def _holding_findings_on(windows) -> models.Q:
    from hallkeeper.inspections.models import Finding

    from .models import NoticeItem

    findings = Finding.objects.filter(on_windows_q(windows)).values("pk")
    return models.Q(pk__in=NoticeItem.objects.filter(finding__in=findings).values("notice_id"))


def notice_q(access, action) -> models.Q:
    if not access.hall_roles:
        return NOTHING
    if action == "view":
        return zone_scope_q(access, staff_q=_holding_findings_on)
    managers = halls_managed(access)
    leads = halls_led(access)
    return _any(
        models.Q(hall__in=managers) if managers else None,
        models.Q(hall__in=leads, zone__lead__user_id=access.user_id) if leads else None,
    )


class NoticeQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        return notice_q(access, action)

    def open(self) -> NoticeQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today: date | None = None) -> NoticeQuerySet:
        """Notices waiting for their zone past their deadline (derived, never stored)."""
        today = today or timezone.localdate()
        return self.filter(state__in=AWAITING_ZONE_STATES, deadline__lt=today)


class NoticePartQuerySet(VisibleQuerySet):
    """Items, responses, photos and extension requests: as visible as their notice."""

    notice_field = "notice"

    def visibility_q(self, access, action):
        from .models import Notice

        if not access.hall_roles:
            return NOTHING
        return models.Q(**{f"{self.notice_field}__in": Notice.objects.filter(notice_q(access, action)).values("pk")})


class ResponsePhotoQuerySet(NoticePartQuerySet):
    notice_field = "response__notice"


class PolicyQuerySet(VisibleQuerySet):
    """The rectification policy: everybody in the hall reads it; administrators change it."""

    def visibility_q(self, access, action):
        halls = sorted(access.hall_roles) if action == "view" else halls_administered(access)
        return models.Q(hall__in=halls) if halls else NOTHING
