"""Whole user journeys: password, zone list and export, adding a position on a phone, the task
breakdown, and switching the interface language."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.places.models import Position
from hallkeeper.places.views import ZoneListView

from ..factories import PASSWORD, MembershipFactory, PersonFactory, UnitFactory, WorkGroupFactory, ZoneFactory
from .helpers import first_cells, login, logout, open_user_menu, read_xlsx, table_rows, url

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "Lantern-harbour-2931"


def zh(message: str) -> str:
    """The Simplified Chinese UI text for an English msgid (the msgid itself while untranslated)."""
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


# -- (a) password ------------------------------------------------------------------------------


def test_change_password_logout_and_log_in_again(page, live_server, alpha):
    login(page, live_server, "alpha-viewer", PASSWORD)

    open_user_menu(page)
    with page.expect_navigation():
        page.locator(".dropdown-menu a[href='/accounts/password/']").click()
    expect(page).to_have_url(url(live_server, "/accounts/password/"))
    page.locator("input[name=old_password]").fill(PASSWORD)
    page.locator("input[name=new_password1]").fill(NEW_PASSWORD)
    page.locator("input[name=new_password2]").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "/accounts/password/done/"))
    expect(page.locator("main .alert-success")).to_be_visible()

    # Still logged in after the change; log out through the user menu.
    logout(page)
    expect(page.locator("input[name=username]")).to_be_visible()
    assert page.goto(url(live_server, "/h/alpha/")).url.startswith(url(live_server, "/accounts/login/"))

    # The old password no longer works, and says so.
    login(page, live_server, "alpha-viewer", PASSWORD, expect_success=False)
    expect(page).to_have_url(url(live_server, "/accounts/login/"))
    expect(page.locator("main .alert-danger")).to_be_visible()
    expect(page.get_by_test_id("user-menu")).to_have_count(0)

    login(page, live_server, "alpha-viewer", NEW_PASSWORD)
    expect(page).to_have_url(url(live_server, "/h/alpha/"))
    expect(page.get_by_test_id("overview")).to_be_visible()


# -- (b) zone list: search, filter, pagination, export ----------------------------------------------


@pytest.fixture
def thirty_zones(alpha):
    """Alpha with 30 zones: Z01–Z02 from make_hall, Z03–Z30 added; six of them answer to one unit."""
    hall = alpha.hall
    registry = UnitFactory(hall=hall, code="BDC", name="不动产登记中心")
    alpha.zones[0].units.add(registry)
    for i in range(3, 31):
        zone = ZoneFactory(hall=hall, code=f"Z{i:02d}", name=f"分区{i:02d}")
        if i in (3, 4, 5, 6, 7):
            zone.units.add(registry)
    return alpha, registry


def zone_codes(page) -> list[str]:
    return first_cells(page, "zone-table")


def submit_filters(page) -> None:
    with page.expect_navigation():
        page.get_by_test_id("filters").locator("button[type=submit]").click()


def download_rows(page) -> tuple[str, list[list]]:
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    _, rows = read_xlsx(info.value)
    return info.value.suggested_filename, rows


def test_zone_list_search_filter_pagination_and_export(page, live_server, thirty_zones):
    alpha, registry = thirty_zones
    login(page, live_server, "alpha-admin", PASSWORD)
    page.goto(url(live_server, "/h/alpha/zones/"))

    # 30 zones, 25 a page: two pages.
    expect(table_rows(page, "zone-table")).to_have_count(25)
    assert zone_codes(page) == [f"Z{i:02d}" for i in range(1, 26)]
    pagination = page.locator("main nav .pagination")
    expect(pagination).to_contain_text("1 / 2")
    with page.expect_navigation():
        pagination.locator("a", has_text="›").click()
    assert zone_codes(page) == [f"Z{i:02d}" for i in range(26, 31)]
    expect(pagination).to_contain_text("2 / 2")

    # Free-text search narrows the table (and the pagination goes away).
    filters = page.get_by_test_id("filters")
    filters.locator("input[name=q]").fill("Z1")
    submit_filters(page)
    expect(page).to_have_url(re.compile(r"[?&]q=Z1"))
    assert zone_codes(page) == [f"Z{i}" for i in range(10, 20)]
    expect(page.locator("main nav .pagination")).to_have_count(0)

    # Search by the lead's name.
    filters.locator("input[name=q]").fill("alpha责任人2")
    submit_filters(page)
    assert zone_codes(page) == ["Z02"]

    # Filter by responsible unit.
    filters.locator("input[name=q]").fill("")
    filters.locator("select[name=unit]").select_option(label=registry.name)
    submit_filters(page)
    assert zone_codes(page) == ["Z01", "Z03", "Z04", "Z05", "Z06", "Z07"]
    expect(page.get_by_test_id("zone-table")).to_contain_text(registry.name)

    # Unit and search together.
    filters.locator("input[name=q]").fill("分区0")
    submit_filters(page)
    assert zone_codes(page) == ["Z03", "Z04", "Z05", "Z06", "Z07"]

    # The export is a real workbook holding exactly the filtered rows.
    filename, rows = download_rows(page)
    assert filename.endswith(".xlsx")
    with translation.override("zh-hans"):
        header = [str(c.header) for c in ZoneListView.export_columns]
    assert [str(c) for c in rows[0]] == header
    assert [r[0] for r in rows[1:]] == ["Z03", "Z04", "Z05", "Z06", "Z07"]
    assert all(registry.name in r[2] for r in rows[1:])


def test_zone_export_is_scoped_to_the_user(page, live_server, thirty_zones):
    login(page, live_server, "alpha-lead2", PASSWORD)
    page.goto(url(live_server, "/h/alpha/zones/"))
    assert zone_codes(page) == ["Z02"]
    expect(page.locator("main nav .pagination")).to_have_count(0)
    _, rows = download_rows(page)
    assert len(rows) == 2
    assert rows[1][0] == "Z02"
    assert rows[1][3] == "alpha责任人2"


# -- (c) a zone lead adds a position from a phone ---------------------------------------------------


def test_zone_lead_adds_a_position_on_a_phone(phone_page, live_server, alpha):
    page = phone_page
    z1, z2 = alpha.zones
    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, f"/h/alpha/zones/{z1.pk}/"))

    add = page.locator(f"main a[href='/h/alpha/positions/new/?zone={z1.pk}']")
    expect(add).to_be_visible()
    with page.expect_navigation():
        add.tap()
    expect(page).to_have_url(re.compile(r"/h/alpha/positions/new/\?zone=\d+$"))

    form = page.locator("main form[method=post]")
    zone_select = form.locator("select[name=zone]")
    # Only their own zone can be chosen, and it is preselected.
    assert [o for o in zone_select.locator("option").all_inner_texts() if o.strip("- ")] == [str(z1)]
    expect(zone_select).to_have_value(str(z1.pk))
    # The form fits the phone's width: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    form.locator("input[name=code]").fill("alpha-M1")
    form.locator("input[name=name]").fill("手机登记的文件盒")
    form.locator("select[name=kind]").select_option("file_box")
    form.locator("select[name=window]").select_option(str(alpha.windows[0].pk))
    with page.expect_navigation():
        form.locator("button[type=submit]").tap()

    position = Position.objects.get(hall=alpha.hall, code="alpha-M1")
    expect(page).to_have_url(url(live_server, f"/h/alpha/positions/{position.pk}/"))
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("main h1")).to_contain_text("手机登记的文件盒")
    assert position.zone_id == z1.pk and position.window_id == alpha.windows[0].pk

    # Back on the zone page, the new position is listed.
    with page.expect_navigation():
        page.locator(f"main dd a[href='/h/alpha/zones/{z1.pk}/']").tap()
    expect(page.locator("main .card", has=page.locator("table")).last).to_contain_text("alpha-M1")
    expect(page.locator("main")).to_contain_text("手机登记的文件盒")

    # Their own zone's edit page opens; another zone's does not exist for them.
    assert page.goto(url(live_server, f"/h/alpha/zones/{z1.pk}/edit/")).status == 200
    expect(page.locator("main form input[name=name]")).to_have_value(z1.name)
    response = page.goto(url(live_server, f"/h/alpha/zones/{z2.pk}/edit/"))
    assert response.status == 404
    assert z2.name not in page.content()
    assert page.goto(url(live_server, f"/h/alpha/positions/{alpha.positions[1].pk}/edit/")).status == 404


# -- (d) task breakdown ---------------------------------------------------------------------------


def test_organization_lists_the_leadership_group_first(page, live_server, alpha):
    hall = alpha.hall
    # Created in the "wrong" order on purpose: the page orders by kind, not by creation.
    supervision = WorkGroupFactory(hall=hall, kind=GroupKind.SUPERVISION, name="督查小组", duty="负责督查。")
    promotion = WorkGroupFactory(hall=hall, kind=GroupKind.PROMOTION, name="推进小组", duty="负责推进。")
    leadership = WorkGroupFactory(hall=hall, kind=GroupKind.LEADERSHIP, name="领导小组", duty="统筹全局。")
    member = MembershipFactory(group=leadership, person=PersonFactory(hall=hall, name="成员甲"), order=1)
    MembershipFactory(
        group=leadership, person=PersonFactory(hall=hall, name="副组长乙"), role=MemberRole.DEPUTY, duty="分管窗口。"
    )
    MembershipFactory(group=leadership, person=PersonFactory(hall=hall, name="组长丙"), role=MemberRole.LEADER)
    MembershipFactory(group=promotion, person=alpha.zones[0].lead)
    MembershipFactory(group=promotion, person=alpha.zones[1].lead)
    MembershipFactory(group=supervision, person=PersonFactory(hall=hall, name="督查员丁"))
    assert member.role == MemberRole.MEMBER

    login(page, live_server, "alpha-leadership", PASSWORD)
    # The overview's group card lists the leadership group first as well.
    expect(page.get_by_test_id("groups").locator("li .fw-semibold")).to_have_text(["领导小组", "推进小组", "督查小组"])

    page.goto(url(live_server, "/h/alpha/organization/"))
    breakdown = page.get_by_test_id("breakdown")
    expect(breakdown.locator("tbody th[scope=rowgroup]")).to_have_text(["领导小组", "推进小组", "督查小组"])
    rows = breakdown.locator("tbody tr")
    expect(rows).to_have_count(3 + 1 + 1)  # leader, deputy, member | zone leads share a row | inspector
    # Within the leadership group: leader, then deputy, then members.
    expect(rows.nth(0)).to_contain_text(zh("Leader"))
    expect(rows.nth(0)).to_contain_text("组长丙")
    expect(rows.nth(1)).to_contain_text("副组长乙")
    expect(rows.nth(1)).to_contain_text("分管窗口。")
    expect(rows.nth(2)).to_contain_text("成员甲")
    expect(rows.nth(2)).to_contain_text("统筹全局。")
    expect(rows.nth(3)).to_contain_text("alpha责任人1、alpha责任人2")

    # The export carries the same table, in the same order.
    with page.expect_download() as info:
        page.get_by_test_id("export").click()
    sheets, values = read_xlsx(info.value)
    assert len(sheets) == 3  # breakdown, units, people
    assert [r[0] for r in values[1:]] == ["领导小组", "领导小组", "领导小组", "推进小组", "督查小组"]
    assert values[1][2] == "组长丙"


# -- (e) language ---------------------------------------------------------------------------------


def test_switch_language_to_english_and_back(page, live_server, alpha):
    login(page, live_server, "alpha-viewer", PASSWORD)
    page.goto(url(live_server, "/h/alpha/zones/"))
    nav_zones = page.locator("#mainnav a.nav-link[href='/h/alpha/zones/']")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(nav_zones).to_have_text(zh("Zones"))

    open_user_menu(page)
    with page.expect_navigation():
        page.locator("button[name=language][value=en]").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/zones/"))  # stays on the same page
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(nav_zones).to_have_text("Zones")
    expect(page.locator("main h1")).to_have_text("Responsibility zones")
    assert first_cells(page, "zone-table") == ["Z01", "Z02"]

    # The choice sticks across pages.
    page.goto(url(live_server, "/h/alpha/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    open_user_menu(page)
    with page.expect_navigation():
        page.locator("button[name=language][value=zh-hans]").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("#mainnav a.nav-link[href='/h/alpha/zones/']")).to_have_text(zh("Zones"))
    expect(page.locator("button[name=language][value=zh-hans]")).to_have_text("简体中文")
