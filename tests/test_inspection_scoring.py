"""compute_score and zone_period_score: the functions every stored score and period score come from, by tables.

A checklist is a 100-point sheet: the applicable items' points are normalised to 100, a failed item loses
its deduction per occurrence up to its points (or its cap), N/A items drop out, a failed veto fails the check.
"""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from hallkeeper.inspections.choices import Grade, InspectionKind, ItemResult
from hallkeeper.inspections.scoring import (
    DEFAULT_WEIGHTS,
    Bands,
    ItemInput,
    compute_score,
    grade_for,
    item_loss,
    zone_period_score,
)
from hallkeeper.standards.choices import DEFAULT_POINTS, Severity

D = Decimal
PATROL = InspectionKind.PATROL
ACCEPTANCE = InspectionKind.ACCEPTANCE
SELF = InspectionKind.SELF_CHECK
SPECIAL = InspectionKind.SPECIAL


def ok(points="10", severity=Severity.MINOR):
    return ItemInput(ItemResult.PASS, points=D(points), deduction=D("1"), severity=severity)


def na(points="10", severity=Severity.MINOR):
    return ItemInput(ItemResult.NOT_APPLICABLE, points=D(points), deduction=D("1"), severity=severity)


def fail(deduction, occurrences=1, points="10", cap=None, severity=Severity.MINOR):
    return ItemInput(
        ItemResult.FAIL,
        occurrences=occurrences,
        deduction=None if deduction is None else D(deduction),
        cap=None if cap is None else D(cap),
        severity=severity,
        points=D(points),
    )


def sheet(lost, of="100"):
    """A sheet worth ``of`` points in all that loses ``lost`` of them (one failed item, one passed)."""
    lost, of = D(str(lost)), D(of)
    return [fail(str(lost), points=str(lost)), ok(str(of - lost))] if lost < of else [fail(str(lost), points=str(of))]


# (case id, items, kind, expected deduction_total, score, grade, passed, veto, failed, n/a, checked)
SCORE_CASES = [
    ("all pass", [ok(), ok()], PATROL, "0", "100", Grade.EXCELLENT, True, False, 0, 0, 2),
    # normalisation: ten rules of 10 points → one failed occurrence of 1 point costs 1 point
    ("ten rules of ten", [fail("1")] + [ok()] * 9, PATROL, "1", "99", Grade.EXCELLENT, True, False, 1, 0, 10),
    # the same loss on a sheet of 5 rules of 2 points (10 in all) weighs ten times as much
    (
        "small sheet weighs more",
        [fail("1", points="2")] + [ok("2")] * 4,
        PATROL,
        "10",
        "90",
        Grade.GOOD,
        True,
        False,
        1,
        0,
        5,
    ),
    # points need not add up to 100: 3 + 1 = 4 points is the whole sheet
    (
        "normalised to 100",
        [fail("3", points="3"), ok("1")],
        PATROL,
        "75",
        "25",
        Grade.UNQUALIFIED,
        False,
        False,
        1,
        0,
        2,
    ),
    (
        "occurrences times deduction",
        [fail("1.5", 3), ok("90")],
        PATROL,
        "4.5",
        "95.5",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    # a failed item loses at most its points, however many occurrences
    (
        "capped at the points",
        [fail("2", 9, points="5"), ok("95")],
        PATROL,
        "5",
        "95",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "exactly the points",
        [fail("1", 5, points="5"), ok("95")],
        PATROL,
        "5",
        "95",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "under the points",
        [fail("1", 4, points="5"), ok("95")],
        PATROL,
        "4",
        "96",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "a cap below the points",
        [fail("1", 9, points="5", cap="3"), ok("95")],
        PATROL,
        "3",
        "97",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "a cap above the points",
        [fail("1", 9, points="5", cap="8"), ok("95")],
        PATROL,
        "5",
        "95",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "no deduction loses all the points",
        [fail(None, points="6"), ok("94")],
        PATROL,
        "6",
        "94",
        Grade.GOOD,
        True,
        False,
        1,
        0,
        2,
    ),
    ("every item lost", [fail(None), fail("5", 9)], PATROL, "100", "0", Grade.UNQUALIFIED, False, False, 2, 0, 2),
    # not applicable items drop out of the sheet: the remaining items are scaled up to 100
    (
        "n/a drops out",
        [fail("1", points="2"), ok("2"), na("96")],
        PATROL,
        "25",
        "75",
        Grade.QUALIFIED,
        True,
        False,
        1,
        1,
        2,
    ),
    ("n/a only", [na(), na()], PATROL, "0", None, "", None, False, 0, 2, 0),
    ("no items", [], PATROL, "0", None, "", None, False, 0, 0, 0),
    ("n/a acceptance", [na()], ACCEPTANCE, "0", None, "", None, False, 0, 1, 0),
    (
        "veto fails whatever the score",
        [fail("1", points="1", severity=Severity.VETO), ok("999")],
        PATROL,
        "0.1",
        "99.9",
        Grade.UNQUALIFIED,
        False,
        True,
        1,
        0,
        2,
    ),
    (
        "veto fails an acceptance",
        [fail(None, points="8", severity=Severity.VETO), ok("92")],
        ACCEPTANCE,
        "8",
        "92",
        Grade.UNQUALIFIED,
        False,
        True,
        1,
        0,
        2,
    ),
    (
        "veto passed is no veto",
        [ok(severity=Severity.VETO)],
        ACCEPTANCE,
        "0",
        "100",
        Grade.EXCELLENT,
        True,
        False,
        0,
        0,
        1,
    ),
    (
        "veto n/a is no veto",
        [na(severity=Severity.VETO), ok()],
        ACCEPTANCE,
        "0",
        "100",
        Grade.EXCELLENT,
        True,
        False,
        0,
        1,
        1,
    ),
    (
        "major fail is not a veto",
        [fail("3", points="4", severity=Severity.MAJOR), ok("96")],
        PATROL,
        "3",
        "97",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    # rounding: half up, once, on the total; the score is 100 minus the rounded total
    (
        "one third",
        [fail("1", points="1"), ok("1"), ok("1")],
        PATROL,
        "33.3",
        "66.7",
        Grade.UNQUALIFIED,
        False,
        False,
        1,
        0,
        3,
    ),
    (
        "two thirds",
        [fail("1", points="1"), fail("1", points="1"), ok("1")],
        PATROL,
        "66.7",
        "33.3",
        Grade.UNQUALIFIED,
        False,
        False,
        2,
        0,
        3,
    ),
    (
        "a tie rounds half up",
        [fail("1", points="1")] + [ok("1")] * 39,
        PATROL,
        "2.5",
        "97.5",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        40,
    ),
    (
        "a tie at five hundredths",
        [fail("1", points="1"), ok("1999")],
        PATROL,
        "0.1",
        "99.9",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "below the tie rounds down",
        [fail("1", points="1"), ok("2000")],
        PATROL,
        "0",
        "100",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "sevenths add up before rounding",
        [fail("1", points="1")] * 3 + [ok("4")],
        PATROL,
        "42.9",
        "57.1",
        Grade.UNQUALIFIED,
        False,
        False,
        3,
        0,
        4,
    ),
    (
        "default points",
        [ItemInput(ItemResult.FAIL, occurrences=1), ItemInput(ItemResult.PASS)],
        PATROL,
        "50",
        "50",
        Grade.UNQUALIFIED,
        False,
        False,
        1,
        0,
        2,
    ),
    # bands and the pass line
    ("band edge excellent", sheet(5), PATROL, "5", "95", Grade.EXCELLENT, True, False, 1, 0, 2),
    ("just below excellent", sheet("5.1"), PATROL, "5.1", "94.9", Grade.GOOD, True, False, 1, 0, 2),
    ("band edge good", sheet(15), PATROL, "15", "85", Grade.GOOD, True, False, 1, 0, 2),
    ("just below good", sheet("15.1"), PATROL, "15.1", "84.9", Grade.QUALIFIED, True, False, 1, 0, 2),
    ("band edge qualified", sheet(30), PATROL, "30", "70", Grade.QUALIFIED, True, False, 1, 0, 2),
    ("just below qualified", sheet("30.1"), PATROL, "30.1", "69.9", Grade.UNQUALIFIED, False, False, 1, 0, 2),
    ("acceptance at the pass line", sheet(10), ACCEPTANCE, "10", "90", Grade.GOOD, True, False, 1, 0, 2),
    ("acceptance just below the line", sheet("10.1"), ACCEPTANCE, "10.1", "89.9", Grade.GOOD, False, False, 1, 0, 2),
    ("acceptance qualified fails", sheet(20), ACCEPTANCE, "20", "80", Grade.QUALIFIED, False, False, 1, 0, 2),
    ("self-check qualified passes", sheet(20), SELF, "20", "80", Grade.QUALIFIED, True, False, 1, 0, 2),
    ("special unqualified fails", sheet(31), SPECIAL, "31", "69", Grade.UNQUALIFIED, False, False, 1, 0, 2),
]


@pytest.mark.parametrize(
    ("items", "kind", "deductions", "score", "grade", "passed", "veto", "failed", "na_", "checked"),
    [pytest.param(*row[1:], id=row[0]) for row in SCORE_CASES],
)
def test_compute_score(items, kind, deductions, score, grade, passed, veto, failed, na_, checked):
    result = compute_score(items, kind=kind)
    assert result.deduction_total == D(deductions)
    assert result.score == (None if score is None else D(score))
    assert result.grade == grade
    assert result.passed is passed
    assert result.veto_failed is veto
    assert (result.failed, result.not_applicable, result.checked) == (failed, na_, checked)
    assert result.scored is (score is not None)
    if result.scored:
        # Stored with one decimal place (the model fields are decimal_places=1), between 0 and 100, adding up.
        assert D("0") <= result.score <= D("100")
        assert result.score == result.score.quantize(D("0.1"))
        assert result.score + result.deduction_total == D("100")
    assert len(result.item_deductions) == len(items)


def test_each_failed_item_has_its_share_of_the_sheet():
    result = compute_score([fail("1", points="2"), ok("2"), na("50"), fail(None, points="4")], kind=PATROL)
    assert result.item_deductions == (D("12.5"), None, None, D("50"))
    assert result.deduction_total == D("62.5")


def test_all_not_applicable_is_neither_zero_nor_a_hundred():
    result = compute_score([na(), na(severity=Severity.VETO)], kind=PATROL)
    assert (result.score, result.grade, result.passed, result.scored) == (None, "", None, False)


def test_a_sheet_of_any_size_totals_a_hundred():
    """A zone whose checklist has N rules (of any points) loses everything when every rule fails."""
    for n in (1, 7, 48):
        items = [fail(None, points=str(1 + i % 4)) for i in range(n)]
        assert compute_score(items, kind=PATROL).score == D("0")
        assert compute_score([ok(str(1 + i % 4)) for i in range(n)], kind=PATROL).score == D("100")


CUSTOM = Bands(excellent=D("98"), good=D("90"), qualified=D("80"), acceptance_pass_line=D("95"))


@pytest.mark.parametrize(
    ("lost", "kind", "grade", "passed"),
    [
        pytest.param("2", PATROL, Grade.EXCELLENT, True, id="custom excellent edge"),
        pytest.param("2.1", PATROL, Grade.GOOD, True, id="custom below excellent"),
        pytest.param("10", PATROL, Grade.GOOD, True, id="custom good edge"),
        pytest.param("10.1", PATROL, Grade.QUALIFIED, True, id="custom below good"),
        pytest.param("20", PATROL, Grade.QUALIFIED, True, id="custom qualified edge"),
        pytest.param("20.1", PATROL, Grade.UNQUALIFIED, False, id="custom below qualified"),
        pytest.param("5", ACCEPTANCE, Grade.GOOD, True, id="custom pass line edge"),
        pytest.param("5.1", ACCEPTANCE, Grade.GOOD, False, id="custom below pass line"),
        pytest.param("10", ACCEPTANCE, Grade.GOOD, False, id="90 fails a stricter line"),
    ],
)
def test_custom_bands(lost, kind, grade, passed):
    result = compute_score(sheet(lost), kind=kind, bands=CUSTOM)
    assert (result.grade, result.passed) == (grade, passed)


def test_a_lower_pass_line_lets_a_qualified_acceptance_pass():
    result = compute_score(sheet(25), kind=ACCEPTANCE, bands=Bands(acceptance_pass_line=D("75")))
    assert (result.score, result.grade, result.passed) == (D("75"), Grade.QUALIFIED, True)


@pytest.mark.parametrize("result", [pytest.param("", id="blank"), pytest.param("maybe", id="unknown")])
def test_an_unanswered_item_cannot_be_scored(result):
    with pytest.raises(ValueError, match="unanswered"):
        compute_score([ok(), ItemInput(result)], kind=PATROL)


@pytest.mark.parametrize(
    ("points", "deduction", "occurrences", "cap", "expected"),
    [
        pytest.param("5", "0.5", 1, None, "0.5", id="one"),
        pytest.param("5", "0.5", 3, None, "1.5", id="times"),
        pytest.param("5", "0.5", 5, "2", "2", id="capped"),
        pytest.param("2", "1", 5, None, "2", id="at most the points"),
        pytest.param("2", "1", 5, "3", "2", id="a cap above the points"),
        pytest.param("4", None, 1, None, "4", id="no deduction: all the points"),
        pytest.param(None, "5", 1, None, str(DEFAULT_POINTS), id="default points"),
        pytest.param("5", "1", None, None, "0", id="no occurrences"),
        pytest.param("5", "1", 0, None, "0", id="zero occurrences"),
        pytest.param("5", "1", -2, None, "0", id="negative occurrences"),
    ],
)
def test_item_loss(points, deduction, occurrences, cap, expected):
    def dec(v):
        return None if v is None else D(v)

    assert item_loss(dec(points), dec(deduction), occurrences, dec(cap)) == D(expected)


def test_grade_for():
    assert grade_for(D("100"), True) == Grade.UNQUALIFIED
    assert grade_for(D("100"), False) == Grade.EXCELLENT
    assert grade_for(None, False) == ""


def test_items_may_be_a_generator():
    result = compute_score((fail("1", points="1") for _ in range(3)), kind=PATROL)
    assert (result.score, result.failed) == (D("0"), 3)


# -- a zone's score over a period ---------------------------------------------------------------------


def check(kind, score):
    return SimpleNamespace(kind=kind, score=None if score is None else D(score))


WEIGHTS = {PATROL: 50, SPECIAL: 20, SELF: 30}

# (case id, inspections, weights, expected)
PERIOD_CASES = [
    ("no checks: not assessed", [], WEIGHTS, None),
    ("only unscored checks", [check(PATROL, None)], WEIGHTS, None),
    ("only an acceptance", [check(ACCEPTANCE, "60")], WEIGHTS, None),
    ("one patrol", [check(PATROL, "88")], WEIGHTS, "88"),
    ("patrols averaged", [check(PATROL, "80"), check(PATROL, "90")], WEIGHTS, "85"),
    (
        "all three kinds weighted",
        [check(PATROL, "80"), check(SPECIAL, "90"), check(SELF, "100")],
        WEIGHTS,
        "88",  # 0.5×80 + 0.2×90 + 0.3×100
    ),
    (
        "kinds averaged before weighting",
        [check(PATROL, "80"), check(PATROL, "80"), check(PATROL, "80"), check(SELF, "100")],
        WEIGHTS,
        "87.5",  # (50×80 + 30×100) / 80
    ),
    (
        "a missing kind's weight is shared out",
        [check(PATROL, "80"), check(SELF, "100")],
        WEIGHTS,
        "87.5",
    ),
    ("the acceptance does not count", [check(PATROL, "90"), check(ACCEPTANCE, "10")], WEIGHTS, "90"),
    ("a zero weight does not count", [check(PATROL, "90"), check(SELF, "50")], {PATROL: 100, SELF: 0}, "90"),
    ("only a zero-weight kind", [check(SELF, "50")], {PATROL: 100, SELF: 0, SPECIAL: 0}, None),
    ("rounded half up", [check(PATROL, "90"), check(PATROL, "90.1")], WEIGHTS, "90.1"),
    ("unscored checks are left out", [check(PATROL, "90"), check(PATROL, None)], WEIGHTS, "90"),
    ("default weights", [check(PATROL, "80"), check(SPECIAL, "90"), check(SELF, "100")], DEFAULT_WEIGHTS, "88"),
]


@pytest.mark.parametrize(
    ("inspections", "weights", "expected"), [pytest.param(*row[1:], id=row[0]) for row in PERIOD_CASES]
)
def test_zone_period_score(inspections, weights, expected):
    got = zone_period_score(inspections, weights)
    assert got == (None if expected is None else D(expected))
    if got is not None:
        assert got == got.quantize(D("0.1"))


def test_zone_period_score_reads_a_generator_once():
    assert zone_period_score((check(PATROL, s) for s in ("70", "80")), WEIGHTS) == D("75")
