"""The zone lead's landing on a 390×844 phone: the standing rejection's reason comes first, then the zone's
score, the self-checks due and the notices; nothing is wider than the screen; the reason leads to the notice."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hallkeeper.rectification import services
from hallkeeper.rectification.choices import NoticeState

from ..factories import PASSWORD
from ..inspection_data import issued_notice, notice_in_state
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

REASON = "照片看不清通道，请补拍全景后重新提交。"


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    issued_notice(alpha)
    notice = notice_in_state(alpha, NoticeState.SUBMITTED)
    services.notice_reject(user=alpha.users["supervision"], notice=notice, reason=REASON)
    issued_notice(alpha, zone_index=1)  # another zone's: never on this landing
    return alpha


def test_zone_lead_lands_on_their_work_on_a_phone(phone_page, live_server, hall):
    page = phone_page
    login(page, live_server, "alpha-lead1", PASSWORD)
    expect(page).to_have_url(url(live_server, f"/h/{hall.hall.code}/"))

    first = page.get_by_test_id("rejected-first")
    expect(first).to_be_visible()
    expect(first.get_by_test_id("rejection-reason")).to_contain_text(REASON)
    score = page.get_by_test_id("zone-score")
    expect(score).to_have_count(1)
    expect(score).to_contain_text("alpha责任区1")
    due, notices = page.get_by_test_id("due-self-checks"), page.get_by_test_id("notices-by-state")
    expect(due).to_be_visible()
    expect(notices).to_be_visible()
    tops = [el.bounding_box()["y"] for el in (first, score, due, notices)]
    assert tops == sorted(tops), f"the phone shows the landing out of order: {tops}"
    expect(page.locator("main")).not_to_contain_text("alpha责任区2")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

    # the rejection leads to its notice, which opens with the same reason
    first.locator("a").first.tap()
    alert = page.get_by_test_id("rejection")
    expect(alert).to_contain_text(REASON)
    assert alert.bounding_box()["y"] < page.get_by_test_id("notice-number").bounding_box()["y"]
