"""The red flag's card (流动红旗 证书): an A4 landscape PDF, one page per holder of a published month.

:func:`card_lines` is pure (the words of a card); :func:`flag_card_pdf` lays them out with the shared PDF pieces
(``core/pdf``: the CJK font; every text escaped by ``core/pdf_markup.esc``, so a name like markup prints
literally). The issuer is the hall's (``halls.documents.issuer_for``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import body_style
from hallkeeper.core.pdf_markup import esc

RED = colors.HexColor("#c0392b")
GOLD = colors.HexColor("#b8860b")
PAGE = landscape(A4)
MARGIN = 22 * mm


@dataclass(frozen=True)
class Card:
    hall_name: str
    holder: str
    starts_on: dt.date
    score: object
    issuer: str
    dated: dt.date
    target_label: str  # 责任区 or 窗口


def card_lines(card: Card) -> dict[str, str]:
    """The words of a card (plain text)."""
    month = f"{card.starts_on.year}年{card.starts_on.month}月"
    return {
        "title": "流动红旗",
        "holder": card.holder,
        "body": f"在{card.hall_name}{month}现场管理考核中，该{card.target_label}考核得分{card.score}分，"
        "成绩突出，特授予流动红旗，以资鼓励。",
        "month": month,
        "issuer": card.issuer,
        "dated": f"{card.dated.year}年{card.dated.month}月{card.dated.day}日",
    }


def _frame(canvas, doc) -> None:
    canvas.saveState()
    w, h = PAGE
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(6)
    canvas.rect(10 * mm, 10 * mm, w - 20 * mm, h - 20 * mm)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.5)
    canvas.rect(14 * mm, 14 * mm, w - 28 * mm, h - 28 * mm)
    canvas.restoreState()


def flag_card_pdf(cards: list[Card]) -> bytes:
    """The cards as one PDF (A4 landscape, one page each)."""
    font = cjk_font_name()
    base = body_style(font, size=16, leading=26)
    title = ParagraphStyle("title", parent=base, fontSize=60, leading=76, alignment=TA_CENTER, textColor=RED)
    holder = ParagraphStyle("holder", parent=base, fontSize=34, leading=46, alignment=TA_CENTER)
    body = ParagraphStyle("cardbody", parent=base, fontSize=18, leading=30, firstLineIndent=36)
    right = ParagraphStyle("right", parent=base, fontSize=16, leading=26, alignment=TA_RIGHT)
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN + 10 * mm,
        rightMargin=MARGIN + 10 * mm,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title="流动红旗",
        author=cards[0].issuer if cards else "",
    )
    story: list = []
    for i, card in enumerate(cards):
        words = card_lines(card)
        if i:
            story.append(PageBreak())
        story += [
            Spacer(1, 8 * mm),
            Paragraph(esc(words["title"]), title),
            Spacer(1, 10 * mm),
            Paragraph(esc(words["holder"]), holder),
            Spacer(1, 10 * mm),
            Paragraph(esc(words["body"]), body),
            Spacer(1, 16 * mm),
            Paragraph(esc(words["issuer"]), right),
            Paragraph(esc(words["dated"]), right),
        ]
    if not story:
        story.append(Paragraph(esc("本期无流动红旗"), holder))
    doc.build(story, onFirstPage=_frame, onLaterPages=_frame)
    return out.getvalue()
