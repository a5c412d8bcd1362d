"""The big screen at 1920×1080 through a display link (no login), and the heat map page: screenshots saved under
the test's temporary folder, and what they must show — panel titles, one coloured zone per assessed zone, no
console error, no request to another host; the screen goes blank once its link is revoked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role
from hallkeeper.screen import services

from ..factories import PASSWORD
from ..inspection_data import issued_notice, submitted
from ..standards_data import install_tiny_handbook
from ..test_heatmap import place, published
from .helpers import login, url

pytestmark = pytest.mark.e2e


@pytest.fixture
def hall(alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    place(alpha)
    place(beta)
    published(alpha, dt.date(2026, 5, 1), {0: (Decimal("96.5"), 1), 1: (Decimal("78"), 2)})
    published(beta, dt.date(2026, 5, 1), {0: (Decimal("60"), 1)})
    install_tiny_handbook(alpha.hall)
    submitted(alpha)  # today's check
    issued_notice(alpha, zone_index=1)
    return alpha


def watch(page, live_server):
    """Console errors and requests to any host but the live server, collected while the page runs."""
    errors, foreign = [], []
    local = urlsplit(live_server.url).netloc
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: (
            foreign.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss") and urlsplit(r.url).netloc != local
            else None
        ),
    )
    return errors, foreign


def test_big_screen_through_a_display_link(new_page, live_server, hall, tmp_path):
    _link, token = services.display_link_issue(user=hall.users[Role.ADMIN], hall=hall.hall, label="1F 入口大屏")
    page = new_page(viewport={"width": 1920, "height": 1080})
    errors, foreign = watch(page, live_server)
    page.goto(url(live_server, f"/screen/{token}/"))

    expect(page.get_by_test_id("panel-heatmap").locator("h2")).to_be_visible()
    expect(page.get_by_test_id("fullscreen")).to_be_visible()
    strip = page.get_by_test_id("screen-strip").locator("li")
    expect(strip).to_have_count(5)
    for i in range(5):
        expect(strip.nth(i)).to_be_visible()
        assert strip.nth(i).inner_text().strip()
    # the data arrived: the first panel (today's checks) is shown with its title and today's check
    today = page.get_by_test_id("panel-today")
    expect(today.locator("h2")).to_be_visible()
    expect(today.locator("tbody tr")).to_have_count(2)  # the check, and the one the notice came from
    expect(page.get_by_test_id("screen-period")).to_contain_text("2026-05")
    # one coloured cell per assessed zone, the score written on it
    zones = page.locator("g.heatmap-zone")
    expect(zones).to_have_count(2)
    coloured = page.locator('g.heatmap-zone:not([data-grade="none"]) rect.heatmap-cell')
    expect(coloured).to_have_count(2)
    assert {coloured.nth(i).get_attribute("fill") for i in range(2)} == {"#75b798", "#ffda6a"}
    expect(zones.first.locator("[data-score]")).to_have_text("96.5")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    page.screenshot(path=str(tmp_path / "big-screen.png"))

    # every panel in turn, each with its title visible
    for name in ("ranking", "flag", "lists", "notices"):
        page.evaluate(f"window.hallkeeperScreen.show({['today', 'ranking', 'flag', 'lists', 'notices'].index(name)})")
        panel = page.get_by_test_id(f"panel-{name}")
        expect(panel.locator("h2")).to_be_visible()
    expect(page.get_by_test_id("panel-notices").locator('[data-field="notices-open"]')).to_have_text("1")
    page.evaluate("window.hallkeeperScreen.show(1)")
    expect(page.get_by_test_id("panel-ranking").locator("tbody tr")).to_have_count(2)
    expect(page.locator("body")).not_to_contain_text("beta")
    page.screenshot(path=str(tmp_path / "big-screen-ranking.png"))

    # revoked: the next refresh blanks the screen
    services.display_link_revoke(user=hall.users[Role.ADMIN], link=_link)
    page.evaluate("window.hallkeeperScreen.refresh()")
    expect(page.get_by_test_id("screen-gone")).to_be_visible()
    expect(page.locator("g.heatmap-zone")).to_have_count(0)
    errors = [e for e in errors if "404" not in e]  # the refused data request itself
    assert not errors, errors
    assert not foreign, foreign
    assert (tmp_path / "big-screen.png").stat().st_size > 10_000


def test_heat_map_page(page, live_server, hall, tmp_path):
    errors, foreign = watch(page, live_server)
    login(page, live_server, hall.users[Role.SUPERVISION].username, PASSWORD)
    page.goto(url(live_server, f"/h/{hall.hall.code}/assessment/"))
    page.get_by_test_id("nav-heatmap").click()
    expect(page.get_by_test_id("heatmap")).to_be_visible()
    expect(page.get_by_test_id("heatmap-legend").locator("li")).to_have_count(6)
    cells = page.get_by_test_id("heatmap-zone")
    expect(cells).to_have_count(2)
    assert {cells.nth(i).get_attribute("fill") for i in range(2)} == {"#75b798", "#ffda6a"}
    expect(page.locator("text.heatmap-score").first).to_have_text("96.5")
    expect(page.locator("text.heatmap-code").first).to_contain_text("⚑")
    page.screenshot(path=str(tmp_path / "heatmap.png"), full_page=True)
    assert not errors, errors
    assert not foreign, foreign
