"""The handbook editor in a browser: revise, edit a rule, publish with a note, read the diff field by field;
and the live diagram of a layout standard while its slots are edited."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, Rule

from ..factories import PASSWORD
from ..test_handbook_editor import make_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

NEW_REQUIREMENT = "桌面只摆放显示器、键盘和评价器，其他物品入柜。"


def zh(message: str) -> str:
    """The Simplified Chinese UI text for an English msgid (the msgid itself while untranslated)."""
    with translation.override("zh-hans"):
        return str(translation.gettext(message))


def test_admin_revises_edits_a_rule_publishes_and_reads_the_diff(page, live_server, alpha):
    make_handbook(alpha)  # V1 published
    login(page, live_server, "alpha-admin", PASSWORD)

    # Start a revision: a draft V2, copied from V1.
    page.goto(url(live_server, "/h/alpha/handbook/revise/"))
    with page.expect_navigation():
        page.get_by_test_id("handbook-revise").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/handbook/v2/"))
    expect(page.get_by_test_id("draft-banner")).to_be_visible()

    # Edit a rule's requirement and deduction.
    page.goto(url(live_server, "/h/alpha/handbook/v2/rules/desk-tidy/edit/"))
    form = page.get_by_test_id("rule-form")
    expect(form.locator("textarea[name=requirement]")).to_have_value("桌面只摆放定置图规定的物品。")
    expect(form.locator("input[name=key]")).to_be_disabled()
    form.locator("textarea[name=requirement]").fill(NEW_REQUIREMENT)
    form.locator("input[name=deduction]").fill("1.5")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page).to_have_url(url(live_server, "/h/alpha/handbook/v2/rules/desk-tidy/"))
    expect(page.get_by_test_id("requirement")).to_contain_text(NEW_REQUIREMENT)

    # A bad deduction is refused with a message, and nothing changes.
    page.goto(url(live_server, "/h/alpha/handbook/v2/rules/desk-tidy/edit/"))
    page.locator("input[name=deduction]").fill("0.25")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.locator(".invalid-feedback")).to_contain_text(
        zh("Enter points in steps of 0.1 (for example 0.5 or 2).")
    )
    assert str(Rule.objects.get(version__number=2, key="desk-tidy").deduction) == "1.5"

    # Publish with a revision note (through the draft's toolbar) and land on the diff with V1.
    with page.expect_navigation():
        page.get_by_test_id("publish-link").click()
    expect(page.get_by_test_id("publish-ready")).to_be_visible()
    page.locator("textarea[name=note]").fill("桌面要求更具体，扣分提高。")
    with page.expect_navigation():
        page.get_by_test_id("publish").click()
    expect(page).to_have_url(re.compile(r"/h/alpha/handbook/diff/\?from=1&to=2$"))
    expect(page.locator("main .alert-success")).to_be_visible()

    # The diff shows the change field by field: the requirement and the deduction, old and new.
    changed = page.locator("[data-testid=changed][data-rule=desk-tidy]")
    expect(changed).to_have_count(1)
    rows = changed.locator("tbody tr")
    expect(rows).to_have_count(2)
    requirement = changed.locator(f'tr[data-field="{zh("requirement")}"]')
    expect(requirement.locator("td").nth(0)).to_have_text("桌面只摆放定置图规定的物品。")
    expect(requirement.locator("td").nth(1)).to_have_text(NEW_REQUIREMENT)
    deduction = changed.locator(f'tr[data-field="{zh("deduction per occurrence")}"]')
    expect(deduction.locator("td").nth(0)).to_have_text("0.5")
    expect(deduction.locator("td").nth(1)).to_have_text("1.5")
    expect(page.get_by_text("桌面要求更具体，扣分提高。")).to_be_visible()

    statuses = dict(HandbookVersion.objects.filter(handbook__hall=alpha.hall).values_list("number", "status"))
    assert statuses == {1: VersionStatus.SUPERSEDED, 2: VersionStatus.PUBLISHED}

    # V2 is published now: its edit page refuses and leads back to the version.
    page.goto(url(live_server, "/h/alpha/handbook/v2/rules/desk-tidy/edit/"))
    expect(page).to_have_url(url(live_server, "/h/alpha/handbook/v2/"))
    expect(page.locator("main .alert-danger")).to_contain_text("V2")


def test_layout_diagram_follows_the_slots_and_overlaps_are_refused(page, live_server, alpha):
    draft = make_handbook(alpha, draft=True)
    layout = draft.layouts.get()
    login(page, live_server, "alpha-leadership", PASSWORD)
    page.goto(url(live_server, f"/h/alpha/handbook/v2/layouts/{layout.pk}/edit/"))
    diagram = page.get_by_test_id("layout-diagram")
    expect(diagram.locator("svg")).to_be_visible()
    expect(page.get_by_test_id("layout-problems")).to_have_count(0)

    # Add a row that sits on the monitor: the diagram is redrawn (htmx) and names both items.
    page.get_by_test_id("add-row").click()
    row = page.get_by_test_id("slot-row").last
    for name, value in (("item", "水杯"), ("x", "450"), ("y", "100"), ("width", "80"), ("depth", "80")):
        row.locator(f"input[name$='-{name}']").fill(value)
    row.locator("input[name$='-depth']").blur()
    problems = page.get_by_test_id("layout-problems")
    expect(problems).to_contain_text("水杯")
    expect(problems).to_contain_text("显示器")
    expect(diagram.locator("svg")).to_contain_text("水杯")

    # Saving is refused and nothing is stored.
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.get_by_test_id("not-saved")).to_be_visible()
    assert layout.slots.count() == 3

    # Moved to a free corner, it saves.
    page.get_by_test_id("slot-row").last.locator("input[name$='-x']").fill("20")
    page.get_by_test_id("slot-row").last.locator("input[name$='-y']").fill("400")
    with page.expect_navigation():
        page.get_by_test_id("save").click()
    expect(page.locator("main .alert-success")).to_be_visible()
    assert list(layout.slots.values_list("item", flat=True)) == ["显示器", "键盘", "评价器", "水杯"]
