"""Handbook services: revise, publish, immutability, diff and layout checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallkeeper.accounts.choices import Role
from hallkeeper.places.choices import AreaKind
from hallkeeper.standards import services
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.clauses import CLAUSE_CODES, LEAF_CLAUSES, clause_label
from hallkeeper.standards.diff import version_diff
from hallkeeper.standards.layouts import SlotBox, layout_svg, slot_problems
from hallkeeper.standards.models import HandbookVersion, Rule
from hallkeeper.standards.selectors import rules_for_place, versions_for

from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(alpha):
    return install_tiny_handbook(alpha.hall)


def test_install_makes_a_published_first_version(published):
    assert published.status == VersionStatus.PUBLISHED and published.number == 1
    assert published.rules.count() == 3
    rule = published.rules.get(key="exit-clear")
    assert set(rule.area_kinds) == set(AreaKind.values)  # "applies everywhere" made explicit
    assert published.layouts.get().slots.count() == 2


def test_revise_copies_everything_into_a_draft(alpha, published):
    draft = services.handbook_version_revise(handbook=published.handbook, user=alpha.users[Role.ADMIN])
    assert draft.status == VersionStatus.DRAFT and draft.number == 2 and draft.based_on == published
    assert list(draft.rules.values_list("key", "code", "deduction")) == list(
        published.rules.values_list("key", "code", "deduction")
    )
    assert draft.layouts.get().slots.count() == 2
    assert draft.quantities.count() == published.quantities.count()
    assert draft.sections.get(code="1.1").rules.count() == 2


def test_only_one_draft_at_a_time(alpha, published):
    services.handbook_version_revise(handbook=published.handbook, user=alpha.users[Role.ADMIN])
    with pytest.raises(ValidationError):
        services.handbook_version_revise(handbook=published.handbook, user=alpha.users[Role.ADMIN])


@pytest.mark.parametrize("role", [Role.SUPERVISION, Role.VIEWER, "lead1", "staff1"])
def test_only_editors_revise(alpha, published, role):
    with pytest.raises(PermissionDenied):
        services.handbook_version_revise(handbook=published.handbook, user=alpha.users[role])


def test_leadership_may_revise(alpha, published):
    assert services.handbook_version_revise(handbook=published.handbook, user=alpha.users[Role.LEADERSHIP])


def test_published_version_is_immutable(alpha, published):
    rule = published.rules.get(key="counter-whitelist")
    rule.requirement = "改了"
    with pytest.raises(ValidationError):
        services.rule_save(rule=rule, user=alpha.users[Role.ADMIN])
    with pytest.raises(ValidationError):
        services.rule_delete(rule=rule, user=alpha.users[Role.ADMIN])
    assert published.rules.get(key="counter-whitelist").requirement != "改了"


def test_publish_lists_what_is_missing(alpha, published):
    admin = alpha.users[Role.ADMIN]
    draft = services.handbook_version_revise(handbook=published.handbook, user=admin)
    Rule.objects.filter(version=draft, key="counter-whitelist").update(check_method="")
    Rule.objects.filter(version=draft, key="seal-locked").update(deduction=None)
    Rule.objects.filter(version=draft, key="exit-clear").update(area_kinds=[], position_kinds=[])
    with pytest.raises(ValidationError) as exc:
        services.handbook_version_publish(version=draft, user=admin, note="修订")
    text = " ".join(exc.value.messages)
    assert "1.1.1" in text and "1.1.2" in text and "2.1.1" in text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_publish_supersedes_and_needs_a_note(alpha, published):
    admin = alpha.users[Role.ADMIN]
    draft = services.handbook_version_revise(handbook=published.handbook, user=admin)
    with pytest.raises(ValidationError):
        services.handbook_version_publish(version=draft, user=admin, note="  ")
    services.handbook_version_publish(version=draft, user=admin, note="调整扣分")
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == VersionStatus.SUPERSEDED
    assert draft.status == VersionStatus.PUBLISHED and draft.published_by == admin and draft.published_at
    with pytest.raises(ValidationError):
        services.handbook_version_publish(version=draft, user=admin, note="再次发布")


def test_diff_reports_added_removed_and_changed_fields(alpha, published):
    admin = alpha.users[Role.ADMIN]
    draft = services.handbook_version_revise(handbook=published.handbook, user=admin)
    rule = draft.rules.get(key="counter-whitelist")
    rule.deduction = Decimal("1.0")
    rule.requirement = "台面仅摆放评价器。"
    services.rule_save(rule=rule, user=admin)
    services.rule_delete(rule=draft.rules.get(key="seal-locked"), user=admin)
    new = Rule(
        version=draft,
        section=draft.sections.get(code="1.1"),
        key="cup-spot",
        code="1.1.3",
        title="水杯定点",
        requirement="水杯放在定位点。",
        check_method="look",
        deduction=Decimal("0.5"),
        position_kinds=["desk"],
        clauses=["8.2"],
    )
    services.rule_save(rule=new, user=admin)
    diff = version_diff(published, draft)
    assert [r.key for r in diff.added] == ["cup-spot"]
    assert [r.key for r in diff.removed] == ["seal-locked"]
    (change,) = diff.changed
    fields = {c.field: (c.old, c.new) for c in change.changes}
    assert fields["deduction"] == ("0.5", "1.0")
    assert "requirement" in fields and "title" not in fields


def test_drafts_are_visible_to_editors_only(alpha, published):
    services.handbook_version_revise(handbook=published.handbook, user=alpha.users[Role.ADMIN])
    assert versions_for(alpha.users[Role.ADMIN], alpha.hall).count() == 2
    assert versions_for(alpha.users[Role.VIEWER], alpha.hall).count() == 1


def test_other_halls_do_not_see_the_handbook(alpha, beta, published):
    assert not HandbookVersion.objects.visible_to(beta.users[Role.ADMIN]).exists()


def test_rules_for_a_place(published):
    keys = {r.key for r in rules_for_place(published, area_kinds={"coaching"}, position_kinds={"counter"})}
    assert keys == {"counter-whitelist", "exit-clear"}
    keys = {r.key for r in rules_for_place(published, area_kinds={"waiting"}, position_kinds=set())}
    assert keys == {"exit-clear"}


@pytest.mark.parametrize(
    ("slots", "expected"),
    [
        ([SlotBox("a", 0, 0, 100, 100)], 0),
        ([SlotBox("a", 950, 0, 100, 100)], 1),  # past the right edge
        ([SlotBox("a", 0, 0, 100, 100), SlotBox("b", 50, 50, 100, 100)], 1),  # overlap
        ([SlotBox("a", 0, 0, 100, 100), SlotBox("b", 100, 0, 100, 100)], 0),  # touching is fine
        ([SlotBox("a", 0, 0, 0, 100)], 1),
    ],
)
def test_slot_problems(slots, expected):
    assert len(slot_problems(1000, 500, slots)) == expected


def test_layout_svg_is_actual_size_with_legend():
    import xml.etree.ElementTree as ET

    svg = layout_svg("桌面", 1400, 700, [SlotBox("显示器", 500, 60, 400, 220)])
    root = ET.fromstring(svg)
    assert root.get("width").endswith("mm")
    assert "显示器" in svg


def test_clause_table():
    assert {"4", "5.1", "8.2", "11", "A", "B"} <= CLAUSE_CODES
    assert "8" not in {c.code for c in LEAF_CLAUSES}
    assert clause_label("B").startswith("附录B")


def test_default_handbook_installs_published_with_every_clause_served(alpha):
    from hallkeeper.standards.defaults import install_default_handbook

    version = install_default_handbook(alpha.hall)
    assert version.status == VersionStatus.PUBLISHED
    assert version.parts.count() == 4
    assert version.rules.count() >= 80
    served = {c for rule in version.rules.all() for c in rule.clauses}
    assert {c.code for c in LEAF_CLAUSES} <= served
    assert version.layouts.count() >= 4 and version.quantities.exists()
    assert install_default_handbook(alpha.hall) == version  # idempotent
    for layout in version.layouts.prefetch_related("slots"):
        from hallkeeper.standards.layouts import boxes

        assert slot_problems(layout.width, layout.depth, boxes(layout.slots.all())) == []
