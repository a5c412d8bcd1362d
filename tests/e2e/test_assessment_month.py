"""A month's assessment walked in the browser on a small hall: the supervision group drafts and computes the
month and opens it for appeal, a zone lead appeals from a phone, the supervision group answers, the leadership
approves, and the bulletin downloads as .docx and .pdf; the .docx converted by LibreOffice and the PDF both
hold the bulletin's Chinese title."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from io import BytesIO

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hallkeeper.assessment import bulletin
from hallkeeper.assessment.choices import AppealState, PeriodState
from hallkeeper.assessment.models import Appeal, AssessmentPeriod

from ..factories import PASSWORD
from ..inspection_data import submitted
from ..standards_data import install_tiny_handbook
from .helpers import login, url

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(content)).pages))


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    submitted(alpha, {"exit-clear": 1})  # zone 1's patrol: a failed veto rule
    submitted(alpha, zone_index=1)  # zone 2's: clean
    return alpha


def test_a_month_from_draft_to_the_bulletin(new_page, live_server, hall, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx cannot be converted")
    today = timezone.localdate()
    base = f"/h/{hall.hall.code}/assessment/"

    # The supervision group drafts the month: the period is computed at once.
    inspector = new_page()
    login(inspector, live_server, "alpha-supervision", PASSWORD)
    inspector.goto(url(live_server, base))
    inspector.locator("select[name=kind]").last.select_option("month")
    inspector.locator("input[name=day]").fill(today.isoformat())
    with inspector.expect_navigation():
        inspector.get_by_role("button", name="保存").click()
    period = AssessmentPeriod.objects.get()
    expect(inspector).to_have_url(url(live_server, period.get_absolute_url()))
    expect(inspector.get_by_test_id("period-state")).to_have_text("草稿")
    expect(inspector.get_by_test_id("results-zone")).to_contain_text("alpha责任区1")
    with inspector.expect_navigation():
        inspector.get_by_test_id("compute").click()
    # … and opens it for appeal until the day after tomorrow.
    deadline = today + dt.timedelta(days=2)
    inspector.locator("input[name=deadline]").fill(deadline.isoformat())
    with inspector.expect_navigation():
        inspector.get_by_test_id("open").click()
    expect(inspector.get_by_test_id("period-state")).to_have_text("申诉期")

    # The lead of zone 1 sees the result on a phone and appeals.
    lead = new_page(**PHONE)
    login(lead, live_server, "alpha-lead1", PASSWORD)
    lead.goto(url(live_server, base))
    with lead.expect_navigation():
        lead.get_by_test_id("my-results").get_by_role("link", name=re.compile("alpha责任区1")).click()
    expect(lead.get_by_test_id("score")).to_contain_text("60")  # capped by the veto rule
    lead.locator("textarea[name=reason]").fill("安全出口前纸箱系消防检查临时放置，当日已清理，申请复核。")
    with lead.expect_navigation():
        lead.get_by_test_id("appeal").click()
    appeal = Appeal.objects.get()
    assert appeal.state == AppealState.PENDING and appeal.appealed_by == hall.users["lead1"]
    expect(lead.locator("main")).to_contain_text("申请复核")  # the lead sees the appeal waiting
    assert lead.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits the phone

    # The supervision group answers: dismissed, the veto stands.
    inspector.reload()
    card = inspector.get_by_test_id("appeal")
    card.locator("input[value=dismissed]").check()
    card.locator("textarea[name=answer]").fill("经核实，检查时安全出口确被堵塞，否决项成立，维持原结果。")
    with inspector.expect_navigation():
        card.locator("button").click()
    appeal.refresh_from_db()
    assert appeal.state == AppealState.DISMISSED
    expect(inspector.get_by_test_id("appeal")).to_contain_text("维持原结果")

    # The leadership group approves.
    leader = new_page()
    login(leader, live_server, "alpha-leadership", PASSWORD)
    leader.goto(url(live_server, period.get_absolute_url()))
    with leader.expect_navigation():
        leader.get_by_test_id("approve").click()
    expect(leader.get_by_test_id("period-state")).to_have_text("已审定")
    period.refresh_from_db()
    assert period.state == PeriodState.APPROVED

    # The bulletin downloads as Word and as PDF, under one number.
    with leader.expect_download() as word:
        leader.get_by_test_id("bulletin-docx").click()
    assert word.value.suggested_filename.endswith(".docx")
    # the PDF opens in the browser's viewer; fetched in the leader's session as the viewer fetches it
    pdf = leader.request.get(url(live_server, leader.get_by_test_id("bulletin-pdf").get_attribute("href")))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    docx = tmp_path / "bulletin.docx"
    word.value.save_as(docx)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(docx)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    title = re.sub(r"\s+", "", bulletin.bulletin_title(hall.hall.name, "month", period.starts_on))
    period.refresh_from_db()
    number = period.bulletin_number
    assert number and "第" not in number and re.search(r"〔\d{4}〕[1-9]\d*号$", number)
    for text in (pdf_text((tmp_path / "bulletin.pdf").read_bytes()), pdf_text(pdf.body())):
        assert title in text
        assert number in text
