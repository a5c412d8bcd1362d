"""Which rules an inspection checks: the target's area and position kinds, the kind's check methods."""

from __future__ import annotations

import pytest

from hallkeeper.inspections.checklists import Target, checklist_rules, rule_applies, target_of
from hallkeeper.inspections.choices import InspectionKind
from hallkeeper.inspections.kinds import KIND_CHECK_METHODS
from hallkeeper.places.choices import AreaKind, PositionKind
from hallkeeper.standards.choices import CheckMethod
from hallkeeper.standards.models import Part, Rule, Section

from .factories import AreaFactory, PositionFactory, WindowFactory
from .inspection_data import add_service_window
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

ALL_THREE = ["counter-whitelist", "seal-locked", "exit-clear"]


@pytest.fixture
def version(alpha):
    return install_tiny_handbook(alpha.hall)


@pytest.fixture
def full(alpha, version):
    alpha.service_window, alpha.counter, alpha.drawer = add_service_window(alpha, 0)
    return alpha


def rule_keys(rules) -> list[str]:
    return [r.key for r in rules]


# -- target_of ---------------------------------------------------------------------------------


def test_a_plain_zone(alpha):
    target = target_of(alpha.zones[0])
    assert target.zone == alpha.zones[0]
    assert target.area_kinds == {AreaKind.WINDOW_SERVICE}
    assert target.position_kinds == {PositionKind.DESK}
    assert (target.window_ids, target.position_ids) == ((), ())


def test_a_zone_with_a_sub_area_window_takes_its_parent_kind_too(full):
    target = target_of(full.zones[0])
    assert target.area_kinds == {AreaKind.WINDOW_SERVICE, AreaKind.COACHING}
    assert target.position_kinds == {PositionKind.DESK, PositionKind.COUNTER, PositionKind.DRAWER}


def test_zone_areas_count_only_for_the_whole_zone(alpha):
    waiting = AreaFactory(hall=alpha.hall, floor=alpha.area.floor, kind=AreaKind.WAITING)
    alpha.zones[0].areas.add(waiting)
    assert AreaKind.WAITING in target_of(alpha.zones[0]).area_kinds
    assert AreaKind.WAITING not in target_of(alpha.zones[0], windows=[alpha.windows[0]]).area_kinds
    assert AreaKind.WAITING not in target_of(alpha.zones[0], positions=[alpha.positions[0]]).area_kinds
    # the other zone does not have it
    assert AreaKind.WAITING not in target_of(alpha.zones[1]).area_kinds


def test_narrowed_to_a_window(full):
    plain = target_of(full.zones[0], windows=[full.windows[0]])
    assert plain.area_kinds == {AreaKind.WINDOW_SERVICE}
    assert plain.position_kinds == {PositionKind.DESK}
    assert plain.window_ids == (full.windows[0].pk,)
    service = target_of(full.zones[0], windows=[full.service_window])
    assert service.area_kinds == {AreaKind.COACHING, AreaKind.WINDOW_SERVICE}
    assert service.position_kinds == {PositionKind.COUNTER, PositionKind.DRAWER}


def test_narrowed_to_positions(full):
    target = target_of(full.zones[0], positions=[full.drawer])
    assert target.position_kinds == {PositionKind.DRAWER}
    assert target.area_kinds == {AreaKind.COACHING, AreaKind.WINDOW_SERVICE}  # from the drawer's window
    assert target.position_ids == (full.drawer.pk,) and target.window_ids == ()
    both = target_of(full.zones[0], windows=[full.windows[0]], positions=[full.counter])
    assert both.position_kinds == {PositionKind.COUNTER}
    assert both.area_kinds == {AreaKind.WINDOW_SERVICE}


def test_a_window_without_an_area_and_a_position_without_a_window(alpha):
    bare = WindowFactory(hall=alpha.hall, zone=alpha.zones[1], area=None)
    loose = PositionFactory(hall=alpha.hall, zone=alpha.zones[1], window=None, kind=PositionKind.SHELF)
    assert target_of(alpha.zones[1], windows=[bare]).area_kinds == frozenset()
    assert target_of(alpha.zones[1], windows=[bare]).position_kinds == frozenset()
    target = target_of(alpha.zones[1])
    assert PositionKind.SHELF in target.position_kinds
    assert target_of(alpha.zones[1], positions=[loose]).position_kinds == {PositionKind.SHELF}


# -- rule_applies -------------------------------------------------------------------------------


def _target(area_kinds=(), position_kinds=()):
    return Target(
        zone=None,
        area_kinds=frozenset(area_kinds),
        position_kinds=frozenset(position_kinds),
        window_ids=(),
        position_ids=(),
    )


@pytest.mark.parametrize(
    ("rule_areas", "rule_positions", "target_areas", "target_positions", "applies"),
    [
        pytest.param([], [], [], [], True, id="empty rule applies to an empty target"),
        pytest.param([], [], ["waiting"], ["shelf"], True, id="empty lists mean any"),
        pytest.param(["coaching"], [], ["coaching", "window_service"], ["desk"], True, id="area matches"),
        pytest.param(["coaching"], [], ["waiting"], ["counter"], False, id="area misses"),
        pytest.param(["coaching"], [], [], [], False, id="area needed, target has none"),
        pytest.param([], ["drawer"], ["waiting"], ["drawer", "desk"], True, id="position matches, any area"),
        pytest.param([], ["drawer"], ["coaching"], ["desk"], False, id="position misses"),
        pytest.param(["coaching"], ["counter"], ["coaching"], ["counter"], True, id="both match"),
        pytest.param(["coaching"], ["counter"], ["coaching"], ["drawer"], False, id="area yes, position no"),
        pytest.param(["coaching"], ["counter"], ["intake"], ["counter"], False, id="position yes, area no"),
        pytest.param(
            ["intake", "coaching"], ["shelf", "counter"], ["coaching"], ["counter"], True, id="any of several"
        ),
    ],
)
def test_rule_applies(rule_areas, rule_positions, target_areas, target_positions, applies):
    rule = Rule(area_kinds=rule_areas, position_kinds=rule_positions)
    assert rule_applies(rule, _target(target_areas, target_positions)) is applies


# -- checklist_rules ----------------------------------------------------------------------------


def test_the_small_hall_checks_only_the_exit(alpha, version):
    for kind in (InspectionKind.PATROL, InspectionKind.SELF_CHECK, InspectionKind.ACCEPTANCE):
        assert rule_keys(checklist_rules(version, target_of(alpha.zones[0]), kind)) == ["exit-clear"]


def test_a_full_zone_checks_every_rule_in_handbook_order(full, version):
    target = target_of(full.zones[0])
    for kind in (InspectionKind.PATROL, InspectionKind.SELF_CHECK, InspectionKind.ACCEPTANCE):
        assert rule_keys(checklist_rules(version, target, kind)) == ALL_THREE


def test_order_follows_part_then_section_then_rule(full, version):
    target = target_of(full.zones[0])
    Part.objects.filter(version=version, code="1").update(order=5)  # part 2 now comes first
    assert rule_keys(checklist_rules(version, target, InspectionKind.ACCEPTANCE)) == [
        "exit-clear",
        "counter-whitelist",
        "seal-locked",
    ]
    Rule.objects.filter(version=version, key="counter-whitelist").update(order=9)
    assert rule_keys(checklist_rules(version, target, InspectionKind.ACCEPTANCE)) == [
        "exit-clear",
        "seal-locked",
        "counter-whitelist",
    ]
    # a later section of part 1 goes after 1.1 whatever its rules' own order
    part1 = Part.objects.get(version=version, code="1")
    later = Section.objects.create(version=version, part=part1, code="1.2", title="柜内", order=1)
    Rule.objects.filter(version=version, key="seal-locked").update(section=later, order=0)
    assert rule_keys(checklist_rules(version, target, InspectionKind.ACCEPTANCE)) == [
        "exit-clear",
        "counter-whitelist",
        "seal-locked",
    ]


@pytest.mark.parametrize(
    ("method", "patrol", "self_check", "acceptance"),
    [
        pytest.param(CheckMethod.LOOK, True, True, True, id="look"),
        pytest.param(CheckMethod.PHOTO, True, True, True, id="photo"),
        pytest.param(CheckMethod.COUNT, True, True, True, id="count"),
        pytest.param(CheckMethod.SPOT, True, True, True, id="spot"),
        pytest.param(CheckMethod.AFTER_HOURS, True, True, True, id="after hours"),
        pytest.param("", True, True, True, id="no method"),
        pytest.param(CheckMethod.LEDGER, False, True, True, id="ledger"),
        pytest.param(CheckMethod.SYSTEM, False, False, True, id="system"),
        pytest.param(CheckMethod.CCTV, False, False, True, id="cctv"),
        pytest.param(CheckMethod.MYSTERY, False, False, True, id="mystery visit"),
    ],
)
def test_kinds_keep_the_rules_of_their_check_methods(full, version, method, patrol, self_check, acceptance):
    Rule.objects.filter(version=version, key="seal-locked").update(check_method=method)
    target = target_of(full.zones[0])
    expected = {
        InspectionKind.PATROL: patrol,
        InspectionKind.SELF_CHECK: self_check,
        InspectionKind.ACCEPTANCE: acceptance,
    }
    for kind, included in expected.items():
        keys = rule_keys(checklist_rules(version, target, kind))
        assert ("seal-locked" in keys) is included, kind
        assert "exit-clear" in keys and "counter-whitelist" in keys
        methods = KIND_CHECK_METHODS[kind]
        assert included is (methods is None or method in methods)


def test_special_check_takes_only_the_chosen_rules_that_apply(full, version):
    target = target_of(full.zones[0])
    assert checklist_rules(version, target, InspectionKind.SPECIAL) == []
    assert rule_keys(checklist_rules(version, target, InspectionKind.SPECIAL, ["exit-clear"])) == ["exit-clear"]
    chosen = ["exit-clear", "seal-locked", "unknown"]
    assert rule_keys(checklist_rules(version, target, InspectionKind.SPECIAL, chosen)) == ["seal-locked", "exit-clear"]
    # chosen, but the target has no drawer: not on the list
    plain = target_of(full.zones[0], windows=[full.windows[0]])
    assert rule_keys(checklist_rules(version, plain, InspectionKind.SPECIAL, chosen)) == ["exit-clear"]


def test_a_special_check_ignores_check_methods(full, version):
    Rule.objects.filter(version=version, key="seal-locked").update(check_method=CheckMethod.SYSTEM)
    target = target_of(full.zones[0])
    assert rule_keys(checklist_rules(version, target, InspectionKind.SPECIAL, ["seal-locked"])) == ["seal-locked"]


def test_rules_of_other_versions_are_not_used(full, version, beta):
    other = install_tiny_handbook(beta.hall)
    target = target_of(full.zones[0])
    rules = checklist_rules(version, target, InspectionKind.ACCEPTANCE)
    assert {r.version_id for r in rules} == {version.pk}
    assert {r.version_id for r in checklist_rules(other, target, InspectionKind.ACCEPTANCE)} == {other.pk}


def test_a_position_at_no_window_keeps_the_zones_areas(alpha, version):
    waiting = AreaFactory(hall=alpha.hall, floor=alpha.area.floor, kind=AreaKind.WAITING)
    alpha.zones[1].areas.add(waiting)
    shelf = PositionFactory(hall=alpha.hall, zone=alpha.zones[1], window=None, kind=PositionKind.SHELF)
    assert AreaKind.WAITING in target_of(alpha.zones[1], positions=[shelf]).area_kinds
