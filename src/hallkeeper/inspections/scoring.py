"""Scoring an inspection as a 100-point sheet, the way halls score: pure functions, tested by tables.

**One inspection** (:func:`compute_score`, used when an inspection is submitted; the score is stored on
it then and never recomputed, so a later change of the hall's bands or a rule's points leaves old checks
with the score and grade they were given):

* Every rule carries its points (分值). The sheet is the checklist's *applicable* items: an item answered
  "not applicable" drops out. The applicable items' points are normalised to 100, so whatever the
  number of rules on a zone's checklist, the sheet totals 100 and each item is worth
  ``points / sum of the applicable items' points × 100``.
* A failed item loses its rule's deduction per occurrence × the occurrences, at most the rule's cap (if
  it has one) and never more than the rule's own points; a rule with no deduction loses all its points
  when failed. The loss is counted in the rule's points and scaled by the same factor as the points, so
  a failed item never costs more than it is worth on the sheet and the score never goes below 0.
* ``deduction_total`` is the sum of the scaled losses, rounded half-up to one decimal place once;
  ``score = 100 − deduction_total`` (the two always add up to 100). Each finding's own share
  (``item_deductions``) is rounded on its own.
* A failed veto rule (否决项) fails the inspection whatever the score: its grade is "unqualified".
* The grade comes from the hall's bands (``ScoringPolicy``); an acceptance passes at the pass line with
  no veto failed, any other inspection passes when its grade is not "unqualified".
* A checklist with no applicable item (everything not applicable) is **not scored**: score ``None``, no
  grade, ``passed`` ``None`` — neither 0 nor 100.

**A zone over a period** (:func:`zone_period_score`, for assessments): each kind's checks are averaged,
and the kinds' averages are combined with the hall's per-kind weights (e.g. patrol 50 %, special 20 %,
self-check 30 %). A kind without a weight (the acceptance, scored separately) does not count; a kind with
a weight but no scored check in the period drops out and the others' weights are scaled up to 100. A
zone with no scored check in the period is "not assessed": ``None``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from hallkeeper.standards.choices import DEFAULT_POINTS, Severity

from .choices import GRADE_COLOURS, Grade, InspectionKind, ItemResult
from .kinds import is_acceptance

FULL_MARKS = Decimal("100")
ZERO = Decimal("0")
TENTH = Decimal("0.1")

#: The default per-kind weights of a zone's period score (percent; they add up to 100). The
#: acceptance is scored on its own and has no weight.
DEFAULT_WEIGHTS: dict[str, int] = {
    InspectionKind.PATROL: 50,
    InspectionKind.SPECIAL: 20,
    InspectionKind.SELF_CHECK: 30,
}


@dataclass(frozen=True)
class Bands:
    """Grade bands and the acceptance pass line (the hall's ``ScoringPolicy`` in plain values)."""

    excellent: Decimal = Decimal("95")
    good: Decimal = Decimal("85")
    qualified: Decimal = Decimal("70")
    acceptance_pass_line: Decimal = Decimal("90")


DEFAULT_BANDS = Bands()


@dataclass(frozen=True)
class ItemInput:
    result: str
    occurrences: int | None = None
    deduction: Decimal | None = None
    cap: Decimal | None = None
    severity: str = Severity.MINOR
    points: Decimal | None = None  # the rule's points (分值); None: DEFAULT_POINTS


@dataclass(frozen=True)
class ScoreResult:
    deduction_total: Decimal
    score: Decimal | None  # None: nothing applicable, not scored
    veto_failed: bool
    grade: str  # "" when not scored
    passed: bool | None  # None when not scored
    failed: int
    not_applicable: int
    checked: int
    #: per input item, in order: what it cost on the 100-point sheet (None unless failed)
    item_deductions: tuple[Decimal | None, ...] = field(default=())

    @property
    def scored(self) -> bool:
        return self.score is not None


def _q(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _points(points: Decimal | None) -> Decimal:
    return DEFAULT_POINTS if points is None else Decimal(points)


def item_loss(
    points: Decimal | None, deduction: Decimal | None, occurrences: int | None, cap: Decimal | None = None
) -> Decimal:
    """What one failed item loses, in its rule's own points: deduction × occurrences, at most the cap and
    at most the points; all the points when the rule has no deduction. Nothing without occurrences."""
    worth = _points(points)
    if not occurrences or occurrences <= 0:
        return ZERO
    if not deduction:
        return worth
    total = Decimal(deduction) * occurrences
    if cap is not None:
        total = min(total, Decimal(cap))
    return min(total, worth)


def grade_for(score: Decimal | None, veto_failed: bool, bands: Bands = DEFAULT_BANDS) -> str:
    if veto_failed:
        return Grade.UNQUALIFIED
    if score is None:
        return ""
    if score >= bands.excellent:
        return Grade.EXCELLENT
    if score >= bands.good:
        return Grade.GOOD
    if score >= bands.qualified:
        return Grade.QUALIFIED
    return Grade.UNQUALIFIED


def compute_score(items: Iterable[ItemInput], *, kind: str, bands: Bands = DEFAULT_BANDS) -> ScoreResult:
    """Score a checklist's answers as a 100-point sheet (see the module docstring)."""
    items = list(items)
    sheet = ZERO
    losses: list[Decimal | None] = []
    veto = False
    failed = not_applicable = checked = 0
    for item in items:
        if item.result == ItemResult.NOT_APPLICABLE:
            not_applicable += 1
            losses.append(None)
            continue
        if item.result not in (ItemResult.PASS, ItemResult.FAIL):
            raise ValueError(f"unanswered item in scoring: {item!r}")
        checked += 1
        sheet += _points(item.points)
        if item.result == ItemResult.FAIL:
            failed += 1
            losses.append(item_loss(item.points, item.deduction, item.occurrences, item.cap))
            if item.severity == Severity.VETO:
                veto = True
        else:
            losses.append(None)
    if sheet <= 0:  # nothing applicable: not scored (a failed veto still fails it)
        return ScoreResult(
            deduction_total=ZERO,
            score=None,
            veto_failed=veto,
            grade=Grade.UNQUALIFIED if veto else "",
            passed=False if veto else None,
            failed=failed,
            not_applicable=not_applicable,
            checked=checked,
            item_deductions=tuple(ZERO if loss is not None else None for loss in losses),
        )
    scale = FULL_MARKS / sheet
    total = _q(sum((loss for loss in losses if loss is not None), ZERO) * scale)
    score = max(ZERO, FULL_MARKS - total)
    grade = grade_for(score, veto, bands)
    # An acceptance passes by the pass line with no veto failed; the other kinds by their grade.
    passed = (not veto and score >= bands.acceptance_pass_line) if is_acceptance(kind) else grade != Grade.UNQUALIFIED
    return ScoreResult(
        deduction_total=total,
        score=score,
        veto_failed=veto,
        grade=grade,
        passed=passed,
        failed=failed,
        not_applicable=not_applicable,
        checked=checked,
        item_deductions=tuple(None if loss is None else _q(loss * scale) for loss in losses),
    )


# -- a zone's score over a period -------------------------------------------------------------


class Scored(Protocol):
    """What :func:`zone_period_score` reads of an inspection (an ``Inspection`` has both)."""

    kind: str
    score: Decimal | None


def kind_averages(inspections: Iterable[Scored]) -> dict[str, Decimal]:
    """The mean score of each kind's scored checks (unrounded); kinds without a scored check are absent."""
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for inspection in inspections:
        if inspection.score is not None:
            sums[inspection.kind].append(Decimal(inspection.score))
    return {kind: sum(scores, ZERO) / len(scores) for kind, scores in sums.items()}


def zone_period_score(
    inspections: Iterable[Scored], weights: Mapping[str, int | Decimal] = DEFAULT_WEIGHTS
) -> Decimal | None:
    """A zone's score over a period from its submitted checks in it, by the hall's per-kind weights.

    ``inspections``: the zone's submitted inspections of the period (anything with ``kind`` and
    ``score``; drafts and not-scored checks have no score and count for nothing). ``weights``: percent
    per kind (``ScoringPolicy.weights``). Each weighted kind's checks are averaged; the averages are
    combined by the weights of the kinds that have a scored check (scaled up to 100 when a kind has
    none). Kinds without a weight (the acceptance) do not count. ``None``: not assessed (no scored
    check of a weighted kind). Rounded half-up to one decimal place.
    """
    averages = kind_averages(inspections)
    present = {kind: Decimal(w) for kind, w in weights.items() if w and kind in averages}
    total_weight = sum(present.values(), ZERO)
    if total_weight <= 0:
        return None
    return _q(sum((averages[kind] * w for kind, w in present.items()), ZERO) / total_weight)


# -- charts ------------------------------------------------------------------------------------


def chart_bands(bands: Bands = DEFAULT_BANDS) -> dict:
    """The grade bands and the grades' colour names, for the chart script (``charts.js``): it colours points
    and bars by grade with them and starts a score axis below the lowest band, never at an auto-scaled 94."""
    return {
        "bands": {
            Grade.EXCELLENT: float(bands.excellent),
            Grade.GOOD: float(bands.good),
            Grade.QUALIFIED: float(bands.qualified),
        },
        "grade_colours": {str(grade): colour for grade, colour in GRADE_COLOURS.items()},
    }
