"""A campaign walked in the browser: the leadership group creates it with the plan's four phases and makes its
tasks from the task breakdown table; the deputy who owns a row finds it under "my tasks" on a phone and records
progress with a note and a photo; the timeline shows the task in progress; the work plan downloads as Word
and holds the phases."""

from __future__ import annotations

import io

import pytest
from docx import Document
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.campaign.models import Task

from ..campaign_data import add_groups
from ..factories import PASSWORD
from .helpers import login, url

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_leadership_plans_the_deputy_reports_and_the_plan_downloads(new_page, live_server, alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    add_groups(alpha)
    base = f"/h/{alpha.hall.code}/campaigns/"

    leader = new_page()
    login(leader, live_server, "alpha-leadership", PASSWORD)
    leader.goto(url(live_server, base))
    expect(leader.get_by_test_id("empty")).to_be_visible()
    with leader.expect_navigation():
        leader.get_by_test_id("new-campaign").click()
    leader.locator("input[name=title]").fill("现场管理标准化建设")
    expect(leader.locator("input[name=plan_phases]")).to_be_checked()
    with leader.expect_navigation():
        leader.get_by_role("button", name="保存").click()
    expect(leader.get_by_test_id("timeline-phase")).to_have_count(4)
    leader.locator("[data-testid=annex-form] select[name=phase]").select_option(label="对照实施")
    with leader.expect_navigation():
        leader.get_by_test_id("annex-submit").click()
    expect(leader.locator(".alert-success")).to_contain_text("4")
    expect(leader.get_by_test_id("timeline-task")).to_have_count(4)

    deputy = new_page(**PHONE)
    login(deputy, live_server, "alpha-lead1", PASSWORD)
    deputy.goto(url(live_server, base + "mine/"))
    with deputy.expect_navigation():
        deputy.get_by_role("link", name="负责一区的窗口推进工作。").click()
    deputy.locator("select[name=status]").select_option("in_progress")
    deputy.locator("textarea[name=note]").fill("一区台面定置完成一半")
    photo = io.BytesIO()
    Image.new("RGB", (60, 40), "green").save(photo, "PNG")
    deputy.locator("input[name=evidence]").set_input_files(
        {"name": "desk.png", "mimeType": "image/png", "buffer": photo.getvalue()}
    )
    with deputy.expect_navigation():
        deputy.get_by_test_id("update-submit").click()
    expect(deputy.get_by_test_id("updates")).to_contain_text("一区台面定置完成一半")
    expect(deputy.get_by_test_id("updates").locator("img")).to_be_visible()
    task = Task.objects.get(title="负责一区的窗口推进工作。")
    assert task.status == "in_progress"

    leader.reload()
    expect(leader.locator("[data-testid=timeline-task][data-status=in_progress]")).to_have_count(1)
    with leader.expect_download() as download:
        leader.get_by_test_id("workplan-docx").click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    for phase in ("动员培训阶段", "对照实施阶段", "评估验收阶段", "总结提高阶段", "附件"):
        assert phase in text, phase
