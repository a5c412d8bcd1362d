"""An :class:`~.model.OfficialDocument` as a PDF (reportlab), laid out by GB/T 9704-2012.

The page is the Word document's (A4, margins 37/35/28/26 mm, a 156 × 225 mm text area, 22 lines of 28
characters: 3号 text on a 28.95 pt line pitch). Every text goes through
:func:`hallkeeper.core.pdf_markup.esc`, so nothing a user typed is read as reportlab markup.

Fonts: reportlab embeds TrueType outlines only and the project registers one CJK font
(:func:`hallkeeper.core.fonts.cjk_font_name`: WenQuanYi Micro Hei on Debian, or the font named by
``HALLKEEPER_CJK_FONT``), so 小标宋, 仿宋, 楷体 and 黑体 are all set in that one font; the roles keep
their sizes (2号 title, 3号 body, 4号 imprint and page numbers), colours and places. A heading's level
shows through its number (一、（一）1.（1）). The Word document carries the real font names.
"""

from __future__ import annotations

from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, KeepTogether, PageTemplate, Spacer, Table
from reportlab.platypus import PageBreak as PDFPageBreak
from reportlab.platypus import Paragraph as PDFParagraph
from reportlab.platypus.flowables import Flowable, HRFlowable

from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import PAGE_H, PAGE_W, body_style, grid_style, scaled_image
from hallkeeper.core.pdf_markup import esc as _esc

from . import docx as word
from .model import Heading, OfficialDocument, PageBreak, Paragraph, Picture, printable
from .model import Table as TableBlock

RED = colors.HexColor("#FF0000")


def esc(text: object) -> str:
    """User text as reportlab markup shown literally, without control characters."""
    return _esc(printable(text))


LINE = word.LINE_PITCH_TWIPS / 20  # 28.95 pt
TEXT_W = word.TEXT_W * mm


#: The body's characters: 28 on the 156 mm line (3号 condensed to the grid, as in the Word document).
BODY_SIZE = TEXT_W / word.CHARS


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = body_style(font, size=BODY_SIZE, leading=LINE, alignment=TA_JUSTIFY)
    two = 2 * BODY_SIZE
    return {
        "body": ParagraphStyle("gw-body", parent=base, firstLineIndent=two),
        "plain": ParagraphStyle("gw-plain", parent=base, alignment=TA_LEFT),
        "heading": ParagraphStyle("gw-heading", parent=base, firstLineIndent=two, keepWithNext=True),
        "title": ParagraphStyle(
            "gw-title", parent=base, fontSize=word.SIZE_2, leading=word.SIZE_2 * 1.5, alignment=TA_CENTER
        ),
        "centre": ParagraphStyle("gw-centre", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("gw-right", parent=base, alignment=TA_RIGHT),
        "caption": ParagraphStyle(
            "gw-caption", parent=base, fontSize=word.SIZE_4, leading=LINE, alignment=TA_CENTER, keepWithNext=True
        ),
        "cell": ParagraphStyle(
            "gw-cell", parent=base, fontSize=word.SIZE_SMALL_4, leading=word.SIZE_SMALL_4 * 1.35, alignment=TA_CENTER
        ),
        "imprint": ParagraphStyle(
            "gw-imprint", parent=base, fontSize=word.SIZE_4, leading=LINE, alignment=TA_LEFT, leftIndent=word.SIZE_4
        ),
    }


def _text(text: str, style: ParagraphStyle, **extra) -> PDFParagraph:
    if extra:
        style = ParagraphStyle(f"{style.name}-x", parent=style, **extra)
    return PDFParagraph(esc(text), style)


def _header(doc: OfficialDocument, st) -> list:
    size = word._issuer_mark_size(doc.issuer_mark)
    mark = _text(doc.issuer_mark, st["centre"], fontSize=size, leading=size * 1.2, textColor=RED)
    flow: list = [Spacer(1, (35 - 12) * mm), mark, Spacer(1, 2 * LINE)]
    if doc.signer:
        left = _text(doc.number, st["plain"], leftIndent=BODY_SIZE)
        right = PDFParagraph(f"签发人：{esc(doc.signer)}", ParagraphStyle("gw-signer", parent=st["right"]))
        row = Table([[left, right]], colWidths=[TEXT_W / 2, TEXT_W / 2 - BODY_SIZE])
        row.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
        flow.append(row)
    else:
        flow.append(_text(doc.number or "\u3000", st["centre"]))
    flow.append(HRFlowable(width=TEXT_W, thickness=1.5, color=RED, spaceBefore=4 * mm, spaceAfter=0))
    return flow


def _title(doc: OfficialDocument, st) -> list:
    flow: list = [Spacer(1, 2 * LINE - 4), _text(doc.title, st["title"])]
    if doc.addressee:
        flow += [Spacer(1, LINE), _text(f"{doc.addressee}：", st["plain"])]
    return flow


def _table(block: TableBlock, st) -> list:
    head = ParagraphStyle("gw-cell-head", parent=st["cell"])
    data = [[_text(text, head) for text in block.header]]
    data += [[_text(text, st["cell"]) for text in row] for row in block.rows]
    table = Table(data, colWidths=[w * mm for w in block.widths()], repeatRows=1, hAlign="CENTER")
    table.setStyle(grid_style(colour=colors.black, width=0.5, padding=3))
    flow: list = []
    if block.caption:
        flow.append(_text(block.caption, st["caption"]))
    flow += [table, Spacer(1, LINE / 2)]
    return flow


def _picture(block: Picture, st) -> list:
    width, height = block.size_mm()
    image = scaled_image(BytesIO(block.data), width, height, width * mm, height * mm, hAlign="CENTER")
    parts: list = [image]
    if block.caption:
        parts.append(_text(block.caption, st["caption"], keepWithNext=False))
    return [KeepTogether(parts)]


def _blocks(blocks, st) -> list:
    flow: list = []
    for block in blocks:
        if isinstance(block, Paragraph):
            markup = (f"<b>{esc(block.lead)}</b>" if block.lead else "") + esc(block.text)
            flow.append(PDFParagraph(markup, st["body"]))
        elif isinstance(block, Heading):
            flow.append(_text(block.text, st["heading"]))
        elif isinstance(block, TableBlock):
            flow += _table(block, st)
        elif isinstance(block, Picture):
            flow += _picture(block, st)
        elif isinstance(block, PageBreak):
            flow.append(PDFPageBreak())
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"not a block: {block!r}")
    return flow


def _closing(doc: OfficialDocument, st) -> list:
    flow: list = []
    lines = doc.attachment_lines()
    if lines:
        flow.append(Spacer(1, LINE))
    for line in lines:
        indent = (2 if line.startswith("附件") else 5) * BODY_SIZE
        flow.append(_text(line, st["plain"], leftIndent=indent))
    name, date = doc.signature, doc.date_text
    name_w, date_w = word.text_width_chars(name), word.text_width_chars(date)
    name_right, date_right = (2, name_w - date_w) if name_w - date_w >= 2 else (4 + date_w - name_w, 2)
    closing: list = []
    if name:
        closing.append(_text(name, st["right"], rightIndent=name_right * BODY_SIZE))
    closing.append(_text(date, st["right"], rightIndent=(date_right if name else 2) * BODY_SIZE))
    flow += [Spacer(1, 2 * LINE if name else LINE), KeepTogether(closing)]
    if doc.note:
        flow.append(_text(f"（{doc.note}）", st["body"]))
    return flow


def _annexes(doc: OfficialDocument, st) -> list:
    """Each 附件 from a new page: its label at the top left, its title, its blocks."""
    flow: list = []
    for i, annex in enumerate(doc.annexes):
        flow += [PDFPageBreak(), _text(doc.annex_label(i), st["plain"])]
        if annex.title:
            flow += [Spacer(1, LINE), _text(annex.title, st["title"])]
        flow += _blocks(annex.blocks, st)
    return flow


def _imprint(doc: OfficialDocument, st) -> list:
    if not doc.has_imprint:
        return []
    rows, commands = [], []
    if doc.copy_to:
        rows.append([_text(f"抄送：{doc.copy_to}。", st["imprint"]), ""])
        commands.append(("SPAN", (0, 0), (1, 0)))
    rows.append(
        [_text(doc.printer, st["imprint"]), _text(doc.printed_text, st["imprint"], alignment=TA_RIGHT, rightIndent=14)]
    )
    last = len(rows) - 1
    commands += [
        ("LINEABOVE", (0, 0), (-1, 0), 0.35 * mm, colors.black),
        ("LINEBELOW", (0, last), (-1, last), 0.35 * mm, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    if doc.copy_to:
        commands.append(("LINEABOVE", (0, last), (-1, last), 0.25 * mm, colors.black))
    table = Table(rows, colWidths=[TEXT_W / 2, TEXT_W / 2], hAlign="CENTER")
    table.setStyle(commands)
    return [Spacer(1, LINE), AtPageFoot(table)]


class AtPageFoot(Flowable):
    """A flowable set at the foot of the text area (the 版记's last rule on the text area's bottom edge): it
    takes the rest of the page, or moves to the next page when it does not fit."""

    def __init__(self, content: Flowable) -> None:
        super().__init__()
        self.content = content

    def wrap(self, avail_width, avail_height):
        self._content_w, self._content_h = self.content.wrap(avail_width, avail_height)
        self.width = avail_width
        self.height = avail_height if self._content_h <= avail_height else self._content_h
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, (self.width - self._content_w) / 2, 0)


def _page_number(font: str):
    """``— N —`` in 4号, 7 mm below the text area: one character in from the right on odd pages, from the
    left on even ones."""

    def draw(canvas, _doc) -> None:
        number = canvas.getPageNumber()
        text = f"— {number} —"
        y = word.BOTTOM * mm - 7 * mm - word.SIZE_4
        canvas.saveState()
        canvas.setFont(font, word.SIZE_4)
        if number % 2:
            canvas.drawRightString(PAGE_W - word.RIGHT * mm - word.SIZE_4, y, text)
        else:
            canvas.drawString(word.LEFT * mm + word.SIZE_4, y, text)
        canvas.restoreState()

    return draw


def render_pdf(doc: OfficialDocument) -> bytes:
    """The document as PDF bytes."""
    font = cjk_font_name()
    st = _styles(font)
    out = BytesIO()
    template = BaseDocTemplate(
        out,
        pagesize=(PAGE_W, PAGE_H),
        topMargin=word.TOP * mm,
        bottomMargin=word.BOTTOM * mm,
        leftMargin=word.LEFT * mm,
        rightMargin=word.RIGHT * mm,
        title=printable(f"{doc.number} {doc.title}".strip()),
        author=printable(doc.author or doc.issuer_mark),
        creator="Hallkeeper",
    )
    # the frame is the 156 × 225 mm text area itself (no padding inside it)
    frame = Frame(
        word.LEFT * mm,
        word.BOTTOM * mm,
        word.TEXT_W * mm,
        word.TEXT_H * mm,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="text",
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=_page_number(font))])
    story = [*_header(doc, st), *_title(doc, st), *_blocks(doc.blocks, st), *_closing(doc, st), *_annexes(doc, st)]
    story += _imprint(doc, st)
    template.build(story)
    return out.getvalue()
