"""Reads behind the planning pages: my due inspections, patrol coverage, plan lists and round summaries.

Every read starts from ``visible_to`` and is bounded: a fixed number of queries per page whatever
the number of zones, plans or due inspections.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, IntegerField, Min, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.dates import day_of
from hallkeeper.core.input import date_in_range
from hallkeeper.places.models import Zone

from .choices import DUE_STATE_COLOURS, DueState, InspectionKind, InspectionStatus
from .kinds import COVERAGE_KINDS
from .models import AcceptanceRound, DueInspection, Inspection, InspectionPlan
from .services import RoundState

#: How far back "my inspections" reaches for overdue checks; older ones are counted, not listed.
OVERDUE_DAYS = 30
#: At most this many cards per group on "my inspections".
GROUP_LIMIT = 50
#: The window of the plan list's done / overdue counters.
RECENT_DAYS = 30


def week_start(day: date) -> date:
    """The Monday of the week containing ``day``."""
    return day - timedelta(days=day.weekday())


def parse_week(value: str | None, today: date) -> date:
    """The Monday of ``?week=YYYY-MM-DD`` (any day of the week), or of this week when missing or malformed."""
    if value:
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
        if day is not None and date_in_range(day):
            return week_start(day)
    return week_start(today)


def _day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """Aware datetimes from the start of ``first`` up to (not including) the day after ``last``."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return start, end


# -- my inspections --------------------------------------------------------------


@dataclass
class DueCard:
    due: DueInspection
    state: str

    @property
    def colour(self) -> str:
        return DUE_STATE_COLOURS.get(self.state, "secondary")

    @property
    def state_label(self) -> str:
        return DueState(self.state).label


@dataclass
class MyDay:
    today: date
    overdue: list[DueCard] = field(default_factory=list)
    due_today: list[DueCard] = field(default_factory=list)
    upcoming: list[DueCard] = field(default_factory=list)
    older_overdue: int = 0
    more: int = 0
    drafts: list[Inspection] = field(default_factory=list)
    submitted_today: list[Inspection] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.overdue) + len(self.due_today) + self.older_overdue

    @property
    def is_empty(self) -> bool:
        return not (self.overdue or self.due_today or self.upcoming or self.drafts or self.submitted_today) and (
            not self.older_overdue
        )


def my_day(user, hall, today: date | None = None) -> MyDay:
    """The user's due inspections not done yet (overdue, due now, opening within a week), drafts
    and what they submitted today: five queries."""
    today = today or timezone.localdate()
    result = MyDay(today=today)
    not_done = Q(inspection__isnull=True) | Q(inspection__status=InspectionStatus.DRAFT)
    mine = DueInspection.objects.visible_to(user, "view").filter(hall=hall, assignee_id=user.pk).filter(not_done)
    since = today - timedelta(days=OVERDUE_DAYS)
    result.older_overdue = mine.filter(due_on__lt=since).count()
    rows = list(
        mine.filter(due_on__gte=since, opens_on__lte=today + timedelta(days=6))
        .select_related("plan", "zone", "inspection")
        .order_by("due_on", "zone__order", "zone__code", "pk")[: GROUP_LIMIT * 3 + 1]
    )
    if len(rows) > GROUP_LIMIT * 3:
        result.more = 1
        rows = rows[: GROUP_LIMIT * 3]
    for due in rows:
        card = DueCard(due=due, state=due.state(today))
        if due.due_on < today:
            group = result.overdue
        elif due.opens_on <= today:
            group = result.due_today
        else:
            group = result.upcoming
        if len(group) < GROUP_LIMIT:
            group.append(card)
        else:
            result.more += 1
    own = Inspection.objects.visible_to(user, "view").filter(hall=hall, inspector_id=user.pk)
    result.drafts = list(
        own.filter(status=InspectionStatus.DRAFT)
        .select_related("zone", "plan", "round")
        .order_by("-started_at")[:GROUP_LIMIT]
    )
    start, end = _day_range(today, today)
    result.submitted_today = list(
        own.filter(status=InspectionStatus.SUBMITTED, submitted_at__gte=start, submitted_at__lt=end)
        .select_related("zone")
        .order_by("-submitted_at")[:GROUP_LIMIT]
    )
    for inspection in [*result.drafts, *result.submitted_today]:
        inspection.hall = hall  # for get_absolute_url, without a query per row
    return result


# -- coverage ----------------------------------------------------------------------


@dataclass
class CoverageCell:
    day: date
    patrols: int = 0
    self_checks: int = 0
    future: bool = False

    @property
    def css(self) -> str:
        """Bootstrap classes of the cell: green when patrolled, amber for a working day without a patrol."""
        if self.patrols >= 2:
            return "bg-success text-white"
        if self.patrols == 1:
            return "bg-success-subtle"
        if self.future:
            return ""
        if self.day.weekday() >= 5:
            return "bg-light text-muted"
        return "bg-warning-subtle"


@dataclass
class CoverageRow:
    zone: Zone
    cells: list[CoverageCell]

    @property
    def patrols(self) -> int:
        return sum(c.patrols for c in self.cells)

    @property
    def self_checks(self) -> int:
        return sum(c.self_checks for c in self.cells)

    @property
    def patrolled(self) -> bool:
        return self.patrols > 0


@dataclass
class Coverage:
    monday: date
    today: date
    days: list[date]
    rows: list[CoverageRow]
    due_total: int = 0
    due_done: int = 0
    due_overdue: int = 0
    due_open: int = 0

    @property
    def sunday(self) -> date:
        return self.days[-1]

    @property
    def previous_week(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_week(self) -> date:
        return self.monday + timedelta(days=7)

    @property
    def is_current(self) -> bool:
        return self.monday <= self.today <= self.sunday

    @property
    def patrolled_zones(self) -> int:
        return sum(1 for r in self.rows if r.patrolled)

    @property
    def unpatrolled_zones(self) -> int:
        return len(self.rows) - self.patrolled_zones

    @property
    def day_totals(self) -> list[int]:
        return [sum(r.cells[i].patrols for r in self.rows) for i in range(len(self.days))]

    @property
    def patrol_total(self) -> int:
        return sum(r.patrols for r in self.rows)

    @property
    def self_check_total(self) -> int:
        return sum(r.self_checks for r in self.rows)

    @property
    def done_percent(self) -> int:
        return round(100 * self.due_done / self.due_total) if self.due_total else 0


def coverage(user, hall, monday: date, today: date | None = None) -> Coverage:
    """Submitted patrols and self-checks per visible zone and day of the week starting ``monday``,
    and the week's due inspections done / overdue / open: three queries."""
    today = today or timezone.localdate()
    days = [monday + timedelta(days=i) for i in range(7)]
    zones = list(Zone.objects.visible_to(user, "view").filter(hall=hall).order_by("order", "code"))
    start, end = _day_range(days[0], days[-1])
    counts = (
        Inspection.objects.visible_to(user, "view")
        .filter(
            hall=hall,
            status=InspectionStatus.SUBMITTED,
            kind__in=COVERAGE_KINDS,
            submitted_at__gte=start,
            submitted_at__lt=end,
        )
        .annotate(day=day_of("submitted_at", days))
        .order_by()
        .values("zone_id", "kind", "day")
        .annotate(n=Count("pk"))
    )
    by_key = {(c["zone_id"], c["kind"], c["day"]): c["n"] for c in counts}
    rows = []
    for zone in zones:
        cells = [
            CoverageCell(
                day=d,
                patrols=by_key.get((zone.pk, InspectionKind.PATROL, d), 0),
                self_checks=by_key.get((zone.pk, InspectionKind.SELF_CHECK, d), 0),
                future=d > today,
            )
            for d in days
        ]
        rows.append(CoverageRow(zone=zone, cells=cells))
    result = Coverage(monday=monday, today=today, days=days, rows=rows)
    done = Q(inspection__status=InspectionStatus.SUBMITTED)
    totals = (
        DueInspection.objects.visible_to(user, "view")
        .filter(hall=hall, due_on__gte=days[0], due_on__lte=days[-1])
        .aggregate(
            total=Count("pk"),
            done=Count("pk", filter=done),
            overdue=Count("pk", filter=~done & Q(due_on__lt=today)),
        )
    )
    result.due_total = totals["total"]
    result.due_done = totals["done"]
    result.due_overdue = totals["overdue"]
    result.due_open = result.due_total - result.due_done - result.due_overdue
    return result


# -- plans ---------------------------------------------------------------------------


def _count(qs: QuerySet) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``qs`` (filtered on ``plan=OuterRef("pk")``) per plan."""
    sq = qs.order_by().values("plan").annotate(c=Count("pk")).values("c")[:1]
    return Coalesce(Subquery(sq, output_field=IntegerField()), Value(0))


def plans_for_list(user, hall, today: date | None = None) -> QuerySet[InspectionPlan]:
    """Plans of the hall with their zone count, next due date and the last 30 days' done / overdue
    counts, as subqueries (one query per page whatever the number of due inspections)."""
    today = today or timezone.localdate()
    recent = DueInspection.objects.filter(plan=OuterRef("pk"), due_on__gte=today - timedelta(days=RECENT_DAYS))
    next_due = (
        DueInspection.objects.filter(plan=OuterRef("pk"), due_on__gte=today, inspection__isnull=True)
        .order_by()
        .values("plan")
        .annotate(d=Min("due_on"))
        .values("d")[:1]
    )
    zone_count = (
        InspectionPlan.zones.through.objects.filter(inspectionplan_id=OuterRef("pk"))
        .order_by()
        .values("inspectionplan_id")
        .annotate(c=Count("pk"))
        .values("c")[:1]
    )
    return (
        InspectionPlan.objects.visible_to(user, "view")
        .filter(hall=hall)
        .annotate(
            zone_count=Coalesce(Subquery(zone_count, output_field=IntegerField()), Value(0)),
            next_due=Subquery(next_due),
            recent_done=_count(recent.filter(inspection__status=InspectionStatus.SUBMITTED, due_on__lte=today)),
            recent_overdue=_count(
                recent.filter(due_on__lt=today).exclude(inspection__status=InspectionStatus.SUBMITTED)
            ),
        )
        .select_related("hall")
        .prefetch_related("assignees")
        .order_by("-active", "name")
    )


@dataclass
class Completion:
    total: int
    done: int
    overdue: int
    open: int

    @property
    def percent(self) -> int | None:
        finished = self.done + self.overdue
        return round(100 * self.done / finished) if finished else None


def plan_completion(user, plan: InspectionPlan, today: date | None = None, days: int | None = None) -> Completion:
    """Due inspections of ``plan`` up to today (the last ``days`` when given): done, overdue, open."""
    today = today or timezone.localdate()
    qs = DueInspection.objects.visible_to(user, "view").filter(plan=plan, opens_on__lte=today)
    if days is not None:
        qs = qs.filter(due_on__gte=today - timedelta(days=days))
    done = Q(inspection__status=InspectionStatus.SUBMITTED)
    totals = qs.aggregate(
        total=Count("pk"), done=Count("pk", filter=done), overdue=Count("pk", filter=~done & Q(due_on__lt=today))
    )
    return Completion(
        total=totals["total"],
        done=totals["done"],
        overdue=totals["overdue"],
        open=totals["total"] - totals["done"] - totals["overdue"],
    )


# -- acceptance rounds --------------------------------------------------------------


@dataclass
class RoundSummary:
    zones: int = 0
    checked: int = 0
    passed: int = 0
    failed: int = 0
    in_progress: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.checked / self.zones) if self.zones else 0


def zone_state(chain: list[dict]) -> str:
    """The state of one zone's acceptance chain (first check → re-acceptances), as in ``services.round_progress``."""
    if not chain:
        return RoundState.UNCHECKED
    last = chain[-1]
    if last["status"] == InspectionStatus.DRAFT:
        return RoundState.IN_PROGRESS if len(chain) == 1 else RoundState.RETAKE_IN_PROGRESS
    if last["passed"]:
        return RoundState.PASSED if len(chain) == 1 else RoundState.PASSED_ON_RETAKE
    return RoundState.FAILED


def round_summaries(rounds: list[AcceptanceRound], zone_ids: set[int]) -> dict[int, RoundSummary]:
    """Checked / passed / failed counts of several rounds over the zones ``zone_ids``: one query."""
    rows = list(
        Inspection.objects.filter(round__in=[r.pk for r in rounds], zone_id__in=zone_ids)
        .order_by("started_at", "pk")
        .values("pk", "round_id", "zone_id", "retake_of_id", "status", "passed")
    )
    by_round: dict[int, list[dict]] = {}
    for row in rows:
        by_round.setdefault(row["round_id"], []).append(row)
    result = {}
    for acceptance_round in rounds:
        summary = RoundSummary(zones=len(zone_ids))
        inspections = by_round.get(acceptance_round.pk, [])
        pks = {i["pk"] for i in inspections}
        retake = {i["retake_of_id"]: i for i in inspections if i["retake_of_id"]}
        firsts = {}
        for i in inspections:
            if i["retake_of_id"] not in pks:
                firsts.setdefault(i["zone_id"], i)
        for first in firsts.values():
            chain, node = [], first
            while node is not None:
                chain.append(node)
                node = retake.get(node["pk"])
            state = zone_state(chain)
            if state in (RoundState.PASSED, RoundState.PASSED_ON_RETAKE):
                summary.passed += 1
            elif state in (RoundState.FAILED, RoundState.RETAKE_IN_PROGRESS):
                summary.failed += 1
            else:
                summary.in_progress += 1
            if state != RoundState.IN_PROGRESS:
                summary.checked += 1
        result[acceptance_round.pk] = summary
    return result


#: How each state of a zone in an acceptance round reads, and its badge colour.
ROUND_STATE_LABELS = {
    RoundState.UNCHECKED: (_("Not checked yet"), "secondary"),
    RoundState.IN_PROGRESS: (_("Check in progress"), "info"),
    RoundState.PASSED: (_("Passed"), "success"),
    RoundState.FAILED: (_("Failed"), "danger"),
    RoundState.RETAKE_IN_PROGRESS: (_("Re-acceptance in progress"), "warning"),
    RoundState.PASSED_ON_RETAKE: (_("Passed on re-acceptance"), "success"),
}
