"""An :class:`~.model.OfficialDocument` as a Word document (.docx, python-docx), laid out by GB/T 9704-2012.

Page: A4, margins 37 mm (top), 35 mm (bottom), 28 mm (left, 订口), 26 mm (right), so the text area is
156 × 225 mm; 22 lines (line pitch 28.95 pt, a line grid) of 28 characters (3号, 16 pt, condensed 0.25 pt).

Fonts are written as the names GB/T 9704 asks for, in ``w:eastAsia`` (Latin text and digits in Times New
Roman); the font table gives each a fallback name that Windows, WPS and LibreOffice know:

=================  =========================  ==============  ================================
role               Word font (``w:eastAsia``)  fallback        where
=================  =========================  ==============  ================================
小标宋              方正小标宋简体              宋体            发文机关标志, 标题
仿宋                仿宋_GB2312                 仿宋            body, 主送机关, 落款, 版记, level 3-4
楷体                楷体_GB2312                 楷体            level-2 headings, 签发人's name
黑体                黑体                        SimHei          level-1 headings, table captions
宋体 (page number)  宋体                        SimSun          — 1 —
=================  =========================  ==============  ================================

Page numbers: 4号 Arabic numerals between one-em dashes (``— 1 —``), right-aligned one character in on odd
pages and left-aligned one character in on even pages (odd and even footers).
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from hallkeeper.core.docx import (
    LATIN,
    declare_fonts,
    grid_table,
    keep_row_together,
    repeat_header,
    set_fonts,
    use_style,
)

from .model import Heading, OfficialDocument, PageBreak, Paragraph, Picture, Table, printable

XIAOBIAOSONG, FANGSONG, KAITI, HEITI, SONGTI = "方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "宋体"
#: The fallback of each official font (the font table's ``w:altName``).
FALLBACKS = {XIAOBIAOSONG: "宋体", FANGSONG: "仿宋", KAITI: "楷体", HEITI: "SimHei", SONGTI: "SimSun"}
RED = RGBColor(0xFF, 0x00, 0x00)
BLACK = RGBColor(0, 0, 0)

#: GB/T 9704-2012 page geometry (mm).
PAGE_W, PAGE_H = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
TEXT_W, TEXT_H = PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM  # 156 × 225
LINES, CHARS = 22, 28
#: 3号 (body), 2号 (title), 4号 (版记, page numbers), 小四 (table cells).
SIZE_3, SIZE_2, SIZE_4, SIZE_SMALL_4 = 16, 22, 14, 12
#: The line pitch: 225 mm over 22 lines, in twentieths of a point (579 = 28.95 pt).
LINE_PITCH_TWIPS = 579
LINE = Pt(LINE_PITCH_TWIPS / 20)
#: 156 mm over 28 characters is 15.79 pt a character: 3号 (16 pt) condensed by 0.25 pt (in twentieths of a
#: point, ``w:spacing``). A character grid (``w:docGrid w:type="linesAndChars"``) would do the same in Word but
#: LibreOffice snaps every 16 pt character to two grid cells, so the grid holds the lines only.
CHAR_SPACING_TWIPS = -5

HEADING_FONTS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True), 4: (FANGSONG, False)}


def _chars(n: float) -> Pt:
    """``n`` characters of 3号."""
    return Pt(SIZE_3 * n)


def text_width_chars(text: str) -> float:
    """The width of ``text`` in characters of 3号 (ASCII letters and digits are half a character)."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _run(paragraph, text: str, *, font: str = FANGSONG, size: float = SIZE_3, bold: bool | None = None, colour=None):
    run = paragraph.add_run(printable(text))
    set_fonts(run, east_asia=font, latin=LATIN, size=size, bold=bold, colour=colour)
    return run


def _lines(paragraph, text: str, **font) -> None:
    """``text`` into ``paragraph``, each newline a line break."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for i, line in enumerate(lines):
        run = _run(paragraph, line, **font)
        if i < len(lines) - 1:
            run.add_break()


#: Children of w:pPr that follow w:pBdr (schema order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr", "w:sectPr")


def _rule(paragraph, side: str, *, eighths: int, colour: str, space_pt: int = 1) -> None:
    """A line along one side of the paragraph (``eighths`` of a point thick), as wide as the text area."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.insert_element_before(borders, *_AFTER_PBDR)
    edge = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(eighths)), ("w:space", str(space_pt)), ("w:color", colour)):
        edge.set(qn(key), value)
    order = ("top", "left", "bottom", "right")
    following = [borders.find(qn(f"w:{s}")) for s in order[order.index(side) + 1 :]]
    following = [el for el in following if el is not None]
    if following:
        following[0].addprevious(edge)
    else:
        borders.append(edge)


# -- styles and page ---------------------------------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, east_asia=FANGSONG, latin=LATIN, size=SIZE_3, colour=BLACK)
    _condense(normal)
    fmt = normal.paragraph_format
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = False
    body = styles.add_style("GWBody", WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = normal
    body.paragraph_format.first_line_indent = _chars(2)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for level, (font, bold) in HEADING_FONTS.items():
        style = styles.add_style(f"GWHeading{level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = body
        set_fonts(style, east_asia=font, latin=LATIN, size=SIZE_3, bold=bold)
        style.paragraph_format.keep_with_next = True
    title = styles.add_style("GWTitle", WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    set_fonts(title, east_asia=XIAOBIAOSONG, latin=LATIN, size=SIZE_2)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing = Pt(SIZE_2 * 1.5)
    cell = styles.add_style("GWCell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    set_fonts(cell, east_asia=FANGSONG, latin=LATIN, size=SIZE_SMALL_4)
    cell.paragraph_format.line_spacing = 1.15
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture = styles.add_style("GWPicture", WD_STYLE_TYPE.PARAGRAPH)
    picture.base_style = normal
    picture.paragraph_format.line_spacing = 1.0  # an exact line height would crop the picture
    picture.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    caption = styles.add_style("GWCaption", WD_STYLE_TYPE.PARAGRAPH)
    caption.base_style = normal
    set_fonts(caption, east_asia=FANGSONG, latin=LATIN, size=SIZE_4)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    imprint = styles.add_style("GWImprint", WD_STYLE_TYPE.PARAGRAPH)
    imprint.base_style = normal
    set_fonts(imprint, east_asia=FANGSONG, latin=LATIN, size=SIZE_4)
    imprint.paragraph_format.left_indent = Pt(SIZE_4)
    imprint.paragraph_format.right_indent = Pt(SIZE_4)


def _condense(style) -> None:
    """Characters 0.25 pt closer (``w:spacing``), so that 28 of 3号 fill the 156 mm line."""
    rpr = style.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CHAR_SPACING_TWIPS))
    rpr.insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
        "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
        "w:specVanish", "w:oMath",
    )  # fmt: skip


def _grid(section) -> None:
    """22 lines a page (``w:docGrid``, line pitch 28.95 pt)."""
    sectpr = section._sectPr
    grid = sectpr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sectpr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))


def _page_number(paragraph) -> None:
    """``— N —`` in 4号 宋体 with a PAGE field."""

    def field_char(kind: str) -> None:
        run = _run(paragraph, "", font=SONGTI, size=SIZE_4)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    _run(paragraph, "— ", font=SONGTI, size=SIZE_4)
    field_char("begin")
    run = _run(paragraph, "", font=SONGTI, size=SIZE_4)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run._r.append(instr)
    field_char("separate")
    _run(paragraph, "1", font=SONGTI, size=SIZE_4)
    field_char("end")
    _run(paragraph, " —", font=SONGTI, size=SIZE_4)


def _page(document, doc: OfficialDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_W), Mm(PAGE_H)
    section.top_margin, section.bottom_margin = Mm(TOP), Mm(BOTTOM)
    section.left_margin, section.right_margin = Mm(LEFT), Mm(RIGHT)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(BOTTOM - 7 - 6)  # the dash line 7 mm below the text area
    _grid(section)
    document.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.right_indent = Pt(SIZE_4)
    _page_number(odd)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.left_indent = Pt(SIZE_4)
    _page_number(even)
    core = document.core_properties
    core.title = printable(f"{doc.number} {doc.title}".strip())[:255]
    core.author = printable(doc.author or doc.issuer_mark)[:255]
    core.comments = "Hallkeeper"


# -- the parts ---------------------------------------------------------------------------------------------


def _issuer_mark_size(text: str) -> float:
    """The 发文机关标志 in at most 36 pt, smaller for a long name so that it fits on one line."""
    width = max(text_width_chars(text), 1)
    return max(min(36.0, (TEXT_W / 25.4 * 72) * 0.95 / width), SIZE_2)


def _header(document, doc: OfficialDocument) -> None:
    """版头: the red 发文机关标志, the 发文字号 (and 签发人) and the red separator line 4 mm beneath."""
    mark = use_style(document.add_paragraph(), "Normal")
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = mark.paragraph_format
    fmt.space_before = Mm(35 - 12)  # its top 35 mm below the top of the text area
    fmt.line_spacing = 1.0
    _lines(mark, doc.issuer_mark, font=XIAOBIAOSONG, size=_issuer_mark_size(doc.issuer_mark), colour=RED)
    number = use_style(document.add_paragraph(), "Normal")
    number.paragraph_format.space_before = LINE * 2  # two blank lines under the mark
    if doc.signer:
        number.paragraph_format.left_indent = _chars(1)
        number.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_W) - _chars(2), WD_TAB_ALIGNMENT.RIGHT)
        _run(number, doc.number)
        _run(number, "\t签发人：")
        _run(number, doc.signer, font=KAITI)
    else:
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _run(number, doc.number or "\u3000")
    _rule(number, "bottom", eighths=12, colour="FF0000", space_pt=11)  # 4 mm below the number


def _title(document, doc: OfficialDocument) -> None:
    title = use_style(document.add_paragraph(), "GWTitle")
    title.paragraph_format.space_before = LINE * 2
    _lines(title, doc.title, font=XIAOBIAOSONG, size=SIZE_2)
    if doc.addressee:
        addressee = use_style(document.add_paragraph(), "Normal")
        addressee.paragraph_format.space_before = LINE
        _lines(addressee, f"{doc.addressee}：")


def _table(document, block: Table) -> None:
    if block.caption:
        caption = use_style(document.add_paragraph(), "GWCaption")
        caption.paragraph_format.keep_with_next = True
        _lines(caption, block.caption, font=HEITI, size=SIZE_4)
    table, grid = grid_table(document, len(block.rows) + 1, block.widths(), pad_v=30, pad_h=80)
    for i, cells in enumerate(grid):
        texts = block.header if i == 0 else block.rows[i - 1]
        for cell, text in zip(cells, texts, strict=True):
            paragraph = use_style(cell.paragraphs[0], "GWCell")
            _lines(paragraph, text, font=HEITI if i == 0 else FANGSONG, size=SIZE_SMALL_4)
    repeat_header(table.rows[0])
    for row in table.rows:
        keep_row_together(row)
    use_style(document.add_paragraph(), "Normal")  # the body goes on below the table, not against it


def _picture(document, block: Picture) -> None:
    width_mm, _height_mm = block.size_mm()
    paragraph = use_style(document.add_paragraph(), "GWPicture")
    paragraph.add_run().add_picture(BytesIO(block.data), width=Mm(width_mm))
    if block.caption:
        _lines(use_style(document.add_paragraph(), "GWCaption"), block.caption, size=SIZE_4)


def _blocks(document, blocks) -> None:
    for block in blocks:
        if isinstance(block, Paragraph):
            paragraph = use_style(document.add_paragraph(), "GWBody")
            if block.lead:
                _run(paragraph, block.lead, bold=True)
            _lines(paragraph, block.text)
        elif isinstance(block, Heading):
            font, bold = HEADING_FONTS[block.level]
            _lines(use_style(document.add_paragraph(), f"GWHeading{block.level}"), block.text, font=font, bold=bold)
        elif isinstance(block, Table):
            _table(document, block)
        elif isinstance(block, Picture):
            _picture(document, block)
        elif isinstance(block, PageBreak):
            use_style(document.add_paragraph(), "Normal").add_run().add_break(WD_BREAK.PAGE)
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"not a block: {block!r}")


def _closing(document, doc: OfficialDocument) -> None:
    """附件说明, then 落款 and 成文日期 (unsealed: the name two characters in from the right, the date's first
    character two characters right of the name's), then the 附注."""
    first = True
    for line in doc.attachment_lines():
        paragraph = use_style(document.add_paragraph(), "Normal")
        fmt = paragraph.paragraph_format
        fmt.left_indent = _chars(2 if line.startswith("附件") else 5)
        if first:
            fmt.space_before = LINE
            first = False
        _lines(paragraph, line)
    name, date = doc.signature, doc.date_text
    name_w, date_w = text_width_chars(name), text_width_chars(date)
    name_right, date_right = (2, name_w - date_w) if name_w - date_w >= 2 else (4 + date_w - name_w, 2)
    if name:
        signature = use_style(document.add_paragraph(), "Normal")
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.paragraph_format.space_before = LINE * 2
        signature.paragraph_format.right_indent = _chars(name_right)
        signature.paragraph_format.keep_with_next = True
        _lines(signature, name)
    dated = use_style(document.add_paragraph(), "Normal")
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dated.paragraph_format.right_indent = _chars(date_right if name else 2)
    if not name:
        dated.paragraph_format.space_before = LINE
    _run(dated, date)
    if doc.note:
        note = use_style(document.add_paragraph(), "GWBody")
        _lines(note, f"（{doc.note}）")


def _annexes(document, doc: OfficialDocument) -> None:
    """Each 附件 from a new page: its label at the top left in 黑体, its title, its blocks."""
    for i, annex in enumerate(doc.annexes):
        use_style(document.add_paragraph(), "Normal").add_run().add_break(WD_BREAK.PAGE)
        _lines(use_style(document.add_paragraph(), "Normal"), doc.annex_label(i), font=HEITI)
        if annex.title:
            title = use_style(document.add_paragraph(), "GWTitle")
            title.paragraph_format.space_before = LINE
            _lines(title, annex.title, font=XIAOBIAOSONG, size=SIZE_2)
        _blocks(document, annex.blocks)


def _imprint(document, doc: OfficialDocument) -> None:
    """版记: 抄送机关, then 印发机关 and 印发日期 on one line, between rules as wide as the text area (the first
    and last thick, 0.35 mm; the middle one thin, 0.25 mm), a line below the closing. (The PDF sets it at the
    foot of the last page; Word would need a frame, which LibreOffice does not read from .docx.)"""
    if not doc.has_imprint:
        return
    spacer = use_style(document.add_paragraph(), "Normal")
    spacer.paragraph_format.space_before = LINE
    if doc.copy_to:
        copy = use_style(document.add_paragraph(), "GWImprint")
        _rule(copy, "top", eighths=8, colour="000000")
        _lines(copy, f"抄送：{doc.copy_to}。", size=SIZE_4)
    line = use_style(document.add_paragraph(), "GWImprint")
    line.paragraph_format.tab_stops.add_tab_stop(Mm(TEXT_W) - Pt(SIZE_4 * 2), WD_TAB_ALIGNMENT.RIGHT)
    _rule(line, "top", eighths=6 if doc.copy_to else 8, colour="000000")
    _rule(line, "bottom", eighths=8, colour="000000")
    _run(line, doc.printer, size=SIZE_4)
    _run(line, "\t" + doc.printed_text, size=SIZE_4)


def render_docx(doc: OfficialDocument) -> bytes:
    """The document as .docx bytes."""
    document = Document()
    _styles(document)
    declare_fonts(document, FALLBACKS)
    _page(document, doc)
    body = document.paragraphs[0] if document.paragraphs else None
    if body is not None:  # python-docx's template starts empty; keep the first paragraph out of the way
        body._p.getparent().remove(body._p)
    _header(document, doc)
    _title(document, doc)
    _blocks(document, doc.blocks)
    _closing(document, doc)
    _annexes(document, doc)
    _imprint(document, doc)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
