"""The notice (整改通知书) as an editable Word document (python-docx), in official-document style.

GB/T 9704-2012 in spirit: A4 with 37/35/28/26 mm margins, the issuing organisation in red over a red
rule, the title in 方正小标宋简体 (二号), the number right-aligned beneath it, the body in 仿宋_GB2312
(四号, a size smaller than a 公文 to leave room for the findings table), part headings in 黑体, page
numbers as "— 1 —", and the receipt slip (回执) below a dashed cut line. The East Asian font names
are set through ``w:eastAsia``; the font table names a fallback for each (宋体, 仿宋, 楷体) so that a
computer without the 方正/GB2312 fonts still shows a close match.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from hallkeeper.core.docx import (
    cell_lines,
    grid_table,
    keep_row_together,
    repeat_header,
    set_fonts,
    shade,
    use_style,
)

from .common import FindingDoc, NoticeDoc, PhotoDoc, deadline_sentence, section_heading

TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
BODY_FONT = "仿宋_GB2312"
LATIN = "Times New Roman"
#: Fonts to fall back on where the official ones are not installed (written to the font table).
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}
RED = RGBColor(0xC0, 0x00, 0x00)
GREY = RGBColor(0x6C, 0x75, 0x7D)
BLACK = RGBColor(0, 0, 0)
LABEL_FILL = "F1F3F5"
SEVERITY_COLOURS = {"veto": RGBColor(0xC0, 0x39, 0x2B), "major": RGBColor(0xB9, 0x77, 0x0E)}
TEXT_W_MM = 210 - 28 - 26
#: 序号, 细则, 条款, 问题描述, 位置, 次数, 扣分, 照片 (mm, summing to TEXT_W_MM).
FINDING_COLUMNS = (9, 31, 17, 33, 18, 10, 11, 27)
CELL_PHOTO_W_MM, CELL_PHOTO_H_MM = 21, 18
CELL_MARGIN_TWIPS = 57  # 1 mm: room for the photos in narrow columns

# Children of w:pPr that come after the border added here (the schema fixes the order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")


# -- low-level helpers (schema order kept) ------------------------------------------------------


def _border(paragraph, side: str, *, val: str = "single", size: int = 12, colour: str = "C00000") -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", val), ("w:sz", str(size)), ("w:space", "1"), ("w:color", colour)):
        edge.set(qn(key), value)
    borders.append(edge)
    ppr.insert_element_before(borders, *_AFTER_PBDR)


def _shade(cell, fill: str) -> None:
    shade(cell, fill)


def _row_flags(row, *, header: bool = False) -> None:
    """Rows never split across pages; a header row repeats on every page."""
    keep_row_together(row)
    if header:
        repeat_header(row)


def _font_table(document) -> None:
    """Declare the official fonts with an alternative name, so a missing font falls back to a similar one."""
    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    for name, alternative in FALLBACKS.items():
        root.append(
            parse_xml(
                f'<w:font xmlns:w="{w}" w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
            )
        )
    from lxml import etree

    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float | None = None, colour=None, bold=None):
    run = paragraph.add_run(text)
    set_fonts(run, east_asia=font, size=size, colour=colour, bold=bold)
    return run


def _para(document_or_cell, text: str = "", *, style: str = "HKNBody", align=None, **font):
    paragraph = use_style(document_or_cell.add_paragraph(), style)
    if text:
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = _run(paragraph, line, **font) if font else paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    if align is not None:
        paragraph.alignment = align
    return paragraph


def _cell(cell, text: str, *, style: str = "HKNCell", colour=None):
    return cell_lines(cell, text, style, colour)


def _table(document, rows: int, widths_mm) -> tuple:
    return grid_table(document, rows, widths_mm, pad_v=28, pad_h=CELL_MARGIN_TWIPS)


def _picture(paragraph, photo: PhotoDoc, max_w_mm: float, max_h_mm: float) -> None:
    scale = min(max_w_mm / photo.width, max_h_mm / photo.height)
    paragraph.add_run().add_picture(BytesIO(photo.data), width=Mm(photo.width * scale))


# -- the document ----------------------------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, east_asia=BODY_FONT, latin=LATIN, size=14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = Pt(26)
    for name, font, size, line, align, indent in (
        ("HKNBody", BODY_FONT, 14, Pt(26), None, True),
        ("HKNAddressee", BODY_FONT, 14, Pt(26), None, False),
        ("HKNHeading", HEADING_FONT, 14, Pt(28), None, True),
        ("HKNTitle", TITLE_FONT, 22, Pt(36), WD_ALIGN_PARAGRAPH.CENTER, False),
        ("HKNNumber", BODY_FONT, 14, Pt(26), WD_ALIGN_PARAGRAPH.RIGHT, False),
        ("HKNSign", BODY_FONT, 14, Pt(26), WD_ALIGN_PARAGRAPH.CENTER, False),
        ("HKNCell", BODY_FONT, 9, 1.1, None, False),
        ("HKNCellCenter", BODY_FONT, 9, 1.1, WD_ALIGN_PARAGRAPH.CENTER, False),
        ("HKNCellHead", HEADING_FONT, 9, 1.1, WD_ALIGN_PARAGRAPH.CENTER, False),
        ("HKNSmall", BODY_FONT, 9, 1.15, None, False),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_fonts(style, east_asia=font, latin=LATIN, size=size, colour=BLACK)
        fmt = style.paragraph_format
        fmt.line_spacing = line
        fmt.space_after = Pt(0)
        if align is not None:
            fmt.alignment = align
        if indent:
            fmt.first_line_indent = Pt(size * 2)  # two characters
    styles["HKNHeading"].paragraph_format.keep_with_next = True
    styles["HKNHeading"].paragraph_format.space_before = Pt(4)
    styles["HKNHeading"].paragraph_format.space_after = Pt(3)


def _page(document, doc: NoticeDoc, title: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(footer, "— ", font="宋体", size=14)
    _page_field(footer)
    _run(footer, " —", font="宋体", size=14)
    core = document.core_properties
    core.title = f"{doc.number} {title}"
    core.subject = f"{doc.zone} {title}"
    core.author = doc.organization
    core.comments = "Hallkeeper"


def _page_field(paragraph) -> None:
    def char(kind: str):
        run = paragraph.add_run()
        set_fonts(run, east_asia="宋体", size=14)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    run = paragraph.add_run()
    set_fonts(run, east_asia="宋体", size=14)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    char("separate")
    _run(paragraph, "1", font="宋体", size=14)
    char("end")


def _letterhead(document, doc: NoticeDoc, title: str) -> None:
    organization = _para(document, style="HKNTitle")
    _run(organization, doc.organization, font=TITLE_FONT, size=22, colour=RED)
    _border(organization, "bottom", size=18)
    organization.paragraph_format.space_after = Pt(12)
    _para(document, title, style="HKNTitle")
    _para(document, doc.number, style="HKNNumber").paragraph_format.space_after = Pt(12)


def _rule_cell(cell, f: FindingDoc) -> None:
    paragraph = _cell(cell, f.rule)
    run = paragraph.add_run(f"\u00a0［{f.severity_label}］")
    run.font.size = Pt(8)
    colour = SEVERITY_COLOURS.get(f.severity)
    if colour is not None:
        run.font.color.rgb = colour


def _photos_cell(cell, f: FindingDoc) -> None:
    if not f.photos:
        _cell(cell, "—", style="HKNCellCenter")
        return
    for i, photo in enumerate(f.photos):
        paragraph = use_style(cell.paragraphs[0] if i == 0 else cell.add_paragraph(), "HKNCellCenter")
        _picture(paragraph, photo, CELL_PHOTO_W_MM, CELL_PHOTO_H_MM)
    if f.more_photos:
        _para(cell, _("and %(count)s more") % {"count": f.more_photos}, style="HKNSmall")
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _findings(document, doc: NoticeDoc) -> None:
    table, grid = _table(document, len(doc.findings) + 2, FINDING_COLUMNS)
    head = [
        _("No."),
        _("Rule"),
        _("Standard clause"),
        _("Problem"),
        _("Where"),
        _("Times"),
        _("Deduction"),
        _("Photos"),
    ]
    for cell, label in zip(grid[0], head, strict=True):
        _cell(cell, label, style="HKNCellHead")
        _shade(cell, LABEL_FILL)
    _row_flags(table.rows[0], header=True)
    for row, cells, f in zip(table.rows[1:], grid[1:], doc.findings, strict=False):
        _cell(cells[0], str(f.order), style="HKNCellCenter")
        _rule_cell(cells[1], f)
        _cell(cells[2], f.clauses, style="HKNCellCenter")
        _cell(cells[3], f.description)
        _cell(cells[4], f.where)
        _cell(cells[5], str(f.occurrences), style="HKNCellCenter")
        _cell(cells[6], f.deduction, style="HKNCellCenter")
        _photos_cell(cells[7], f)
        _row_flags(row)
    last = grid[-1]
    total = last[0].merge(last[5])
    _cell(total, _("Total"), style="HKNCellHead")
    _cell(last[6], doc.total_deduction, style="HKNCellHead")
    for cell in (total, last[6], last[7]):
        _shade(cell, LABEL_FILL)
    _row_flags(table.rows[-1])


def _signature(document, doc: NoticeDoc) -> None:
    spacer = _para(document, style="HKNAddressee")
    spacer.paragraph_format.space_before = Pt(24)
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (TEXT_W_MM - 92, 92)
    for gridcol, cell, width in zip(table._tbl.tblGrid.gridCol_lst, table.rows[0].cells, widths, strict=True):
        gridcol.w = Mm(width)
        cell.width = Mm(width)
    block = table.rows[0].cells[1]
    for i, line in enumerate((doc.organization, doc.issuer_line, doc.issued_on)):
        paragraph = block.paragraphs[0] if i == 0 else block.add_paragraph()
        use_style(paragraph, "HKNSign").add_run(line)
    _row_flags(table.rows[0])


def _receipt(document, doc: NoticeDoc) -> None:
    gap = _para(document, style="HKNAddressee")
    gap.paragraph_format.keep_with_next = True
    cut = _para(document, _("(cut along this line)"), style="HKNSmall", align=WD_ALIGN_PARAGRAPH.CENTER)
    _border(cut, "top", val="dashed", size=6, colour="6C757D")
    cut.paragraph_format.space_before = Pt(18)
    cut.paragraph_format.keep_with_next = True
    for run in cut.runs:
        run.font.color.rgb = GREY
    title = _para(document, _("Receipt"), style="HKNTitle")
    for run in title.runs:
        run.font.size = Pt(16)
    title.paragraph_format.keep_with_next = True
    receipt = doc.receipt
    table, grid = _table(document, 3, (26, TEXT_W_MM / 2 - 26, 26, TEXT_W_MM / 2 - 26))
    rows = (
        (_("Notice number"), doc.number, _("Zone"), doc.zone),
        (_("Signed for by"), receipt.signed_by, _("Date signed"), receipt.signed_on),
    )
    for cells, texts in zip(grid, rows, strict=False):
        for column, (cell, text) in enumerate(zip(cells, texts, strict=True)):
            is_label = column % 2 == 0
            _cell(cell, text, style="HKNCellHead" if is_label else "HKNCell")
            if is_label:
                _shade(cell, LABEL_FILL)
    _cell(grid[2][0], _("Remarks"), style="HKNCellHead")
    _shade(grid[2][0], LABEL_FILL)
    _cell(grid[2][1].merge(grid[2][3]), receipt.comment)
    for row, height in zip(table.rows, (None, 12, 14), strict=True):
        if height:
            row.height = Mm(height)
        _row_flags(row)
    note = _para(
        document,
        _("Sign this slip when the notice is received and return it to the supervision group."),
        style="HKNSmall",
    )
    note.paragraph_format.space_before = Pt(4)


def notice_docx(doc: NoticeDoc) -> bytes:
    """The notice with its receipt slip, as .docx bytes."""
    title = _("Rectification notice")
    document = Document()
    _styles(document)
    _font_table(document)
    _page(document, doc, title)
    _letterhead(document, doc, title)
    _para(document, doc.addressee, style="HKNAddressee")
    _para(document, doc.opening)
    _para(document, section_heading(1, _("Problems found")), style="HKNHeading")
    _findings(document, doc)
    heading = _para(document, section_heading(2, _("What must be put right")), style="HKNHeading")
    heading.paragraph_format.space_before = Pt(8)
    for line in doc.requirement.splitlines():
        if line.strip():
            _para(document, line.strip())
    _para(document, section_heading(3, _("Deadline")), style="HKNHeading")
    _para(document, deadline_sentence(doc))
    _signature(document, doc)
    _receipt(document, doc)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
