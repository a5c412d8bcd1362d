"""Scoring an inspection: one pure function, tested by tables, used when an inspection is submitted.

* Every check starts from 100 points.
* A failed item costs its rule's deduction per occurrence × the occurrences, at most the rule's cap
  (no cap: at most the full 100 points); an item whose rule has no deduction costs nothing by itself.
* The score never goes below 0 ("扣完为止，不计负分"). Items not applicable count for nothing.
* A failed veto rule fails the inspection whatever the score.
* The grade comes from the hall's bands (``ScoringPolicy``); an acceptance passes at the pass line
  with no veto, any other inspection passes when its grade is not "unqualified".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hallkeeper.standards.choices import Severity

from .choices import Grade, ItemResult
from .kinds import is_acceptance

FULL_MARKS = Decimal("100")
ZERO = Decimal("0")
TENTH = Decimal("0.1")


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


@dataclass(frozen=True)
class ScoreResult:
    deduction_total: Decimal
    score: Decimal
    veto_failed: bool
    grade: str
    passed: bool
    failed: int
    not_applicable: int
    checked: int


def _q(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def item_deduction(deduction: Decimal | None, occurrences: int | None, cap: Decimal | None = None) -> Decimal:
    """Points one failed item costs: deduction × occurrences, at most the cap."""
    if not deduction or not occurrences or occurrences <= 0:
        return ZERO
    total = Decimal(deduction) * occurrences
    if cap is not None and total > cap:
        total = Decimal(cap)
    return _q(min(total, FULL_MARKS))  # one item never costs more than the whole score


def grade_for(score: Decimal, veto_failed: bool, bands: Bands = DEFAULT_BANDS) -> str:
    if veto_failed:
        return Grade.UNQUALIFIED
    if score >= bands.excellent:
        return Grade.EXCELLENT
    if score >= bands.good:
        return Grade.GOOD
    if score >= bands.qualified:
        return Grade.QUALIFIED
    return Grade.UNQUALIFIED


def compute_score(items: Iterable[ItemInput], *, kind: str, bands: Bands = DEFAULT_BANDS) -> ScoreResult:
    total = ZERO
    veto = False
    failed = not_applicable = checked = 0
    for item in items:
        if item.result == ItemResult.NOT_APPLICABLE:
            not_applicable += 1
            continue
        if item.result not in (ItemResult.PASS, ItemResult.FAIL):
            raise ValueError(f"unanswered item in scoring: {item!r}")
        checked += 1
        if item.result == ItemResult.FAIL:
            failed += 1
            total += item_deduction(item.deduction, item.occurrences, item.cap)
            if item.severity == Severity.VETO:
                veto = True
    total = _q(total)
    score = max(ZERO, _q(FULL_MARKS - total))
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
    )
