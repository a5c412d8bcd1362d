"""The monthly assessment bulletin (考核通报): the pure builder's content (title, number, ranks with ties, not
assessed, the red and black lists by the hall's honour rules with the flag, windows and stars, the Pareto order
and cumulative shares, a correction's note), the bulletin number (stable for a period, sequential across periods,
a correction's own), who may download it (a draft is refused, anyone out of scope gets a 404), hostile names
printed literally, and LibreOffice's conversion."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal as D
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import bulletin, services
from hallkeeper.assessment.bulletin import BulletinData, Ranked, RuleCount
from hallkeeper.assessment.choices import PeriodState
from hallkeeper.assessment.honours import Honours, Rules, Unit
from hallkeeper.assessment.models import AssessmentPeriod
from hallkeeper.core import official as gw
from hallkeeper.core.models import Event
from hallkeeper.halls.models import DocumentCounter, DocumentSettings
from hallkeeper.inspections import services as inspections
from hallkeeper.standards.models import Rule

from .inspection_data import answer, jpeg_with_gps, start, submitted, upload
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)
SUP, LEAD = Role.SUPERVISION, Role.LEADERSHIP
HOSTILE = "<script>alert(1)</script><para>x</para>&amp;"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return compact("".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(content)).pages))


def docx_text(content: bytes) -> str:
    return "".join(t.text or "" for t in Document(BytesIO(content)).element.body.iter(qn("w:t")))


def texts(doc: gw.OfficialDocument) -> list[str]:
    out = []
    for block in doc.blocks:
        if isinstance(block, gw.Table):
            out += ["|".join(row) for row in block.rows]
        elif isinstance(block, gw.Picture):
            out.append(block.caption)
        elif hasattr(block, "text"):
            out.append(getattr(block, "lead", "") + block.text)
    return out


def table_after(doc: gw.OfficialDocument, heading: str) -> gw.Table:
    seen = False
    for block in doc.blocks:
        if isinstance(block, gw.Heading) and block.text == heading:
            seen = True
        elif seen and isinstance(block, gw.Table):
            return block
    raise AssertionError(heading)


def data(**changes) -> BulletinData:
    base = BulletinData(
        hall_name="鞍山市政务服务大厅",
        issuer_name="鞍山市行政审批局",
        number="鞍审批〔2026〕7号",
        kind="month",
        starts_on=dt.date(2026, 7, 1),
        ends_on=dt.date(2026, 7, 31),
        dated=dt.date(2026, 8, 5),
        zones=(
            Ranked("一楼综合区", D("96.0"), 1),
            Ranked("二楼社保区", D("96.0"), 1),
            Ranked("三楼不动产区", D("80.5"), 3),
            Ranked("四楼公积金区", D("72.0"), 4),
            Ranked("五楼税务区", D("65.0"), 5),
            Ranked("六楼新区", None, None),
        ),
        windows=(Ranked("01号窗口", D("99.0"), 1), Ranked("02号窗口", None, None)),
        staff=(Ranked("张三", D("90.0"), 2), Ranked("李四", D("92.0"), 1), Ranked("王五", None, None)),
        rule_counts=(
            RuleCount("2.1.1", "安全出口畅通", 3),
            RuleCount("1.1.1", "台面物品白名单", 5),
            RuleCount("1.1.2", "印章离岗加锁", 2),
        ),
        inspections=12,
    )
    return replace(base, **changes)


# -- the builder (pure) -------------------------------------------------------------------------------------


def test_title_number_addressee_signature_and_dates():
    doc = bulletin.build(data())
    assert doc.title == "关于2026年7月鞍山市政务服务大厅现场管理考核情况的通报"
    assert doc.number == "鞍审批〔2026〕7号"
    assert doc.issuer_mark == "鞍山市行政审批局文件"
    assert doc.addressee == "各科室、各派驻窗口单位"
    assert doc.signature == doc.printer == "鞍山市行政审批局"
    assert doc.date == doc.printed == dt.date(2026, 8, 5)
    assert doc.date_text == "2026年8月5日"
    assert bulletin.build(data(printed=dt.date(2026, 8, 6))).printed_text == "2026年8月6日印发"
    opening = texts(doc)[0]
    assert "2026年7月1日至2026年7月31日" in opening
    assert "共考核责任区6个、窗口2个、窗口工作人员3名" in opening
    assert "责任区平均得分81.9分" in opening  # (96 + 96 + 80.5 + 72 + 65) / 5 = 81.9
    headings = [b.text for b in doc.blocks if isinstance(b, gw.Heading) and b.level == 1]
    assert headings == ["一、总体情况", "二、考核排名", "三、红黑榜与评优", "四、存在的主要问题", "五、下一步要求"]


@pytest.mark.parametrize(
    ("kind", "starts_on", "text"),
    [("month", dt.date(2026, 11, 1), "2026年11月"), ("quarter", dt.date(2026, 7, 1), "2026年第三季度"),
     ("year", dt.date(2026, 1, 1), "2026年度")],
)  # fmt: skip
def test_period_in_the_title(kind, starts_on, text):
    assert bulletin.bulletin_title("大厅", kind, starts_on) == f"关于{text}大厅现场管理考核情况的通报"


def test_ranks_share_ties_and_not_assessed_come_last():
    doc = bulletin.build(data())
    zones = table_after(doc, "（一）责任区考核排名")
    assert zones.header == ("排名", "责任区", "得分", "等级")
    assert zones.rows == (
        ("1", "一楼综合区", "96.0", "优秀"),
        ("1", "二楼社保区", "96.0", "优秀"),
        ("3", "三楼不动产区", "80.5", "合格"),
        ("4", "四楼公积金区", "72.0", "合格"),
        ("5", "五楼税务区", "65.0", "不合格"),
        ("—", "六楼新区", "未参评", "—"),
    )
    staff = table_after(doc, "（三）窗口工作人员考核排名")
    assert staff.rows == (("1", "李四", "92.0"), ("2", "张三", "90.0"), ("—", "王五", "未参评"))
    windows = table_after(doc, "（二）窗口考核排名（前10名）")
    assert windows.rows == (("1", "01号窗口", "99.0"),)
    assert "其余1个窗口的考核结果见考核系统。" in texts(doc)
    overall = next(t for t in texts(doc) if t.startswith("本期共开展"))
    assert "本期共开展现场检查12次，发现问题10个，涉及标准条款3条" in overall
    assert "优秀2个、良好0个、合格2个、不合格1个，另有1个责任区未参评" in overall


def lead_text(doc: gw.OfficialDocument, lead: str) -> str:
    return next(b.text for b in doc.blocks if getattr(b, "lead", "") == lead)


def test_red_and_black_lists_by_the_halls_rules():
    # the default rules: 3 places each way, the red list from 70 points; 三楼 is red already, so not black
    honours = bulletin.honours_of(data())
    assert [z.name for z in honours.red_list] == ["一楼综合区", "二楼社保区", "三楼不动产区"]
    assert [z.name for z in honours.black_list] == ["五楼税务区", "四楼公积金区"]
    doc = bulletin.build(data())
    assert "一楼综合区（96.0分）" in lead_text(doc, "（一）红榜。")
    assert "不低于70分" in lead_text(doc, "（一）红榜。")
    assert "五楼税务区（65.0分）、四楼公积金区（72.0分）" in lead_text(doc, "（二）黑榜。")
    # the hall's own rules: one place on the red list from 90 points, a black line at 75 and no rank
    rules = Rules(red_size=1, red_min=D("90"), black_size=0, black_below=D("75"))
    doc = bulletin.build(data(rules=rules))
    red, black = lead_text(doc, "（一）红榜。"), lead_text(doc, "（二）黑榜。")
    assert "一楼综合区" in red and "二楼社保区" in red and "三楼" not in red  # a tie at the cut-off is in
    assert "得分低于75分" in black and "后" not in black.split("的责任区")[0]
    assert "四楼公积金区（72.0分）" in black and "五楼税务区" in black and "三楼" not in black
    # nothing listed
    doc = bulletin.build(data(rules=Rules(red_size=0, black_size=0)))
    assert lead_text(doc, "（一）红榜。") == "本期不设红榜。" and lead_text(doc, "（二）黑榜。") == "本期不设黑榜。"


def test_flag_windows_and_stars_in_a_month_only():
    doc = bulletin.build(data())
    assert "一楼综合区（96.0分）、二楼社保区（96.0分）共同获得" in lead_text(doc, "（三）流动红旗。")
    assert "01号窗口（99.0分）" in lead_text(doc, "（四）红旗窗口。")
    assert lead_text(doc, "（五）服务之星。").endswith("李四（92.0分）、张三（90.0分）。")
    doc = bulletin.build(data(rules=Rules(flag_min=D("99"), red_windows=0)))
    assert "流动红旗空缺" in lead_text(doc, "（三）流动红旗。")
    assert "（四）红旗窗口。" not in [getattr(b, "lead", "") for b in doc.blocks]
    quarter = bulletin.build(data(kind="quarter", starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 9, 30)))
    leads = [getattr(b, "lead", "") for b in quarter.blocks]
    assert "（一）红榜。" in leads and "（三）流动红旗。" not in leads and "（五）服务之星。" not in leads


def test_given_honours_are_printed_as_they_are():
    frozen = Honours(flag=(Unit("window", 1, "09号窗口", D("88.0")),), rules=Rules(flag_target="window"))
    doc = bulletin.build(data(honours=frozen))
    assert "本月流动红旗由09号窗口（88.0分）获得" in lead_text(doc, "（三）流动红旗。")
    assert "本期无" in lead_text(doc, "（一）红榜。")


def test_pareto_most_first_with_cumulative_share():
    rows = bulletin.pareto(data().rule_counts)
    assert [(r.code, r.count, r.cumulative) for r in rows] == [
        ("1.1.1", 5, D("50.0")),
        ("2.1.1", 3, D("80.0")),
        ("1.1.2", 2, D("100.0")),
    ]
    table = table_after(bulletin.build(data()), "四、存在的主要问题")
    assert table.rows[0] == ("1", "1.1.1", "台面物品白名单", "5", "50.0%")
    assert table.rows[-1][-1] == "100.0%"
    # ties by code; the share is of all findings, also beyond the rows shown
    many = [RuleCount(f"9.{i}", "规则", 1) for i in range(12, 0, -1)]
    rows = bulletin.pareto(many, limit=10)
    assert [r.code for r in rows][:3] == ["9.1", "9.10", "9.11"] and rows[-1].cumulative == D("83.3")


def test_nothing_found_and_nobody_assessed():
    doc = bulletin.build(data(zones=(), windows=(), staff=(), rule_counts=(), inspections=0))
    body = texts(doc)
    assert "本期检查未发现问题。" in body
    assert "本期无责任区参评" in body[0]
    assert table_after(doc, "（一）责任区考核排名").rows == (("—", "本期无", "—", "—"),)


def test_a_correction_says_what_it_replaces():
    doc = bulletin.build(data(revision=2, revision_reason="补录表扬信", corrects_number="鞍审批〔2026〕7号",
                              number="鞍审批〔2026〕9号"))  # fmt: skip
    first = texts(doc)[0]
    assert first.startswith("【更正】")
    assert "（鞍审批〔2026〕7号）的更正（第2版）" in first and "补录表扬信" in first and "原通报同时作废" in first


def test_typical_photos_are_scaled_and_captioned():
    photo = jpeg_with_gps(size=(1600, 1200))
    typical = tuple(bulletin.Typical(f"区{i}", "2.1.1", "安全出口畅通", photo, 1600, 1200) for i in range(6))
    pictures = [b for b in bulletin.build(data(typical=typical)).blocks if isinstance(b, gw.Picture)]
    assert len(pictures) == 4
    assert pictures[0].caption == "图1 区0：2.1.1 安全出口畅通"
    width, height = pictures[0].size_mm()
    assert width <= 120 and height <= 80


# -- the number ---------------------------------------------------------------------------------------------


@pytest.fixture
def small(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def period_in(small, state, starts_on=MONTH):
    period = services.period_create(user=small.users[SUP], hall=small.hall, kind="month", starts_on=starts_on)
    if state == PeriodState.DRAFT:
        return period
    period = services.period_open_appeal(
        user=small.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3), today=TODAY
    )
    if state == PeriodState.APPEAL:
        return period
    period = services.period_approve(user=small.users[LEAD], period=period)
    if state == PeriodState.APPROVED:
        return period
    return services.period_publish(user=small.users[LEAD], period=period)


def test_number_is_stable_for_a_period_and_sequential_across_periods(small):
    DocumentSettings.objects.create(hall=small.hall, issuer_name="鞍山市行政审批局", issuer_code="鞍审批")
    first = period_in(small, PeriodState.APPROVED)
    numbered = services.bulletin_number(user=small.users[Role.VIEWER], period=first)
    year = services.bulletin_date(numbered).year
    assert numbered.bulletin_number == f"鞍审批〔{year}〕1号"
    events = Event.objects.filter(verb="assessment.bulletin_numbered")
    assert events.count() == 1
    # the same period keeps its number, also once published
    published = services.period_publish(user=small.users[LEAD], period=numbered)
    again = services.bulletin_number(user=small.users[SUP], period=published)
    assert again.bulletin_number == f"鞍审批〔{year}〕1号" and events.count() == 1
    # another period takes the next number; a correction gets its own
    other = period_in(small, PeriodState.APPROVED, starts_on=(MONTH - dt.timedelta(days=1)).replace(day=1))
    assert services.bulletin_number(user=small.users[SUP], period=other).bulletin_seq == 2
    revision = services.period_correct(user=small.users[SUP], period=again, reason="补录表扬信")
    revision = period_advance(small, revision)
    assert services.bulletin_number(user=small.users[SUP], period=revision).bulletin_number == f"鞍审批〔{year}〕3号"
    # the number comes from the counter the hall's documents share under its 机关代字
    assert DocumentCounter.objects.get(hall=small.hall, code="鞍审批", year=year).last == 3


def period_advance(small, period):
    period = services.period_open_appeal(
        user=small.users[SUP], period=period, deadline=TODAY + dt.timedelta(days=3), today=TODAY
    )
    return services.period_approve(user=small.users[LEAD], period=period)


@pytest.mark.parametrize("state", [PeriodState.DRAFT, PeriodState.APPEAL])
def test_no_number_before_approval(small, state):
    period = period_in(small, state)
    with pytest.raises(ValidationError):
        services.bulletin_number(user=small.users[SUP], period=period)
    period.refresh_from_db()
    assert period.bulletin_number == "" and not DocumentCounter.objects.exists()


@pytest.mark.parametrize("who", ["lead1", "staff1", Role.SECURITY_ADMIN])
def test_only_hall_wide_roles_take_a_number(small, who):
    period = period_in(small, PeriodState.APPROVED)
    with pytest.raises(PermissionDenied):
        services.bulletin_number(user=small.users[who], period=period)


# -- the downloads ------------------------------------------------------------------------------------------


def url(small, period, ext):
    return reverse(f"assessment_bulletin_{ext}", kwargs={"hall": small.hall.code, "pk": period.pk})


def photographed(small, zone_index=0, fails=None):
    fails = fails or {"exit-clear": 1}
    inspection = start(small, zone_index=zone_index)
    answer(inspection, fails)
    for item in inspection.items.filter(rule__key__in=list(fails)):
        inspections.photo_add(user=inspection.inspector, item=item, file=upload(jpeg_with_gps(), name="before.jpg"))
    return inspections.inspection_submit(user=inspection.inspector, inspection=inspection)


def test_downloads_hold_the_bulletin_with_hostile_names_literal(client, small):
    zone = small.zones[0]
    zone.name = f"一区{HOSTILE}"
    zone.save()
    Rule.objects.filter(version__handbook__hall=small.hall, key="exit-clear").update(title=f"出口{HOSTILE}")
    photographed(small, 0, {"exit-clear": 1, "seal-locked": 1})
    submitted(small, {"exit-clear": 2}, zone_index=1)
    period = period_in(small, PeriodState.PUBLISHED)
    client.force_login(small.users[Role.VIEWER])
    page = client.get(period.get_absolute_url())
    assert url(small, period, "docx") in page.content.decode() and url(small, period, "pdf") in page.content.decode()

    response = client.get(url(small, period, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    period.refresh_from_db()
    disposition = unquote(response["Content-Disposition"])
    assert disposition.startswith("attachment;")
    assert f"{period.bulletin_number}-考核通报-{MONTH.year}年{MONTH.month}月.docx" in disposition
    word = docx_text(response.content)
    title = bulletin.bulletin_title(small.hall.name, "month", MONTH)
    assert title in word and period.bulletin_number in word
    assert f"一区{HOSTILE}" in word and f"出口{HOSTILE}" in word  # text, never markup
    assert Document(BytesIO(response.content)).inline_shapes  # the typical problems' photos

    response = client.get(url(small, period, "pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("inline;")
    text = pdf_text(response.content)
    assert compact(title) in text and period.bulletin_number in text
    assert compact(f"一区{HOSTILE}") in text and "2.1.1" in text
    # the same number on every download
    client.get(url(small, period, "pdf"))
    assert Event.objects.filter(verb="assessment.bulletin_numbered").count() == 1


@pytest.mark.parametrize("state", [PeriodState.DRAFT, PeriodState.APPEAL])
def test_a_period_not_approved_is_refused_with_a_message(client, small, state):
    period = period_in(small, state)
    client.force_login(small.users[SUP])
    assert url(small, period, "pdf") not in client.get(period.get_absolute_url()).content.decode()
    response = client.get(url(small, period, "docx"))
    assert response.status_code == 302 and response["Location"] == period.get_absolute_url()
    assert any("approved" in str(m) for m in get_messages(response.wsgi_request))
    assert not AssessmentPeriod.objects.exclude(bulletin_number="").exists()


@pytest.mark.parametrize("who", ["lead1", "staff1"])
def test_zone_leads_and_staff_get_a_404(client, small, who):
    period = period_in(small, PeriodState.PUBLISHED)
    client.force_login(small.users[who])
    assert client.get(period.get_absolute_url()).status_code == 200  # they read the period page
    assert url(small, period, "pdf") not in client.get(period.get_absolute_url()).content.decode()
    for ext in ("docx", "pdf"):
        assert client.get(url(small, period, ext)).status_code == 404


def test_another_halls_period_is_a_404(client, small, beta):
    install_tiny_handbook(beta.hall)
    theirs = period_in(beta, PeriodState.PUBLISHED)
    client.force_login(small.users[SUP])
    wrong_hall = reverse("assessment_bulletin_pdf", kwargs={"hall": small.hall.code, "pk": theirs.pk})
    assert client.get(wrong_hall).status_code == 404
    assert client.get(url(beta, theirs, "docx")).status_code in (403, 404)
    theirs.refresh_from_db()
    assert theirs.bulletin_number == ""


def test_libreoffice_converts_the_bulletin(client, small, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    submitted(small, {"exit-clear": 1})
    period = period_in(small, PeriodState.APPROVED)
    client.force_login(small.users[LEAD])
    path = tmp_path / "bulletin.docx"
    path.write_bytes(client.get(url(small, period, "docx")).content)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    text = pdf_text((tmp_path / "bulletin.pdf").read_bytes())
    assert compact(bulletin.bulletin_title(small.hall.name, "month", MONTH)) in text
    assert "考核排名" in text


@pytest.mark.parametrize("ext", ["docx", "pdf"])
@pytest.mark.parametrize("pk", [999999, 2147483647])
def test_hostile_ids_answer_404(client, small, ext, pk):
    client.force_login(small.users[Role.ADMIN])
    response = client.get(reverse(f"assessment_bulletin_{ext}", kwargs={"hall": small.hall.code, "pk": pk}))
    assert response.status_code == 404


def test_a_changed_issuer_code_leaves_a_taken_number(small):
    settings_row = DocumentSettings.objects.create(
        hall=small.hall, issuer_name="鞍山市行政审批局", issuer_code="鞍审批"
    )
    period = services.bulletin_number(user=small.users[SUP], period=period_in(small, PeriodState.PUBLISHED))
    settings_row.issuer_code = "鞍政数"
    settings_row.save()
    again = services.bulletin_number(user=small.users[SUP], period=period)
    assert again.bulletin_number == period.bulletin_number and again.bulletin_number.startswith("鞍审批〔")
    assert bulletin.gather(again, small.users[SUP]).number == period.bulletin_number
