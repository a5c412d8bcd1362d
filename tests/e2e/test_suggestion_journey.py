"""A zone lead writes a suggestion on the handbook from a 390×844 phone, with a photo; the promotion group's deputy
accepts it for the handbook, linking the rule of the draft revision; the zone lead reads the answer."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role
from hallkeeper.standards import services as handbook
from hallkeeper.suggestions.models import Suggestion

from ..factories import PASSWORD
from ..standards_data import install_tiny_handbook
from ..test_suggestions import promote
from .helpers import login, logout, url

pytestmark = pytest.mark.e2e

TEXT = "台面物品白名单没有写明老花镜能否摆放，建议补充。"
REPLY = "采纳，修订台面物品白名单。"
RULE = "1.1.1 台面物品白名单"


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    v1 = install_tiny_handbook(alpha.hall)
    handbook.handbook_version_revise(handbook=v1.handbook, user=alpha.users[Role.ADMIN])  # the revision under way
    promote(alpha, "lead2")
    return alpha


def photo_file() -> dict:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), "orange").save(out, "JPEG")
    return {"name": "counter.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def write_on_the_rule(page, zone, text: str) -> None:
    """On the new suggestion's form: ``text`` on the tiny handbook's first rule in ``zone``, with a photo; sent."""
    page.locator("select[name=subject]").select_option("handbook")
    page.locator("select[name=rule]").select_option(label=RULE)
    page.locator("select[name=zone]").select_option(label=str(zone))
    page.locator("textarea[name=text]").fill(text)
    page.locator("input[name=photo]").set_input_files(photo_file())
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def accept_for_the_rule(page, text: str, reply: str) -> None:
    """From the list of suggestions: open the one saying ``text``, accept it with ``reply`` for the rule of the
    draft revision."""
    page.get_by_test_id("suggestions").get_by_role("link", name=text[:20]).first.click()
    form = page.get_by_test_id("answer-form")
    form.locator("select[name=outcome]").select_option("accepted")
    form.locator("textarea[name=reply]").fill(reply)
    form.locator("select[name=revised_rule]").select_option(label=RULE)
    with page.expect_navigation():
        page.get_by_test_id("answer-submit").click()


def test_zone_lead_suggests_and_the_promotion_group_accepts_it_for_the_handbook(phone_page, live_server, hall):
    page, code = phone_page, hall.hall.code
    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(url(live_server, f"/h/{code}/suggestions/"))
    expect(page.get_by_test_id("empty")).to_be_visible()
    page.get_by_test_id("new-suggestion").click()
    write_on_the_rule(page, hall.zones[0], TEXT)
    expect(page.get_by_test_id("text")).to_have_text(TEXT)
    expect(page.get_by_test_id("state")).to_have_text("待答复")
    expect(page.get_by_test_id("photo")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    detail = page.url
    logout(page)

    login(page, live_server, "alpha-lead2", PASSWORD)  # the promotion group's deputy
    page.goto(url(live_server, f"/h/{code}/suggestions/?state=open"))
    accept_for_the_rule(page, TEXT, REPLY)
    expect(page.get_by_test_id("state")).to_have_text("已采纳")
    expect(page.get_by_test_id("revision")).to_contain_text("V2")
    page.get_by_test_id("tag-form").locator("input[name=tags]").fill("台面，手册修订")
    with page.expect_navigation():
        page.get_by_test_id("tag-form").locator("button").click()
    expect(page.get_by_test_id("tags")).to_contain_text("手册修订")
    logout(page)

    login(page, live_server, "alpha-lead1", PASSWORD)
    page.goto(detail)
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)
    expect(page.get_by_test_id("revision")).to_contain_text("草稿")
    item = Suggestion.objects.get()
    assert item.revised_rule.key == "counter-whitelist" and item.revision.number == 2
