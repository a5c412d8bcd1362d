"""The hall at a glance for the overview page: patrol coverage this week, recent scores per zone, open and
overdue notices, and the latest acceptance round — everything from ``visible_to``, in a fixed number of
queries whatever the history's size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import sees_whole_hall
from hallkeeper.core.dates import since_q
from hallkeeper.inspections.choices import GRADE_COLOURS, InspectionKind, InspectionStatus
from hallkeeper.inspections.models import AcceptanceRound, Inspection
from hallkeeper.inspections.scoring import chart_bands, grade_for
from hallkeeper.inspections.services import RoundProgress, policy_for, round_progress
from hallkeeper.places.models import Zone
from hallkeeper.rectification.selectors import zone_counts, zone_counts_of

#: How far back the scores on the overview reach (at least a week: this week's patrols are among them).
SCORE_DAYS = 30


@dataclass
class ZoneGlance:
    zone: Zone
    average: Decimal | None
    inspections: int
    open: int
    overdue: int
    patrolled: bool
    grade: str = ""

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")


@dataclass
class SiteGlance:
    zones: list[ZoneGlance]
    since: date
    monday: date
    acceptance_round: AcceptanceRound | None = None
    progress: RoundProgress | None = None
    chart: dict = field(default_factory=dict)

    @property
    def patrolled(self) -> int:
        return sum(1 for z in self.zones if z.patrolled)

    @property
    def coverage_percent(self) -> int:
        return round(100 * self.patrolled / len(self.zones)) if self.zones else 0

    @property
    def open(self) -> int:
        return sum(z.open for z in self.zones)

    @property
    def overdue(self) -> int:
        return sum(z.overdue for z in self.zones)

    @property
    def inspections(self) -> int:
        return sum(z.inspections for z in self.zones)

    @property
    def average(self) -> Decimal | None:
        scored = [(z.average, z.inspections) for z in self.zones if z.average is not None]
        total = sum(n for _avg, n in scored)
        if not total:
            return None
        return (sum(avg * n for avg, n in scored) / total).quantize(Decimal("0.1"))


def site_glance(user, hall, today: date | None = None, zones: list[Zone] | None = None) -> SiteGlance | None:
    """The zones the user sees, with their figures; ``None`` when the user sees no zone (window staff).
    ``zones``: the user's visible zones of the hall in their order, when the page has read them already."""
    today = today or timezone.localdate()
    if zones is None:
        counts = zone_counts(hall, zones=Zone.objects.visible_to(user, "view").filter(hall=hall), today=today)
    else:
        counts = zone_counts_of(hall, zones, today=today)
    if not counts:
        return None
    since = today - timedelta(days=SCORE_DAYS)
    monday = today - timedelta(days=today.weekday())
    # The scores since ``since`` and this week's patrols in one query: Monday is never before ``since``.
    this_week = Q(since_q("submitted_at", monday), kind=InspectionKind.PATROL)
    scores = {
        row["zone_id"]: row
        for row in Inspection.objects.visible_to(user, "view")
        .filter(since_q("submitted_at", since), hall=hall, status=InspectionStatus.SUBMITTED)
        .values("zone_id")
        .annotate(average=Avg("score"), n=Count("pk"), patrols=Count("pk", filter=this_week))
        .order_by()  # the model's ordering would make the groups one per inspection, joined to the hall
    }
    patrolled = {zone_id for zone_id, row in scores.items() if row["patrols"]}
    bands = policy_for(hall).bands
    glances = []
    for row in counts:
        score = scores.get(row.zone.pk)
        has_score = score is not None and score["average"] is not None  # not-scored checks have no score
        average = Decimal(score["average"]).quantize(Decimal("0.1")) if has_score else None
        glances.append(
            ZoneGlance(
                zone=row.zone,
                average=average,
                inspections=score["n"] if score else 0,
                open=row.open,
                overdue=row.overdue,
                patrolled=row.zone.pk in patrolled,
                grade=grade_for(average, False, bands) if average is not None else "",
            )
        )
    glance = SiteGlance(zones=glances, since=since, monday=monday)
    if sees_whole_hall(get_access(user), hall.pk):
        glance.acceptance_round = AcceptanceRound.objects.filter(hall=hall).order_by("-starts_on", "-pk").first()
        if glance.acceptance_round is not None:
            glance.progress = round_progress(glance.acceptance_round)
    glance.chart = {
        "zones": [g.zone.code for g in glances],
        "names": [g.zone.name for g in glances],
        "scores": [float(g.average) if g.average is not None else None for g in glances],
        "grades": [g.grade for g in glances],
        "overdue": [g.overdue for g in glances],
        "open": [g.open for g in glances],
        **chart_bands(bands),
    }
    return glance
