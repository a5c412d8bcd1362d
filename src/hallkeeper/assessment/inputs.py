"""Gathering a month's figures from the database into the plain inputs of ``compute.assess``.

What counts in a month (``start`` to ``end``, local days):

* inspections submitted in it; the **inspection score** is the hall's per-kind weighted score of the
  patrols, special checks and self-checks (``inspections/scoring.py: zone_period_score`` with the weights of
  the hall's ``ScoringPolicy``: each kind's stored scores averaged, the averages weighed, a kind without a
  scored check left out), computed here by :func:`patrol_scores` and handed to ``compute`` as the unit's one
  inspection score; **acceptance** reads the stored scores of the acceptance kind (``inspections/kinds.py``
  rows); a window counts the inspections that named it and those of its zone that named no window (the
  whole zone);
* the self-checks due in it (``DueInspection`` of the kinds decided zone by zone, due that month up to
  ``today``) and how many of them were done (a submitted inspection);
* notices whose deadline fell in it (up to ``today``): closed on time (verified on or before the deadline),
  overdue (the rest, but for those already submitted by the deadline and awaiting verification); the
  rejections of notices issued in it; a window's notices are those holding a finding on the window;
* findings in it that repeat a failure of the same rule in the same zone (window) within the hall's
  ``repeat_days`` before;
* bonus and penalty items dated in it; indicators imported for the month.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone

from hallkeeper.core.hall_settings import settings_for
from hallkeeper.inspections import kinds
from hallkeeper.inspections.choices import InspectionStatus
from hallkeeper.inspections.models import DueInspection, Finding, Inspection, ScoringPolicy
from hallkeeper.inspections.scoring import zone_period_score
from hallkeeper.places.models import Window, Zone
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import Notice, NoticeItem

from .choices import TargetType
from .compute import PeriodInputs, PersonFigures, UnitFigures, Weights
from .models import AdjustmentItem, ImportedIndicator, IndicatorWeights

#: Kinds whose scores make the inspection score: run by the supervision side, not acceptance.
SITE_KINDS = tuple(s.kind for s in kinds.KINDS if s.run_by is not None and not s.acceptance)
ACCEPTANCE_KINDS = kinds.ACCEPTANCE_KINDS
#: Kinds decided zone by zone: the self-check.
SELF_CHECK_KINDS = tuple(s.kind for s in kinds.KINDS if s.run_by is None)


def weights_for(hall) -> Weights:
    row = settings_for(IndicatorWeights, hall, fresh=True)
    return Weights(
        patrol=row.patrol,
        self_check=row.self_check,
        acceptance=row.acceptance,
        rectification=row.rectification,
        service=row.service,
        overdue_points=row.overdue_points,
        rejected_points=row.rejected_points,
        repeat_points=row.repeat_points,
        repeat_days=row.repeat_days,
        veto_cap=row.veto_cap,
    )


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return begin, stop


class _Figures:
    def __init__(self) -> None:
        self.scored: list[_Scored] = []  # (kind, score) of the scored site checks and self-checks
        self.acceptance: list[tuple] = []  # (submitted_at, score, passed)
        self.veto = False
        self.due = self.done = 0
        self.notices_due = self.on_time = self.overdue = self.rejections = self.repeats = 0
        self.indicators: dict[str, Decimal] = {}
        self.adjustments: list[Decimal] = []

    def unit(
        self, target_type: str, target_id: int, name: str, kind_weights: dict[str, int], zone_id: int | None = None
    ) -> UnitFigures:
        last_acceptance = sorted(self.acceptance, key=lambda a: a[0])[-1:] if self.acceptance else []
        return UnitFigures(
            target_type=target_type,
            target_id=target_id,
            name=name,
            patrol_scores=patrol_scores(self.scored, kind_weights),
            self_checks_due=self.due,
            self_checks_done=self.done,
            acceptance_scores=tuple(a[1] for a in self.acceptance),
            acceptance_failed=bool(last_acceptance) and last_acceptance[0][2] is False,
            veto_failed=self.veto,
            notices_due=self.notices_due,
            notices_on_time=self.on_time,
            notices_overdue=self.overdue,
            rejections=self.rejections,
            repeats=self.repeats,
            indicators=dict(sorted(self.indicators.items())),
            adjustments=tuple(self.adjustments),
            zone_id=zone_id,
        )


class _Scored(NamedTuple):
    kind: str
    score: Decimal


def patrol_scores(scored: list[_Scored], kind_weights: dict[str, int]) -> tuple[Decimal, ...]:
    """A zone's or window's inspection score: its scored patrols, special checks and self-checks weighed by
    kind (``zone_period_score``), as the one value ``compute`` reads; empty when not assessed."""
    score = zone_period_score(scored, kind_weights)
    return () if score is None else (score,)


class HallFrame(NamedTuple):
    """What gathering a month reads that is the same for every month: the hall's weights, its places and the
    windows' staff. The roll-up of a quarter or a year reads it once for all its months."""

    weights: Weights
    kind_weights: dict[str, int]
    zones: list[Zone]
    windows: list[Window]
    staffing: list[dict]


def hall_frame(hall, weights: Weights | None = None) -> HallFrame:
    return HallFrame(
        weights=weights or weights_for(hall),
        kind_weights=settings_for(ScoringPolicy, hall, fresh=True).weights,
        zones=list(Zone.objects.filter(hall=hall).order_by("order", "code")),
        windows=list(Window.objects.filter(hall=hall).select_related("zone").order_by("zone__order", "number", "pk")),
        staffing=list(
            Window.staff.through.objects.filter(window__hall=hall)
            .order_by("window__zone__order", "window__number", "window_id")
            .values("person_id", "person__name", "person__code", "window_id")
        ),
    )


def gather_inputs(
    hall, start: dt.date, end: dt.date, *, today: dt.date | None = None, frame: HallFrame | None = None
) -> PeriodInputs:
    """The month's figures; ``frame`` (:func:`hall_frame`) when the caller gathers several months."""
    today = today or timezone.localdate()
    weights, kind_weights, zones, windows, staffing = frame or hall_frame(hall)
    begin, stop = _bounds(start, end)
    until = min(end, today)
    zf = {z.pk: _Figures() for z in zones}
    wf = {w.pk: _Figures() for w in windows}
    windows_of_zone: dict[int, list[int]] = defaultdict(list)
    for w in windows:
        windows_of_zone[w.zone_id].append(w.pk)

    # inspections
    inspections = list(
        Inspection.objects.filter(
            hall=hall, status=InspectionStatus.SUBMITTED, submitted_at__gte=begin, submitted_at__lt=stop
        ).values("pk", "kind", "zone_id", "score", "passed", "veto_failed", "submitted_at")
    )
    named: dict[int, list[int]] = defaultdict(list)
    for row in Inspection.windows.through.objects.filter(inspection_id__in=[i["pk"] for i in inspections]).values(
        "inspection_id", "window_id"
    ):
        named[row["inspection_id"]].append(row["window_id"])
    for insp in inspections:
        targets = [zf.get(insp["zone_id"])]
        targets += [wf.get(w) for w in (named[insp["pk"]] or windows_of_zone[insp["zone_id"]])]
        for fig in (t for t in targets if t is not None):
            if insp["score"] is None:  # nothing applicable on the check: not scored, it counts for nothing
                pass
            elif insp["kind"] in SITE_KINDS or insp["kind"] in SELF_CHECK_KINDS:
                fig.scored.append(_Scored(insp["kind"], insp["score"]))
            elif insp["kind"] in ACCEPTANCE_KINDS:
                fig.acceptance.append((insp["submitted_at"], insp["score"], insp["passed"]))
            if insp["veto_failed"] and insp["kind"] not in SELF_CHECK_KINDS:
                fig.veto = True

    # self-checks due and done (a window shares its zone's)
    due = DueInspection.objects.filter(
        hall=hall, plan__kind__in=SELF_CHECK_KINDS, due_on__gte=start, due_on__lte=until
    ).values("zone_id", "inspection__status")
    for row in due:
        done = row["inspection__status"] == InspectionStatus.SUBMITTED
        for fig in [zf.get(row["zone_id"])] + [wf[w] for w in windows_of_zone[row["zone_id"]]]:
            if fig is not None:
                fig.due += 1
                fig.done += int(done)

    # notices
    notices = list(
        Notice.objects.filter(hall=hall)
        .exclude(state=NoticeState.CANCELLED)
        .filter(deadline__gte=start, deadline__lte=end)
        .values("pk", "zone_id", "state", "deadline", "closed_at", "last_submitted_at")
        .order_by()  # counted: in any order
    )
    issued = list(
        Notice.objects.filter(hall=hall, issued_at__gte=begin, issued_at__lt=stop, times_rejected__gt=0)
        .exclude(state=NoticeState.CANCELLED)
        .values("pk", "zone_id", "times_rejected")
        .order_by()
    )
    notice_windows: dict[int, set[int]] = defaultdict(set)
    for row in NoticeItem.objects.filter(notice_id__in=[n["pk"] for n in notices] + [n["pk"] for n in issued]).values(
        "notice_id", "finding__window_id"
    ):
        if row["finding__window_id"]:
            notice_windows[row["notice_id"]].add(row["finding__window_id"])

    def figures_of(notice) -> list[_Figures]:
        found = [zf.get(notice["zone_id"])] + [wf.get(w) for w in sorted(notice_windows[notice["pk"]])]
        return [f for f in found if f is not None]

    for notice in notices:
        deadline = notice["deadline"]
        if deadline > until:
            continue  # not yet due
        closed = notice["closed_at"] and timezone.localdate(notice["closed_at"])
        on_time = notice["state"] == NoticeState.VERIFIED and closed and closed <= deadline
        waiting = (
            notice["state"] == NoticeState.SUBMITTED
            and notice["last_submitted_at"]
            and timezone.localdate(notice["last_submitted_at"]) <= deadline
        )
        for fig in figures_of(notice):
            fig.notices_due += 1
            fig.on_time += int(bool(on_time))
            fig.overdue += int(not on_time and not waiting)
    for notice in issued:
        for fig in figures_of(notice):
            fig.rejections += notice["times_rejected"]

    # repeated failures of the same rule within repeat_days
    window_days = dt.timedelta(days=weights.repeat_days)
    findings = Finding.objects.filter(hall=hall, found_at__gte=begin - window_days, found_at__lt=stop).order_by(
        "found_at", "pk"
    )
    last_zone: dict[tuple, dt.datetime] = {}
    last_window: dict[tuple, dt.datetime] = {}
    for f in findings.values("zone_id", "window_id", "rule_key", "found_at"):
        for key, last, figures in (
            ((f["zone_id"], f["rule_key"]), last_zone, zf.get(f["zone_id"])),
            ((f["window_id"], f["rule_key"]), last_window, wf.get(f["window_id"]) if f["window_id"] else None),
        ):
            before = last.get(key)
            if figures is not None and f["found_at"] >= begin and before and f["found_at"] - before <= window_days:
                figures.repeats += 1
            last[key] = f["found_at"]

    # bonus and penalty items, imported indicators
    persons: dict[int, dict] = {}
    for row in staffing:
        persons.setdefault(
            row["person_id"],
            {"name": f"{row['person__name']}", "window": row["window_id"], "ind": {}, "adj": []},
        )
    for item in AdjustmentItem.objects.filter(hall=hall, on__gte=start, on__lte=end).order_by("on", "pk"):
        if item.target_type == TargetType.ZONE and item.zone_id in zf:
            zf[item.zone_id].adjustments.append(item.points)
        elif item.target_type == TargetType.WINDOW and item.window_id in wf:
            wf[item.window_id].adjustments.append(item.points)
        elif item.target_type == TargetType.PERSON and item.person_id in persons:
            persons[item.person_id]["adj"].append(item.points)
    for ind in ImportedIndicator.objects.filter(hall=hall, month=start.replace(day=1)):
        if ind.window_id in wf:
            wf[ind.window_id].indicators[ind.indicator] = ind.value
        elif ind.person_id in persons:
            persons[ind.person_id]["ind"][ind.indicator] = ind.value
    # a zone's service indicators: the mean of its windows' (cases handled: their sum)
    for zone_id, window_ids in windows_of_zone.items():
        if zone_id not in zf:
            continue
        merged: dict[str, list[Decimal]] = defaultdict(list)
        for w in window_ids:
            for name, value in wf[w].indicators.items():
                merged[name].append(value)
        for name, values in merged.items():
            total = sum(values, Decimal("0"))
            zf[zone_id].indicators[name] = (
                total if name == "handled" else (total / len(values)).quantize(Decimal("0.01"))
            )

    return PeriodInputs(
        zones=tuple(zf[z.pk].unit("zone", z.pk, str(z), kind_weights) for z in zones),
        windows=tuple(
            wf[w.pk].unit("window", w.pk, f"{w.zone.code} · {w}", kind_weights, zone_id=w.zone_id) for w in windows
        ),
        persons=tuple(
            PersonFigures(
                person_id=pk,
                name=p["name"],
                window_id=p["window"],
                indicators=dict(sorted(p["ind"].items())),
                adjustments=tuple(p["adj"]),
            )
            for pk, p in sorted(persons.items())
        ),
    )
