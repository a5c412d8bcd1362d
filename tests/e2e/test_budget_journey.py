"""The budget's journey: a zone lead enters what the zone has on a 390×844 phone, the administrator submits the
survey, the leadership group approves it, and the finance workbook downloads with the totals the page shows."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from hallkeeper.budget.models import SurveyLine

from ..budget_data import ZONE1_TOTAL, ZONE2_TOTAL, survey_in
from ..factories import PASSWORD
from ..inspection_data import add_service_window
from ..standards_data import install_tiny_handbook
from .helpers import login, read_xlsx, url

pytestmark = pytest.mark.e2e


@pytest.fixture
def survey(alpha):
    install_tiny_handbook(alpha.hall)
    add_service_window(alpha, 0)
    return survey_in(alpha)


def test_counts_on_a_phone_approval_and_the_workbook(phone_page, new_page, live_server, alpha, survey):
    zone = alpha.zones[0]
    survey_path = f"/h/{alpha.hall.code}/budget/{survey.pk}/"
    label = SurveyLine.objects.get(survey=survey, zone=zone, name="定位标签")

    # the zone lead, on a phone, sees their zone only and enters its counts
    page = phone_page
    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, survey_path))
    expect(page.get_by_test_id(f"zone-{alpha.zones[1].pk}")).to_have_count(0)
    expect(page.get_by_test_id("total")).to_contain_text(str(ZONE1_TOTAL))
    page.get_by_test_id(f"count-{zone.pk}").tap()
    form = page.get_by_test_id("counts-form")
    expect(form).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    form.locator(f"input[name=has_{label.pk}]").fill("2")  # two labels already there: none to buy
    page.get_by_test_id("save-counts").tap()
    expect(page).to_have_url(url(live_server, survey_path))
    after = ZONE1_TOTAL - D("3.00")
    expect(page.get_by_test_id("total")).to_contain_text(str(after))

    # the administrator submits; the leadership group approves
    admin = new_page()
    login(admin, live_server, "alpha-admin", PASSWORD)
    admin.goto(url(live_server, survey_path))
    admin.get_by_test_id("submit").click()
    expect(admin.get_by_test_id("approve")).to_have_count(0)
    leader = new_page()
    login(leader, live_server, "alpha-leadership", PASSWORD)
    leader.goto(url(live_server, survey_path))
    leader.get_by_test_id("approve").click()
    expect(leader.get_by_test_id("approve")).to_have_count(0)
    expect(leader.get_by_test_id("new-purchase")).to_be_visible()  # purchases and hand-outs are tracked now
    survey.refresh_from_db()
    assert survey.state == "approved"

    # the leader downloads the finance office's workbook
    total = after + ZONE2_TOTAL
    expect(leader.get_by_test_id("total")).to_contain_text(str(total))
    with leader.expect_download() as download:
        leader.get_by_test_id("export").click()
    titles, rows = read_xlsx(download.value)
    assert len(titles) == 3
    assert rows[2][:8] == ["序号", "品名", "规格", "单位", "数量", "单价", "金额", "备注"]
    totals = next(row for row in rows if row[0] == "合计")
    assert D(str(totals[6])).quantize(D("0.01")) == total

    # the lead's phone now refuses a change: the lines are frozen
    page.goto(url(live_server, survey_path))
    expect(page.get_by_test_id(f"count-{zone.pk}")).to_have_count(0)
