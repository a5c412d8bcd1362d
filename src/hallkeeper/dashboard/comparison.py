"""Halls side by side for a user who reads more than one hall whole (a city bureau over its county halls):
the same indicators for one month and a star rating (星级) per hall from the site-wide thresholds.

Indicators of a month: the mean zone score of its published assessment (latest revision), the zones graded
excellent and failing by the hall's own bands, the on-time closure rate of the notices due in it, its overdue
notices, and the findings per submitted check. A hall without a published month is not rated (未评星), never
0 stars. A fixed number of queries whatever the number of halls.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q
from django.utils import timezone

from hallkeeper.assessment.choices import TargetType
from hallkeeper.assessment.models import AssessmentResult
from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import halls_compared, reads_leaders_dashboard
from hallkeeper.halls.models import Hall
from hallkeeper.inspections.choices import InspectionStatus
from hallkeeper.inspections.models import Finding, Inspection, ScoringPolicy
from hallkeeper.inspections.scoring import DEFAULT_BANDS, Bands
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import Notice

from .leaders import TENTH, bounds, mean, month_end, published_months
from .models import StarThresholds

MAX_STARS = 5


def stars_for(score: Decimal | None, lines: tuple[Decimal, ...]) -> int | None:
    """The stars a mean zone score earns: one, plus one per threshold (two to five stars) reached; ``None``
    (not rated) without a score."""
    if score is None:
        return None
    return 1 + sum(1 for line in lines if score >= line)


def rate(part: int, whole: int) -> Decimal | None:
    """``part`` of ``whole`` in percent, one decimal; ``None`` when there is nothing to count."""
    if not whole:
        return None
    return (Decimal(part) * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass
class HallRow:
    hall: Hall
    published: bool
    mean: Decimal | None
    assessed: int
    excellent: int
    failing: int
    notices_due: int
    on_time: int
    overdue: int
    checks: int
    findings: int
    stars: int | None

    @property
    def on_time_rate(self) -> Decimal | None:
        return rate(self.on_time, self.notices_due)

    @property
    def findings_per_check(self) -> Decimal | None:
        if not self.checks:
            return None
        return (Decimal(self.findings) / self.checks).quantize(TENTH, rounding=ROUND_HALF_UP)

    @property
    def star_range(self) -> list[bool]:
        """Filled (True) and empty stars, for the page."""
        return [n < (self.stars or 0) for n in range(MAX_STARS)]


#: The columns a comparison sorts by, and the value each sorts on (missing values last either way).
SORTS = {
    "name": lambda r: r.hall.name,
    "stars": lambda r: r.stars,
    "mean": lambda r: r.mean,
    "excellent": lambda r: r.excellent,
    "failing": lambda r: r.failing,
    "on_time": lambda r: r.on_time_rate,
    "overdue": lambda r: r.overdue,
    "findings": lambda r: r.findings_per_check,
}
DEFAULT_SORT = "-stars"


def sort_rows(rows: list[HallRow], sort: str) -> list[HallRow]:
    """Rows sorted by ``sort`` (a key of ``SORTS``, ``-`` first for descending); unknown keys sort by stars.
    Rows without a value go last whichever the direction; ties by hall name."""
    key = sort.lstrip("-")
    if key not in SORTS:
        key, sort = "stars", DEFAULT_SORT
    value = SORTS[key]
    present = [r for r in rows if value(r) is not None]
    missing = [r for r in rows if value(r) is None]
    present.sort(key=lambda r: r.hall.name)
    present.sort(key=value, reverse=sort.startswith("-"))
    return present + sorted(missing, key=lambda r: r.hall.name)


def compared_halls(user) -> list[Hall]:
    """The halls the user compares: those whose whole data they read (every hall for a superuser)."""
    access = get_access(user)
    ids = halls_compared(access)
    halls = Hall.objects.visible_to(user, "view") if ids is None else Hall.objects.filter(pk__in=ids)
    return [h for h in halls.order_by("name", "pk") if reads_leaders_dashboard(access, h.pk)]


def compare_halls(user, month: dt.date, today: dt.date | None = None) -> list[HallRow]:
    """One row per compared hall for ``month`` (a first day), in eight queries."""
    today = today or timezone.localdate()
    halls = compared_halls(user)
    ids = [h.pk for h in halls]
    last = month_end(month)
    until = min(last, today)
    begin, stop = bounds(month, last)
    periods = published_months(user, ids, month, month)
    bands: dict[int, Bands] = {p.hall_id: p.bands for p in ScoringPolicy.objects.filter(hall__in=ids)}
    scores: dict[int, list[Decimal]] = defaultdict(list)
    for row in (
        AssessmentResult.objects.visible_to(user, "view")
        .filter(period__in=[p.pk for p in periods.values()], target_type=TargetType.ZONE, score__isnull=False)
        .values("hall_id", "score")
        .order_by()
    ):
        scores[row["hall_id"]].append(row["score"])
    notices = {
        row["hall_id"]: row
        for row in Notice.objects.visible_to(user, "view")
        .filter(hall__in=ids, deadline__gte=month, deadline__lte=until)
        .exclude(state=NoticeState.CANCELLED)
        .values("hall_id")
        .annotate(
            due=Count("pk"),
            on_time=Count("pk", filter=Q(state=NoticeState.VERIFIED, closed_at__date__lte=F("deadline"))),
            waiting=Count("pk", filter=Q(state=NoticeState.SUBMITTED, last_submitted_at__date__lte=F("deadline"))),
        )
        .order_by()
    }
    window = {"submitted_at__gte": begin, "submitted_at__lt": stop}
    checks = dict(
        Inspection.objects.visible_to(user, "view")
        .filter(hall__in=ids, status=InspectionStatus.SUBMITTED, **window)
        .values_list("hall_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    findings = dict(
        Finding.objects.visible_to(user, "view")
        .filter(hall__in=ids, inspection__status=InspectionStatus.SUBMITTED)
        .filter(**{f"inspection__{k}": v for k, v in window.items()})
        .values_list("hall_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    lines = StarThresholds.current().lines
    rows = []
    for hall in halls:
        hall_bands = bands.get(hall.pk, DEFAULT_BANDS)
        zone_scores = scores.get(hall.pk, [])
        published = (hall.pk, month) in periods
        average = mean(zone_scores) if published else None
        n = notices.get(hall.pk, {"due": 0, "on_time": 0, "waiting": 0})
        rows.append(
            HallRow(
                hall=hall,
                published=published,
                mean=average,
                assessed=len(zone_scores),
                excellent=sum(1 for s in zone_scores if s >= hall_bands.excellent),
                failing=sum(1 for s in zone_scores if s < hall_bands.qualified),
                notices_due=n["due"],
                on_time=n["on_time"],
                overdue=n["due"] - n["on_time"] - n["waiting"],
                checks=checks.get(hall.pk, 0),
                findings=findings.get(hall.pk, 0),
                stars=stars_for(average, lines),
            )
        )
    return rows
