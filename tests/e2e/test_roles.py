"""Each role of a factory hall logs in and sees exactly its scope — and nothing of the other hall."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role

from ..factories import PASSWORD
from .helpers import first_cells, login, table_rows, url

pytestmark = pytest.mark.e2e

HALL_WIDE = [Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER]


def overview_zone_codes(page) -> list[str]:
    """Zone codes in the overview's zone table ("Z01 alpha责任区1" → "Z01")."""
    return [cell.split()[0] for cell in first_cells(page, "zones")]


def assert_no_other_hall(page, other: str = "beta") -> None:
    content = page.content()
    assert f"{other}责任区" not in content
    assert f"{other}责任人" not in content


def edit_links(page):
    return page.locator("main a[href$='/edit/'], main a[href*='/positions/new/']")


@pytest.mark.parametrize("role", HALL_WIDE)
def test_hall_wide_role_sees_both_zones_of_its_hall_only(page, live_server, alpha, beta, role):
    is_admin = role == Role.ADMIN
    zone = alpha.zones[0]
    login(page, live_server, f"alpha-{role}", PASSWORD)

    # One hall → "/" sends the user straight to it.
    expect(page).to_have_url(url(live_server, "/h/alpha/"))
    expect(page.get_by_test_id("my-windows")).to_have_count(0)
    if role == Role.SUPERVISION:  # the supervision group lands on today's plan and what awaits verification
        expect(page.get_by_test_id("todays-plan")).to_be_visible()
        expect(page.get_by_test_id("awaiting-verification")).to_be_visible()
    else:
        expect(page.get_by_test_id("overview")).to_be_visible()
        assert overview_zone_codes(page) == ["Z01", "Z02"]
        expect(page.get_by_test_id("groups")).to_be_visible()
        expect(page.get_by_test_id("floor-plan")).to_have_count(0)  # the factory areas have no plan size
    # Only the administrator has the import/export entry.
    expect(page.locator("#mainnav a[href='/h/alpha/transfer/']")).to_have_count(1 if is_admin else 0)
    assert_no_other_hall(page)

    page.goto(url(live_server, "/h/alpha/zones/"))
    assert first_cells(page, "zone-table") == ["Z01", "Z02"]
    expect(page.get_by_test_id("zone-table")).to_contain_text("alpha责任人1")
    expect(page.get_by_test_id("zone-table")).to_contain_text("alpha责任人2")
    assert_no_other_hall(page)

    page.goto(url(live_server, "/h/alpha/windows/"))
    expect(table_rows(page, "window-table")).to_have_count(2)

    # Everybody reads the zone; only the administrator gets the edit and add buttons.
    page.goto(url(live_server, f"/h/alpha/zones/{zone.pk}/"))
    expect(page.get_by_test_id("zone-lead")).to_contain_text("alpha责任人1")
    expect(page.locator(f"main a[href='/h/alpha/zones/{zone.pk}/edit/']")).to_have_count(1 if is_admin else 0)
    expect(page.locator("main a[href*='/positions/new/']")).to_have_count(1 if is_admin else 0)

    # The other hall does not exist for them.
    response = page.goto(url(live_server, "/h/beta/"))
    assert response.status == 404
    assert_no_other_hall(page)


def test_viewer_sees_no_edit_buttons_anywhere(page, live_server, alpha):
    zone, window, position = alpha.zones[0], alpha.windows[0], alpha.positions[0]
    login(page, live_server, "alpha-viewer", PASSWORD)

    for path in (
        f"/h/alpha/zones/{zone.pk}/",
        f"/h/alpha/windows/{window.pk}/",
        f"/h/alpha/positions/{position.pk}/",
    ):
        page.goto(url(live_server, path))
        expect(page.locator("main h1")).to_be_visible()
        expect(edit_links(page), path).to_have_count(0)
    expect(page.locator("main h1")).to_contain_text(position.name)

    page.goto(url(live_server, "/h/alpha/positions/"))
    expect(table_rows(page, "position-table")).to_have_count(2)
    expect(edit_links(page)).to_have_count(0)
    expect(page.locator("#mainnav a[href='/h/alpha/transfer/']")).to_have_count(0)

    # Typing the URLs does not help either: the friendly refusal page, with a way back.
    assert page.goto(url(live_server, f"/h/alpha/zones/{zone.pk}/edit/")).status == 403
    expect(page.locator("main")).to_contain_text("无权操作")
    assert page.goto(url(live_server, f"/h/alpha/positions/{position.pk}/edit/")).status == 403
    assert page.goto(url(live_server, "/h/alpha/positions/new/")).status == 403
    assert page.goto(url(live_server, "/h/alpha/transfer/")).status == 403


def test_zone_lead_sees_only_their_zone(page, live_server, alpha, beta):
    z1, z2 = alpha.zones
    login(page, live_server, "alpha-lead1", PASSWORD)

    expect(page).to_have_url(url(live_server, "/h/alpha/"))
    # They land on their own zone's work: its score card, self-checks and notices; never the other zone.
    expect(page.get_by_test_id("zone-score")).to_have_count(1)
    expect(page.get_by_test_id("zone-score")).to_contain_text("alpha责任区1")
    expect(page.locator("main")).not_to_contain_text("alpha责任区2")

    page.goto(url(live_server, "/h/alpha/zones/"))
    assert first_cells(page, "zone-table") == ["Z01"]

    page.goto(url(live_server, "/h/alpha/windows/"))
    assert [c.split()[0] for c in first_cells(page, "window-table")] == ["01"]

    # Their own zone: details, and they may edit it.
    page.goto(url(live_server, f"/h/alpha/zones/{z1.pk}/"))
    expect(page.locator("main h1")).to_contain_text("alpha责任区1")
    expect(page.locator(f"main a[href='/h/alpha/zones/{z1.pk}/edit/']")).to_be_visible()

    # Another zone of the same hall: the 404 page, and none of its data.
    response = page.goto(url(live_server, f"/h/alpha/zones/{z2.pk}/"))
    assert response.status == 404
    expect(page.locator("main .alert h1")).to_be_visible()
    content = page.content()
    assert "alpha责任区2" not in content
    assert "alpha责任人2" not in content
    assert_no_other_hall(page)


def test_window_staff_sees_only_their_window(page, live_server, alpha, beta):
    w1, w2 = alpha.windows
    login(page, live_server, "alpha-staff1", PASSWORD)

    expect(page).to_have_url(url(live_server, "/h/alpha/"))
    # They land on their own window: its rules and their open items.
    my_windows = page.get_by_test_id("landing-window")
    expect(my_windows).to_have_count(1)
    expect(my_windows.first).to_have_attribute("data-number", "01")
    expect(page.get_by_test_id("open-items")).to_be_visible()
    # No zone in their scope: no zone table rows on the overview or the zone list.
    expect(page.locator("[data-testid=zones] tbody tr")).to_have_count(0)
    page.goto(url(live_server, "/h/alpha/zones/"))
    expect(page.get_by_test_id("empty")).to_be_visible()
    expect(page.locator("[data-testid=zone-table] tbody tr")).to_have_count(0)

    page.goto(url(live_server, "/h/alpha/windows/"))
    assert [c.split()[0] for c in first_cells(page, "window-table")] == ["01"]
    assert page.goto(url(live_server, f"/h/alpha/windows/{w2.pk}/")).status == 404
    assert page.goto(url(live_server, f"/h/alpha/zones/{alpha.zones[0].pk}/")).status == 404
    assert_no_other_hall(page)


def test_admin_of_another_hall_gets_404(page, live_server, alpha, beta):
    login(page, live_server, "beta-admin", PASSWORD)
    expect(page).to_have_url(url(live_server, "/h/beta/"))
    assert overview_zone_codes(page) == ["Z01", "Z02"]
    expect(page.get_by_test_id("zones")).to_contain_text("beta责任区1")

    for path in ("/h/alpha/", "/h/alpha/zones/", f"/h/alpha/zones/{alpha.zones[0].pk}/", "/h/alpha/transfer/"):
        response = page.goto(url(live_server, path))
        assert response.status == 404, path
        assert "alpha责任区" not in page.content()


def test_anonymous_is_sent_to_login_and_back(page, live_server, alpha):
    response = page.goto(url(live_server, "/h/alpha/zones/"))
    assert response.status == 200
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/h/alpha/zones/$"))
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("nav.navbar")).to_have_css("display", "flex")  # Bootstrap's CSS is served
    assert "alpha责任区" not in page.content()

    # Logging in from there lands on the page that was asked for.
    page.locator("input[name=username]").fill("alpha-viewer")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/zones/"))
    assert first_cells(page, "zone-table") == ["Z01", "Z02"]
