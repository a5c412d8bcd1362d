"""compute_score: the one function every stored score comes from, tested by tables."""

from decimal import Decimal

import pytest

from hallkeeper.inspections.choices import Grade, InspectionKind, ItemResult
from hallkeeper.inspections.scoring import Bands, ItemInput, compute_score, grade_for, item_deduction
from hallkeeper.standards.choices import Severity

D = Decimal
PASS = ItemInput(ItemResult.PASS, deduction=D("1"))
NA = ItemInput(ItemResult.NOT_APPLICABLE, deduction=D("5"))
PATROL = InspectionKind.PATROL
ACCEPTANCE = InspectionKind.ACCEPTANCE


def fail(deduction, occurrences=1, cap=None, severity=Severity.MINOR):
    return ItemInput(
        ItemResult.FAIL,
        occurrences=occurrences,
        deduction=None if deduction is None else D(deduction),
        cap=None if cap is None else D(cap),
        severity=severity,
    )


def lose(points) -> list[ItemInput]:
    """Items costing exactly ``points`` (no cap)."""
    return [fail(str(points)), PASS]


# (case id, items, kind, expected deduction_total, score, grade, passed, veto, failed, n/a, checked)
SCORE_CASES = [
    ("all pass", [PASS, PASS], PATROL, "0", "100", Grade.EXCELLENT, True, False, 0, 0, 2),
    ("single fail", [fail("2"), PASS], PATROL, "2", "98", Grade.EXCELLENT, True, False, 1, 0, 2),
    ("occurrences times deduction", [fail("1.5", 3)], PATROL, "4.5", "95.5", Grade.EXCELLENT, True, False, 1, 0, 1),
    ("cap applied", [fail("0.5", 6, cap="2")], PATROL, "2", "98", Grade.EXCELLENT, True, False, 1, 0, 1),
    ("under the cap", [fail("0.5", 3, cap="2")], PATROL, "1.5", "98.5", Grade.EXCELLENT, True, False, 1, 0, 1),
    ("exactly the cap", [fail("0.5", 4, cap="2")], PATROL, "2", "98", Grade.EXCELLENT, True, False, 1, 0, 1),
    ("no cap means no limit", [fail("5", 9)], PATROL, "45", "55", Grade.UNQUALIFIED, False, False, 1, 0, 1),
    ("deduction none costs nothing", [fail(None, 3)], PATROL, "0", "100", Grade.EXCELLENT, True, False, 1, 0, 1),
    (
        "caps add up across items",
        [fail("1", 5, cap="3"), fail("2", 2, cap="3"), PASS],
        PATROL,
        "6",
        "94",
        Grade.GOOD,
        True,
        False,
        2,
        0,
        3,
    ),
    ("floor at zero", [fail("10", 9), fail("10", 9)], PATROL, "180", "0", Grade.UNQUALIFIED, False, False, 2, 0, 2),
    ("exactly zero", [fail("50", 2)], PATROL, "100", "0", Grade.UNQUALIFIED, False, False, 1, 0, 1),
    ("n/a excluded", [NA, NA, PASS], PATROL, "0", "100", Grade.EXCELLENT, True, False, 0, 2, 1),
    ("all n/a", [NA], PATROL, "0", "100", Grade.EXCELLENT, True, False, 0, 1, 0),
    ("no items", [], PATROL, "0", "100", Grade.EXCELLENT, True, False, 0, 0, 0),
    (
        "veto fails whatever the score",
        [fail("0.1", severity=Severity.VETO), PASS],
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
        "veto without deduction",
        [fail(None, severity=Severity.VETO)],
        ACCEPTANCE,
        "0",
        "100",
        Grade.UNQUALIFIED,
        False,
        True,
        1,
        0,
        1,
    ),
    (
        "veto passed is no veto",
        [ItemInput(ItemResult.PASS, severity=Severity.VETO, deduction=D("2"))],
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
        "veto not applicable is no veto",
        [ItemInput(ItemResult.NOT_APPLICABLE, severity=Severity.VETO, deduction=D("2"))],
        ACCEPTANCE,
        "0",
        "100",
        Grade.EXCELLENT,
        True,
        False,
        0,
        1,
        0,
    ),
    (
        "major fail is not a veto",
        [fail("3", severity=Severity.MAJOR)],
        PATROL,
        "3",
        "97",
        Grade.EXCELLENT,
        True,
        False,
        1,
        0,
        1,
    ),
    ("rounding 0.3 x 3", [fail("0.3", 3)], PATROL, "0.9", "99.1", Grade.EXCELLENT, True, False, 1, 0, 1),
    ("rounding many tenths", [fail("0.1")] * 7, PATROL, "0.7", "99.3", Grade.EXCELLENT, True, False, 7, 0, 7),
    ("band edge excellent", lose(5), PATROL, "5", "95", Grade.EXCELLENT, True, False, 1, 0, 2),
    ("just below excellent", lose("5.1"), PATROL, "5.1", "94.9", Grade.GOOD, True, False, 1, 0, 2),
    ("band edge good", lose(15), PATROL, "15", "85", Grade.GOOD, True, False, 1, 0, 2),
    ("just below good", lose("15.1"), PATROL, "15.1", "84.9", Grade.QUALIFIED, True, False, 1, 0, 2),
    ("band edge qualified", lose(30), PATROL, "30", "70", Grade.QUALIFIED, True, False, 1, 0, 2),
    ("just below qualified", lose("30.1"), PATROL, "30.1", "69.9", Grade.UNQUALIFIED, False, False, 1, 0, 2),
    ("acceptance at the pass line", lose(10), ACCEPTANCE, "10", "90", Grade.GOOD, True, False, 1, 0, 2),
    ("acceptance just below the line", lose("10.1"), ACCEPTANCE, "10.1", "89.9", Grade.GOOD, False, False, 1, 0, 2),
    ("acceptance qualified fails", lose(20), ACCEPTANCE, "20", "80", Grade.QUALIFIED, False, False, 1, 0, 2),
    (
        "self-check qualified passes",
        lose(20),
        InspectionKind.SELF_CHECK,
        "20",
        "80",
        Grade.QUALIFIED,
        True,
        False,
        1,
        0,
        2,
    ),
    (
        "special unqualified fails",
        lose(31),
        InspectionKind.SPECIAL,
        "31",
        "69",
        Grade.UNQUALIFIED,
        False,
        False,
        1,
        0,
        2,
    ),
    (
        "acceptance veto at full marks fails",
        [fail("0.5", severity=Severity.VETO)],
        ACCEPTANCE,
        "0.5",
        "99.5",
        Grade.UNQUALIFIED,
        False,
        True,
        1,
        0,
        1,
    ),
]


@pytest.mark.parametrize(
    ("items", "kind", "deductions", "score", "grade", "passed", "veto", "failed", "na", "checked"),
    [pytest.param(*row[1:], id=row[0]) for row in SCORE_CASES],
)
def test_compute_score(items, kind, deductions, score, grade, passed, veto, failed, na, checked):
    result = compute_score(items, kind=kind)
    assert result.deduction_total == D(deductions)
    assert result.score == D(score)
    assert result.score >= 0
    assert result.grade == grade
    assert result.passed is passed
    assert result.veto_failed is veto
    assert (result.failed, result.not_applicable, result.checked) == (failed, na, checked)
    # Stored with one decimal place (the model fields are decimal_places=1).
    assert result.score == result.score.quantize(D("0.1"))
    assert result.deduction_total == result.deduction_total.quantize(D("0.1"))


CUSTOM = Bands(excellent=D("98"), good=D("90"), qualified=D("80"), acceptance_pass_line=D("95"))


@pytest.mark.parametrize(
    ("points", "kind", "grade", "passed"),
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
def test_custom_bands(points, kind, grade, passed):
    result = compute_score(lose(points), kind=kind, bands=CUSTOM)
    assert (result.grade, result.passed) == (grade, passed)


def test_a_lower_pass_line_lets_a_qualified_acceptance_pass():
    bands = Bands(acceptance_pass_line=D("75"))
    result = compute_score(lose(25), kind=ACCEPTANCE, bands=bands)
    assert (result.score, result.grade, result.passed) == (D("75"), Grade.QUALIFIED, True)


@pytest.mark.parametrize(
    "result",
    [pytest.param("", id="blank"), pytest.param("maybe", id="unknown")],
)
def test_an_unanswered_item_cannot_be_scored(result):
    with pytest.raises(ValueError, match="unanswered"):
        compute_score([PASS, ItemInput(result)], kind=PATROL)


@pytest.mark.parametrize(
    ("deduction", "occurrences", "cap", "expected"),
    [
        pytest.param("0.5", 1, None, "0.5", id="one"),
        pytest.param("0.5", 3, None, "1.5", id="times"),
        pytest.param("0.5", 5, "2", "2", id="capped"),
        pytest.param("0.3", 3, None, "0.9", id="tenths"),
        pytest.param(None, 3, None, "0", id="no deduction"),
        pytest.param("1", None, None, "0", id="no occurrences"),
        pytest.param("1", 0, None, "0", id="zero occurrences"),
        pytest.param("1", -2, None, "0", id="negative occurrences"),
    ],
)
def test_item_deduction(deduction, occurrences, cap, expected):
    got = item_deduction(None if deduction is None else D(deduction), occurrences, None if cap is None else D(cap))
    assert got == D(expected)


def test_grade_for_veto_is_always_unqualified():
    assert grade_for(D("100"), True) == Grade.UNQUALIFIED
    assert grade_for(D("100"), False) == Grade.EXCELLENT


def test_items_may_be_a_generator():
    result = compute_score((fail("1") for _ in range(3)), kind=PATROL)
    assert (result.score, result.failed) == (D("97"), 3)
