"""The checklist on a phone: a 48-item patrol walked with "next unanswered" and finished with "pass the
rest" without ever being thrown back to the top, and photos taken without a connection sent when it is back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.inspections.choices import InspectionStatus, ItemResult
from hallkeeper.inspections.models import Inspection, ItemPhoto
from hallkeeper.places.choices import AreaKind, PositionKind

from ..factories import PASSWORD, AreaFactory, PositionFactory
from ..inspection_data import start
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e


def jpeg(colour) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def install_big_handbook(hall, parts: int = 4, sections: int = 3, rules: int = 4):
    """A published handbook of parts × sections × rules rules that apply to every zone (48 by default)."""
    from hallkeeper.standards.defaults import fill_version
    from hallkeeper.standards.models import Handbook, HandbookVersion
    from hallkeeper.standards.services import publish_version

    data = {"title": "大手册", "preface": "", "parts": []}
    for p in range(1, parts + 1):
        part = {"code": str(p), "title": f"第{p}部分", "intro": "", "sections": []}
        for s in range(1, sections + 1):
            section = {"code": f"{p}.{s}", "title": f"第{p}.{s}节", "rules": []}
            for r in range(1, rules + 1):
                code = f"{p}.{s}.{r}"
                section["rules"].append(
                    {
                        "key": f"rule-{p}-{s}-{r}",
                        "code": code,
                        "title": f"规则{code}",
                        "requirement": f"规则{code}的要求：窗口台面整洁，物品定置摆放，标识清楚。",
                        "check_method": "look",
                        "deduction": "0.5",
                        "cap": "2",
                        "severity": "minor",
                        "area_kinds": [],
                        "position_kinds": [],
                        "clauses": ["8.2"],
                    }
                )
            part["sections"].append(section)
        data["parts"].append(part)
    handbook = Handbook.objects.create(hall=hall, title=data["title"])
    version = HandbookVersion.objects.create(handbook=handbook, number=1, title=data["title"])
    fill_version(version, data, [], [])
    return publish_version(version=version, user=None, note="首版")


WATCH_SCROLL = """() => {
  window.__lowest = window.scrollY;
  window.__samePage = true;
  window.addEventListener("scroll", () => { window.__lowest = Math.min(window.__lowest, window.scrollY); });
}"""


def test_a_48_item_checklist_is_walked_without_going_back_to_the_top(
    phone_page, live_server, alpha, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    install_big_handbook(alpha.hall)
    inspection = start(alpha)
    assert inspection.item_count == 48
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    # With reduced motion (which the page honours, as Bootstrap does) each jump lands at once: a smooth scroll still
    # under way when the next click arrives would be cut short by the click's own scroll-into-view.
    page.emulate_media(reduced_motion="reduce")
    login(page, live_server, "alpha-supervision", PASSWORD)
    page.goto(url(live_server, f"/h/alpha/inspections/{inspection.pk}/capture/"))
    expect(page.get_by_test_id("progress-count")).to_have_text("0/48")
    expect(page.get_by_test_id("section")).to_have_count(12)
    bar = page.get_by_test_id("capture-bar")
    expect(bar).to_be_in_viewport()

    # A section folded by hand opens again when "next unanswered" reaches it.
    fifth = page.get_by_test_id("section").nth(4)
    fifth.locator("summary").click()
    expect(fifth.get_by_test_id("item").first).to_be_hidden()

    # Walk the first twenty items with "next unanswered", answering each where it lands.
    answers = ["pass", "pass", "fail", "na"]
    for n in range(20):
        bar.get_by_test_id("next-unanswered").click()
        current = page.locator("[data-testid=item].is-current")
        expect(current).to_have_count(1)
        expect(current).to_have_attribute("data-result", "")
        expect(current.get_by_test_id("answer-pass")).to_be_in_viewport()
        current.get_by_test_id(f"answer-{answers[n % 4]}").click()
        expect(page.get_by_test_id("progress-count")).to_have_text(f"{n + 1}/48")
        expect(bar).to_be_in_viewport()  # the bar stays at hand all the way down
        if n == 2:
            # From here on the page is watched: it must never be back at the top.
            assert page.evaluate("window.scrollY") > 0
            page.evaluate(WATCH_SCROLL)
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "0")
    expect(fifth.get_by_test_id("section-count")).to_have_text("4/4")
    first_section = page.get_by_test_id("section").first
    expect(first_section.get_by_test_id("section-count")).to_have_text("4/4")
    expect(page.get_by_test_id("section").nth(5).get_by_test_id("section-count")).to_have_text("0/4")

    # "Pass all unanswered" from the bar: the cards change where they are, the place is kept.
    before = page.evaluate("window.scrollY")
    bar.get_by_test_id("bar-pass-rest").click()
    expect(page.get_by_test_id("progress-count")).to_have_text("48/48")
    expect(page.get_by_test_id("section").nth(5).get_by_test_id("section-count")).to_have_text("4/4")
    expect(page.locator('[data-testid=item][data-result=""]')).to_have_count(0)
    assert page.evaluate("window.__samePage") is True  # no reload
    assert page.evaluate("window.scrollY") == before
    assert page.evaluate("window.__lowest") > 0
    items = Inspection.objects.get(pk=inspection.pk).items
    assert not items.filter(result="").exists()
    assert (
        items.filter(result=ItemResult.FAIL).count() == 5
        and items.filter(result=ItemResult.NOT_APPLICABLE).count() == 5
    )

    # With nothing left, "next unanswered" goes to the finish card; the bar submits.
    bar.get_by_test_id("next-unanswered").click()
    expect(page.get_by_test_id("finish")).to_be_in_viewport()
    assert page.evaluate("window.__lowest") > 0
    with page.expect_navigation():
        bar.get_by_test_id("bar-submit").click()
    expect(page).to_have_url(url(live_server, f"/h/alpha/inspections/{inspection.pk}/"))
    assert Inspection.objects.get(pk=inspection.pk).status == InspectionStatus.SUBMITTED


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    alpha.zones[0].areas.add(AreaFactory(hall=alpha.hall, kind=AreaKind.COACHING))
    for kind, code in ((PositionKind.COUNTER, "alpha-C1"), (PositionKind.DRAWER, "alpha-R1")):
        PositionFactory(hall=alpha.hall, zone=alpha.zones[0], window=alpha.windows[0], kind=kind, code=code)
    return alpha


def card(page, key):
    return page.locator(f"[data-testid=item][data-rule-key={key}]")


def test_photos_taken_offline_are_sent_when_the_connection_is_back(phone_page, live_server, hall):
    inspection = start(hall)
    page = phone_page
    login(page, live_server, "alpha-supervision", PASSWORD)
    page.goto(url(live_server, f"/h/alpha/inspections/{inspection.pk}/capture/"))
    seal, counter = card(page, "seal-locked"), card(page, "counter-whitelist")
    seal.get_by_test_id("answer-fail").click()
    counter.get_by_test_id("answer-fail").click()
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "0")
    queue = page.get_by_test_id("photo-queue")
    expect(queue).to_be_hidden()

    # No connection: the photos stay on the phone, counted in the header and shown dimmed on their items.
    page.context.set_offline(True)
    seal.get_by_test_id("photo-input").set_input_files(jpeg((40, 160, 40)))
    expect(queue).to_have_attribute("data-count", "1")
    expect(queue).to_be_visible()
    expect(seal.get_by_test_id("queued-photo")).to_have_count(1)
    broken = {"name": "broken.jpg", "mimeType": "image/jpeg", "buffer": b"not a picture at all"}
    counter.get_by_test_id("photo-input").set_input_files(broken)
    expect(queue).to_have_attribute("data-count", "2")
    assert not ItemPhoto.objects.exists()

    # A waiting photo taken by mistake is removed before it is sent; it never reaches the server.
    counter.get_by_test_id("photo-input").set_input_files(jpeg((200, 40, 40)))
    expect(queue).to_have_attribute("data-count", "3")
    mistaken = counter.get_by_test_id("queued-photo").last
    page.once("dialog", lambda d: d.accept())
    mistaken.get_by_test_id("unqueue-photo").click()
    expect(queue).to_have_attribute("data-count", "2")
    expect(counter.get_by_test_id("queued-photo")).to_have_count(1)

    # Back online: the good photo is stored, the broken one is reported on its item, the queue is empty.
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("photo-queue")).to_have_attribute("data-count", "0")
    expect(page.get_by_test_id("photo-queue")).to_be_hidden()
    expect(card(page, "seal-locked").get_by_test_id("item-photo")).to_have_count(1)
    expect(card(page, "seal-locked").get_by_test_id("queued-photo")).to_have_count(0)
    error = card(page, "counter-whitelist").get_by_test_id("item-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("broken.jpg")
    photo = ItemPhoto.objects.get()
    assert photo.item.rule.key == "seal-locked"
    assert Path(photo.image.path).is_file() and Path(photo.thumbnail.path).is_file()
    assert not ItemPhoto.objects.filter(item__rule__key="counter-whitelist").exists()
