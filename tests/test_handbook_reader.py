"""The handbook reader: every role reads, drafts stay with editors, search and filters, coverage,
diffs, exports, layouts, and a query count that does not grow with the number of rules."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.standards import services
from hallkeeper.standards.clauses import LEAF_CLAUSES
from hallkeeper.standards.defaults import fill_version
from hallkeeper.standards.models import Handbook, HandbookVersion, Layout, Rule, RuleImage

from .factories import make_hall

pytestmark = pytest.mark.django_db

ROLES = ("admin", "leadership", "supervision", "viewer", "lead1", "staff1")
EDITORS = ("admin", "leadership")


def _rule(key, code, title, **extra) -> dict:
    return {
        "key": key,
        "code": code,
        "title": title,
        "requirement": extra.pop("requirement", f"{title}的要求"),
        "check_method": extra.pop("check_method", "look"),
        "deduction": extra.pop("deduction", "1"),
        "severity": extra.pop("severity", "minor"),
        "clauses": extra.pop("clauses", ["8.2"]),
        **extra,
    }


RULES = [
    _rule(
        "desk-tidy",
        "1.1.1",
        "桌面整洁",
        requirement="桌面只放定置图上的物品，下班前清空。",
        position_kinds=["desk"],
        clauses=["8.2", "A"],
        example="电脑、叫号器、评价器按定置图摆放",
        counter_example="水杯、零食堆在桌角",
        cap="5",
    ),
    _rule(
        "drawer-order",
        "1.1.2",
        "抽屉有序",
        position_kinds=["drawer"],
        check_method="spot",
        clauses=["8.1"],
        severity="major",
    ),
    _rule("dress-code", "2.1.1", "着装规范", area_kinds=["window_service"], clauses=["5.1"], check_method="cctv"),
    _rule(
        "no-smoking",
        "2.1.2",
        "禁止吸烟",
        area_kinds=["waiting", "window_service"],
        clauses=["7.2"],
        severity="veto",
        requirement="大厅内严禁吸烟。",
    ),
    _rule("quantity", "2.2.1", "物品数量", position_kinds=["desk", "cabinet"], clauses=["B"], check_method="count"),
]

LAYOUTS = [
    {
        "position_kind": "desk",
        "name": "窗口办公桌面",
        "width": 1400,
        "depth": 700,
        "slots": [
            {"item": "电脑显示器", "x": 500, "y": 50, "width": 500, "depth": 200},
            {"item": "叫号器", "x": 100, "y": 400, "width": 150, "depth": 100, "colour": "#cfe2ff"},
        ],
    },
    {"position_kind": "drawer", "name": "抽屉", "width": 400, "depth": 450, "slots": []},
]

QUANTITIES = [
    {"item": "签字笔", "position_kind": "desk", "quantity": 2, "unit": "支"},
    {"item": "文件盒", "position_kind": "cabinet", "quantity": 6, "unit": "个", "note": "按年度"},
    {"item": "计算器", "position_kind": "desk", "quantity": 1, "unit": "个"},
]


def handbook_data(rules=None) -> dict:
    rules = RULES if rules is None else rules
    half = max(1, len(rules) // 2)
    return {
        "title": "测试手册",
        "parts": [
            {
                "code": "一",
                "title": "物品定置",
                "intro": "物品的定置。",
                "sections": [{"code": "1.1", "title": "桌面与抽屉", "rules": rules[:half]}],
            },
            {
                "code": "二",
                "title": "人员与秩序",
                "sections": [{"code": "2.1", "title": "人员", "rules": rules[half:]}],
            },
        ],
    }


def install(hall, rules=None, *, images: int = 0) -> HandbookVersion:
    """Publish V1 of a small handbook built from plain data; ``images`` pictures per rule."""
    handbook, _ = Handbook.objects.get_or_create(hall=hall, defaults={"title": "测试手册"})
    version = HandbookVersion.objects.create(handbook=handbook, number=1, title="测试手册", preface="手册前言")
    fill_version(version, handbook_data(rules), LAYOUTS, QUANTITIES)
    RuleImage.objects.bulk_create(
        RuleImage(rule=rule, kind=kind, image=f"handbook/test/{rule.key}-{i}.jpg", width=40, height=30, caption="图")
        for rule in version.rules.all()
        for i, kind in enumerate(["reference", "counter"][:images] * max(1, images // 2))
    )
    return services.publish_version(version=version, user=None, note="首版")


def revise(version: HandbookVersion, user) -> HandbookVersion:
    """V2: the desk rule's requirement changes, the drawer rule goes, a new rule comes."""
    draft = services.handbook_version_revise(handbook=version.handbook, user=user)
    rule = draft.rules.get(key="desk-tidy")
    rule.requirement = "桌面只放定置图上的物品，午休和下班前清空。"
    rule.deduction = 2
    rule.save()
    draft.rules.get(key="drawer-order").delete()
    Rule.objects.create(
        version=draft,
        section=rule.section,
        key="screen-clean",
        code="1.1.3",
        title="屏幕清洁",
        requirement="显示器无灰尘。",
        check_method="look",
        deduction=1,
        severity="minor",
        position_kinds=["desk"],
        clauses=["9.2"],
        order=9,
    )
    return services.publish_version(version=draft, user=user, note="修订桌面要求")


@pytest.fixture
def hall(alpha):
    alpha.v1 = install(alpha.hall, images=2)
    return alpha


@pytest.fixture
def revised(hall):
    hall.v2 = revise(hall.v1, hall.users[Role.ADMIN])
    hall.v1.refresh_from_db()
    return hall


def user_of(h, role):
    return h.users[Role(role)] if role in Role.values else h.users[role]


def url(name, h, **kwargs):
    return reverse(name, kwargs={"hall": h.hall.code, **kwargs})


def page_urls(h) -> dict[str, str]:
    layout = Layout.objects.get(version=h.v1, name="窗口办公桌面")
    return {
        "handbook_home": url("handbook_home", h),
        "handbook_version": url("handbook_version", h, number=1),
        "handbook_rule": url("handbook_rule", h, number=1, key="desk-tidy"),
        "handbook_versions": url("handbook_versions", h),
        "handbook_diff": url("handbook_diff", h),
        "handbook_coverage": url("handbook_coverage", h),
        "handbook_quantities": url("handbook_quantities", h, number=1),
        "handbook_layouts": url("handbook_layouts", h, number=1),
        "handbook_layout": url("handbook_layout", h, number=1, pk=layout.pk),
        "handbook_layout_svg": url("handbook_layout_svg", h, number=1, pk=layout.pk),
    }


def rule_keys(response) -> list[str]:
    return [r.key for part in response.context["parts"] for s in part.shown_sections for r in s.shown_rules]


# -- who reads what -------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_for_every_role_of_the_hall(client, hall, role):
    client.force_login(user_of(hall, role))
    for name, address in page_urls(hall).items():
        response = client.get(address)
        assert response.status_code == 200, f"{role} {name}"


def test_another_halls_admin_gets_404_everywhere(client, hall, beta):
    install(beta.hall)
    client.force_login(beta.users[Role.ADMIN])
    for name, address in page_urls(hall).items():
        assert client.get(address).status_code == 404, name


def test_anonymous_is_sent_to_login(client, hall):
    response = client.get(url("handbook_home", hall))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_home_reads_the_current_published_version(client, revised):
    client.force_login(revised.users["staff1"])
    response = client.get(url("handbook_home", revised))
    assert response.context["version"] == revised.v2
    assert "screen-clean" in rule_keys(response)
    assert "drawer-order" not in rule_keys(response)
    assert "手册前言" in response.content.decode()


def test_drafts_are_for_editors_only(client, revised):
    draft = services.handbook_version_revise(handbook=revised.v2.handbook, user=revised.users[Role.ADMIN])
    address = url("handbook_version", revised, number=draft.number)
    rule_address = url("handbook_rule", revised, number=draft.number, key="desk-tidy")
    for role in ROLES:
        client.force_login(user_of(revised, role))
        expected = 200 if role in EDITORS else 404
        assert client.get(address).status_code == expected, role
        assert client.get(rule_address).status_code == expected, role
        history = client.get(url("handbook_versions", revised)).context["versions"]
        assert (draft in history) == (role in EDITORS), role
    client.force_login(revised.users[Role.LEADERSHIP])
    response = client.get(address)
    assert b'data-testid="draft-banner"' in response.content
    # The home page still shows the published version, not the draft, and points editors to the draft.
    response = client.get(url("handbook_home", revised))
    assert response.context["version"] == revised.v2
    assert b'data-testid="draft-hint"' in response.content
    client.force_login(revised.users[Role.SUPERVISION])
    assert b'data-testid="draft-hint"' not in client.get(url("handbook_home", revised)).content


def test_superseded_version_points_to_the_current_one(client, revised):
    client.force_login(revised.users[Role.VIEWER])
    response = client.get(url("handbook_version", revised, number=1))
    body = response.content.decode()
    assert 'data-testid="superseded-banner"' in body
    assert url("handbook_version", revised, number=2) in body


def test_unknown_version_rule_and_layout_are_404(client, hall):
    client.force_login(hall.users[Role.ADMIN])
    layout = Layout.objects.get(version=hall.v1, name="抽屉")
    assert client.get(url("handbook_version", hall, number=7)).status_code == 404
    assert client.get(url("handbook_rule", hall, number=1, key="no-such-rule")).status_code == 404
    assert client.get(url("handbook_layout", hall, number=1, pk=layout.pk + 100)).status_code == 404
    assert client.get(url("handbook_coverage", hall), {"version": "x"}).status_code == 404
    assert client.get(url("handbook_coverage", hall), {"version": "9"}).status_code == 404


def test_rule_urls_leave_the_editors_new_rule_page_alone():
    from django.urls import resolve

    assert resolve("/h/alpha/handbook/v1/rules/desk-tidy/").url_name == "handbook_rule"
    assert resolve("/h/alpha/handbook/v1/rules/news/").url_name == "handbook_rule"
    assert resolve("/h/alpha/handbook/v1/rules/new/").url_name != "handbook_rule"


def test_layout_of_another_hall_is_404(client, hall, beta):
    other = install(beta.hall)
    layout = Layout.objects.get(version=other, name="抽屉")
    client.force_login(hall.users[Role.ADMIN])
    assert client.get(url("handbook_layout", hall, number=1, pk=layout.pk)).status_code == 404
    assert client.get(url("handbook_layout_svg", hall, number=1, pk=layout.pk)).status_code == 404


# -- without a handbook ---------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_without_a_handbook_every_role_gets_an_empty_state(client, alpha, role):
    client.force_login(user_of(alpha, role))
    for name in ("handbook_home", "handbook_versions", "handbook_diff", "handbook_coverage"):
        response = client.get(url(name, alpha))
        assert response.status_code == 200, name
    body = client.get(url("handbook_home", alpha)).content.decode()
    assert 'data-testid="no-handbook"' in body
    assert ('data-testid="install-handbook"' in body) == (role in EDITORS and _install_exists())
    assert client.get(url("handbook_version", alpha, number=1)).status_code == 404


def _install_exists() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("handbook_install", kwargs={"hall": "alpha"})
    except NoReverseMatch:
        return False
    return True


def test_editor_without_published_version_is_led_to_the_draft(client, alpha):
    handbook = Handbook.objects.create(hall=alpha.hall, title="测试手册")
    draft = HandbookVersion.objects.create(handbook=handbook, number=1, title="测试手册")
    fill_version(draft, handbook_data(), LAYOUTS, QUANTITIES)
    client.force_login(alpha.users[Role.LEADERSHIP])
    body = client.get(url("handbook_home", alpha)).content.decode()
    assert url("handbook_version", alpha, number=1) in body
    assert 'data-testid="install-handbook"' not in body
    client.force_login(alpha.users[Role.VIEWER])
    body = client.get(url("handbook_home", alpha)).content.decode()
    assert 'data-testid="open-draft"' not in body


# -- search and filters ---------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["desk-tidy", "drawer-order", "dress-code", "no-smoking", "quantity"]),
        ({"q": "吸烟"}, ["no-smoking"]),  # title and requirement
        ({"q": "2.1.1"}, ["dress-code"]),  # code
        ({"q": "零食"}, ["desk-tidy"]),  # counter-example text
        ({"q": "叫号器"}, ["desk-tidy"]),  # example text
        ({"q": "桌面 下班"}, ["desk-tidy"]),  # every word must match
        ({"q": "不存在的词"}, []),
        ({"area_kind": "waiting"}, ["no-smoking"]),
        ({"area_kind": "window_service"}, ["dress-code", "no-smoking"]),
        ({"position_kind": "desk"}, ["desk-tidy", "quantity"]),
        ({"position_kind": "drawer"}, ["drawer-order"]),
        ({"clause": "8.2"}, ["desk-tidy"]),
        ({"clause": "8"}, ["desk-tidy", "drawer-order"]),  # a parent clause gathers its sub-clauses
        ({"clause": "B"}, ["quantity"]),
        ({"severity": "veto"}, ["no-smoking"]),
        ({"severity": "major"}, ["drawer-order"]),
        ({"check_method": "count"}, ["quantity"]),
        ({"check_method": "cctv"}, ["dress-code"]),
        ({"position_kind": "desk", "clause": "B"}, ["quantity"]),
    ],
)
def test_search_and_filters_narrow_the_rules(client, hall, params, expected):
    client.force_login(hall.users["staff1"])
    response = client.get(url("handbook_home", hall), params)
    assert rule_keys(response) == expected
    assert response.context["rule_count"] == len(expected)
    assert response.context["rule_total"] == 5
    body = response.content.decode()
    assert ('data-testid="empty"' in body) == (not expected)


def test_an_invalid_filter_value_is_ignored(client, hall):
    client.force_login(hall.users[Role.VIEWER])
    response = client.get(url("handbook_home", hall), {"severity": "dreadful", "position_kind": "drawer"})
    assert rule_keys(response) == ["drawer-order"]
    assert response.context["form"].errors.keys() == {"severity"}


def test_reader_shows_thumbnails_and_table_of_contents(client, hall):
    client.force_login(hall.users["staff1"])
    body = client.get(url("handbook_home", hall)).content.decode()
    assert body.count('data-testid="thumbnail"') == 10  # two pictures for each of the five rules
    picture = RuleImage.objects.get(image="handbook/test/desk-tidy-0.jpg", rule__version__number=1)
    assert url("handbook_picture", hall, pk=picture.pk) in body and "/media/" not in body
    assert 'data-testid="toc"' in body
    assert url("handbook_rule", hall, number=1, key="desk-tidy") in body


# -- one rule -------------------------------------------------------------------


def test_rule_page_shows_everything_about_the_rule(client, revised):
    client.force_login(revised.users["staff1"])
    response = client.get(url("handbook_rule", revised, number=2, key="desk-tidy"))
    body = response.content.decode()
    assert "午休和下班前清空" in body  # requirement
    assert response.context["rule"].position_kind_labels[0] in body  # applicability
    assert "8.2" in body and "附录A" in body  # clauses
    assert 'data-testid="rule-layouts"' in body and "<svg" in body  # the desk layout
    assert "签字笔" in body and "文件盒" not in body  # quantities of the rule's position kinds only
    others = response.context["other_versions"]
    assert [r.version.number for r in others] == [1]
    assert url("handbook_rule", revised, number=1, key="desk-tidy") in body


def test_rule_page_shows_example_texts_beside_their_pictures(client, hall):
    client.force_login(hall.users[Role.VIEWER])
    body = client.get(url("handbook_rule", hall, number=1, key="desk-tidy")).content.decode()
    example = body.split('data-testid="example"')[1].split('data-testid="counter-example"')[0]
    counter = body.split('data-testid="counter-example"')[1]
    pictures = RuleImage.objects.filter(rule__version__number=1, rule__key="desk-tidy")
    reference, wrong = (url("handbook_picture", hall, pk=pictures.get(image__endswith=f"-{i}.jpg").pk) for i in (0, 1))
    assert "电脑、叫号器、评价器按定置图摆放" in example and reference in example
    assert "水杯、零食堆在桌角" in counter and wrong in counter


def test_other_versions_hide_drafts_from_readers(client, revised):
    services.handbook_version_revise(handbook=revised.v2.handbook, user=revised.users[Role.ADMIN])
    client.force_login(revised.users[Role.VIEWER])
    response = client.get(url("handbook_rule", revised, number=2, key="desk-tidy"))
    assert [r.version.number for r in response.context["other_versions"]] == [1]
    client.force_login(revised.users[Role.ADMIN])
    response = client.get(url("handbook_rule", revised, number=2, key="desk-tidy"))
    assert [r.version.number for r in response.context["other_versions"]] == [3, 1]


# -- coverage -------------------------------------------------------------------


def test_coverage_marks_gaps_and_serves_parents(client, hall):
    client.force_login(hall.users[Role.SUPERVISION])
    response = client.get(url("handbook_coverage", hall))
    coverage = response.context["coverage"]
    rows = {row.clause.code: row for row in coverage.rows}
    served = {"5.1", "7.2", "8.1", "8.2", "A", "B"}
    assert {code for code, row in rows.items() if row.is_leaf and not row.is_gap} == served
    assert coverage.gap_count == len(LEAF_CLAUSES) - len(served)
    assert rows["4"].is_gap and rows["8.2"].rules and not rows["8.2"].is_gap
    assert [r.key for r in rows["8"].rules] == ["desk-tidy", "drawer-order"]  # the parent gathers 8.1 and 8.2
    assert not rows["6"].is_gap and not rows["6"].rules  # a parent is never a gap itself
    body = response.content.decode()
    assert body.count('data-testid="gap"') == coverage.gap_count
    assert f'data-testid="gap-count">{coverage.gap_count}<' in body


def test_coverage_of_a_chosen_version(client, revised):
    client.force_login(revised.users[Role.VIEWER])
    current = client.get(url("handbook_coverage", revised)).context["coverage"]
    old = client.get(url("handbook_coverage", revised), {"version": 1}).context["coverage"]
    assert current.version == revised.v2 and old.version == revised.v1
    assert "9.2" not in {r.clause.code for r in current.gaps}
    assert "9.2" in {r.clause.code for r in old.gaps}


def test_coverage_exports_a_real_workbook(client, hall):
    client.force_login(hall.users[Role.LEADERSHIP])
    response = client.get(url("handbook_coverage", hall), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 23  # header + every clause
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["4"][4] == "是"  # a gap
    assert by_code["8.2"][4] == "否" and "1.1.1" in by_code["8.2"][2] and "桌面整洁" in by_code["8.2"][3]


def test_default_handbook_leaves_no_gap(client, alpha):
    from hallkeeper.standards.defaults import install_default_handbook

    install_default_handbook(alpha.hall)
    client.force_login(alpha.users[Role.LEADERSHIP])
    response = client.get(url("handbook_coverage", alpha))
    coverage = response.context["coverage"]
    assert coverage.rule_count >= 80
    assert coverage.gap_count == 0, [g.clause.code for g in coverage.gaps]
    assert not coverage.unknown
    assert 'data-testid="gap"' not in response.content.decode()
    # The whole default handbook renders, with its layouts and quantities.
    version = coverage.version
    for name in ("handbook_version", "handbook_layouts", "handbook_quantities"):
        assert client.get(url(name, alpha, number=version.number)).status_code == 200, name


# -- quantities and layouts -----------------------------------------------------


def test_quantities_grouped_by_position_kind_and_exported(client, hall):
    client.force_login(hall.users["lead1"])
    response = client.get(url("handbook_quantities", hall, number=1))
    groups = response.context["groups"]
    assert [g.position_kind for g in groups] == ["desk", "cabinet"]
    assert [q.item for q in groups[0].rows] == ["签字笔", "计算器"]
    export = client.get(url("handbook_quantities", hall, number=1), {"export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 4
    assert rows[3][1:4] == ("文件盒", 6, "个")


def test_layout_pages_draw_the_diagram(client, hall):
    client.force_login(hall.users["staff1"])
    response = client.get(url("handbook_layouts", hall, number=1))
    body = response.content.decode()
    assert body.count("<svg") == 2
    layout = Layout.objects.get(version=hall.v1, name="窗口办公桌面")
    body = client.get(url("handbook_layout", hall, number=1, pk=layout.pk)).content.decode()
    assert 'width="1420mm"' in body  # the real size, for printing
    assert 'data-testid="print"' in body and "叫号器" in body
    assert url("handbook_layout_svg", hall, number=1, pk=layout.pk) in body


def test_svg_endpoint_returns_a_valid_svg(client, hall):
    layout = Layout.objects.get(version=hall.v1, name="窗口办公桌面")
    client.force_login(hall.users[Role.VIEWER])
    response = client.get(url("handbook_layout_svg", hall, number=1, pk=layout.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("width").endswith("mm")
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "窗口办公桌面" in texts and "叫号器" in texts


# -- history and diff -----------------------------------------------------------


def test_versions_page_lists_every_version_with_counts(client, revised):
    client.force_login(revised.users[Role.VIEWER])
    response = client.get(url("handbook_versions", revised))
    versions = response.context["versions"]
    assert [(v.number, v.status, v.rule_count) for v in versions] == [(2, "published", 5), (1, "superseded", 5)]
    body = response.content.decode()
    assert "修订桌面要求" in body
    assert "?from=1&amp;to=2" in body


def test_diff_shows_added_removed_and_changed_rules(client, revised):
    client.force_login(revised.users[Role.LEADERSHIP])
    response = client.get(url("handbook_diff", revised))  # defaults: previous → current
    diff = response.context["diff"]
    assert (diff.old, diff.new) == (revised.v1, revised.v2)
    assert [r.key for r in diff.added] == ["screen-clean"]
    assert [r.key for r in diff.removed] == ["drawer-order"]
    changed = {c.key: c for c in diff.changed}
    assert "desk-tidy" in changed
    body = response.content.decode()
    assert 'data-testid="added"' in body and "屏幕清洁" in body
    assert 'data-testid="removed"' in body and "抽屉有序" in body
    assert 'data-testid="changed" data-rule="desk-tidy"' in body
    assert '<ins class="diff-ins">午休和</ins>' in body  # the inserted words are highlighted
    assert '<del class="diff-del">1</del>' in body and '<ins class="diff-ins">2</ins>' in body  # deduction 1 → 2


def test_diff_between_chosen_versions_and_backwards(client, revised):
    client.force_login(revised.users[Role.VIEWER])
    response = client.get(url("handbook_diff", revised), {"from": 2, "to": 1})
    diff = response.context["diff"]
    assert [r.key for r in diff.added] == ["drawer-order"]
    assert [r.key for r in diff.removed] == ["screen-clean"]


@pytest.mark.parametrize("params", [{"from": 1, "to": 9}, {"from": "x", "to": 2}, {"from": 2, "to": 2}, {"to": "a"}])
def test_diff_with_bad_numbers_gives_a_clear_message(client, revised, params):
    client.force_login(revised.users[Role.VIEWER])
    response = client.get(url("handbook_diff", revised), params)
    assert response.status_code == 200
    assert response.context["diff"] is None
    assert b'data-testid="diff-error"' in response.content or response.context["form"].errors


def test_diff_hides_drafts_from_readers(client, revised):
    draft = services.handbook_version_revise(handbook=revised.v2.handbook, user=revised.users[Role.ADMIN])
    client.force_login(revised.users["staff1"])
    response = client.get(url("handbook_diff", revised), {"from": 2, "to": draft.number})
    assert response.context["diff"] is None
    assert "to" in response.context["form"].errors
    client.force_login(revised.users[Role.ADMIN])
    response = client.get(url("handbook_diff", revised), {"from": 2, "to": draft.number})
    assert response.context["diff"].new == draft


def test_diff_with_a_single_version_has_nothing_to_compare(client, hall):
    client.force_login(hall.users[Role.VIEWER])
    response = client.get(url("handbook_diff", hall))
    assert response.context["diff"] is None
    assert b'data-testid="empty"' in response.content


# -- query counts ---------------------------------------------------------------


def _many_rules(n: int) -> list[dict]:
    kinds = ["desk", "drawer", "cabinet"]
    clauses = ["5.1", "6.2", "8.2", "9.1", "B"]
    return [
        _rule(f"rule-{i}", f"9.{i}", f"细则{i}", position_kinds=[kinds[i % 3]], clauses=[clauses[i % 5]])
        for i in range(n)
    ]


def _count(client, address, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("name", "kwargs", "params"),
    [
        ("handbook_home", {}, {}),
        ("handbook_home", {}, {"q": "细则", "position_kind": "desk"}),
        ("handbook_version", {"number": 1}, {}),
        ("handbook_rule", {"number": 1, "key": "rule-0"}, {}),
        ("handbook_coverage", {}, {}),
        ("handbook_versions", {}, {}),
    ],
)
def test_query_count_does_not_grow_with_rules(client, name, kwargs, params):
    few, many = make_hall("few"), make_hall("many")
    install(few.hall, _many_rules(5), images=2)
    install(many.hall, _many_rules(50), images=2)
    counts = []
    for h in (few, many):
        client.force_login(h.users["staff1"])
        counts.append(_count(client, url(name, h, **kwargs), params))
    assert counts[0] == counts[1], counts
