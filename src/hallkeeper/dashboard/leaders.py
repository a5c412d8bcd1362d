"""The leaders' dashboard of one hall: the monthly trend per zone and for the hall, the month-over-month
movement, the Pareto of failed rules, recurring problems and the inspectors' workload of a chosen month.

A month's zone scores are the published assessment's (its latest published revision); the current month, not
published yet, shows the live score of its checks (``inspections.scoring.zone_period_score``), marked
provisional. Every read goes through ``visible_to``; each selector makes a fixed number of queries whatever
the history's size. The shaping (movement, repeats, Pareto, means) is in pure functions over plain values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.assessment.bulletin import RuleCount, pareto
from hallkeeper.assessment.choices import PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.inputs import weights_for
from hallkeeper.assessment.models import AssessmentPeriod, AssessmentResult
from hallkeeper.inspections.choices import InspectionStatus
from hallkeeper.inspections.models import Finding, Inspection
from hallkeeper.inspections.scoring import Bands, chart_bands, grade_for, zone_period_score
from hallkeeper.inspections.services import policy_for
from hallkeeper.places.models import Zone

#: How many months the trend shows (ending with the chosen month).
TREND_MONTHS = 12
#: How many risers and fallers the movement names.
MOVERS = 3
#: How many rules the Pareto lists.
PARETO_LIMIT = 15
#: The first month a month parameter may name.
EARLIEST = dt.date(2000, 1, 1)

UP, DOWN, SAME, NEW, UNASSESSED = "up", "down", "same", "new", "unassessed"
TENTH = Decimal("0.1")


# -- months -------------------------------------------------------------------------------------------


def add_months(first: dt.date, n: int) -> dt.date:
    """The first day of the month ``n`` months after (before, when negative) ``first``'s month."""
    index = first.year * 12 + first.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


def parse_month(text: str | None, today: dt.date) -> dt.date:
    """The month a ``YYYY-MM`` parameter names (its first day); the current month when empty. Raises
    ``ValueError`` with a readable message for anything else, or for a month before 2000 or after this one."""
    current = today.replace(day=1)
    if not text:
        return current
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        first = dt.date(year, month, 1)
    except (TypeError, ValueError):
        raise ValueError(_("“%(month)s” is not a month; pick one as YYYY-MM.") % {"month": text[:20]}) from None
    if first < EARLIEST or first > current:
        raise ValueError(_("Pick a month from 2000-01 to %(current)s.") % {"current": f"{current:%Y-%m}"})
    return first


def bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The aware datetimes from the start of ``first`` to the end of ``last`` (exclusive)."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(first, dt.time.min, tzinfo=tz),
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values given (``None`` ones left out), one decimal half up; ``None`` when none."""
    scored = [Decimal(v) for v in values if v is not None]
    if not scored:
        return None
    return (sum(scored, Decimal(0)) / len(scored)).quantize(TENTH, rounding=ROUND_HALF_UP)


# -- the zones' monthly scores ------------------------------------------------------------------------


@dataclass
class ZoneSeries:
    zone_id: int
    code: str
    name: str
    scores: list[Decimal | None]


@dataclass
class MonthScores:
    """Each visible zone's score per month (``None`` = not assessed or not published), oldest month first."""

    months: list[dt.date]
    provisional: list[bool]
    published: list[bool]
    zones: list[ZoneSeries]
    bands: Bands

    @property
    def hall(self) -> list[Decimal | None]:
        return [mean(z.scores[i] for z in self.zones) for i in range(len(self.months))]

    @property
    def any_published(self) -> bool:
        return any(self.published)

    def chart(self, hall_label: str) -> dict:
        """The trend chart's figures: months, the hall's line and one per zone, each point marked provisional
        or not, with the zone ids the page's script opens on a click."""

        def floats(values):
            return [float(v) if v is not None else None for v in values]

        return {
            "months": [f"{m:%Y-%m}" for m in self.months],
            "provisional": self.provisional,
            "hall": {"name": hall_label, "scores": floats(self.hall)},
            "zones": [{"id": z.zone_id, "name": f"{z.code} {z.name}", "scores": floats(z.scores)} for z in self.zones],
            **chart_bands(self.bands),
        }


def live_zone_scores(rows: Iterable[dict], weights) -> dict[int, Decimal | None]:
    """Each zone's live score from its submitted checks (rows with ``zone_id``, ``kind``, ``score``)."""
    by_zone: dict[int, list] = defaultdict(list)
    for row in rows:
        by_zone[row["zone_id"]].append(SimpleNamespace(kind=row["kind"], score=row["score"]))
    return {zone: zone_period_score(checks, weights) for zone, checks in by_zone.items()}


def latest_revisions(periods: Iterable[AssessmentPeriod]) -> dict[tuple[int, dt.date], AssessmentPeriod]:
    """The latest published revision of each hall's month."""
    chosen: dict[tuple[int, dt.date], AssessmentPeriod] = {}
    for period in periods:
        key = (period.hall_id, period.starts_on)
        if key not in chosen or period.revision > chosen[key].revision:
            chosen[key] = period
    return chosen


def published_months(user, halls, first: dt.date, last: dt.date):
    """The published monthly periods (latest revision) of ``halls`` from ``first`` to ``last``, visible to the
    user: one query."""
    periods = AssessmentPeriod.objects.visible_to(user, "view").filter(
        hall__in=halls, kind=PeriodKind.MONTH, state=PeriodState.PUBLISHED, starts_on__range=(first, last)
    )
    return latest_revisions(periods.only("pk", "hall_id", "starts_on", "revision").order_by())


def month_scores(user, hall, end: dt.date, *, months: int = TREND_MONTHS, today: dt.date | None = None) -> MonthScores:
    """The zones' scores for the ``months`` months ending with ``end`` (first days), in five queries."""
    today = today or timezone.localdate()
    current = today.replace(day=1)
    first = add_months(end, -(months - 1))
    span = [add_months(first, i) for i in range(months)]
    zones = list(Zone.objects.visible_to(user, "view").filter(hall=hall).order_by("order", "code", "pk"))
    periods = published_months(user, [hall.pk], first, end)
    by_period = {p.pk: p.starts_on for p in periods.values()}
    scores: dict[tuple[int, dt.date], Decimal | None] = {}
    for row in (
        AssessmentResult.objects.visible_to(user, "view")
        .filter(period__in=list(by_period), target_type=TargetType.ZONE)
        .values("period_id", "zone_id", "score")
        .order_by()
    ):
        scores[(row["zone_id"], by_period[row["period_id"]])] = row["score"]
    published = [(hall.pk, m) in periods for m in span]
    provisional = [m == current and not published[i] for i, m in enumerate(span)]
    policy = policy_for(hall)
    if any(provisional):
        begin, stop = bounds(current, month_end(current))
        rows = (
            Inspection.objects.visible_to(user, "view")
            .filter(hall=hall, status=InspectionStatus.SUBMITTED, submitted_at__gte=begin, submitted_at__lt=stop)
            .values("zone_id", "kind", "score")
            .order_by()
        )
        for zone_id, score in live_zone_scores(rows, policy.weights).items():
            scores[(zone_id, current)] = score
    series = [
        ZoneSeries(
            z.pk,
            z.code,
            z.name,
            [scores.get((z.pk, m)) if published[i] or provisional[i] else None for i, m in enumerate(span)],
        )
        for z in zones
    ]
    return MonthScores(months=span, provisional=provisional, published=published, zones=series, bands=policy.bands)


# -- movement -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    zone_id: int
    code: str
    name: str
    before: Decimal | None
    now: Decimal | None
    direction: str
    grade: str = ""

    @property
    def delta(self) -> Decimal | None:
        if self.before is None or self.now is None:
            return None
        return self.now - self.before


@dataclass
class Movement:
    rows: list[Move]
    risers: list[Move] = field(default_factory=list)
    fallers: list[Move] = field(default_factory=list)

    def count(self, direction: str) -> int:
        return sum(1 for r in self.rows if r.direction == direction)

    @property
    def ups(self) -> int:
        return self.count(UP)

    @property
    def downs(self) -> int:
        return self.count(DOWN)

    @property
    def news(self) -> int:
        return self.count(NEW)


def direction(before: Decimal | None, now: Decimal | None) -> str:
    if now is None:
        return UNASSESSED
    if before is None:
        return NEW
    if now > before:
        return UP
    if now < before:
        return DOWN
    return SAME


def movement(zones: Sequence[ZoneSeries], bands: Bands, movers: int = MOVERS) -> Movement:
    """Each zone's move from the next-to-last month to the last (up, down, same, new, not assessed), with the
    ``movers`` biggest risers and fallers (ties by zone code)."""
    rows = []
    for z in zones:
        before = z.scores[-2] if len(z.scores) > 1 else None
        now = z.scores[-1] if z.scores else None
        grade = grade_for(now, False, bands) if now is not None else ""
        rows.append(Move(z.zone_id, z.code, z.name, before, now, direction(before, now), grade))
    risers = sorted((r for r in rows if r.direction == UP), key=lambda r: (-r.delta, r.code))[:movers]
    fallers = sorted((r for r in rows if r.direction == DOWN), key=lambda r: (r.delta, r.code))[:movers]
    return Movement(rows=rows, risers=risers, fallers=fallers)


# -- failed rules -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleLink:
    code: str
    title: str
    url: str


@dataclass(frozen=True)
class ParetoLine:
    rule: RuleLink
    count: int
    cumulative: Decimal


def rule_url(hall_code: str, version_number, key: str) -> str:
    return reverse("handbook_rule", kwargs={"hall": hall_code, "number": version_number, "key": key})


def _month_findings(user, hall, first: dt.date):
    begin, stop = bounds(first, month_end(first))
    return Finding.objects.visible_to(user, "view").filter(hall=hall, found_at__gte=begin, found_at__lt=stop)


def failed_rules(user, hall, first: dt.date, limit: int = PARETO_LIMIT) -> list[ParetoLine]:
    """The month's most failed rules, most first, with the cumulative share of all its findings: one query."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    links: dict[tuple[str, str], RuleLink] = {}
    for row in (
        _month_findings(user, hall, first)
        .values("rule__code", "rule__title", "rule__key", "rule__version__number")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = (row["rule__code"], row["rule__title"])
        counts[key] += row["n"]
        links.setdefault(
            key, RuleLink(key[0], key[1], rule_url(hall.code, row["rule__version__number"], row["rule__key"]))
        )
    ranked = pareto([RuleCount(code, title, n) for (code, title), n in counts.items()], limit=limit)
    return [ParetoLine(links[(r.code, r.title)], r.count, r.cumulative) for r in ranked]


# -- recurring problems -------------------------------------------------------------------------------


@dataclass
class Recurrence:
    zone_id: int
    zone_code: str
    zone_name: str
    rule: RuleLink
    repeats: int
    last_found: dt.date


def recurrences(rows: Iterable[dict], begin: dt.datetime, days: int, hall_code: str) -> list[Recurrence]:
    """The same rule failing again in the same zone within ``days`` days, counted for the findings from
    ``begin`` on. ``rows`` are findings in time order (``zone_id``, ``rule_key``, ``found_at``, the zone's code
    and name, the rule's code, title, key and version number), reaching back ``days`` before ``begin``.
    Most repeats first."""
    gap = dt.timedelta(days=days)
    last: dict[tuple[int, str], dt.datetime] = {}
    found: dict[tuple[int, str], Recurrence] = {}
    for f in rows:
        key = (f["zone_id"], f["rule_key"])
        before = last.get(key)
        if f["found_at"] >= begin and before is not None and f["found_at"] - before <= gap:
            entry = found.get(key)
            if entry is None:
                link = RuleLink(
                    f["rule__code"], f["rule__title"], rule_url(hall_code, f["rule__version__number"], f["rule__key"])
                )
                entry = found[key] = Recurrence(
                    f["zone_id"], f["zone__code"], f["zone__name"], link, 0, timezone.localdate(f["found_at"])
                )
            entry.repeats += 1
            entry.last_found = timezone.localdate(f["found_at"])
        last[key] = f["found_at"]
    return sorted(found.values(), key=lambda r: (-r.repeats, r.zone_code, r.rule.code))


def recurring_problems(user, hall, first: dt.date) -> tuple[list[Recurrence], int]:
    """The month's recurring problems and the hall's repeat window (days, from its assessment weights)."""
    days = weights_for(hall).repeat_days
    begin, stop = bounds(first, month_end(first))
    rows = (
        Finding.objects.visible_to(user, "view")
        .filter(hall=hall, found_at__gte=begin - dt.timedelta(days=days), found_at__lt=stop)
        .order_by("found_at", "pk")
        .values(
            "zone_id",
            "rule_key",
            "found_at",
            "zone__code",
            "zone__name",
            "rule__code",
            "rule__title",
            "rule__key",
            "rule__version__number",
        )
    )
    return recurrences(rows, begin, days, hall.code), days


# -- inspector workload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workload:
    inspector_id: int
    name: str
    checks: int
    zones: int
    findings: int

    @property
    def findings_per_check(self) -> Decimal | None:
        return (Decimal(self.findings) / self.checks).quantize(TENTH, rounding=ROUND_HALF_UP) if self.checks else None


def inspector_workload(user, hall, first: dt.date) -> list[Workload]:
    """Checks submitted, zones checked and findings recorded per inspector in the month: three queries."""
    begin, stop = bounds(first, month_end(first))
    checks = {
        row["inspector_id"]: row
        for row in Inspection.objects.visible_to(user, "view")
        .filter(hall=hall, status=InspectionStatus.SUBMITTED, submitted_at__gte=begin, submitted_at__lt=stop)
        .values("inspector_id")
        .annotate(n=Count("pk"), zones=Count("zone", distinct=True))
        .order_by()
    }
    findings = dict(
        Finding.objects.visible_to(user, "view")
        .filter(
            hall=hall,
            inspection__status=InspectionStatus.SUBMITTED,
            inspection__submitted_at__gte=begin,
            inspection__submitted_at__lt=stop,
        )
        .values_list("inspection__inspector_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    names = {u.pk: u.display_name for u in get_user_model().objects.filter(pk__in=list(checks))} if checks else {}
    rows = [
        Workload(pk, names.get(pk, str(pk)), row["n"], row["zones"], findings.get(pk, 0)) for pk, row in checks.items()
    ]
    return sorted(rows, key=lambda r: (-r.checks, r.name))


# -- the page -----------------------------------------------------------------------------------------


@dataclass
class LeadersDashboard:
    month: dt.date
    scores: MonthScores
    movement: Movement
    pareto: list[ParetoLine]
    recurring: list[Recurrence]
    repeat_days: int
    workload: list[Workload]

    @property
    def month_published(self) -> bool:
        return self.scores.published[-1]

    @property
    def month_provisional(self) -> bool:
        return self.scores.provisional[-1]

    @property
    def hall_score(self) -> Decimal | None:
        return self.scores.hall[-1]

    @property
    def previous_month(self) -> dt.date:
        return add_months(self.month, -1)

    @property
    def pareto_chart(self) -> dict:
        return {
            "rules": [f"{p.rule.code}" for p in self.pareto],
            "titles": [p.rule.title for p in self.pareto],
            "urls": [p.rule.url for p in self.pareto],
            "counts": [p.count for p in self.pareto],
            "cumulative": [float(p.cumulative) for p in self.pareto],
        }


def leaders_dashboard(user, hall, month: dt.date, today: dt.date | None = None) -> LeadersDashboard:
    """Everything the leaders' dashboard shows for ``month`` (a first day), in a fixed number of queries."""
    scores = month_scores(user, hall, month, today=today)
    recurring, days = recurring_problems(user, hall, month)
    return LeadersDashboard(
        month=month,
        scores=scores,
        movement=movement(scores.zones, scores.bands),
        pareto=failed_rules(user, hall, month),
        recurring=recurring,
        repeat_days=days,
        workload=inspector_workload(user, hall, month),
    )
