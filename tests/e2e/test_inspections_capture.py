"""Inspecting a zone on a phone: a patrol with two failed rules and photos, and zone leads' self-checks."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.utils import translation
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.inspections.choices import Grade, InspectionStatus
from hallkeeper.inspections.models import Finding, Inspection, ItemPhoto
from hallkeeper.places.choices import AreaKind, PositionKind

from ..factories import PASSWORD, AreaFactory, PositionFactory
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e


def zh(message: str) -> str:
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


def jpeg(colour) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, format="JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.fixture
def hall(alpha, settings, tmp_path):
    """alpha with the tiny handbook, and a coaching area, a counter and a drawer in zone 1: three rules
    apply there (counter-whitelist 0.5 each capped at 2, seal-locked 1 each, exit-clear veto)."""
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    alpha.zones[0].areas.add(AreaFactory(hall=alpha.hall, kind=AreaKind.COACHING))
    for kind, code in ((PositionKind.COUNTER, "alpha-C1"), (PositionKind.DRAWER, "alpha-R1")):
        PositionFactory(hall=alpha.hall, zone=alpha.zones[0], window=alpha.windows[0], kind=kind, code=code)
    return alpha


def card(page, key):
    return page.locator(f"[data-testid=item][data-rule-key={key}]")


def test_patrol_on_a_phone_two_fails_with_photos(phone_page, live_server, hall):
    page = phone_page
    page.on("dialog", lambda dialog: dialog.accept())
    zone = hall.zones[0]
    login(page, live_server, "alpha-supervision", PASSWORD)

    page.goto(url(live_server, "/h/alpha/inspections/new/"))
    expect(page.locator("#id_kind")).to_have_value("patrol")
    page.locator("#id_zone").select_option(str(zone.pk))
    expect(page.get_by_test_id("narrow-target")).to_be_visible()  # the zone's windows and positions loaded
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    inspection = Inspection.objects.get()
    expect(page).to_have_url(url(live_server, f"/h/alpha/inspections/{inspection.pk}/capture/"))
    expect(page.get_by_test_id("progress-count")).to_have_text("0/3")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone

    # Fail the counter rule twice (the + button) with a photo.
    counter = card(page, "counter-whitelist")
    counter.get_by_test_id("answer-fail").click()
    expect(counter.get_by_test_id("occurrences")).to_be_visible()
    counter.locator("[data-step='1']").click()
    expect(counter.get_by_test_id("occurrences")).to_have_value("2")
    expect(counter.get_by_test_id("item-deduction")).to_contain_text("1")
    counter.get_by_test_id("photo-input").set_input_files(jpeg((200, 40, 40)))
    expect(counter.get_by_test_id("item-photo")).to_have_count(1)
    expect(counter.locator("[data-testid=item-photo] img")).to_have_js_property("complete", True)

    # Fail the seal rule once, with a note and a photo.
    seal = card(page, "seal-locked")
    seal.get_by_test_id("answer-fail").click()
    seal.get_by_test_id("note").fill("印章放在桌面")
    seal.get_by_test_id("note").blur()
    seal.get_by_test_id("photo-input").set_input_files(jpeg((40, 40, 200)))
    expect(seal.get_by_test_id("item-photo")).to_have_count(1)
    expect(page.get_by_test_id("live-score")).to_have_text("98.3")  # 2 of the sheet's 120 points
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "0")

    # The connection drops: the answer waits on the phone, then syncs when it is back.
    page.context.set_offline(True)
    card(page, "exit-clear").get_by_test_id("answer-pass").click()
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "1")
    assert not Inspection.objects.get().items.filter(rule__key="exit-clear", result="pass").exists()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.get_by_test_id("sync-status")).to_have_attribute("data-waiting", "0")
    expect(page.get_by_test_id("progress-count")).to_have_text("3/3")

    # Reloading shows what the server saved.
    page.reload()
    expect(card(page, "seal-locked").get_by_test_id("note")).to_have_value("印章放在桌面")
    expect(card(page, "counter-whitelist").get_by_test_id("answer-fail")).to_have_attribute("aria-pressed", "true")

    with page.expect_navigation():
        page.get_by_test_id("submit").click()
    expect(page).to_have_url(url(live_server, f"/h/alpha/inspections/{inspection.pk}/"))
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.SUBMITTED
    assert inspection.score == Decimal("98.3") and inspection.grade == Grade.EXCELLENT
    assert Finding.objects.filter(inspection=inspection).count() == 2
    assert ItemPhoto.objects.filter(item__inspection=inspection).count() == 2

    main = page.locator("main")
    expect(main).to_contain_text("98")
    expect(main).to_contain_text(zh("Excellent"))
    expect(main).to_contain_text("台面物品白名单")
    expect(main).to_contain_text("印章离岗加锁")

    # The zone's history lists the patrol and its trend chart draws the score.
    page.goto(url(live_server, f"/h/alpha/inspections/history/zones/{zone.pk}/"))
    expect(page.get_by_test_id("history-row")).to_have_count(1)
    expect(page.get_by_test_id("history-row")).to_contain_text("98.3")
    expect(page.locator("#trend-chart canvas")).to_have_count(1)
    trend = page.evaluate("JSON.parse(document.getElementById('trend-data').textContent)")
    assert [p[1:] for series in trend["series"] for p in series["points"]] == [[98.3, inspection.pk, "excellent"]], (
        trend
    )
    expect(page.get_by_test_id("top-rule")).to_have_count(2)


def test_zone_lead_self_checks_own_zone_but_not_another(page, live_server, hall):
    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, "/h/alpha/inspections/new/"))
    options = page.locator("#id_kind option")
    expect(options).to_have_count(1)
    expect(options).to_have_attribute("value", "self_check")
    zone_values = page.locator("#id_zone option").evaluate_all("els => els.map(e => e.value).filter(Boolean)")
    assert zone_values == [str(hall.zones[0].pk)]

    # Forcing another zone into the form is refused with a message, and nothing is started.
    page.evaluate(
        "zone => { const s = document.querySelector('#id_zone'); s.add(new Option('x', zone)); s.value = zone; }",
        str(hall.zones[1].pk),
    )
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    expect(page.locator("#id_zone ~ .invalid-feedback")).to_be_visible()
    assert not Inspection.objects.exists()

    page.locator("#id_zone").select_option(str(hall.zones[0].pk))
    with page.expect_navigation():
        page.get_by_test_id("start-submit").click()
    expect(page).to_have_url(re.compile(r"/inspections/\d+/capture/$"))
    inspection = Inspection.objects.get()
    assert inspection.zone == hall.zones[0] and inspection.kind == "self_check"
