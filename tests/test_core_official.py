"""Official documents by GB/T 9704-2012 (core/official): document numbers, issuer codes, dates, and the Word and
PDF renderers (geometry, fonts, the red header, escaping of hostile text, conversion by LibreOffice)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from PIL import Image

from hallkeeper.core import official as gw
from hallkeeper.core.official import docx as word
from hallkeeper.core.official.numbers import DocNumber

HOSTILE = '<script>alert(1)</script><img src="/etc/passwd"/><para>x</para>&amp;'


# -- numbers -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year", "seq", "expected"),
    [
        ("鞍审批", 2026, 7, "鞍审批〔2026〕7号"),
        ("鞍审批", 2026, 24, "鞍审批〔2026〕24号"),
        ("国办发", 2012, 100, "国办发〔2012〕100号"),
        ("鞍审批整改", 2027, 1, "鞍审批整改〔2027〕1号"),
        ("", 2026, 3, "〔2026〕3号"),
        ("  辽政办发 ", 2026, 999999, "辽政办发〔2026〕999999号"),
    ],
)
def test_doc_number_writes_code_year_in_hexagonal_brackets_and_plain_number(code, year, seq, expected):
    assert gw.doc_number(code, year, seq) == expected
    assert "第" not in expected and "〔" in expected


@pytest.mark.parametrize(
    ("code", "year", "seq"),
    [
        ("鞍审批", 2026, 0),
        ("鞍审批", 2026, -1),
        ("鞍审批", 2026, 1_000_000),
        ("鞍审批", 26, 1),
        ("鞍审批", 3000, 1),
        ("鞍审批", 2026, True),
        ("鞍审批", "2026", 1),
        ("鞍〔审批", 2026, 1),
        ("鞍审批1", 2026, 1),
        ("鞍 审批", 2026, 1),
        ("鞍审批\x00", 2026, 1),
        ("很长很长很长很长很长很长很长", 2026, 1),
    ],
)
def test_doc_number_refuses_bad_parts(code, year, seq):
    with pytest.raises(ValueError):
        gw.doc_number(code, year, seq)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鞍审批〔2026〕7号", DocNumber("鞍审批", 2026, 7)),
        ("〔2026〕24号", DocNumber("", 2026, 24)),
        ("〔2026〕第 024 号", DocNumber("", 2026, 24)),  # the notices' old numbers
        ("〔2026〕第001号", DocNumber("", 2026, 1)),
        (" 鞍审批 [2026] 7 号 ", DocNumber("鞍审批", 2026, 7)),
        ("鞍审批［2026］7号", DocNumber("鞍审批", 2026, 7)),
        ("鞍审批【2026】7号", DocNumber("鞍审批", 2026, 7)),
        ("鞍审批〔２０２６〕７号", DocNumber("鞍审批", 2026, 7)),
        ("鞍审批整改〔2026〕24号", DocNumber("鞍审批整改", 2026, 24)),
    ],
)
def test_parse_doc_number_reads_standard_old_and_typed_forms(text, expected):
    parsed = gw.parse_doc_number(text)
    assert parsed == expected
    assert gw.parse_doc_number(str(parsed)) == parsed  # the standard form reads back


@pytest.mark.parametrize(
    "text",
    [
        "",
        "鞍审批",
        "2026-7",
        "鞍审批〔2026〕号",
        "鞍审批〔26〕7号",
        "鞍审批〔2026〕0号",
        "鞍审批〔2026〕7",
        "鞍审批〔2026〕1234567890号",
        "<script>〔2026〕7号",
        "鞍\x00审批〔2026〕7号",
        "〔2026〕7号" + "x" * 100,
        None,
        7,
    ],
)
def test_parse_doc_number_refuses_what_is_not_a_number(text):
    assert gw.parse_doc_number(text) is None


@pytest.mark.parametrize("code", ["鞍审批", "国办发", "ABC", "辽政办发"])
def test_issuer_code_accepts_short_codes(code):
    gw.validate_issuer_code(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("", "issuer_code_empty"),
        ("   ", "issuer_code_empty"),
        ("一二三四五六七八九十一二三", "issuer_code_long"),
        ("鞍〔审批", "issuer_code_characters"),
        ("鞍(审批)", "issuer_code_characters"),
        ("鞍审批2026", "issuer_code_characters"),
        ("鞍 审批", "issuer_code_characters"),
        ("鞍审批\u200b", "issuer_code_characters"),
        ("鞍\x07审批", "issuer_code_characters"),
        ("<b>", "issuer_code_characters"),
    ],
)
def test_issuer_code_refuses_empty_long_and_bracketed_codes(code, error):
    with pytest.raises(ValidationError) as caught:
        gw.validate_issuer_code(code)
    assert caught.value.code == error


@pytest.mark.parametrize(
    ("authority", "code"),
    [
        ("鞍山市行政审批局", "鞍审批"),
        ("铁西区行政审批局", "铁审批"),
        ("海城市政务服务中心", "海政务"),
        ("鞍山市人民政府办公室", "鞍政办"),
        ("某某单位", ""),
        ("行政审批局", ""),
        ("", ""),
    ],
)
def test_suggested_issuer_code_follows_place_and_kind(authority, code):
    assert gw.suggest_issuer_code(authority) == code


@pytest.mark.parametrize(
    ("day", "text"),
    [(date(2026, 12, 3), "2026年12月3日"), (date(2027, 1, 10), "2027年1月10日"), (date(2026, 10, 1), "2026年10月1日")],
)
def test_date_in_arabic_numerals_without_leading_zeros(day, text):
    assert gw.date_cn(day) == text


# -- documents ---------------------------------------------------------------------------------------------


def jpeg(width=400, height=300) -> bytes:
    out = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def sample(**changes) -> gw.OfficialDocument:
    values = dict(  # noqa: C408 (the document's own keywords)
        issuer_mark="鞍山市行政审批局文件",
        number=gw.doc_number("鞍审批", 2026, 7),
        title="关于2026年11月政务大厅现场管理考核情况的通报",
        addressee="各进驻单位、各科室",
        blocks=(
            gw.Paragraph("为进一步加强政务大厅现场管理标准化建设，现将考核情况通报如下。"),
            gw.Heading("一、考核结果", level=1),
            gw.Heading("（一）总体情况", level=2),
            gw.Heading("1.得分情况", level=3),
            gw.Heading("（1）综合窗口", level=4),
            gw.Paragraph("综合窗口得分最高。", lead="1.得分。"),
            gw.Table(header=("序号", "窗口", "得分"), rows=(("1", "综合窗口", "98"),), caption="考核得分表"),
            gw.Picture(jpeg(), 400, 300, caption="图1 示范窗口"),
            gw.PageBreak(),
            gw.Paragraph("特此通报。"),
        ),
        attachments=("考核评分细则", "示范窗口名单"),
        signature="鞍山市行政审批局",
        date=date(2026, 12, 3),
        copy_to="市政府办公室",
        printer="鞍山市行政审批局办公室",
        printed=date(2026, 12, 3),
    )
    values.update(changes)
    return gw.OfficialDocument(**values)


def pdf_text(content: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(BytesIO(content)).pages))


def docx_text(document) -> str:
    return "".join(t.text or "" for t in document.element.body.iter(qn("w:t")))


def test_block_data_is_checked():
    with pytest.raises(ValueError):
        gw.Heading("五、", level=5)
    with pytest.raises(ValueError):
        gw.Table(header=("a", "b"), rows=(("1",),))
    with pytest.raises(ValueError):
        gw.Table(header=("a",), rows=(), widths_mm=(200,))
    assert sample().attachment_lines() == ["附件：1. 考核评分细则", "2. 示范窗口名单"]
    assert sample(attachments=("细则",)).attachment_lines() == ["附件：细则"]


def test_word_page_geometry_is_gbt_9704():
    document = Document(BytesIO(gw.render_docx(sample())))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert tuple(round(m.mm) for m in margins) == (37, 35, 28, 26)
    text_w = Length(section.page_width - section.left_margin - section.right_margin)
    text_h = Length(section.page_height - section.top_margin - section.bottom_margin)
    assert (round(text_w.mm), round(text_h.mm)) == (156, 225)
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt: 22 lines in 225 mm
    assert round(text_h.pt / (int(grid.get(qn("w:linePitch"))) / 20)) == 22
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    spacing = normal.element.rPr.find(qn("w:spacing"))
    assert int(text_w.pt // (16 + int(spacing.get(qn("w:val"))) / 20)) == 28  # 28 characters a line


def test_word_fonts_header_and_closing():
    document = Document(BytesIO(gw.render_docx(sample())))
    paragraphs = document.paragraphs
    mark, number = paragraphs[0], paragraphs[1]
    assert mark.text == "鞍山市行政审批局文件"
    run = mark.runs[0]
    assert str(run.font.color.rgb) == "FF0000"
    assert run._r.rPr.rFonts.get(qn("w:eastAsia")) == word.XIAOBIAOSONG
    assert number.text == "鞍审批〔2026〕7号"
    bottom = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert bottom.get(qn("w:color")) == "FF0000"
    title = paragraphs[2]
    assert title.text == "关于2026年11月政务大厅现场管理考核情况的通报"
    assert title.runs[0].font.size.pt == 22 and title.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert paragraphs[3].text == "各进驻单位、各科室："
    fonts = {
        p.text: (p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")), p.runs[0].font.bold)
        for p in paragraphs
        if p.runs and p.runs[0]._r.rPr is not None
    }
    assert fonts["一、考核结果"] == ("黑体", False)
    assert fonts["（一）总体情况"] == ("楷体_GB2312", False)
    assert fonts["1.得分情况"] == ("仿宋_GB2312", True)
    assert fonts["（1）综合窗口"] == ("仿宋_GB2312", False)
    body = next(p for p in paragraphs if p.text.startswith("为进一步"))
    assert body.style.paragraph_format.first_line_indent.pt == 32  # two characters of 3号
    texts = [p.text for p in paragraphs]
    assert "附件：1. 考核评分细则" in texts and "2. 示范窗口名单" in texts
    sign = texts.index("鞍山市行政审批局")
    assert texts[sign + 1] == "2026年12月3日"
    assert "抄送：市政府办公室。" in texts
    assert "鞍山市行政审批局办公室\t2026年12月3日印发" in texts
    assert len(document.tables) == 1 and document.tables[0].rows[1].cells[1].text == "综合窗口"
    assert len(document.inline_shapes) == 1
    font_table = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    assert "仿宋_GB2312" in font_table.blob.decode() and "楷体_GB2312" in font_table.blob.decode()


def test_word_page_numbers_are_outside_aligned_with_dashes():
    document = Document(BytesIO(gw.render_docx(sample())))
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == 2 and even.alignment == 0  # right on odd pages, left on even ones
    for footer in (odd, even):
        assert footer.text == "— 1 —"
        assert any(t.text == " PAGE " for t in footer._p.iter(qn("w:instrText")))


def test_word_with_signer_puts_number_left_and_signer_right():
    document = Document(BytesIO(gw.render_docx(sample(signer="张三"))))
    number = document.paragraphs[1]
    assert number.text == "鞍审批〔2026〕7号\t签发人：张三"
    assert number.runs[-1]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


def test_hostile_text_stays_text_in_word_and_pdf():
    doc = sample(
        title=f"标题{HOSTILE}",
        addressee=f"主送{HOSTILE}",
        blocks=(
            gw.Paragraph(f"正文{HOSTILE}", lead=f"<b>{HOSTILE}"),
            gw.Heading(HOSTILE),
            gw.Table(("表头",), ((HOSTILE,),)),
        ),
        signature=f"落款{HOSTILE}",
        printer=HOSTILE,
    )
    document = Document(BytesIO(gw.render_docx(doc)))
    assert f"标题{HOSTILE}" in docx_text(document)
    text = pdf_text(gw.render_pdf(doc))
    compact = re.sub(r"\s+", "", HOSTILE)
    for prefix in ("标题", "主送", "正文", "落款"):
        assert prefix + compact in text
    assert "<script>" in text and "<para>x</para>" in text


def test_control_characters_are_left_out():
    doc = sample(title="标\x00题\x0b", addressee="主\x07送", blocks=(gw.Paragraph("正\x1f文"),))
    assert Document(BytesIO(gw.render_docx(doc))).paragraphs[2].text == "标题"
    text = pdf_text(gw.render_pdf(doc))
    assert "标题" in text and "主送：" in text and "正文" in text


def test_pdf_holds_title_number_and_page_numbers():
    content = gw.render_pdf(sample())
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for part in (
        "鞍山市行政审批局文件",
        "鞍审批〔2026〕7号",
        "关于2026年11月政务大厅现场管理考核情况的通报",
        "各进驻单位、各科室：",
        "考核得分表",
        "图1示范窗口",
        "附件：1.考核评分细则",
        "2026年12月3日印发",
        "—1—",
        "—2—",
    ):
        assert part in text, part
    assert "第" not in "".join(re.findall(r"〔\d{4}〕\S*?号", text))


def test_pdf_page_is_a4():
    pypdf = pytest.importorskip("pypdf")
    page = pypdf.PdfReader(BytesIO(gw.render_pdf(sample()))).pages[0]
    assert (round(float(page.mediabox.width) / 72 * 25.4), round(float(page.mediabox.height) / 72 * 25.4)) == (210, 297)


def test_minimal_document_renders():
    doc = gw.OfficialDocument(issuer_mark="某局", title="通知", date=date(2026, 1, 5))
    assert Document(BytesIO(gw.render_docx(doc))).paragraphs[2].text == "通知"
    assert "2026年1月5日" in pdf_text(gw.render_pdf(doc))


def test_libreoffice_converts_the_word_document(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the .docx was not converted to PDF")
    path = tmp_path / "official.docx"
    path.write_bytes(gw.render_docx(sample(signer="张三")))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    converted = (tmp_path / "official.pdf").read_bytes()
    assert converted.startswith(b"%PDF")
    text = pdf_text(converted)
    for part in (
        "鞍山市行政审批局文件",
        "鞍审批〔2026〕7号",
        "关于2026年11月政务大厅现场管理考核情况的通报",
        "签发人：张三",
    ):
        assert part in text, part


def test_pdf_imprint_sits_at_the_foot_of_the_text_area():
    from reportlab.platypus import Table as PDFTable

    from hallkeeper.core.official.pdf import AtPageFoot

    table = PDFTable([["印发机关", "2026年12月3日印发"]])
    _w, content_h = table.wrap(400, 1000)
    foot = AtPageFoot(table)
    assert foot.wrap(400, 500) == (400, 500)  # takes the rest of the page, drawn at its bottom
    assert foot.wrap(400, content_h / 2)[1] == content_h  # too little room: moves to the next page


def test_pdf_never_embeds_a_file_a_text_names(tmp_path):
    pypdf = pytest.importorskip("pypdf")
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(jpeg(123, 77))
    markup = f'<img src="{secret}" width="40" height="40"/>'
    doc = sample(
        title=markup,
        addressee=markup,
        blocks=(
            gw.Paragraph(markup, lead=markup),
            gw.Heading(markup),
            gw.Table((markup,), ((markup,),), caption=markup),
        ),
        signature=markup,
        note=markup,
    )
    reader = pypdf.PdfReader(BytesIO(gw.render_pdf(doc)))
    assert sum(len(page.images) for page in reader.pages) == 0
    assert re.sub(r"\s+", "", markup) in pdf_text(gw.render_pdf(doc))


def test_annexes_follow_the_closing_on_pages_of_their_own():
    annexes = (
        gw.Annex("任务分解表", (gw.Table(header=("序号", "任务"), rows=(("1", "整理台面"),)),)),
        gw.Annex("示范窗口名单", (gw.Paragraph("综合窗口"),)),
    )
    doc = sample(attachments=("任务分解表", "示范窗口名单"), annexes=annexes)
    assert [doc.annex_label(i) for i in range(2)] == ["附件1", "附件2"]
    assert sample(annexes=annexes[:1]).annex_label(0) == "附件"
    word_text = docx_text(Document(BytesIO(gw.render_docx(doc))))
    pdf = pdf_text(gw.render_pdf(doc))
    for text in (word_text, pdf):
        closing = text.index("2026年12月3日")
        assert closing < text.index("附件1任务分解表") < text.index("整理台面") < text.index("附件2示范窗口名单")
        assert text.index("综合窗口", text.index("附件2")) < text.rindex("2026年12月3日印发")
