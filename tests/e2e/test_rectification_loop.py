"""The whole rectification loop across two logins: the supervision side issues a notice from a patrol's
report, the zone lead acknowledges it on a phone and submits with a photo, the inspector rejects, the lead
submits again, the inspector verifies; the notice's timeline shows every step."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import Notice, ResponsePhoto

from ..factories import PASSWORD
from ..inspection_data import submitted
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def jpeg(colour) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return {"name": "after.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def submit_rectification(page, text: str, colour) -> None:
    """The lead answers each finding in turn (its text and an after-photo), then submits."""
    form = page.get_by_test_id("form-submit")
    answers = form.locator("fieldset[data-testid^=answer-]")
    for n in range(answers.count()):
        answers.nth(n).get_by_test_id("answer-text").fill(text)
        answers.nth(n).get_by_test_id("answer-photos").set_input_files(jpeg(colour))
    with page.expect_navigation():
        form.get_by_test_id("act-submit").click()


def test_rectification_loop_across_two_logins(new_page, live_server, hall):
    # The supervision user's patrol of zone 1 fails the exit rule (made through the services).
    inspection = submitted(hall, {"exit-clear": 1})
    base = f"/h/{hall.hall.code}/rectification"

    # The inspector issues the notice from the report's findings.
    inspector = new_page()
    login(inspector, live_server, "alpha-supervision", PASSWORD)
    inspector.goto(url(live_server, inspection.get_absolute_url()))
    with inspector.expect_navigation():
        inspector.get_by_test_id("issue-notice").click()
    expect(inspector).to_have_url(re.compile(rf"{base}/new/\?inspection={inspection.pk}$"))
    choice = inspector.get_by_test_id("finding-choice")
    expect(choice).to_have_count(1)
    expect(choice.locator("input[name=findings]")).to_be_checked()
    expect(inspector.locator("#id_requirement")).not_to_have_value("")
    expect(inspector.locator("#id_deadline")).not_to_have_value("")
    with inspector.expect_navigation():
        inspector.get_by_test_id("issue-submit").click()
    notice = Notice.objects.get()
    expect(inspector).to_have_url(url(live_server, f"{base}/{notice.pk}/"))
    expect(inspector.get_by_test_id("notice-number")).to_have_text(notice.number)
    expect(inspector.get_by_test_id("state")).to_have_attribute("data-state", "issued")

    # The zone lead, on a phone, finds it in the inbox and acknowledges it there.
    lead = new_page(**PHONE)
    login(lead, live_server, "alpha-lead1", PASSWORD)
    # The bell on every page counts the unread message about the new notice; the centre lists it.
    expect(lead.get_by_test_id("notification-badge")).to_have_text("1")
    with lead.expect_navigation():
        lead.get_by_test_id("notification-bell").click()
    expect(lead.get_by_test_id("notification")).to_have_count(1)
    expect(lead.get_by_test_id("notification")).to_contain_text(notice.number)
    with lead.expect_navigation():
        lead.get_by_test_id("notification-link").click()
    expect(lead).to_have_url(url(live_server, f"{base}/{notice.pk}/"))
    expect(lead.get_by_test_id("notification-badge")).to_have_count(0)  # opening it marked it read
    lead.goto(url(live_server, f"{base}/inbox/"))
    card = lead.locator(f"[data-testid=inbox-card][data-notice='{notice.pk}']")
    expect(card).to_have_attribute("data-step", "acknowledge")
    expect(card.get_by_test_id("card-number")).to_have_text(notice.number)
    assert lead.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    with lead.expect_navigation():
        card.get_by_test_id("inbox-acknowledge").click()
    expect(lead).to_have_url(url(live_server, f"{base}/{notice.pk}/"))
    expect(lead.get_by_test_id("state")).to_have_attribute("data-state", "acknowledged")

    # … and submits the rectification with a text and an after-photo (straight from acknowledged).
    submit_rectification(lead, "已清理安全出口堆放的纸箱。", (40, 160, 40))
    expect(lead.get_by_test_id("state")).to_have_attribute("data-state", "submitted")
    expect(lead.get_by_test_id("after-photo")).to_have_count(1)
    expect(lead.get_by_test_id("after-photo").first).to_have_js_property("complete", True)
    assert lead.get_by_test_id("after-photo").first.evaluate("img => img.naturalWidth") > 0
    expect(lead.get_by_test_id("form-submit")).to_have_count(0)

    # The inspector finds it waiting for verification and rejects it with a reason.
    inspector.goto(url(live_server, f"{base}/inbox/"))
    verify_card = inspector.locator(f"[data-testid=verify-card][data-notice='{notice.pk}']")
    with inspector.expect_navigation():
        verify_card.get_by_test_id("inbox-verify").click()
    inspector.get_by_test_id("reject-reason").fill("出口处仍有一辆推车。")
    inspector.get_by_test_id("unsatisfactory-check").first.check()
    with inspector.expect_navigation():
        inspector.get_by_test_id("act-reject").click()
    expect(inspector.get_by_test_id("state")).to_have_attribute("data-state", "rectifying")
    expect(inspector.get_by_test_id("verdict")).to_have_count(1)

    # The lead sees the reason and submits again.
    lead.reload()
    expect(lead.get_by_test_id("state")).to_have_attribute("data-state", "rectifying")
    expect(lead.get_by_test_id("verdict-comment")).to_contain_text("出口处仍有一辆推车。")
    expect(lead.get_by_test_id("unsatisfactory")).to_have_count(1)  # the finding named as not put right
    submit_rectification(lead, "推车已移走，通道畅通。", (40, 40, 160))
    expect(lead.get_by_test_id("state")).to_have_attribute("data-state", "submitted")
    expect(lead.get_by_test_id("response")).to_have_count(2)
    expect(lead.get_by_test_id("finding-answer")).to_contain_text("推车已移走，通道畅通。")
    expect(lead.get_by_test_id("round-answer")).to_contain_text("已清理安全出口堆放的纸箱。")  # round 1 kept

    # The inspector verifies: the notice is closed.
    inspector.reload()
    inspector.get_by_test_id("verify-comment").fill("复查合格")
    with inspector.expect_navigation():
        inspector.get_by_test_id("act-verify").click()
    expect(inspector.get_by_test_id("state")).to_have_attribute("data-state", "verified")
    expect(inspector.get_by_test_id("closing-pdf")).to_be_visible()
    expect(inspector.get_by_test_id("no-actions")).to_be_visible()

    # The timeline shows every step, in order, with who did it.
    verbs = inspector.get_by_test_id("timeline-event").evaluate_all("els => els.map(e => e.dataset.verb)")
    assert verbs == [
        "notice.issued",
        "notice.acknowledged",
        "notice.submitted",
        "notice.rejected",
        "notice.submitted",
        "notice.verified",
    ]
    timeline = inspector.get_by_test_id("timeline")
    expect(timeline).to_contain_text("出口处仍有一辆推车。")
    expect(timeline).to_contain_text("复查合格")
    notice.refresh_from_db()
    assert notice.state == NoticeState.VERIFIED and notice.times_rejected == 1
    assert ResponsePhoto.objects.filter(response__notice=notice).count() == 2

    # The lead's inbox is empty again; the report shows the finding's closed notice.
    lead.goto(url(live_server, f"{base}/inbox/"))
    expect(lead.get_by_test_id("inbox-card")).to_have_count(0)
    inspector.goto(url(live_server, inspection.get_absolute_url()))
    expect(inspector.get_by_test_id("finding-notice")).to_contain_text(notice.number)
