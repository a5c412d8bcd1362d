"""The leadership's journey through the leaders' dashboard: from the overview in one click, the trend and the
Pareto charts drawn without a script error or a CSP violation, and a click on the most failed rule's bar
opening that rule in the handbook."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ..factories import PASSWORD
from ..inspection_data import add_service_window, submitted
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    add_service_window(alpha, 0)
    submitted(alpha, {"seal-locked": 2})
    submitted(alpha, {"seal-locked": 1, "exit-clear": 1})
    return alpha


def test_leadership_opens_the_dashboard_and_a_bar_opens_its_rule(page, live_server, hall):
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, "alpha-leadership", PASSWORD)
    page.goto(url(live_server, f"/h/{hall.hall.code}/"))
    page.get_by_test_id("leaders-link").click()
    expect(page).to_have_url(re.compile(r"/leaders/$"))
    expect(page.get_by_test_id("provisional")).to_be_visible()
    expect(page.locator("#leaders-trend canvas")).to_have_count(1)
    expect(page.locator("#leaders-pareto canvas")).to_have_count(1)
    expect(page.get_by_test_id("pareto-row")).to_have_count(2)
    page.locator("#leaders-pareto").scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
            const el = document.getElementById("leaders-pareto");
            const chart = window.echarts.getInstanceByDom(el);
            const data = JSON.parse(document.getElementById("leaders-pareto-data").textContent);
            return chart.convertToPixel({seriesIndex: 0}, [0, data.counts[0] / 2]);
        }"""
    )
    box = page.locator("#leaders-pareto").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    expect(page).to_have_url(re.compile(r"/handbook/.+/seal-locked/?$"))
    assert not errors, errors
