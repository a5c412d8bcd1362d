"""Reading the handbook in a browser: window staff on a phone, a leader on a desktop."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role

from ..factories import PASSWORD
from ..test_handbook_reader import install, revise
from .helpers import login, url

pytestmark = pytest.mark.e2e


def rules(page):
    return page.get_by_test_id("rule")


def test_window_staff_reads_the_handbook_on_a_phone(phone_page, live_server, alpha):
    install(alpha.hall)
    page = phone_page
    login(page, live_server, "alpha-staff1", PASSWORD)
    page.goto(url(live_server, "/h/alpha/handbook/"))
    expect(rules(page)).to_have_count(5)
    expect(page.get_by_test_id("rule-count")).to_contain_text("5")

    # The table of contents folds away on a phone; the search box is there at once.
    expect(page.locator("#toc-list")).to_be_hidden()
    page.get_by_test_id("toggle-toc").click()
    expect(page.locator("#toc-list")).to_be_visible()
    page.get_by_test_id("toggle-toc").click()

    search = page.locator("input[name=q]")
    search.fill("桌面")
    with page.expect_navigation():
        search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%E6%A1%8C%E9%9D%A2|q=桌面"))
    expect(rules(page)).to_have_count(1)
    expect(rules(page).first).to_contain_text("桌面整洁")

    # Filters open from their button; filter by position kind alone.
    search.fill("")
    expect(page.locator("select[name=position_kind]")).to_be_hidden()
    page.get_by_test_id("toggle-filters").click()
    # Wait until the fold has finished opening: a click during Bootstrap's animation may miss the button.
    expect(page.locator("#rule-filter-fields")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
    page.locator("select[name=position_kind]").select_option("desk")
    with page.expect_navigation():
        page.get_by_test_id("apply-filters").click()
    expect(page).to_have_url(re.compile(r"position_kind=desk"))
    expect(rules(page)).to_have_count(2)
    expect(page.locator("select[name=position_kind]")).to_be_visible()  # stays unfolded while in use

    # Nothing matches: a clear empty state with the way back.
    page.goto(url(live_server, "/h/alpha/handbook/?q=不存在的词"))
    expect(page.get_by_test_id("empty")).to_be_visible()

    page.goto(url(live_server, "/h/alpha/handbook/?position_kind=desk"))
    rules(page).filter(has_text="桌面整洁").get_by_test_id("rule-link").click()
    expect(page.get_by_test_id("rule-title")).to_contain_text("桌面整洁")
    expect(page.get_by_test_id("requirement")).to_contain_text("桌面只放定置图上的物品")
    expect(page.get_by_test_id("counter-example")).to_contain_text("水杯、零食堆在桌角")
    layouts = page.get_by_test_id("rule-layouts")
    layouts.scroll_into_view_if_needed()
    expect(layouts.locator("svg")).to_be_visible()
    # The diagram fits the phone's width.
    box = layouts.locator("svg").first.bounding_box()
    assert box is not None and box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_leader_checks_coverage_and_compares_versions(page, live_server, alpha):
    v1 = install(alpha.hall)
    revise(v1, alpha.users[Role.ADMIN])
    login(page, live_server, "alpha-leadership", PASSWORD)
    page.goto(url(live_server, "/h/alpha/handbook/"))
    expect(page.get_by_test_id("toc")).to_be_visible()  # sticky contents on the desktop

    page.get_by_test_id("nav-coverage").click()
    expect(page.get_by_test_id("coverage-table")).to_be_visible()
    gaps = page.get_by_test_id("gap")
    expect(gaps.first).to_be_visible()
    expect(page.get_by_test_id("gap-count")).to_have_text(str(gaps.count()))
    expect(page.locator("tr[data-clause='4'] [data-testid=gap]")).to_have_count(1)
    expect(page.locator("tr[data-clause='8.2']")).to_contain_text("1.1.1")
    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    page.get_by_test_id("nav-versions").click()
    expect(page.locator("[data-testid=versions] tbody tr")).to_have_count(2)
    with page.expect_navigation():
        page.get_by_test_id("compare-previous").click()
    expect(page.get_by_test_id("added")).to_contain_text("屏幕清洁")
    expect(page.get_by_test_id("removed")).to_contain_text("抽屉有序")
    changed = page.locator("[data-testid=changed][data-rule=desk-tidy]")
    expect(changed.locator("ins.diff-ins").first).to_be_visible()

    # Choose the versions the other way round in the form.
    page.locator("select[name=from]").select_option("2")
    page.locator("select[name=to]").select_option("1")
    with page.expect_navigation():
        page.get_by_test_id("compare").click()
    expect(page.get_by_test_id("added")).to_contain_text("抽屉有序")
