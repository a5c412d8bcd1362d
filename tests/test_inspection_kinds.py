"""The table of inspection kinds: every row written out here, and who may run each kind in practice."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hallkeeper.accounts.choices import Role
from hallkeeper.core.capabilities import manages_inspections
from hallkeeper.inspections import kinds
from hallkeeper.inspections.choices import InspectionKind
from hallkeeper.inspections.permissions import inspectable_zones, kinds_for, limited_to_own_windows
from hallkeeper.inspections.scoring import DEFAULT_BANDS, ItemInput, compute_score
from hallkeeper.standards.choices import CheckMethod, Severity

K = InspectionKind
SITE = {CheckMethod.LOOK, CheckMethod.PHOTO, CheckMethod.COUNT, CheckMethod.SPOT, CheckMethod.AFTER_HOURS, ""}

# kind: (colour, check methods, hall-wide check, chosen rules, own windows, zone leads, acceptance, coverage)
EXPECTED = {
    K.SELF_CHECK: ("info", SITE | {CheckMethod.LEDGER}, None, False, True, True, False, True),
    K.PATROL: ("primary", SITE, manages_inspections, False, False, False, False, True),
    K.SPECIAL: ("warning", None, manages_inspections, True, False, False, False, False),
    K.ACCEPTANCE: ("dark", None, manages_inspections, False, False, False, True, False),
}


def test_the_table_in_code_is_the_table_here():
    in_code = {
        s.kind: (
            s.colour,
            None if s.check_methods is None else set(s.check_methods),
            s.run_by,
            s.chosen_rules,
            s.own_windows,
            s.zone_leads_assignable,
            s.acceptance,
            s.coverage,
        )
        for s in kinds.KINDS
    }
    assert in_code == EXPECTED
    assert [s.kind for s in kinds.KINDS] == InspectionKind.values


@pytest.mark.parametrize("kind", InspectionKind.values)
def test_lookups_read_the_row(kind):
    row = kinds.spec(kind)
    assert row.label == InspectionKind(kind).label
    assert kinds.colour(kind) == kinds.KIND_COLOURS[kind] == row.colour
    assert kinds.takes_chosen_rules(kind) is row.chosen_rules
    assert kinds.is_acceptance(kind) is row.acceptance
    assert kinds.limits_to_own_windows(kind) is row.own_windows
    assert kinds.assignable_to_zone_leads(kind) is row.zone_leads_assignable
    assert (kind in kinds.ACCEPTANCE_KINDS) is row.acceptance
    assert (kind in kinds.COVERAGE_KINDS) is row.coverage


def test_unknown_kind_has_no_row_and_no_powers():
    assert kinds.spec("audit") is None
    assert kinds.colour("audit") == "secondary"
    for ask in (kinds.takes_chosen_rules, kinds.is_acceptance, kinds.limits_to_own_windows):
        assert ask("audit") is False
        assert ask(None) is False


# role: the kinds they may start in the hall (self-check: the lead in their zone, staff at their windows)
RUNS = {
    Role.ADMIN: set(InspectionKind.values),
    Role.LEADERSHIP: {K.PATROL, K.SPECIAL, K.ACCEPTANCE},
    Role.SUPERVISION: {K.PATROL, K.SPECIAL, K.ACCEPTANCE},
    Role.VIEWER: set(),
    "lead1": {K.SELF_CHECK},
    "staff1": {K.SELF_CHECK},
    Role.SECURITY_ADMIN: set(),
    Role.AUDIT_ADMIN: set(),
}


@pytest.mark.parametrize("who", list(RUNS))
def test_who_may_run_each_kind(alpha, who):
    user = alpha.users[who]
    assert set(kinds_for(user, alpha.hall)) == RUNS[who]
    assert inspectable_zones(user, alpha.hall, "audit").count() == 0


def test_only_the_self_check_limits_window_staff_to_their_windows(alpha):
    zone = alpha.zones[0]
    staff = alpha.users["staff1"]
    assert limited_to_own_windows(staff, zone, K.SELF_CHECK)
    for kind in (K.PATROL, K.SPECIAL, K.ACCEPTANCE):
        assert not limited_to_own_windows(staff, zone, kind)
    assert not limited_to_own_windows(alpha.users[Role.ADMIN], zone, K.SELF_CHECK)


@pytest.mark.parametrize("kind", InspectionKind.values)
def test_acceptance_passes_by_the_line_the_others_by_grade(kind):
    # 12 points off a 100-point sheet: 88 is a passing grade, but under an acceptance pass line of 90.
    items = [
        ItemInput(result="fail", deduction=Decimal("12"), occurrences=1, severity=Severity.MINOR, points=Decimal("12")),
        ItemInput(result="pass", points=Decimal("88")),
    ]
    result = compute_score(items, kind=kind, bands=DEFAULT_BANDS)
    assert result.score == Decimal("88.0")
    assert result.passed is (not kinds.spec(kind).acceptance)
