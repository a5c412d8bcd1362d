"""On a desktop: the per-zone notice chart shows categories as bars and dots (a zone with nothing closed has no
dot and reads “—”), every notice chip reads at WCAG AA, the clause picker adds or removes one clause per click,
the version comparison opens without errors or underlined badges, and a read-only role meets the friendly
refusal page with a way back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hallkeeper.rectification.choices import NoticeState
from hallkeeper.standards.models import Rule

from ..factories import PASSWORD
from ..inspection_data import issued_notice, notice_in_state
from ..standards_data import install_tiny_handbook
from ..test_handbook_editor import make_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

#: WCAG contrast of an element's text colour against the first opaque background behind it.
CONTRAST = """el => {
  const rgb = s => s.match(/[\\d.]+/g).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  let bg = null, p = el;
  while (p) { const c = rgb(getComputedStyle(p).backgroundColor); if (c.length < 4 || c[3] > 0) { bg = c; break; }
    p = p.parentElement; }
  bg = bg || [255, 255, 255];
  const a = lum(rgb(getComputedStyle(el).color)), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def test_notice_chart_and_chips(page, live_server, hall):
    notice_in_state(hall, NoticeState.VERIFIED)  # zone 1: one closed
    issued_notice(hall, zone_index=1)  # zone 2: nothing closed
    acknowledged = notice_in_state(hall, NoticeState.ACKNOWLEDGED, zone_index=1)
    assert acknowledged.state == NoticeState.ACKNOWLEDGED
    login(page, live_server, "alpha-supervision", PASSWORD)

    page.goto(url(live_server, f"/h/{hall.hall.code}/rectification/zones/"))
    chart = page.get_by_test_id("zone-chart")
    expect(chart.locator("canvas")).to_have_count(1)
    series = chart.evaluate(
        """el => echarts.getInstanceByDom(el).getOption().series.map(s => ({
             type: s.type, data: s.data, blank: s.tooltip && s.tooltip.valueFormatter
               ? s.tooltip.valueFormatter(null) : null}))"""
    )
    assert [s["type"] for s in series] == ["bar", "bar", "scatter"]  # never a line across zones
    average = series[2]
    assert average["data"][1] is None and average["data"][0] is not None
    assert average["blank"] == "—"
    expect(page.locator(f"[data-zone='{hall.zones[1].pk}'] [data-testid=average]")).to_have_text("—")

    page.goto(url(live_server, f"/h/{hall.hall.code}/rectification/"))
    for query in ("", "?state=acknowledged", "?state=rectifying"):
        page.goto(url(live_server, f"/h/{hall.hall.code}/rectification/{query}"))
        chips = page.get_by_test_id("state-chips").locator("a")
        expect(chips).to_have_count(9)
        for chip in chips.all() + page.get_by_test_id("chip-count").all():
            ratio = chip.evaluate(CONTRAST)
            assert ratio >= 4.5, f"{chip.inner_text()!r} {ratio:.2f}:1 on {query or 'all'}"


def test_clause_picker_adds_and_removes_one_clause_per_click(page, live_server, hall):
    draft = make_handbook(hall, draft=True)
    rule = draft.rules.order_by("pk").first()
    before = set(rule.clauses)
    login(page, live_server, "alpha-admin", PASSWORD)
    page.goto(url(live_server, f"/h/{hall.hall.code}/handbook/v{draft.number}/rules/{rule.key}/edit/"))
    picker = page.get_by_test_id("clause-picker")
    expect(picker.locator("select")).to_have_count(0)
    boxes = picker.locator("input[type=checkbox]")
    expect(boxes).to_have_count(23)

    picker.get_by_label("5.1 仪容仪表").click()
    picker.get_by_label("7.2 管理要求").click()
    checked = {b.get_attribute("value") for b in boxes.all() if b.is_checked()}
    assert checked == before ^ {"5.1", "7.2"}  # each click changed exactly one clause, the others stayed

    search = picker.get_by_test_id("clause-search")
    search.fill("附录")
    expect(picker.get_by_label("附录A 空间平面示意图")).to_be_visible()
    expect(picker.get_by_label("9.1 管理内容")).to_be_hidden()
    search.press("Enter")  # searching does not submit the form
    expect(page).to_have_url(re.compile(r"/edit/$"))
    picker.get_by_label("附录B 办公物品存放数量表").click()
    search.fill("")

    with page.expect_navigation():
        page.get_by_test_id("save").click()
    assert set(Rule.objects.get(pk=rule.pk).clauses) == before ^ {"5.1", "7.2", "B"}


def test_version_comparison_and_refusal_pages(new_page, live_server, hall):
    make_handbook(hall, draft=True)
    admin = new_page()
    login(admin, live_server, "alpha-admin", PASSWORD)
    admin.goto(url(live_server, f"/h/{hall.hall.code}/handbook/diff/"))
    expect(admin.get_by_test_id("diff-summary")).to_be_visible()
    expect(admin.locator(".invalid-feedback, [data-testid=diff-error]")).to_have_count(0)
    for badge in admin.get_by_test_id("version-status").all():
        assert badge.evaluate("el => getComputedStyle(el.closest('a') || el).textDecorationLine") == "none"
    admin.goto(url(live_server, f"/h/{hall.hall.code}/handbook/versions/"))
    for badge in admin.get_by_test_id("version-status").all():
        assert badge.evaluate("el => getComputedStyle(el.closest('a') || el).textDecorationLine") == "none"

    viewer = new_page()
    login(viewer, live_server, "alpha-viewer", PASSWORD)
    zone_page = f"/h/{hall.hall.code}/zones/{hall.zones[0].pk}/"
    viewer.goto(url(live_server, zone_page))
    expect(viewer.get_by_role("link", name="编辑")).to_have_count(0)  # no button leads to a refusal
    viewer.goto(
        url(live_server, f"/h/{hall.hall.code}/zones/{hall.zones[0].pk}/edit/"), referer=url(live_server, zone_page)
    )
    expect(viewer.get_by_test_id("forbidden")).to_contain_text("无权操作")
    with viewer.expect_navigation():
        viewer.get_by_test_id("forbidden-back").click()
    expect(viewer).to_have_url(url(live_server, zone_page))
