"""The demo hall (鞍山市政务服务中心): every demo account logs in and sees exactly its scope.

The demo is the session's shared copy (``demo_hall``, committed, so the live server reads it; this test's
flush at the end empties it, and conftest.py runs this test after the other tests that read it); each
account then gets its own fresh browser context, reported as a subtest. Expected scopes are read from the
loaded data (who leads which zone, who staffs which window), so the test follows the demo's data, not a copy.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hallkeeper.demo import DEMO_PASSWORD
from hallkeeper.halls.models import Hall
from hallkeeper.places.models import Position, Window, Zone

from .helpers import first_cells, login, screenshot, table_rows, url

pytestmark = pytest.mark.e2e

HALL = "anshan"
HALL_WIDE = ["admin", "leader", "deputy", "inspector", "viewer"]
ZONE_COUNT = 17


def h(path: str = "") -> str:
    return f"/h/{HALL}/{path}"


def number(cell: str) -> str:
    """ "A01 现场勘验预约受理 示范窗口" → "A01"."""
    return cell.split()[0]


def admin_link(page):
    return page.locator(f"#mainnav a[href='{h('transfer/')}']")


def edit_links(page):
    return page.locator("main a[href$='/edit/'], main a[href*='/positions/new/']")


@pytest.fixture
def anshan(demo_hall, transactional_db, live_server, settings):
    settings.MEDIA_ROOT = demo_hall.media_root  # the demo's photos
    hall = Hall.objects.get(pk=demo_hall.hall_pk)
    zones = Zone.objects.filter(hall=hall)
    assert zones.count() == ZONE_COUNT
    return {
        "hall": hall,
        "zones": [z.code for z in zones],
        "first_zone": zones.first(),
        "lead_zones": sorted(zones.filter(lead__user__username="zonelead").values_list("code", flat=True)),
        "lead_windows": sorted(
            Window.objects.filter(hall=hall, zone__lead__user__username="zonelead").values_list("number", flat=True)
        ),
        "staff_windows": sorted(
            Window.objects.filter(hall=hall, staff__user__username="staff").values_list("number", flat=True)
        ),
        "position": Position.objects.filter(hall=hall).order_by("code").first(),
    }


def check_hall_wide(page, live_server, data, username):
    is_admin = username == "admin"
    zone = data["first_zone"]

    if username == "inspector":  # the supervision group lands on today's plan and what awaits verification
        expect(page.get_by_test_id("todays-plan")).to_be_visible()
        expect(page.get_by_test_id("awaiting-verification")).to_be_visible()
        expect(page.get_by_test_id("site-glance")).to_be_visible()
    else:
        expect(page.get_by_test_id("overview")).to_be_visible()
        expect(page.get_by_test_id("zones").locator("tbody tr")).to_have_count(ZONE_COUNT)
        expect(page.get_by_test_id("floor-plan").first).to_be_visible()
        expect(page.get_by_test_id("groups").locator("li")).to_have_count(3)
    expect(page.get_by_test_id("my-windows")).to_have_count(0)
    # The import/export entry: the administrator's only.
    expect(admin_link(page)).to_have_count(1 if is_admin else 0)

    page.goto(url(live_server, h("zones/")))
    expect(table_rows(page, "zone-table")).to_have_count(ZONE_COUNT)
    assert first_cells(page, "zone-table") == data["zones"]
    expect(page.get_by_test_id("filters")).to_contain_text(re.compile(rf"\b{ZONE_COUNT}\b"))
    expect(page.locator("main nav .pagination")).to_have_count(0)

    # Edit and add buttons: the administrator's only.
    page.goto(url(live_server, h(f"zones/{zone.pk}/")))
    expect(page.locator("main h1")).to_contain_text(zone.name)
    expect(page.locator(f"main a[href='{h(f'zones/{zone.pk}/edit/')}']")).to_have_count(1 if is_admin else 0)
    expect(page.locator("main a[href*='/positions/new/']")).to_have_count(1 if is_admin else 0)
    if username in ("admin", "viewer"):
        page.goto(url(live_server, h("positions/")))
        expect(table_rows(page, "position-table")).to_have_count(25)  # a full first page of the hall's
        expect(page.locator(f"main a[href='{h('positions/new/')}']")).to_have_count(1 if is_admin else 0)
    if username == "viewer":
        expect(edit_links(page)).to_have_count(0)
        page.goto(url(live_server, h(f"positions/{data['position'].pk}/")))
        expect(page.locator("main h1")).to_contain_text(data["position"].name)
        expect(edit_links(page)).to_have_count(0)


def check_zonelead(page, live_server, data):
    expect(page.get_by_test_id("zone-score")).to_have_count(len(data["lead_zones"]))
    expect(page.get_by_test_id("due-self-checks")).to_be_visible()
    expect(page.get_by_test_id("notices-by-state")).to_be_visible()
    expect(admin_link(page)).to_have_count(0)

    page.goto(url(live_server, h("zones/")))
    assert first_cells(page, "zone-table") == data["lead_zones"]
    page.goto(url(live_server, h("windows/")))
    assert [number(c) for c in first_cells(page, "window-table")] == data["lead_windows"]

    own = Zone.objects.get(hall=data["hall"], code=data["lead_zones"][0])
    other = Zone.objects.filter(hall=data["hall"]).exclude(lead__user__username="zonelead").first()
    page.goto(url(live_server, h(f"zones/{own.pk}/")))
    expect(page.locator("main h1")).to_contain_text(own.name)
    expect(page.locator(f"main a[href='{h(f'zones/{own.pk}/edit/')}']")).to_be_visible()
    assert page.goto(url(live_server, h(f"zones/{other.pk}/"))).status == 404
    assert other.name not in page.content()


def check_staff(page, live_server, data):
    my_windows = page.get_by_test_id("landing-window")
    expect(my_windows).to_have_count(len(data["staff_windows"]))
    assert sorted(w.get_attribute("data-number") for w in my_windows.all()) == data["staff_windows"]
    expect(page.get_by_test_id("open-items")).to_be_visible()
    expect(page.locator("[data-testid=zones] tbody tr")).to_have_count(0)
    expect(admin_link(page)).to_have_count(0)

    page.goto(url(live_server, h("zones/")))
    expect(page.locator("[data-testid=zone-table] tbody tr")).to_have_count(0)
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.goto(url(live_server, h("windows/")))
    assert [number(c) for c in first_cells(page, "window-table")] == data["staff_windows"]


def test_demo_accounts_see_their_scope(new_page, live_server, anshan, subtests):
    assert anshan["lead_zones"], "the demo's zonelead leads no zone"
    assert anshan["staff_windows"], "the demo's staff account staffs no window"
    assert len(anshan["lead_zones"]) < ZONE_COUNT

    for username in [*HALL_WIDE, "zonelead", "staff"]:
        with subtests.test(msg=username):
            page = new_page()
            try:
                login(page, live_server, username, DEMO_PASSWORD)
                expect(page).to_have_url(url(live_server, h()))
                if username in HALL_WIDE:
                    check_hall_wide(page, live_server, anshan, username)
                elif username == "zonelead":
                    check_zonelead(page, live_server, anshan)
                else:
                    check_staff(page, live_server, anshan)
            except BaseException:
                screenshot(page, f"demo-{username}")
                raise
            finally:
                page.context.close()
