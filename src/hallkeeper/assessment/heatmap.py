"""The floor-plan heat map (GB/T 36112 Annex A): every zone drawn in the colour of its period score's grade.

:func:`heat_map` reads one month of a hall:

* a month with a **published** month period (its latest published revision): each zone's
  ``AssessmentResult`` (score and rank) of that period;
* any other month (the current one, or one not published yet): the **live** score of each zone,
  ``inspections.scoring.zone_period_score`` over the checks submitted in the month, by the hall's per-kind
  weights — marked *provisional* (it changes with every check until the month is assessed and published);
* no month asked for: the latest published month, or the current month live when nothing is published yet.

The colours come from the hall's grade bands (``ScoringPolicy.bands``, the same as ``chart_bands``); a zone not
assessed (no score) is grey. The page never relies on colour alone: every zone shows its score (or "not
assessed") as text, the grade is in its title, and a legend names the bands. The red flag holder (流动红旗) is
marked with a flag: the holder frozen with the published period's honours (:func:`flag_holder_ids`), or
whoever the caller passes in (``flag_holders``).

The reads are hall-wide and take no user: the page checks the reader may see the whole hall, the big screen
checks its display link. Three queries for the places and one or two for the scores, whatever the month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.inspections.choices import Grade, InspectionStatus
from hallkeeper.inspections.models import Inspection
from hallkeeper.inspections.scoring import Bands, grade_for, zone_period_score
from hallkeeper.inspections.services import policy_for
from hallkeeper.places.models import Area, Floor, Window, Zone

from .choices import HonourKind, PeriodKind, TargetType
from .honours import latest_published_month, shown_revision
from .models import AssessmentPeriod, AssessmentResult, Honour

#: Fills of the grades (light tints, dark text reads on every one) and of a zone not assessed.
GRADE_FILLS = {
    Grade.EXCELLENT: "#75b798",
    Grade.GOOD: "#6ea8fe",
    Grade.QUALIFIED: "#ffda6a",
    Grade.UNQUALIFIED: "#ea868f",
}
NOT_ASSESSED_FILL = "#ced4da"
#: A flag holder's mark: ("zone", pk) or ("window", pk).
Holder = tuple[str, int]


@dataclass(frozen=True)
class LegendRow:
    grade: str
    label: str
    fill: str
    range: str


@dataclass
class ZoneCell:
    pk: int
    code: str
    name: str
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal
    score: Decimal | None
    rank: int | None
    grade: str
    fill: str
    flag: bool = False

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def centre_x(self) -> Decimal:
        return self.x + self.width / 2

    @property
    def centre_y(self) -> Decimal:
        return self.y + self.depth / 2


@dataclass
class WindowMark:
    pk: int
    number: str
    name: str
    zone_id: int
    x: Decimal
    y: Decimal
    width: Decimal
    depth: Decimal
    fill: str
    flag: bool = False

    @property
    def is_point(self) -> bool:
        return not (self.width > 0 and self.depth > 0)


@dataclass
class HeatFloor:
    floor: Floor
    areas: list[Area]
    zones: list[ZoneCell]
    windows: list[WindowMark]

    @property
    def view_box(self) -> str:
        return f"-0.5 -0.5 {self.floor.width + 1} {self.floor.depth + 1}"


@dataclass
class HeatMap:
    month: dt.date
    period: AssessmentPeriod | None  # the published period shown; None: live scores
    floors: list[HeatFloor]
    legend: list[LegendRow]
    unplaced: list[ZoneCell] = field(default_factory=list)  # zones without a rectangle on the plan

    @property
    def provisional(self) -> bool:
        return self.period is None

    @property
    def zones(self) -> list[ZoneCell]:
        return [z for f in self.floors for z in f.zones] + self.unplaced

    @property
    def assessed_count(self) -> int:
        return sum(1 for z in self.zones if z.assessed)


def fill_for(score: Decimal | None, bands: Bands) -> tuple[str, str]:
    """(grade, fill) of a score by the hall's bands; ("", grey) when not assessed."""
    if score is None:
        return "", NOT_ASSESSED_FILL
    grade = grade_for(score, False, bands)
    return grade, GRADE_FILLS[grade]


def legend(bands: Bands) -> list[LegendRow]:
    labels = dict(Grade.choices)
    return [
        LegendRow(Grade.EXCELLENT, labels[Grade.EXCELLENT], GRADE_FILLS[Grade.EXCELLENT], f"≥ {bands.excellent}"),
        LegendRow(Grade.GOOD, labels[Grade.GOOD], GRADE_FILLS[Grade.GOOD], f"{bands.good}–{bands.excellent}"),
        LegendRow(
            Grade.QUALIFIED, labels[Grade.QUALIFIED], GRADE_FILLS[Grade.QUALIFIED], f"{bands.qualified}–{bands.good}"
        ),
        LegendRow(Grade.UNQUALIFIED, labels[Grade.UNQUALIFIED], GRADE_FILLS[Grade.UNQUALIFIED], f"< {bands.qualified}"),
        LegendRow("", str(_("Not assessed")), NOT_ASSESSED_FILL, "—"),
    ]


def parse_month(text: str | None) -> dt.date | None:
    """``YYYY-MM`` → the month's first day; ``None`` for anything else (the caller falls back to the default)."""
    try:
        return dt.datetime.strptime((text or "").strip(), "%Y-%m").date()
    except ValueError:
        return None


def flag_holder_ids(hall, period: AssessmentPeriod | None) -> set[Holder]:
    """Who holds the red flag (流动红旗) of ``period`` — or of the latest published month when ``period`` is
    ``None`` — as ``{("zone", pk)}`` / ``{("window", pk)}``: the honours frozen when it was published
    (``honours.py``; a shared flag gives several). Nobody when nothing is published."""
    period = period or latest_published_month(hall)
    if period is None:
        return set()
    rows = Honour.objects.filter(period=period, kind=HonourKind.RED_FLAG).only("target_type", "zone_id", "window_id")
    return {(h.target_type, h.zone_id or h.window_id) for h in rows}


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class _Scored:
    kind: str
    score: Decimal | None


def live_scores(hall, month: dt.date) -> dict[int, Decimal | None]:
    """Each zone's live period score of ``month`` (``zone_period_score``), one query."""
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(month, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(_month_end(month) + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = Inspection.objects.filter(
        hall=hall,
        status=InspectionStatus.SUBMITTED,
        submitted_at__gte=begin,
        submitted_at__lt=stop,
        score__isnull=False,
    ).values_list("zone_id", "kind", "score")
    by_zone: dict[int, list[_Scored]] = defaultdict(list)
    for zone_id, kind, score in rows:
        by_zone[zone_id].append(_Scored(kind, score))
    weights = policy_for(hall).weights
    return {zone_id: zone_period_score(checks, weights) for zone_id, checks in by_zone.items()}


def heat_map(
    hall,
    month: dt.date | None = None,
    *,
    flag_holders: Iterable[Holder] | None = None,
    today: dt.date | None = None,
) -> HeatMap:
    """The heat map of ``month`` (see the module docstring); ``flag_holders`` defaults to
    :func:`flag_holder_ids` of the published period shown (or the latest published one)."""
    today = today or timezone.localdate()
    if month is None:
        period = latest_published_month(hall)
        month = period.starts_on if period is not None else today.replace(day=1)
    else:
        month = month.replace(day=1)
        period = shown_revision(hall, PeriodKind.MONTH, month)
    if period is not None:
        results = AssessmentResult.objects.filter(period=period, target_type=TargetType.ZONE, zone__isnull=False)
        scores = {r.zone_id: (r.score, r.rank) for r in results.only("zone_id", "score", "rank")}
    else:
        scores = {pk: (score, None) for pk, score in live_scores(hall, month).items()}
    holders = set(flag_holders) if flag_holders is not None else flag_holder_ids(hall, period)
    bands = policy_for(hall).bands

    floors = list(Floor.objects.filter(hall=hall).order_by("level"))
    areas = Area.objects.filter(hall=hall, plan_width__gt=0, plan_depth__gt=0).order_by("parent_id", "order", "code")
    zones = list(Zone.objects.filter(hall=hall).order_by("order", "code"))
    windows = Window.objects.filter(hall=hall, plan_x__isnull=False, plan_y__isnull=False).select_related(
        "area", "zone"
    )
    by_floor = {f.pk: HeatFloor(f, [], [], []) for f in floors}
    for area in areas:
        if area.floor_id in by_floor:
            by_floor[area.floor_id].areas.append(area)
    cells: dict[int, ZoneCell] = {}
    unplaced = []
    for zone in zones:
        score, rank = scores.get(zone.pk, (None, None))
        grade, fill = fill_for(score, bands)
        cell = ZoneCell(
            pk=zone.pk,
            code=zone.code,
            name=zone.name,
            x=zone.plan_x,
            y=zone.plan_y,
            width=zone.plan_width,
            depth=zone.plan_depth,
            score=score,
            rank=rank,
            grade=grade,
            fill=fill,
            flag=(TargetType.ZONE, zone.pk) in holders,
        )
        cells[zone.pk] = cell
        if zone.has_plan and zone.plan_floor_id in by_floor:
            by_floor[zone.plan_floor_id].zones.append(cell)
        else:
            unplaced.append(cell)
    for window in windows:
        floor_id = window.area.floor_id if window.area_id else window.zone.plan_floor_id
        if floor_id not in by_floor:
            continue
        by_floor[floor_id].windows.append(
            WindowMark(
                pk=window.pk,
                number=window.number,
                name=window.name,
                zone_id=window.zone_id,
                x=window.plan_x,
                y=window.plan_y,
                width=window.plan_width,
                depth=window.plan_depth,
                fill=cells[window.zone_id].fill,
                flag=(TargetType.WINDOW, window.pk) in holders,
            )
        )
    drawn = [f for f in by_floor.values() if f.zones or f.windows]
    return HeatMap(month=month, period=period, floors=drawn, legend=legend(bands), unplaced=unplaced)


def heat_map_json(heat: HeatMap) -> dict:
    """The figures of a heat map for a script (the big screen redraws its colours from them): plain values."""
    return {
        "month": f"{heat.month:%Y-%m}",
        "provisional": heat.provisional,
        "zones": [
            {
                "id": z.pk,
                "code": z.code,
                "name": z.name,
                "score": None if z.score is None else str(z.score),
                "rank": z.rank,
                "grade": z.grade,
                "fill": z.fill,
                "flag": z.flag,
            }
            for z in heat.zones
        ],
    }
