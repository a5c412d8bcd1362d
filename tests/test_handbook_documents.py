"""The handbook's documents: PDF and Word of the whole handbook, the Excel scoring sheet, and who may download them.

The full-content tests build the default handbook (``install_default_handbook``) with two pictures; the
download tests use the tiny handbook of ``standards_data`` to stay quick. PDF text is read with pypdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.core import fonts
from hallkeeper.standards.choices import ImageKind, Severity
from hallkeeper.standards.documents import KINDS, document_bytes, stored_size
from hallkeeper.standards.documents.data import collect
from hallkeeper.standards.documents.docx import handbook_docx, layout_png
from hallkeeper.standards.documents.pdf import handbook_pdf, render_pdf
from hallkeeper.standards.documents.xlsx import scoring_sheet_xlsx
from hallkeeper.standards.models import RuleImage
from hallkeeper.standards.services import handbook_version_revise

from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


def pdf_reader(content: bytes):
    """pypdf reads the PDFs back (a dev dependency): the tests that need it skip without it."""
    pypdf = pytest.importorskip("pypdf")
    return pypdf.PdfReader(BytesIO(content))


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _photo(colour: str, size=(1600, 1200), fmt="JPEG") -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def handbook(alpha, media):
    """The default handbook published in alpha, its first rule with a reference photo and a counter-example."""
    from hallkeeper.standards.defaults import install_default_handbook

    version = install_default_handbook(alpha.hall)
    rule = version.rules.order_by("section__part__order", "section__order", "order").first()
    RuleImage.objects.create(
        rule=rule, kind=ImageKind.REFERENCE, caption="标准样例照片", image=ContentFile(_photo("#d1e7dd"), "ref.jpg")
    )
    RuleImage.objects.create(
        rule=rule,
        kind=ImageKind.COUNTER,
        caption="错误示例照片",
        image=ContentFile(_photo("#f8d7da", (600, 800), "PNG"), "bad.png"),
    )
    return version


def _outline(reader) -> list[tuple[int, str, int]]:
    """(level, title, page index) of the bookmarks, depth first."""
    found = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


# -- PDF ---------------------------------------------------------------------------


def test_pdf_has_cover_contents_with_page_numbers_rules_layouts_and_tables(handbook):
    calls = []
    content = handbook_pdf(handbook, progress=lambda done, total: calls.append((done, total)))

    assert content.startswith(b"%PDF")
    reader = pdf_reader(content)
    doc = collect(handbook, pictures=False)
    assert len(reader.pages) >= 30  # 4 parts, 80+ rules, 4 layouts and the tables
    texts = [page.extract_text() for page in reader.pages]

    cover = texts[0]
    assert handbook.handbook.hall.name in cover and handbook.title in cover
    assert "V1" in cover and "发布" in cover and handbook.handbook.hall.organization in cover

    # The contents: its entries are the level-0 and level-1 bookmarks, each with the page it is on.
    contents_pages = [t for t in texts if re.search(r"目\s*录", t)]
    assert contents_pages, "no contents page"
    contents = "\n".join(t for t in texts[1:4] if re.search(r"\.\s*\.\s*\.", t))
    numbers = [int(n) for n in re.findall(r"(?:\.\s+){3,}(\d+)", contents)]
    entries = [(title, page) for level, title, page in _outline(reader) if level <= 1]
    assert numbers == [page + 1 for _title, page in entries]
    for part in doc.parts:
        assert re.sub(r"\s", "", part.heading) in re.sub(r"\s", "", contents)

    # Page header and footer, the rules, the layouts drawn, the quantity and coverage tables.
    assert "第 5 页" in texts[4] and handbook.title in texts[4]
    body = re.sub(r"\s", "", "".join(texts))
    first, last = doc.rules[0], doc.rules[-1]
    for rule in (first, last):
        assert re.sub(r"\s", "", rule.title) in body and rule.code in body
    assert "标准样例照片" in body and "错误示例照片" in body
    assert any(r.severity == Severity.VETO for r in doc.rules) and "否决项" in body
    for layout in doc.layouts:
        assert re.sub(r"\s", "", layout.name) in body
        assert re.sub(r"\s", "", layout.slots[0].item) in body
    assert "作业面" in body and "标准数量表" in body and "条款覆盖表" in body and "已覆盖" in body

    # The pictures are in the file (two images at least).
    images = sum(len(page.images) for page in reader.pages)
    assert images >= 2

    # Progress is reported in order up to done == total.
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _t in calls] == sorted(d for d, _t in calls)
    assert len({t for _d, t in calls}) == 1


def test_pdf_falls_back_to_the_builtin_cid_font(alpha, monkeypatch):
    version = install_tiny_handbook(alpha.hall)
    monkeypatch.setenv(fonts.ENV_VAR, "/nonexistent/font.ttf")
    monkeypatch.setattr(fonts, "TRUETYPE_CANDIDATES", ())
    monkeypatch.setattr(fonts, "_fontconfig_candidates", lambda: [])
    monkeypatch.setattr(fonts, "_noto_candidates", lambda key="sans": [])
    fonts.cjk_font.cache_clear()
    try:
        assert fonts.cjk_font_name() == fonts.CID_FALLBACK
        content = render_pdf(collect(version))
    finally:
        fonts.cjk_font.cache_clear()
    assert content.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in pdf_reader(content).pages)
    assert "台面物品白名单" in re.sub(r"\s", "", text)


def test_font_is_registered_whatever_is_installed():
    font = fonts.cjk_font()
    assert fonts.cjk_font_name() == font.name
    assert font.embedded == (font.path is not None)


def test_layout_png_is_drawn_at_print_resolution(alpha):
    version = install_tiny_handbook(alpha.hall)
    layout = collect(version).layouts[0]
    with Image.open(BytesIO(layout_png(layout, width_mm=100))) as im:
        assert im.format == "PNG"
        assert im.size[0] == round(100 * 300 / 25.4)
        colours = {c for _n, c in im.getcolors(1_000_000)}
    assert (0xCF, 0xE2, 0xFF) in colours  # the first slot's fill


# -- Word ----------------------------------------------------------------------------


def test_docx_has_headings_tables_pictures_contents_field_and_chinese_fonts(handbook, tmp_path):
    content = handbook_docx(handbook)
    document = Document(BytesIO(content))
    doc = collect(handbook, pictures=False)

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for part in doc.parts:
        assert part.heading in headings
    assert doc.sections[0].heading in headings
    assert any(doc.rules[0].title in h for h in headings)
    assert {"定置标准（定置图）", "标准数量表", "GB/T 36112-2018 条款覆盖表"} <= set(headings)
    # Rules, examples, layouts' slots, quantities and coverage in bordered tables.
    assert len(document.tables) >= len(doc.rules) + len(doc.layouts) + 2
    assert all(t.style.name == "Table Grid" for t in document.tables)
    coverage = document.tables[-1]
    assert coverage.rows[0].cells[0].text == "条款" and len(coverage.rows) == len(doc.coverage) + 1
    # Two photos and one drawing per layout.
    assert len(document.inline_shapes) == 2 + len(doc.layouts)
    # The contents field that Word fills in, and 宋体 as the East Asian font of the body text.
    xml = document.element.xml
    assert 'TOC \\o "1-2"' in xml
    assert document.settings.element.xml.count("updateFields") == 1
    rfonts = document.styles["Normal"].element.rPr.rFonts
    assert rfonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "宋体"
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    path = tmp_path / "handbook.docx"
    path.write_bytes(content)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    converted = (tmp_path / "handbook.pdf").read_bytes()
    assert converted.startswith(b"%PDF")
    assert len(pdf_reader(converted).pages) >= 20


# -- Excel ------------------------------------------------------------------------------


def test_scoring_sheet_lists_the_rules_with_formulas_and_print_setup(handbook):
    workbook = load_workbook(BytesIO(scoring_sheet_xlsx(handbook)))
    ws = workbook.active
    doc = collect(handbook, pictures=False)

    assert ws.title == "检查评分表"
    assert handbook.handbook.hall.name in ws["A1"].value
    assert "V1" in ws["A2"].value and "责任区" in ws["A3"].value and "检查人" in ws["A3"].value
    header = [c.value for c in ws[4]]
    assert header[:4] == ["序号", "编码", "细则", "检查方法"] and header[-2:] == ["扣分", "备注"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=2).value}
    assert list(rows) == [rule.code for rule in doc.rules]
    veto = next(rule for rule in doc.rules if rule.is_veto)
    assert ws.cell(row=rows[veto.code], column=7).value == "是"
    first = doc.rules[0]
    r = rows[first.code]
    assert ws.cell(row=r, column=5).value == float(first.deduction)
    assert ws.cell(row=r, column=10).value.startswith("=IF(")
    labels = [str(ws.cell(row=row, column=1).value or "") for row in range(1, ws.max_row + 1)]
    subtotals = [row for row, label in enumerate(labels, start=1) if label.endswith("小计")]
    assert len(subtotals) == len(doc.parts)
    assert ws.cell(row=subtotals[0], column=10).value.startswith("=SUM(J")
    score = labels.index("得分 = 100 − 扣分合计（不计负分）") + 1
    assert ws.cell(row=score, column=10).value == f"=MAX(0,100-J{score - 1})"
    assert ws.cell(row=score - 1, column=10).value == "=" + "+".join(f"J{row}" for row in subtotals)
    assert "COUNTIFS" in ws.cell(row=score + 1, column=10).value
    # Printing: A4 landscape, fit to width, the column headers repeated, borders.
    assert ws.page_setup.orientation == "landscape" and str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows.replace("$", "") == "4:4"
    assert ws.cell(row=r, column=3).border.left.style == "thin"
    assert {str(dv.sqref).split()[0] for dv in ws.data_validations.dataValidation} >= {f"H{rows[doc.rules[0].code]}"}


# -- downloads and who may make them ----------------------------------------------------------


def _url(name: str, hall, number: int = 1) -> str:
    return reverse(name, kwargs={"hall": hall.code, "number": number})


DOWNLOADS = ("handbook_pdf", "handbook_docx", "handbook_scoring_xlsx")


@pytest.mark.parametrize("name", DOWNLOADS)
def test_viewer_downloads_a_published_version_with_a_chinese_file_name(client, alpha, media, name):
    install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[Role.VIEWER])

    response = client.get(_url(name, alpha.hall))

    assert response.status_code == 200
    key = {"handbook_pdf": "pdf", "handbook_docx": "docx", "handbook_scoring_xlsx": "xlsx"}[name]
    assert response["Content-Type"] == KINDS[key].content_type
    disposition = response["Content-Disposition"]
    label = "检查评分表" if key == "xlsx" else "现场管理标准化手册"
    assert f"filename*=UTF-8''{quote(f'{alpha.hall.display_name}-{label}-V1.{key}')}" in disposition
    assert f'filename="{alpha.hall.code}-' in disposition
    assert int(response["Content-Length"]) == len(response.content) > 1000


def test_published_documents_are_built_once_then_served_from_storage(client, alpha, media, monkeypatch):
    version = install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[Role.VIEWER])
    assert stored_size(version, KINDS["pdf"]) is None

    first = client.get(_url("handbook_pdf", alpha.hall)).content
    assert stored_size(version, KINDS["pdf"]) == len(first)

    def fail(*args, **kwargs):
        raise AssertionError("built again")

    monkeypatch.setattr(type(KINDS["pdf"]), "build", fail)
    assert client.get(_url("handbook_pdf", alpha.hall)).content == first
    # A change of the hall (its name is on the cover) builds a new copy and drops the old one.
    alpha.hall.name = "改名后的大厅"
    alpha.hall.save()
    monkeypatch.undo()
    version.refresh_from_db()
    renamed = document_bytes(version, "pdf")
    assert renamed != first
    folder = Path(media) / "cache" / "handbook-documents" / str(alpha.hall.pk) / str(version.pk)
    assert [p.name.split("-")[0] for p in folder.iterdir()] == ["pdf"]
    assert default_storage.exists(str(next(folder.iterdir()).relative_to(media)))


def test_drafts_are_built_for_editors_only_and_never_stored(client, alpha, media):
    version = install_tiny_handbook(alpha.hall)
    draft = handbook_version_revise(handbook=version.handbook, user=alpha.users[Role.ADMIN])

    client.force_login(alpha.users[Role.VIEWER])
    for name in (*DOWNLOADS, "handbook_documents"):
        assert client.get(_url(name, alpha.hall, draft.number)).status_code == 404
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(_url("handbook_scoring_xlsx", alpha.hall, draft.number))
    assert response.status_code == 200
    assert "V2" in load_workbook(BytesIO(response.content)).active["A2"].value
    assert stored_size(draft, KINDS["xlsx"]) is None
    assert not (Path(media) / "cache").exists()


def test_another_halls_users_and_anonymous_visitors_get_nothing(client, alpha, beta, media):
    install_tiny_handbook(alpha.hall)
    client.force_login(beta.users[Role.ADMIN])
    for name in (*DOWNLOADS, "handbook_documents"):
        assert client.get(_url(name, alpha.hall)).status_code == 404
    client.logout()
    response = client.get(_url("handbook_pdf", alpha.hall))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_version_is_404(client, alpha, media):
    install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[Role.ADMIN])
    assert client.get(_url("handbook_pdf", alpha.hall, 9)).status_code == 404


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1", "staff1"])
def test_every_role_of_the_hall_opens_the_documents_page(client, alpha, media, role):
    install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[role])
    response = client.get(_url("handbook_documents", alpha.hall))
    assert response.status_code == 200
    body = response.content.decode()
    for name in DOWNLOADS:
        assert _url(name, alpha.hall) in body


def test_documents_page_shows_the_size_once_built(client, alpha, media):
    version = install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[Role.VIEWER])
    document_bytes(version, "xlsx")
    size = stored_size(version, KINDS["xlsx"])

    body = client.get(_url("handbook_documents", alpha.hall)).content.decode()

    assert 'data-testid="download-xlsx"' in body
    assert f"{size / 1024:.1f}" in body  # filesizeformat: "x.y KB"


# -- the benchmark -------------------------------------------------------------------------------


def test_handbook_benchmark_builds_both_documents(db):
    from bench.handbook import bench_handbook_documents

    lines = []
    results = bench_handbook_documents(runs=1, pictured_rules=1, log=lines.append)

    assert [r.name for r in results] == ["handbook.pdf", "handbook.docx"]
    assert all(r.size > 10_000 and len(r.times_s) == 1 for r in results)
    assert results[0].pages and results[0].pages >= 30
    assert "2 pictures" in lines[0] and "handbook.pdf" in lines[1]
