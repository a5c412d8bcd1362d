"""The notice (整改通知书) and the closing report (整改销号报告) as A4 PDFs (reportlab platypus).

In the manner of a Chinese official document (GB/T 9704): the issuing organisation in red over a red
rule, the title centred and large, the number right-aligned beneath it, the addressee, the body in
numbered parts, the issuer and date on the right, and — for the notice — a receipt slip (回执) below a
dashed cut line. Chinese text uses the CJK font the handbook PDF registers (``core/fonts.py``).
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hallkeeper.accounts.choices import Role
from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import GREY, LABEL_BG, PAGE_W, body_style, grid_style, scaled_image
from hallkeeper.core.pdf_markup import esc

from .common import (
    FindingDoc,
    NoticeDoc,
    PhotoDoc,
    ResponseDoc,
    day,
    deadline_sentence,
    moment,
    section_heading,
    sentences,
)

#: GB/T 9704 margins: 28 mm left (binding side), 26 mm right; shorter top and bottom than a 公文 for a form.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 28 * mm, 26 * mm, 25 * mm, 22 * mm
FRAME_W = PAGE_W - MARGIN_LEFT - MARGIN_RIGHT
RED = colors.HexColor("#c00000")
BEFORE_BG, AFTER_BG = colors.HexColor("#fdecea"), colors.HexColor("#e6f4ea")
BANNER_BG, BANNER_FG = colors.HexColor("#fff3cd"), colors.HexColor("#664d03")
CANCELLED_BG, CANCELLED_FG = colors.HexColor("#e9ecef"), colors.HexColor("#495057")
SEVERITY_COLOURS = {"veto": "#c0392b", "major": "#b9770e", "minor": "#495057"}
#: The findings table of the notice: 序号, 细则, 条款, 问题描述, 位置, 次数, 扣分, 照片 (mm, summing to FRAME_W).
FINDING_COLUMNS = (9, 31, 17, 33, 18, 10, 11, 27)
CELL_PHOTO_W, CELL_PHOTO_H = 24 * mm, 20 * mm
REPORT_PHOTO_H = 30 * mm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = body_style(font, size=12, leading=20)
    return {
        "body": base,
        "para": ParagraphStyle("para", parent=base, firstLineIndent=24, spaceAfter=2),  # two characters
        "organization": ParagraphStyle(
            "organization", parent=base, fontSize=22, leading=30, alignment=TA_CENTER, textColor=RED
        ),
        "title": ParagraphStyle("title", parent=base, fontSize=22, leading=32, alignment=TA_CENTER, spaceBefore=6),
        "number": ParagraphStyle("number", parent=base, fontSize=12, leading=20, alignment=TA_RIGHT, spaceAfter=6),
        "h": ParagraphStyle("h", parent=base, fontSize=13, leading=22, spaceBefore=6, spaceAfter=2),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13),
        "cell_center": ParagraphStyle("cell_center", parent=base, fontSize=9, leading=13, alignment=TA_CENTER),
        "head": ParagraphStyle("head", parent=base, fontSize=9.5, leading=13, alignment=TA_CENTER),
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=12, textColor=GREY),
        "cut": ParagraphStyle("cut", parent=base, fontSize=8.5, leading=12, textColor=GREY, alignment=TA_CENTER),
        "receipt_title": ParagraphStyle("receipt_title", parent=base, fontSize=16, leading=26, alignment=TA_CENTER),
        "banner": ParagraphStyle("banner", parent=base, fontSize=11, leading=17, textColor=BANNER_FG),
    }


def _grid(extra: list | None = None) -> TableStyle:
    return grid_style(extra, side_padding=3)


def _image(photo: PhotoDoc, max_w: float, max_h: float) -> Image:
    return scaled_image(BytesIO(photo.data), photo.width, photo.height, max_w, max_h)


def _photo_cell(photos: list[PhotoDoc], more: int, st, max_w: float, max_h: float, per_row: int = 1):
    """Photos laid out ``per_row`` to a row inside a table cell, with "and N more" when some are left out."""
    if not photos:
        return Paragraph("—", st["cell_center"])
    images = [_image(p, max_w, max_h) for p in photos]
    rows = [images[i : i + per_row] for i in range(0, len(images), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    if more:
        rows.append([Paragraph(esc(_("and %(count)s more") % {"count": more}), st["small"])] + [""] * (per_row - 1))
    return Table(
        rows,
        colWidths=[max_w + 2] * per_row,
        style=TableStyle(
            [
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                *(("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1)),
                *(("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)),
            ]
        ),
    )


def _letterhead(doc: NoticeDoc, title: str, st) -> list:
    return [
        Paragraph(esc(doc.organization), st["organization"]),
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=4, spaceAfter=6),
        Paragraph(esc(title), st["title"]),
        Paragraph(esc(doc.number), st["number"]),
    ]


def _rule_cell(f: FindingDoc, st) -> Paragraph:
    colour = SEVERITY_COLOURS.get(f.severity, "#495057")
    return Paragraph(
        f'{esc(f.rule)}<br/><font size="7.5" color="{colour}">［{esc(f.severity_label)}］</font>', st["cell"]
    )


def _findings_table(doc: NoticeDoc, st) -> Table:
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
    rows: list[list] = [[Paragraph(esc(h), st["head"]) for h in head]]
    for f in doc.findings:
        rows.append(
            [
                Paragraph(str(f.order), st["cell_center"]),
                _rule_cell(f, st),
                Paragraph(esc(f.clauses), st["cell_center"]),
                Paragraph(esc(f.description), st["cell"]),
                Paragraph(esc(f.where), st["cell"]),
                Paragraph(str(f.occurrences), st["cell_center"]),
                Paragraph(esc(f.deduction), st["cell_center"]),
                _photo_cell(f.photos, f.more_photos, st, CELL_PHOTO_W, CELL_PHOTO_H),
            ]
        )
    total = len(rows)
    rows.append(
        [Paragraph(esc(_("Total")), st["head"]), *[""] * 5, Paragraph(esc(doc.total_deduction), st["head"]), ""]
    )
    return Table(
        rows,
        colWidths=[w * mm for w in FINDING_COLUMNS],
        repeatRows=1,
        style=_grid(
            [
                ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
                ("BACKGROUND", (0, total), (-1, total), LABEL_BG),
                ("SPAN", (0, total), (5, total)),
            ]
        ),
    )


def _signature(doc: NoticeDoc, st, who: str, when: str) -> Table:
    block = [
        Paragraph(esc(doc.organization), st["sign"]),
        Paragraph(esc(who), st["sign"]),
        Paragraph(esc(when), st["sign"]),
    ]
    width = 92 * mm
    return Table(
        [["", block]],
        colWidths=[FRAME_W - width, width],
        style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]),
    )


def _receipt(doc: NoticeDoc, st) -> list:
    receipt = doc.receipt
    blank = ""
    label = lambda text: Paragraph(esc(text), st["head"])  # noqa: E731
    value = lambda text: Paragraph(esc(text), st["cell"])  # noqa: E731
    rows = [
        [label(_("Notice number")), value(doc.number), label(_("Zone")), value(doc.zone)],
        [
            label(_("Signed for by")),
            value(receipt.signed_by or blank),
            label(_("Date signed")),
            value(receipt.signed_on or blank),
        ],
        [label(_("Remarks")), value(receipt.comment or blank), "", ""],
    ]
    table = Table(
        rows,
        colWidths=[26 * mm, FRAME_W / 2 - 26 * mm, 26 * mm, FRAME_W / 2 - 26 * mm],
        rowHeights=[None, 12 * mm, 14 * mm],
        style=_grid(
            [
                ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                ("BACKGROUND", (2, 0), (2, 1), LABEL_BG),
                ("SPAN", (1, 2), (3, 2)),
            ]
        ),
    )
    note = _("Sign this slip when the notice is received and return it to the supervision group.")
    return [
        Spacer(0, 6 * mm),
        KeepTogether(
            [
                HRFlowable(width="100%", thickness=0.8, color=GREY, dash=(4, 3), spaceBefore=0, spaceAfter=2),
                Paragraph(esc(_("(cut along this line)")), st["cut"]),
                Spacer(0, 3 * mm),
                Paragraph(esc(_("Receipt")), st["receipt_title"]),
                Spacer(0, 2 * mm),
                table,
                Spacer(0, 2 * mm),
                Paragraph(esc(note), st["small"]),
            ]
        ),
    ]


def _build(story: list, title: str, doc: NoticeDoc, font: str) -> bytes:
    buffer = BytesIO()

    def footer(canvas, _doc):
        canvas.saveState()
        canvas.setFont(font, 9)
        canvas.setFillColor(GREY)
        canvas.drawCentredString(PAGE_W / 2, 12 * mm, f"— {canvas.getPageNumber()} —")
        canvas.restoreState()

    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{doc.number} {title}",
        author=doc.organization,
        subject=f"{doc.zone} {title}",
        creator="Hallkeeper",
    )
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def notice_pdf(doc: NoticeDoc) -> bytes:
    """The notice with its receipt slip, as PDF bytes."""
    font = cjk_font_name()
    st = _styles(font)
    title = _("Rectification notice")
    deadline = deadline_sentence(doc)
    story = [
        *_letterhead(doc, title, st),
        Paragraph(esc(doc.addressee), st["body"]),
        Paragraph(esc(doc.opening), st["para"]),
        Paragraph(esc(section_heading(1, _("Problems found"))), st["h"]),
        _findings_table(doc, st),
        Paragraph(esc(section_heading(2, _("What must be put right"))), st["h"]),
        *(Paragraph(esc(line), st["para"]) for line in doc.requirement.splitlines() if line.strip()),
        Paragraph(esc(section_heading(3, _("Deadline"))), st["h"]),
        Paragraph(esc(deadline), st["para"]),
        Spacer(0, 6 * mm),
        _signature(doc, st, doc.issuer_line, doc.issued_on),
        *_receipt(doc, st),
    ]
    return _build(story, title, doc, font)


# -- the closing report -------------------------------------------------------------------------------


def _banner(doc: NoticeDoc, st) -> list:
    if doc.is_closed:
        return []
    if doc.is_cancelled:
        text = _("This notice was cancelled: %(reason)s") % {"reason": doc.notice.cancel_reason}
        background, colour = CANCELLED_BG, CANCELLED_FG
    else:
        text = _("Not closed yet: the notice is “%(state)s”. This report shows the progress so far.") % {
            "state": doc.state_label
        }
        background, colour = BANNER_BG, BANNER_FG
    style = ParagraphStyle("banner_text", parent=st["banner"], textColor=colour)
    return [
        Table(
            [[Paragraph(esc(text), style)]],
            colWidths=[FRAME_W],
            style=TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), background),
                    ("BOX", (0, 0), (-1, -1), 0.8, colour),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            ),
        ),
        Spacer(0, 3 * mm),
    ]


def _summary(doc: NoticeDoc, st) -> Table:
    n = doc.notice
    label = lambda text: Paragraph(esc(text), st["head"])  # noqa: E731
    value = lambda text: Paragraph(esc(text or "—"), st["cell"])  # noqa: E731
    deadline = doc.deadline + (
        "（" + _("extended from %(date)s") % {"date": doc.extended_from} + "）" if doc.extended_from else ""
    )
    if doc.is_closed:
        result = _("Closed late") if n.closed_late else _("Closed on time")
    else:
        result = doc.state_label + ("（" + _("overdue") + "）" if n.is_overdue else "")
    rows = [
        [
            label(_("Zone")),
            value(f"{doc.zone}（{doc.lead}）" if doc.lead else doc.zone),
            label(_("State")),
            value(result),
        ],
        [label(_("Issued by")), value(doc.issuer), label(_("Issued on")), value(doc.issued_on)],
        [label(_("Deadline")), value(deadline), label(_("Acknowledged at")), value(moment(n.acknowledged_at))],
        [
            label(_("Rectification submitted at")),
            value(moment(n.last_submitted_at)),
            label(_("Closed at")),
            value(moment(n.closed_at)),
        ],
        [
            label(_("Findings")),
            value(
                _("%(count)s, %(points)s points deducted") % {"count": len(doc.findings), "points": doc.total_deduction}
            ),
            label(_("Times rejected")),
            value(str(n.times_rejected)),
        ],
    ]
    return Table(
        rows,
        colWidths=[28 * mm, FRAME_W / 2 - 28 * mm, 28 * mm, FRAME_W / 2 - 28 * mm],
        style=_grid([("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("BACKGROUND", (2, 0), (2, -1), LABEL_BG)]),
    )


def _before_after(doc: NoticeDoc, st) -> list:
    """Each finding with its own before-photos beside its own after-photos, and what was done about it."""
    col_w = FRAME_W / 2
    photo_w = (col_w - 12) / 2
    after: ResponseDoc | None = doc.after
    after_head = _("After") if doc.after_verified else _("After (awaiting verification)")
    story: list = []
    for f in doc.findings:
        caption = Paragraph(
            f"（{f.order}）{esc(f.rule)}　<font size=9>{esc(f.where)}；{esc(_('deduction'))} {esc(f.deduction)}</font>",
            st["body"],
        )
        description = Paragraph(esc(f.description), st["small"])
        answer = f.answer
        if answer is not None:
            after_cell = _photo_cell(answer.photos, answer.more_photos, st, photo_w, REPORT_PHOTO_H, per_row=2)
        elif after is not None and after.photos:
            after_cell = Paragraph(esc(_("See the after-photos for the whole notice below.")), st["cell_center"])
        else:
            after_cell = Paragraph(esc(_("No rectification yet.")), st["cell_center"])
        rows = [
            [Paragraph(esc(_("Before")), st["head"]), Paragraph(esc(after_head), st["head"])],
            [_photo_cell(f.photos, f.more_photos, st, photo_w, REPORT_PHOTO_H, per_row=2), after_cell],
        ]
        if answer is not None:
            done = esc(_("What was done")) + "：" + "<br/>".join(esc(line) for line in answer.text.splitlines())
            rows.append([Paragraph(done, st["cell"]), ""])
        table = Table(
            rows,
            colWidths=[col_w, col_w],
            style=_grid(
                [
                    ("BACKGROUND", (0, 0), (0, 0), BEFORE_BG),
                    ("BACKGROUND", (1, 0), (1, 0), AFTER_BG),
                    ("VALIGN", (0, 1), (-1, -1), "TOP"),
                    *((("SPAN", (0, 2), (1, 2)),) if answer is not None else ()),
                ]
            ),
        )
        story += [Spacer(0, 2 * mm), KeepTogether([caption, description, Spacer(0, 1 * mm), table])]
    return story


def _rectification(doc: NoticeDoc, st) -> list:
    """The round shown: who submitted it and when, its overall remark, and the after-photos of a round
    submitted for the whole notice at once (the answers per finding are in section 1, not repeated)."""
    after = doc.after
    if after is None:
        text = _("The zone has not submitted a rectification waiting for verification.")
        if doc.responses:
            so_far = _("Rectifications submitted so far: %(count)s (see the timeline).") % {"count": len(doc.responses)}
            text = sentences(text, so_far)
        return [Paragraph(esc(text), st["para"])]
    timing = _("after the deadline") if after.late else _("within the deadline")
    meta = _("Submitted by %(name)s at %(when)s, %(timing)s.") % {
        "name": after.by,
        "when": moment(after.at),
        "timing": timing,
    }
    story = [Paragraph(esc(line), st["para"]) for line in after.text.splitlines() if line.strip()]
    if after.answers and not story:
        story = [Paragraph(esc(_("What was done about each finding is shown beside its photos above.")), st["para"])]
    if after.photos:
        cell = _photo_cell(after.photos, after.more_photos, st, (FRAME_W - 24) / 4, REPORT_PHOTO_H, per_row=4)
        story += [
            Paragraph(esc(_("After-photos for the whole notice")), st["small"]),
            Table([[cell]], colWidths=[FRAME_W], style=_grid([])),
        ]
    return [*story, Paragraph(esc(meta), st["para"])]


def _verification(doc: NoticeDoc, st) -> list:
    v = doc.verification
    if v is None:
        return [Paragraph(esc(_("Not verified yet.")), st["para"])]
    label = lambda text: Paragraph(esc(text), st["head"])  # noqa: E731
    value = lambda text: Paragraph(esc(text or "—"), st["cell"])  # noqa: E731
    n = doc.notice
    result = _("Closed late") if n.closed_late else _("Closed on time")
    rows = [
        [label(_("Verified by")), value(v.by), label(_("Verified at")), value(moment(v.at))],
        [label(_("How")), value(v.method), "", ""],
        [label(_("Comment")), value(v.comment), "", ""],
        [label(_("Result")), value(result), "", ""],
    ]
    return [
        Table(
            rows,
            colWidths=[28 * mm, FRAME_W / 2 - 28 * mm, 28 * mm, FRAME_W / 2 - 28 * mm],
            style=_grid(
                [
                    ("BACKGROUND", (0, 0), (0, -1), LABEL_BG),
                    ("BACKGROUND", (2, 0), (2, 0), LABEL_BG),
                    *(("SPAN", (1, r), (3, r)) for r in (1, 2, 3)),
                ]
            ),
        )
    ]


def _timeline(doc: NoticeDoc, st) -> Table:
    rows: list[list] = [
        [Paragraph(esc(h), st["head"]) for h in (_("When"), _("Step"), _("By"), _("State"), _("Comment"))]
    ]
    for e in doc.events:
        rows.append(
            [
                Paragraph(esc(moment(e.at)), st["cell"]),
                Paragraph(esc(e.label), st["cell"]),
                Paragraph(esc(e.actor), st["cell"]),
                Paragraph(esc(e.change), st["cell"]),
                Paragraph(esc(e.comment), st["cell"]),
            ]
        )
    widths = [30 * mm, 26 * mm, 20 * mm, 30 * mm]
    return Table(
        rows,
        colWidths=[*widths, FRAME_W - sum(widths)],
        repeatRows=1,
        style=_grid([("BACKGROUND", (0, 0), (-1, 0), LABEL_BG), ("VALIGN", (0, 1), (-1, -1), "TOP")]),
    )


def closing_report_pdf(doc: NoticeDoc) -> bytes:
    """The closing report of a notice (collected with ``closing=True``), as PDF bytes."""
    font = cjk_font_name()
    st = _styles(font)
    title = _("Rectification closing report")
    story = [
        *_letterhead(doc, title, st),
        *_banner(doc, st),
        _summary(doc, st),
        Paragraph(esc(section_heading(1, _("Problems and rectification, before and after"))), st["h"]),
        *_before_after(doc, st),
        Paragraph(esc(section_heading(2, _("What was done"))), st["h"]),
        *_rectification(doc, st),
        Paragraph(esc(section_heading(3, _("Verification"))), st["h"]),
        *_verification(doc, st),
        Paragraph(esc(section_heading(4, _("Timeline"))), st["h"]),
        _timeline(doc, st),
    ]
    if doc.verification is not None:
        who = _("%(group)s (verified by %(name)s)") % {"group": Role.SUPERVISION.label, "name": doc.verification.by}
        story += [Spacer(0, 8 * mm), _signature(doc, st, who, day(doc.verification.at))]
    return _build(story, title, doc, font)
