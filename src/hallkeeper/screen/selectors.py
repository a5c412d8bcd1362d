"""What the big screen shows of one hall: plain values for its JSON data endpoint, read by hall (the display link
is the authority; there is no user).

**What is public.** The screen stands in the hall, so it shows only what a hall's public notice board (公示栏)
shows: zone codes and names, window numbers and names, scores, ranks, grades and notice counts. It shows **no
person's name** — not the inspectors, not the zone leads, not the window staff (the staff ranking is left out)
— and no notice text, finding or photo. Every value is plain text; the screen's script puts it in the page with
``textContent`` only.

The panels: today's checks (the zones checked today, with kind, time, score and grade), the ranking of zones and
windows of the latest published month, the red flag holder, the red and black list, the open and overdue
rectification notices (counts, and the overdue ones by zone), and the heat map's per-zone scores.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from hallkeeper.assessment import heatmap
from hallkeeper.assessment.choices import HonourKind, TargetType
from hallkeeper.assessment.honours import latest_published_month
from hallkeeper.assessment.models import AssessmentResult, Honour
from hallkeeper.inspections.choices import Grade, InspectionKind, InspectionStatus
from hallkeeper.inspections.models import Inspection
from hallkeeper.rectification.choices import AWAITING_ZONE_STATES, OPEN_STATES
from hallkeeper.rectification.models import Notice

#: How many of today's checks, ranked zones and windows the panels list.
TODAY_ROWS = 12
RANK_ROWS = 17
WINDOW_ROWS = 10


def _score(value) -> str | None:
    return None if value is None else str(value)


def todays_checks(hall, today: dt.date) -> dict:
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(today, dt.time.min, tzinfo=tz)
    stop = begin + dt.timedelta(days=1)
    submitted = Inspection.objects.filter(
        hall=hall, status=InspectionStatus.SUBMITTED, submitted_at__gte=begin, submitted_at__lt=stop
    )
    kinds = dict(InspectionKind.choices)
    grades = dict(Grade.choices)
    rows = submitted.select_related("zone").order_by("-submitted_at", "-pk")[:TODAY_ROWS]
    counts = submitted.aggregate(
        total=Count("pk"), patrols=Count("pk", filter=Q(kind=InspectionKind.PATROL)), zones=Count("zone", distinct=True)
    )
    return {
        **counts,
        "rows": [
            {
                "time": timezone.localtime(i.submitted_at).strftime("%H:%M"),
                "zone": f"{i.zone.code} {i.zone.name}",
                "kind": str(kinds.get(i.kind, i.kind)),
                "score": _score(i.score),
                "grade": str(grades.get(i.grade, "")) if i.grade else "",
            }
            for i in rows
        ],
    }


def _ranked(results, target_type: str, limit: int) -> list[dict]:
    rows = [r for r in results if r.target_type == target_type]
    rows.sort(key=lambda r: (r.score is None, r.rank or 0, r.name))
    return [{"rank": r.rank, "name": r.name, "score": _score(r.score)} for r in rows[:limit]]


def screen_data(hall, *, today: dt.date | None = None, flag_holders=None) -> dict:
    """Every panel's figures for ``hall`` (a fixed number of queries, whatever the hall's size)."""
    today = today or timezone.localdate()
    period = latest_published_month(hall)
    holders = set(flag_holders) if flag_holders is not None else heatmap.flag_holder_ids(hall, period)
    results = (
        list(
            AssessmentResult.objects.filter(period=period, target_type__in=(TargetType.ZONE, TargetType.WINDOW))
            .select_related("zone", "window")
            .only("target_type", "name", "score", "rank", "zone_id", "window_id")
        )
        if period is not None
        else []
    )
    honours = list(Honour.objects.filter(period=period).order_by("rank", "name")) if period is not None else []
    red = [h for h in honours if h.kind == HonourKind.RED_LIST]  # frozen at publication by the hall's rules
    black = [h for h in honours if h.kind == HonourKind.BLACK_LIST]
    flag = [
        {"name": r.name, "score": _score(r.score)}
        for r in results
        if (r.target_type, r.zone_id if r.target_type == TargetType.ZONE else r.window_id) in holders
    ]
    notices = Notice.objects.filter(hall=hall)
    overdue = notices.filter(state__in=AWAITING_ZONE_STATES, deadline__lt=today)
    overdue_by_zone = (
        overdue.values("zone__code", "zone__name").annotate(n=Count("pk")).order_by("-n", "zone__code")[:10]
    )
    heat = heatmap.heat_map(hall, period.starts_on if period else None, flag_holders=holders, today=today)
    return {
        "hall": hall.display_name,
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        "today": todays_checks(hall, today),
        "period": period.label if period is not None else None,
        "ranking": {
            "zones": _ranked(results, TargetType.ZONE, RANK_ROWS),
            "windows": _ranked(results, TargetType.WINDOW, WINDOW_ROWS),
        },
        "flag": flag,
        "red": [{"rank": r.rank, "name": r.name, "score": _score(r.score)} for r in red],
        "black": [{"rank": r.rank, "name": r.name, "score": _score(r.score)} for r in black],
        "notices": {
            "open": notices.filter(state__in=OPEN_STATES).count(),
            "overdue": overdue.count(),
            "overdue_zones": [
                {"zone": f"{row['zone__code']} {row['zone__name']}", "count": row["n"]} for row in overdue_by_zone
            ],
        },
        "heatmap": heatmap.heat_map_json(heat),
    }
