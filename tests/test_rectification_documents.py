"""The printable notice (整改通知书) as Word and PDF with its receipt slip, and the closing report."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from hallkeeper.accounts.choices import Role
from hallkeeper.inspections import services as inspections
from hallkeeper.rectification import documents
from hallkeeper.rectification import services as rectification
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.documents.common import collect, day
from hallkeeper.rectification.documents.docx import BODY_FONT, TITLE_FONT
from hallkeeper.rectification.models import Notice
from hallkeeper.rectification.services import FindingAnswer

from .inspection_data import (
    add_service_window,
    answer,
    answers_for,
    findings_of,
    issued_notice,
    jpeg_with_gps,
    notice_in_state,
    photo_file,
    start,
    upload,
)
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
RULE_TITLE = "安全出口畅通"  # exit-clear, the rule the helpers fail


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def hall(alpha, media):
    install_tiny_handbook(alpha.hall)
    return alpha


def pdf_reader(content: bytes):
    pypdf = pytest.importorskip("pypdf")
    return pypdf.PdfReader(BytesIO(content))


def pdf_text(content: bytes) -> str:
    """The text of every page with white space removed (extraction breaks lines wherever the layout does)."""
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in pdf_reader(content).pages))


def image_count(content: bytes) -> int:
    return sum(len(page.images) for page in pdf_reader(content).pages)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def photographed_findings(small, colours=("red",), zone_index: int = 0, fails=None):
    """The findings of a submitted patrol of ``small.zones[zone_index]`` failing exit-clear, with one before-photo
    of each colour on each failed item (taken through the inspection services; every photo differs)."""
    fails = fails or {"exit-clear": 1}
    inspection = start(small, zone_index=zone_index)
    answer(inspection, fails)
    for n, item in enumerate(inspection.items.filter(rule__key__in=list(fails))):
        for colour in colours:
            photo = jpeg_with_gps(size=(600 + 10 * n, 400), colour=colour)
            inspections.photo_add(user=inspection.inspector, item=item, file=upload(photo, name=f"{colour}.jpg"))
    inspection = inspections.inspection_submit(user=inspection.inspector, inspection=inspection)
    return list(inspection.findings.order_by("pk"))


def docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return "\n".join(parts)


# -- the notice as Word ----------------------------------------------------------------------------


def test_docx_holds_number_addressee_findings_photos_deadline_and_a_blank_receipt(hall, tmp_path):
    notice = issued_notice(hall, findings=photographed_findings(hall))
    content = documents.notice_docx(notice)
    document = Document(BytesIO(content))
    text = docx_text(document)

    assert notice.number in text
    zone = hall.zones[0]
    assert zone.name in text and zone.lead.name in text
    assert RULE_TITLE in text and "立即清理安全出口堆放物品。" in text
    assert day(notice.deadline) in text and day(notice.issued_at) in text
    assert hall.hall.organization in text
    # The findings table: a header, one row per finding, the total; the before-photo is in the last column.
    findings = document.tables[0]
    assert len(findings.rows) == 3 and len(findings.columns) == 8
    assert findings.rows[1].cells[1].text.startswith("2.1.1 安全出口畅通")
    assert "6.2、9.2" in findings.rows[1].cells[2].text
    assert findings.rows[1].cells[7]._tc.xml.count("<pic:pic") == 1
    assert len(document.inline_shapes) == 1
    # The receipt slip: the number and the zone filled in, the signature and date left blank.
    receipt = document.tables[-1]
    assert receipt.rows[0].cells[1].text == notice.number and receipt.rows[0].cells[3].text == zone.name
    assert receipt.rows[1].cells[1].text == "" and receipt.rows[1].cells[3].text == ""
    # Official fonts set for East Asian text, with fallbacks in the font table; A4 with 公文 margins.
    styles = document.styles
    assert styles["HKNTitle"].element.rPr.rFonts.get(f"{W}eastAsia") == TITLE_FONT
    assert styles["HKNBody"].element.rPr.rFonts.get(f"{W}eastAsia") == BODY_FONT
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert "方正小标宋简体" in font_table.blob.decode() and 'w:altName w:val="仿宋"' in font_table.blob.decode()
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 28 and round(section.top_margin.mm) == 37

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    path = tmp_path / "notice.docx"
    path.write_bytes(content)
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    converted = (tmp_path / "notice.pdf").read_bytes()
    assert converted.startswith(b"%PDF")
    text = pdf_text(converted)
    assert compact(zone.name) in text and RULE_TITLE in text and compact(notice.number) in text
    assert image_count(converted) >= 1


def test_acknowledged_notice_fills_the_receipt_from_the_acknowledgement(hall):
    notice = issued_notice(hall)
    lead = hall.users["lead1"]
    rectification.notice_acknowledge(user=lead, notice=notice, comment="已收到，马上整改")
    notice.refresh_from_db()

    receipt = Document(BytesIO(documents.notice_docx(notice))).tables[-1]
    assert receipt.rows[1].cells[1].text == lead.display_name
    assert receipt.rows[1].cells[3].text == day(notice.acknowledged_at)
    assert receipt.rows[2].cells[1].text == "已收到，马上整改"
    text = pdf_text(documents.notice_pdf(notice))
    assert compact(lead.display_name) in text and "已收到，马上整改" in text


def test_notice_shows_an_extended_deadline_with_the_original_one(hall):
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    until = notice.deadline + timezone.timedelta(days=7)
    extension = rectification.extension_request(
        user=hall.users["lead1"], notice=notice, requested_until=until, reason="需采购新柜子"
    )
    rectification.extension_decide(user=hall.users["supervision"], extension=extension, grant=True)
    notice.refresh_from_db()

    doc = collect(notice)
    assert doc.deadline == day(until) and doc.extended_from == day(notice.original_deadline)
    text = docx_text(Document(BytesIO(documents.notice_docx(notice))))
    assert day(until) in text and day(notice.original_deadline) in text


# -- the notice as PDF --------------------------------------------------------------------------------


def test_pdf_is_valid_renders_chinese_and_embeds_the_before_photos(hall):
    notice = issued_notice(hall, findings=photographed_findings(hall, colours=("red", "blue")))
    content = documents.notice_pdf(notice)

    assert content.startswith(b"%PDF")
    reader = pdf_reader(content)
    assert reader.metadata.title.startswith(notice.number)
    text = pdf_text(content)
    assert compact(hall.zones[0].name) in text
    assert RULE_TITLE in text and compact(notice.number) in text and "立即清理安全出口堆放物品。" in text
    assert compact(hall.zones[0].lead.name) in text and compact(day(notice.deadline)) in text
    assert image_count(content) == 2  # both before-photos, in the findings table


def test_pdf_without_photos_embeds_no_image(hall):
    content = documents.notice_pdf(issued_notice(hall))
    assert image_count(content) == 0
    assert RULE_TITLE in pdf_text(content)


def test_notice_lists_every_finding_of_several_rules(hall):
    add_service_window(hall)
    findings = photographed_findings(hall, fails={"exit-clear": 1, "counter-whitelist": 2, "seal-locked": 1})
    notice = issued_notice(hall, findings=findings)

    doc = collect(notice)
    assert [f.order for f in doc.findings] == [1, 2, 3]
    assert {f.rule_code for f in doc.findings} == {"1.1.1", "1.1.2", "2.1.1"}
    # each finding's share of the 100-point sheet (the three rules' 120 points): 1.7 + 0.8 + 0.8
    assert doc.total_deduction == "3.3"
    table = Document(BytesIO(documents.notice_docx(notice))).tables[0]
    assert len(table.rows) == 5 and table.rows[-1].cells[6].text == "3.3"
    assert image_count(documents.notice_pdf(notice)) == 3
    text = pdf_text(documents.notice_pdf(notice))
    assert all(t in text for t in ("台面物品白名单", "印章离岗加锁", RULE_TITLE))


def test_documents_take_a_bounded_number_of_queries(hall, django_assert_max_num_queries):
    add_service_window(hall)
    findings = photographed_findings(hall, fails={"exit-clear": 1, "counter-whitelist": 2, "seal-locked": 1})
    notice = issued_notice(hall, findings=findings)
    loaded = documents.load(Notice.objects.all(), notice.pk)
    with django_assert_max_num_queries(8):
        collect(loaded, closing=True)


# -- the closing report ----------------------------------------------------------------------------


def verified_notice(small, before_colours=("red",), after_colours=("green", "yellow"), inspection=False):
    notice = issued_notice(small, findings=photographed_findings(small, colours=before_colours))
    lead, inspector = small.users["lead1"], small.users["supervision"]
    notice = rectification.notice_acknowledge(user=lead, notice=notice)
    rectification.notice_submit(user=lead, notice=notice, answers=answers_for(notice, "第一次整改。", "black"))
    notice.refresh_from_db()
    notice = rectification.notice_reject(user=inspector, notice=notice, reason="通道仍有纸箱")
    photos = [photo_file(colour, name=f"{colour}.jpg") for colour in after_colours]
    answers = [FindingAnswer(item=i.pk, text="纸箱已全部清走。", photos=tuple(photos)) for i in notice.items.all()]
    rectification.notice_submit(user=lead, notice=notice, answers=answers, remark="全部整改完毕。")
    notice.refresh_from_db()
    recheck = None
    if inspection:
        recheck = inspections.inspection_submit(user=inspector, inspection=answer(start(small)))
    return rectification.notice_verify(
        user=inspector, notice=notice, comment="复查合格", verification_inspection=recheck
    )


def test_closing_report_puts_before_beside_after_photos_with_the_verification_and_timeline(hall):
    notice = verified_notice(hall)
    content = documents.closing_report_pdf(notice)

    text = pdf_text(content)
    assert compact(notice.number) in text and compact(hall.zones[0].name) in text and RULE_TITLE in text
    assert "纸箱已全部清走。" in text and "复查合格" in text and "通道仍有纸箱" in text
    assert compact(hall.users["lead1"].display_name) in text
    # One before-photo beside the two after-photos of the accepted rectification (not the rejected one's).
    assert image_count(content) == 3
    doc = collect(notice, closing=True)
    assert doc.is_closed and doc.after_verified and doc.after.text == "全部整改完毕。"
    assert doc.findings[0].answer.text == "纸箱已全部清走。" and len(doc.findings[0].answer.photos) == 2
    assert len(doc.responses) == 2 and doc.verification.by == hall.users["supervision"].display_name
    verbs = [e.label for e in doc.events]
    assert len(verbs) == 6  # issued, acknowledged, submitted, rejected, submitted, verified
    assert notice.closed_late is False


def test_closing_report_names_the_recheck_inspection(hall):
    notice = verified_notice(hall, inspection=True)
    doc = collect(notice, closing=True)
    assert notice.verification_inspection_id is not None
    assert day(notice.verification_inspection.submitted_at) in doc.verification.method
    assert compact(day(notice.verification_inspection.submitted_at)) in pdf_text(documents.closing_report_pdf(notice))


@pytest.mark.parametrize("state", [NoticeState.ISSUED, NoticeState.SUBMITTED, NoticeState.CANCELLED])
def test_closing_report_of_an_open_or_cancelled_notice_carries_a_banner(hall, state):
    notice = notice_in_state(hall, state)
    doc = collect(notice, closing=True)
    assert not doc.is_closed and doc.verification is None
    content = documents.closing_report_pdf(notice)
    text = pdf_text(content)
    assert compact(notice.number) in text
    if state == NoticeState.CANCELLED:
        assert "重复下发" in text  # the reason for cancelling
    else:
        assert compact(str(NoticeState(state).label)) in text
    if state == NoticeState.SUBMITTED:
        assert doc.after is not None and not doc.after_verified
        assert image_count(content) == 1  # the after-photo waiting for verification
    else:
        assert doc.after is None and image_count(content) == 0


def test_a_missing_photo_file_does_not_stop_the_documents(hall):
    notice = issued_notice(hall, findings=photographed_findings(hall))
    photo = notice.items.get().finding.item.photos.get()
    for stored in (photo.thumbnail, photo.image):
        stored.storage.delete(stored.name)
    assert image_count(documents.notice_pdf(notice)) == 0
    assert len(Document(BytesIO(documents.notice_docx(notice))).inline_shapes) == 0


# -- the downloads and who may make them -------------------------------------------------------------

DOWNLOADS = ("notice_docx", "notice_pdf", "notice_closing_pdf")


def url(name: str, notice) -> str:
    return reverse(name, kwargs={"hall": notice.hall.code, "pk": notice.pk})


@pytest.mark.parametrize("name", DOWNLOADS)
def test_download_has_the_content_type_and_a_chinese_file_name(client, hall, name):
    notice = notice_in_state(hall, NoticeState.VERIFIED)
    client.force_login(hall.users[Role.VIEWER])

    response = client.get(url(name, notice))

    assert response.status_code == 200
    extension = "docx" if name == "notice_docx" else "pdf"
    expected_type = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }[extension]
    assert response["Content-Type"] == expected_type
    assert int(response["Content-Length"]) == len(response.content) > 1000
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;" if extension == "docx" else "inline;")
    stem = "closing-report" if name == "notice_closing_pdf" else "notice"
    assert f'filename="{stem}-{notice.year}-{notice.seq:03d}.{extension}"' in disposition
    assert f"filename*=UTF-8''{quote(notice.number.replace(' ', ''))}" in disposition
    assert quote(hall.zones[0].name) in disposition
    if extension == "pdf":
        assert client.get(url(name, notice) + "?download=1")["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("leadership", 200),
        ("supervision", 200),
        ("viewer", 200),
        ("lead1", 200),
        ("staff1", 404),  # the notice holds no finding on their window
        ("lead2", 404),
        ("staff2", 404),
    ],
)
def test_who_may_download(client, hall, name, role, status):
    notice = issued_notice(hall)
    client.force_login(hall.users[role])
    assert client.get(url(name, notice)).status_code == status


def test_another_halls_users_anonymous_visitors_and_unknown_notices_get_nothing(client, hall, beta):
    notice = issued_notice(hall)
    client.force_login(beta.users[Role.ADMIN])
    for name in DOWNLOADS:
        assert client.get(url(name, notice)).status_code == 404
    # A notice of another hall under this hall's address is not found either.
    install_tiny_handbook(beta.hall)
    other = issued_notice(beta)
    client.force_login(hall.users[Role.ADMIN])
    wrong = reverse("notice_pdf", kwargs={"hall": hall.hall.code, "pk": other.pk})
    assert client.get(wrong).status_code == 404
    assert client.get(reverse("notice_pdf", kwargs={"hall": hall.hall.code, "pk": 99999})).status_code == 404
    client.logout()
    response = client.get(url("notice_pdf", notice))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_documents_render_in_the_active_language(hall):
    from django.utils import translation

    notice = issued_notice(hall)
    with translation.override("en"):
        english = pdf_text(documents.notice_pdf(notice))
        assert "Rectificationnotice" in english and "1.Problemsfound" in english
        assert compact(day(notice.deadline)) in english and "年" not in day(notice.deadline)
    with translation.override("zh-hans"):
        chinese = pdf_text(documents.notice_pdf(notice))
        assert f"一、{translation.gettext('Problems found')}".replace(" ", "") in chinese
        assert day(notice.deadline).endswith("日")


# -- each finding beside its own answer --------------------------------------------------------------


def two_finding_verified_notice(small):
    """Two findings (exit-clear, counter-whitelist) with their own before-photos, answered one by one."""
    add_service_window(small)
    findings = photographed_findings(small, colours=("red",), fails={"exit-clear": 1, "counter-whitelist": 1})
    notice = issued_notice(small, findings=findings)
    lead, inspector = small.users["lead1"], small.users["supervision"]
    notice = rectification.notice_acknowledge(user=lead, notice=notice)
    first, second = notice.items.select_related("finding__rule").order_by("order", "pk")
    answers = [
        FindingAnswer(item=first.pk, text="第一项：已按要求整改。", photos=(photo_file("green"),)),
        FindingAnswer(item=second.pk, text="第二项：已按要求整改。", photos=(photo_file("blue"), photo_file("white"))),
    ]
    rectification.notice_submit(user=lead, notice=notice, answers=answers)
    notice.refresh_from_db()
    return rectification.notice_verify(user=inspector, notice=notice, comment="复查合格"), first, second


def test_closing_report_pairs_each_findings_before_photos_with_its_own_after_photos(hall):
    notice, first, second = two_finding_verified_notice(hall)
    doc = collect(notice, closing=True)
    a, b = doc.findings
    assert (a.answer.text, len(a.photos), len(a.answer.photos)) == ("第一项：已按要求整改。", 1, 1)
    assert (b.answer.text, len(b.photos), len(b.answer.photos)) == ("第二项：已按要求整改。", 1, 2)
    assert doc.after.photos == []  # nothing for the notice as a whole: no photo twice
    content = documents.closing_report_pdf(notice)
    assert image_count(content) == 2 + 3  # each before-photo once, each after-photo once
    text = pdf_text(content)
    # Each answer follows its own finding, before the next finding starts.
    positions = [
        text.index(compact(first.finding.rule.title)),
        text.index("第一项：已按要求整改。"),
        text.index(compact(second.finding.rule.title), text.index("第一项")),
        text.index("第二项：已按要求整改。"),
    ]
    assert positions == sorted(positions)
    assert text.count("第一项：已按要求整改。") == 1 and text.count("第二项：已按要求整改。") == 1


def legacy_round(notice, text: str, colours=("green", "blue")):
    """A round as submitted before answers per finding: text and photos for the whole notice."""
    from hallkeeper.rectification.models import NoticeResponse, ResponsePhoto

    response = NoticeResponse.objects.create(notice=notice, text=text, by=notice.zone.lead.user)
    for order, colour in enumerate(colours, start=1):
        photo = ResponsePhoto(response=response, sha256=colour * 8, order=order)
        upload_file = photo_file(colour, name=f"{colour}.jpg")
        photo.image.save(upload_file.name, upload_file, save=False)
        photo.thumbnail.save(upload_file.name, photo_file(colour, name=f"t{colour}.jpg"), save=False)
        photo.save()
    return response


def migrate_answers():
    import importlib

    from django.apps import apps

    module = importlib.import_module("hallkeeper.rectification.migrations.0003_answers_from_notice_responses")
    module.forwards(apps, None)


def test_the_migration_gives_a_single_finding_notice_its_answer_and_keeps_a_larger_ones_round(hall):
    from hallkeeper.rectification.models import FindingResponse

    single = issued_notice(hall, findings=findings_of(hall))
    add_service_window(hall)
    larger = issued_notice(hall, findings=findings_of(hall, fails={"exit-clear": 1, "counter-whitelist": 1}))
    old_single = legacy_round(single, "通道已清理。")
    old_larger = legacy_round(larger, "两处均已整改。", colours=("yellow", "white"))
    migrate_answers()
    migrate_answers()  # running it again changes nothing
    answer = FindingResponse.objects.get(response=old_single)
    assert answer.item == single.items.get() and answer.text == "通道已清理。"
    assert list(answer.photos.values_list("pk", flat=True)) == list(old_single.photos.values_list("pk", flat=True))
    old_single.refresh_from_db()
    assert old_single.text == ""
    # Which photo shows which finding was never said: the round keeps its text and photos.
    old_larger.refresh_from_db()
    assert old_larger.text == "两处均已整改。" and not old_larger.answers.exists()
    assert old_larger.photos.filter(answer__isnull=True).count() == 2


def test_a_round_for_the_whole_notice_is_shown_once_on_the_page_and_in_the_report(client, hall):
    add_service_window(hall)
    notice = issued_notice(hall, findings=findings_of(hall, fails={"exit-clear": 1, "counter-whitelist": 1}))
    lead = hall.users["lead1"]
    notice = rectification.notice_acknowledge(user=lead, notice=notice)
    legacy_round(notice, "两处均已整改。")
    Notice.objects.filter(pk=notice.pk).update(state=NoticeState.SUBMITTED)
    notice.refresh_from_db()
    doc = collect(notice, closing=True)
    assert len(doc.after.photos) == 2 and all(f.answer is None for f in doc.findings)
    content = documents.closing_report_pdf(notice)
    assert image_count(content) == 2  # the two photos once, not beside each finding
    assert pdf_text(content).count("两处均已整改。") == 1
    client.force_login(hall.users["supervision"])
    page = client.get(reverse("notice_detail", kwargs={"hall": hall.hall.code, "pk": notice.pk})).content.decode()
    assert page.count('data-testid="round-photos"') == 1 and "两处均已整改。" in page
