"""Each role lands on its own work: what the hall home shows window staff, zone leads and the supervision side.

Leaders, administrators and viewers keep the hall overview. Every read goes through the lower apps' selectors
and ``visible_to``; each function makes a bounded number of queries whatever the history's size (window staff:
a few per window, and at most ``WINDOW_LIMIT`` windows)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count
from django.utils import timezone

from hallkeeper.core.capabilities import (
    edits_handbook,
    leads_zones,
    manages_inspections,
    sees_whole_hall,
    staffs_windows,
)
from hallkeeper.inspections.history import findings_for_list
from hallkeeper.inspections.models import Finding
from hallkeeper.inspections.planning import MyDay, my_day
from hallkeeper.places import selectors as place_selectors
from hallkeeper.places.models import Window, Zone
from hallkeeper.rectification.choices import AWAITING_ZONE_STATES, OPEN_STATES, NoticeState
from hallkeeper.rectification.models import Notice, NoticeItem
from hallkeeper.rectification.selectors import current_rejections
from hallkeeper.standards.models import Rule
from hallkeeper.standards.selectors import rules_for_window

from .overview import SiteGlance, ZoneGlance, site_glance

#: The landings, by the work they show.
OVERVIEW, INSPECTOR, ZONE_LEAD, WINDOW_STAFF = "overview", "inspector", "zone_lead", "window_staff"
#: How many windows, notices and findings a landing lists (the rest is one click away).
WINDOW_LIMIT = 6
LIST_LIMIT = 10
#: How far back a window's findings count as recent.
FINDING_DAYS = 30


def landing_for(access, hall_id: int) -> str:
    """Which work the hall home opens on. Leaders, administrators and read-only roles keep the overview; the
    supervision side sees its plan and what awaits verification; then zone leads; then window staff."""
    if edits_handbook(access, hall_id):
        return OVERVIEW
    if manages_inspections(access, hall_id):
        return INSPECTOR
    if sees_whole_hall(access, hall_id):
        return OVERVIEW
    if leads_zones(access, hall_id):
        return ZONE_LEAD
    if staffs_windows(access, hall_id):
        return WINDOW_STAFF
    return OVERVIEW


# -- window staff -------------------------------------------------------------------------------------


@dataclass
class WindowWork:
    window: Window
    rules: list[Rule]


@dataclass
class StaffLanding:
    windows: list[WindowWork]
    more_windows: bool
    handbook_version: object | None
    notices: list[Notice]
    findings: list[Finding]
    since: date

    @property
    def open_items(self) -> int:
        return len(self.notices) + len(self.findings)


def staff_landing(user, hall, today: date | None = None) -> StaffLanding:
    """The staff member's windows with the handbook rules that apply there, the open notices covering a
    finding at one of their windows, and their windows' recent findings not on a notice yet."""
    today = today or timezone.localdate()
    windows = list(
        place_selectors.windows_for_list(user, hall)
        .filter(staff__user=user)
        .select_related("area__parent", "zone")
        .order_by("number", "pk")[: WINDOW_LIMIT + 1]
    )
    more = len(windows) > WINDOW_LIMIT
    windows = windows[:WINDOW_LIMIT]
    version, work = None, []
    for window in windows:
        version, rules = rules_for_window(user, window)
        work.append(WindowWork(window=window, rules=rules))
    ids = [w.pk for w in windows]
    notices = list(
        Notice.objects.visible_to(user, "view")
        .filter(hall=hall, state__in=OPEN_STATES, items__active=True, items__finding__window__in=ids)
        .select_related("zone")
        .distinct()
        .order_by("deadline", "pk")[:LIST_LIMIT]
    )
    since = today - timedelta(days=FINDING_DAYS)
    findings = list(
        findings_for_list(user, hall)
        .filter(window__in=ids, found_at__date__gte=since)
        .exclude(pk__in=NoticeItem.objects.filter(active=True, notice__state__in=OPEN_STATES).values("finding_id"))
        .select_related("rule", "window")
        .order_by("-found_at", "-pk")[:LIST_LIMIT]
    )
    return StaffLanding(
        windows=work, more_windows=more, handbook_version=version, notices=notices, findings=findings, since=since
    )


# -- zone leads ---------------------------------------------------------------------------------------


@dataclass
class StateCount:
    state: str
    label: str
    count: int


@dataclass
class LeadLanding:
    zones: list[Zone]
    glances: list[ZoneGlance]
    glance: SiteGlance | None
    day: MyDay
    states: list[StateCount]
    notices: list[Notice] = field(default_factory=list)

    @property
    def rejected(self) -> list[Notice]:
        return [n for n in self.notices if n.rejection is not None]


def lead_landing(user, hall, today: date | None = None) -> LeadLanding:
    """The lead's zones with their recent average score, the self-checks due, and their notices by state —
    the open ones listed with any standing rejection first."""
    today = today or timezone.localdate()
    zones = list(
        Zone.objects.visible_to(user, "view").filter(hall=hall, lead__user_id=user.pk).select_related("lead")
    )
    ids = {z.pk for z in zones}
    glance = site_glance(user, hall, today) if zones else None
    glances = [g for g in glance.zones if g.zone.pk in ids] if glance else []
    notices = Notice.objects.visible_to(user, "view").filter(hall=hall, zone__in=ids)
    counts = dict(notices.values_list("state").annotate(n=Count("pk")).order_by())
    states = [StateCount(s.value, s.label, counts.get(s.value, 0)) for s in NoticeState]
    open_notices = list(notices.filter(state__in=OPEN_STATES).select_related("zone").order_by("deadline", "pk")[:50])
    rejections = current_rejections(open_notices)
    for notice in open_notices:
        notice.rejection = rejections.get(notice.pk)
        notice.overdue = notice.state in AWAITING_ZONE_STATES and notice.deadline < today
    open_notices.sort(key=lambda n: (n.rejection is None, not n.overdue, n.deadline, n.pk))
    return LeadLanding(
        zones=zones,
        glances=glances,
        glance=glance,
        day=my_day(user, hall, today),
        states=states,
        notices=open_notices[:LIST_LIMIT],
    )


# -- the supervision side -----------------------------------------------------------------------------


@dataclass
class InspectorLanding:
    day: MyDay
    to_verify: list[Notice]
    to_verify_total: int
    glance: SiteGlance | None


def inspector_landing(user, hall, today: date | None = None) -> InspectorLanding:
    """Today's plan (the inspections due), the rectifications awaiting verification (the user's own notices
    first) and the zones at a glance."""
    today = today or timezone.localdate()
    submitted = Notice.objects.visible_to(user, "view").filter(hall=hall, state=NoticeState.SUBMITTED)
    rows = list(submitted.select_related("zone").order_by("updated_at", "pk")[:LIST_LIMIT])
    rows.sort(key=lambda n: n.issued_by_id != user.pk)
    return InspectorLanding(
        day=my_day(user, hall, today),
        to_verify=rows,
        to_verify_total=submitted.count() if len(rows) == LIST_LIMIT else len(rows),
        glance=site_glance(user, hall, today),
    )
