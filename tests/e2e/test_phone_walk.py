"""A zone lead, window staff and an inspector on a 390×844 phone: no page is wider than the screen, list
filters fold behind one button, list tables read as labelled cards, tab pills never break inside a word, and
a single zone or window is already chosen when starting a self-check."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hallkeeper.places.models import Zone
from hallkeeper.rectification.choices import NoticeState

from .. import inspection_matrix as im
from ..factories import PASSWORD
from ..inspection_data import issued_notice, notice_in_state
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

#: The pages a zone lead and window staff open from the menu (hall-relative).
MAIN_PAGES = (
    "",
    "areas/",
    "zones/",
    "windows/",
    "positions/",
    "organization/",
    "units/",
    "people/",
    "handbook/",
    "handbook/versions/",
    "handbook/coverage/",
    "inspections/mine/",
    "inspections/new/",
    "inspections/",
    "inspections/findings/",
    "inspections/coverage/",
    "inspections/plans/",
    "inspections/rounds/",
    "inspections/settings/",
    "rectification/inbox/",
    "rectification/",
    "rectification/zones/",
    "rectification/settings/",
)

#: Elements of <main> sticking out to the right of its content box, outside any sideways scroller.
STICKING_OUT = """() => {
  const main = document.querySelector('main');
  const right = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight) + 1;
  const out = [];
  for (const el of main.querySelectorAll('*')) {
    if (el.matches('.row, .row > *')) continue;  // gutters reach into the padding by design
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= right) continue;
    let p = el.parentElement, scrolls = false;
    while (p && p !== main) {
      if (getComputedStyle(p).overflowX !== 'visible') { scrolls = true; break; }
      p = p.parentElement;
    }
    if (!scrolls) out.push(el.tagName + '.' + String(el.className).slice(0, 40) + ' @' + Math.round(r.right));
  }
  return out;
}"""

#: How many lines the text of an element takes.
LINES = """el => {
  const tops = new Set(), walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const range = document.createRange(); range.selectNodeContents(walker.currentNode);
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
  }
  return tops.size;
}"""


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    notice_in_state(alpha, NoticeState.VERIFIED)
    issued_notice(alpha)
    Zone.objects.filter(pk=alpha.zones[0].pk).update(name="现场勘验科与企业登记科联合综合受理责任区")  # a long name
    im.plan(alpha)  # daily patrols due for the supervision user, some overdue
    return alpha


def test_every_main_page_fits_a_phone_for_the_zone_lead_staff_and_inspector(phone_page, live_server, hall):
    page = phone_page
    for username in ("alpha-lead1", "alpha-staff1", "alpha-supervision"):
        page.context.clear_cookies()
        login(page, live_server, username, PASSWORD)
        for path in MAIN_PAGES:
            response = page.goto(url(live_server, f"/h/{hall.hall.code}/{path}"))
            assert response.status in (200, 403), (username, path, response.status)
            width = page.evaluate("document.documentElement.scrollWidth")
            # a mobile browser widens its layout viewport to wide content: compare with the screen, not innerWidth
            assert width <= page.viewport_size["width"], f"{username} {path}: {width}px wide"
            assert not page.evaluate(STICKING_OUT), (username, path, page.evaluate(STICKING_OUT))


def test_a_list_on_a_phone_folds_its_filters_and_shows_cards(phone_page, live_server, hall):
    page = phone_page
    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, f"/h/{hall.hall.code}/rectification/"))

    # the filters: one button, the fields folded away until it is tapped
    fields = page.get_by_test_id("filter-fields")
    expect(fields).to_be_hidden()
    expect(page.get_by_test_id("result-count")).to_be_visible()
    page.get_by_test_id("filters-toggle").tap()
    expect(fields).to_be_visible()
    expect(fields.locator("select, input").first).to_be_visible()

    # the table: no header row, each row a card whose cells carry their column's label
    table = page.get_by_test_id("notice-table")
    expect(table.locator("thead")).to_be_hidden()
    row = table.locator("tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    deadline = row.get_by_test_id("deadline")
    assert deadline.evaluate("el => getComputedStyle(el).display") == "block"
    assert "整改期限" in deadline.evaluate("el => getComputedStyle(el, '::before').content")
    zone_cell = row.locator("td").nth(1)
    assert zone_cell.evaluate(LINES) <= 3, "the zone's long name is squeezed over many lines"  # name (2) + lead

    # tab pills: one line each, whatever their length
    for pill in page.locator(".nav-pills .nav-link").all():
        assert pill.evaluate(LINES) == 1, pill.inner_text()

    # the filter, applied, shows how many filters are on
    page.locator("#list-filters select[name=state]").select_option("verified")
    with page.expect_navigation():
        page.locator("#list-filters button[type=submit]").tap()
    expect(page.get_by_test_id("filter-count")).to_have_text("1")
    expect(page.get_by_test_id("notice-row")).to_have_count(1)


def test_staff_with_one_window_find_it_chosen_when_starting_a_self_check(phone_page, live_server, hall):
    page = phone_page
    login(page, live_server, "alpha-staff1", PASSWORD)
    page.goto(url(live_server, f"/h/{hall.hall.code}/inspections/new/"))
    expect(page.locator("select[name=zone]")).to_have_value(str(hall.zones[0].pk))
    expect(page.locator(f"input[name=windows][value='{hall.windows[0].pk}']")).to_be_checked()
