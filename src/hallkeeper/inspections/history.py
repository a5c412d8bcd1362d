"""Read-side selectors of inspections: lists, the report, the zone and window history, place cards.

Every read starts from ``visible_to(user, "view")`` in the hall; aggregates run in the database so
that a page costs the same number of queries whatever the size of the history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from hallkeeper.standards.choices import ImageKind
from hallkeeper.standards.models import RuleImage

from . import kinds
from .choices import InspectionKind, InspectionStatus, ItemResult
from .kinds import ACCEPTANCE_KINDS
from .models import CheckItem, Finding, Inspection, ItemPhoto, QuantityCount
from .scoring import Bands, chart_bands
from .services import policy_for

#: The history pages show this many days by default, and never more than ``MAX_PERIOD_DAYS``.
DEFAULT_PERIOD_DAYS = 90
MAX_PERIOD_DAYS = 366
TOP_RULES = 10
SPARKLINE_POINTS = 12


# -- lists ---------------------------------------------------------------------


def inspections_for_list(user, hall) -> QuerySet[Inspection]:
    return (
        Inspection.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("zone", "inspector")  # what a row shows; its links name the page's hall
        .prefetch_related(Prefetch("windows", to_attr="window_list"))
        .order_by("-started_at", "-pk")
    )


def item_results(inspections: QuerySet[Inspection]) -> QuerySet[CheckItem]:
    """Every answered item of the given inspections (for the Excel export of a period's results)."""
    return (
        CheckItem.objects.filter(inspection__in=inspections.values("pk"))
        .select_related("inspection__zone", "inspection__inspector", "rule__section", "window", "position")
        .order_by("-inspection__started_at", "inspection_id", "order", "pk")
    )


def findings_for_list(user, hall) -> QuerySet[Finding]:
    return (
        Finding.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("hall", "rule", "zone", "window", "position", "inspection__inspector")
        .order_by("-found_at", "pk")
    )


def attach_photos(findings: list[Finding]) -> list[Finding]:
    """``finding.photo_list`` for the findings of one page (one query)."""
    by_item: dict[int, list[ItemPhoto]] = {}
    if findings:
        for photo in ItemPhoto.objects.filter(item_id__in=[f.item_id for f in findings]).order_by("created_at", "pk"):
            by_item.setdefault(photo.item_id, []).append(photo)
    for f in findings:
        f.photo_list = by_item.get(f.item_id, [])
    return findings


# -- one inspection --------------------------------------------------------------


@dataclass
class Report:
    inspection: Inspection
    items: list[CheckItem]
    findings: list[CheckItem]
    counts: list[QuantityCount]
    retake: Inspection | None
    pass_line: Decimal
    mismatches: int = 0
    groups: list[tuple[str, list[CheckItem]]] = field(default_factory=list)


def report(user, inspection: Inspection) -> Report:
    """Everything the report page and the PDF show about one submitted inspection (a fixed number of queries)."""
    items = list(
        inspection.items.select_related("rule__section__part", "window", "position")
        .prefetch_related(
            Prefetch("photos", queryset=ItemPhoto.objects.order_by("created_at", "pk"), to_attr="photo_list"),
            Prefetch(
                "rule__images",
                queryset=RuleImage.objects.filter(kind=ImageKind.REFERENCE).order_by("order", "pk"),
                to_attr="reference_images",
            ),
        )
        .order_by("order", "pk")
    )
    groups: dict[str, list[CheckItem]] = {}
    for item in items:
        section = item.rule.section
        groups.setdefault(f"{section.part.code} {section.part.title} · {section.code} {section.title}", []).append(item)
    counts = list(
        inspection.counts.select_related("position", "standard").order_by("position__code", "standard__order")
    )
    retakes = Inspection.objects.visible_to(user, "view").filter(retake_of=inspection)
    retake = retakes.select_related("hall", "inspector").first()
    return Report(
        inspection=inspection,
        items=items,
        findings=[i for i in items if i.result == ItemResult.FAIL],
        counts=counts,
        retake=retake,
        pass_line=policy_for(inspection.hall).acceptance_pass_line,
        mismatches=sum(1 for c in counts if not c.matches),
        groups=list(groups.items()),
    )


# -- history of a zone or a window ----------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    clamped: bool = False  # the asked-for period was longer than MAX_PERIOD_DAYS

    @classmethod
    def from_dates(cls, start: date | None, end: date | None, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        end = end or today
        start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS)
        clamped = (end - start).days > MAX_PERIOD_DAYS
        if clamped:
            start = end - timedelta(days=MAX_PERIOD_DAYS)
        return cls(start=start, end=end, clamped=clamped)

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [start, end) datetimes in the current time zone (so the indexes on the timestamps serve)."""
        start = timezone.make_aware(datetime.combine(self.start, time.min))
        end = timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))
        return start, end

    @property
    def q_inspection(self) -> Q:
        start, end = self.bounds
        return Q(submitted_at__gte=start, submitted_at__lt=end)

    @property
    def q_finding(self) -> Q:
        start, end = self.bounds
        return Q(found_at__gte=start, found_at__lt=end)


@dataclass
class History:
    inspections: QuerySet[Inspection]  # paginated by the view
    trend: dict
    top_rules: list[dict]
    summary: dict
    latest_acceptance: Inspection | None
    drafts: int


def window_inspections_q(window) -> Q:
    """Inspections of the window's zone that check the whole zone or include this window."""
    narrowed = Inspection.windows.through.objects.filter(inspection_id=OuterRef("pk"))
    includes = Inspection.windows.through.objects.filter(inspection_id=OuterRef("pk"), window_id=window.pk)
    return Q(zone_id=window.zone_id) & (~Exists(narrowed) | Exists(includes))


def _trend(inspections: QuerySet[Inspection], period: Period, bands: Bands) -> dict:
    """Scores over time, one series per kind, each point with its stored grade (one query; the period bounds
    the number of points). Checks not scored (nothing applicable) have no point."""
    series: dict[str, list] = {}
    rows = inspections.filter(period.q_inspection, score__isnull=False).order_by("submitted_at", "pk")
    for pk, kind, at, score, grade in rows.values_list("pk", "kind", "submitted_at", "score", "grade"):
        series.setdefault(kind, []).append([timezone.localtime(at).strftime("%Y-%m-%d %H:%M"), float(score), pk, grade])
    labels = dict(InspectionKind.choices)
    return {
        "series": [
            {"kind": kind, "name": str(labels[kind]), "colour": kinds.colour(kind), "points": series[kind]}
            for kind in InspectionKind.values
            if kind in series
        ],
        "pass_line": float(bands.acceptance_pass_line),
        **chart_bands(bands),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


def _top_rules(findings: QuerySet[Finding], period: Period) -> list[dict]:
    """The rules failed most often in the period, with the code and title of their latest finding's rule.

    One grouped aggregate per (rule key, rule version's code and title) — no subquery per finding; the groups
    of one key (a rule reworded between handbook versions) are merged here, and the latest names it."""
    groups = (
        findings.filter(period.q_finding)
        .values("rule_key", "rule__code", "rule__title")
        .annotate(
            times=Count("pk"),
            occurrences=Sum("occurrences"),
            deduction=Sum("deduction"),
            last_found=Max("found_at"),
            last_pk=Max("pk"),
        )
        .order_by()
    )
    merged: dict[str, dict] = {}
    for row in groups:
        rule = merged.get(row["rule_key"])
        if rule is None:
            merged[row["rule_key"]] = rule = {
                "rule_key": row["rule_key"],
                "times": 0,
                "occurrences": 0,
                "deduction": Decimal(0),
                "last_found": None,
                "_latest": None,
            }
        rule["times"] += row["times"]
        rule["occurrences"] += row["occurrences"] or 0
        rule["deduction"] += row["deduction"] or 0
        latest = (row["last_found"], row["last_pk"])
        if rule["_latest"] is None or latest > rule["_latest"]:
            rule.update(_latest=latest, last_found=row["last_found"], code=row["rule__code"], title=row["rule__title"])
    ranked = sorted(merged.values(), key=lambda r: (-r["times"], -r["deduction"], r["rule_key"]))[:TOP_RULES]
    for rule in ranked:
        del rule["_latest"]
    return ranked


def _summary(inspections: QuerySet[Inspection], findings: QuerySet[Finding], period: Period) -> dict:
    data = inspections.filter(period.q_inspection).aggregate(
        total=Count("pk"),
        passed_count=Count("pk", filter=Q(passed=True)),
        failed_count_=Count("pk", filter=Q(passed=False)),
        average=Avg("score"),
        lowest=Min("score"),
    )
    data["passed"], data["failed"] = data.pop("passed_count"), data.pop("failed_count_")
    data["findings"] = findings.filter(period.q_finding).count()
    return data


def zone_history(user, zone, *, period: Period, kind: str = "") -> History:
    inspections = Inspection.objects.visible_to(user, "view").filter(hall_id=zone.hall_id, zone=zone)
    findings = Finding.objects.visible_to(user, "view").filter(hall_id=zone.hall_id, zone=zone)
    return build_history(zone.hall, inspections, findings, period=period, kind=kind)


def window_history(user, window, *, period: Period, kind: str = "") -> History:
    inspections = Inspection.objects.visible_to(user, "view").filter(
        window_inspections_q(window), hall_id=window.hall_id
    )
    findings = Finding.objects.visible_to(user, "view").filter(hall_id=window.hall_id, window=window)
    return build_history(window.hall, inspections, findings, period=period, kind=kind)


def build_history(hall, inspections, findings, *, period: Period, kind: str = "") -> History:
    submitted = inspections.filter(status=InspectionStatus.SUBMITTED)
    if kind:
        submitted = submitted.filter(kind=kind)
        findings = findings.filter(inspection__kind=kind)
    latest_acceptance = (
        inspections.filter(status=InspectionStatus.SUBMITTED, kind__in=ACCEPTANCE_KINDS)
        .select_related("hall", "inspector", "round")
        .annotate(has_retake=Exists(Inspection.objects.filter(retake_of=OuterRef("pk"))))
        .order_by("-submitted_at", "-pk")
        .first()
    )
    return History(
        inspections=submitted.filter(period.q_inspection)
        .select_related("hall", "inspector", "zone")
        .prefetch_related(Prefetch("windows", to_attr="window_list"))
        .order_by("-submitted_at", "-pk"),
        trend=_trend(submitted, period, policy_for(hall).bands),
        top_rules=_top_rules(findings, period),
        summary=_summary(submitted, findings, period),
        latest_acceptance=latest_acceptance,
        drafts=inspections.filter(status=InspectionStatus.DRAFT).count(),
    )


# -- the "Inspections" card of the zone and window pages ----------------------------


@dataclass
class PlaceCard:
    latest: Inspection | None
    scores: list[float]
    sparkline: str  # SVG polyline points, oldest first

    @property
    def has_data(self) -> bool:
        return self.latest is not None


def _sparkline(scores: list[float], width: int = 120, height: int = 28) -> str:
    """Polyline points of the scores, scaled to their own range (at least 5 points high) with a pixel of margin."""
    if len(scores) < 2:
        return ""
    high = max(scores)
    low = min(min(scores), high - 5)
    step = width / (len(scores) - 1)
    inner = height - 2
    return " ".join(
        f"{i * step:.1f},{1 + inner - (score - low) / (high - low) * inner:.1f}" for i, score in enumerate(scores)
    )


def place_card(user, *, zone=None, window=None) -> PlaceCard:
    """The latest submitted inspection and the last scores (two queries)."""
    qs = Inspection.objects.visible_to(user, "view").filter(status=InspectionStatus.SUBMITTED)
    qs = qs.filter(window_inspections_q(window)) if window is not None else qs.filter(zone=zone)
    recent = list(qs.select_related("hall", "inspector").order_by("-submitted_at", "-pk")[:SPARKLINE_POINTS])
    scores = [float(i.score) for i in reversed(recent) if i.score is not None]
    return PlaceCard(latest=recent[0] if recent else None, scores=scores, sparkline=_sparkline(scores))
