"""The inspection record (现场管理检查记录) as an A4 PDF, in the style of a Chinese official form.

Title, the hall, a header table (kind, zone, what was checked, inspector, dates, handbook version),
the result (score, grade, passed or failed), the findings with their photos, the counted quantities,
the full item list and signature lines. Chinese text uses the handbook PDF's CJK font registration.
"""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Image, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import LABEL_BG, PAGE_W, body_style, grid_style
from hallkeeper.core.pdf_markup import esc

from .choices import ItemResult
from .history import Report
from .kinds import is_acceptance

MARGIN = 18 * mm
FRAME_W = PAGE_W - 2 * MARGIN
RED = colors.HexColor("#c0392b")
GREEN = colors.HexColor("#1e7e34")
PHOTO_H = 32 * mm
PHOTO_MAX_W = 42 * mm
MAX_PHOTOS_PER_FINDING = 4


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = body_style(font, size=10, leading=15)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER, spaceAfter=4),
        "hall": ParagraphStyle("hall", parent=base, fontSize=12, leading=18, alignment=TA_CENTER, spaceAfter=8),
        "h": ParagraphStyle("h", parent=base, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=13),
        "label": ParagraphStyle("label", parent=base, fontSize=9, leading=13, alignment=TA_CENTER),
        "score": ParagraphStyle("score", parent=base, fontSize=22, leading=28, alignment=TA_CENTER),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=colors.HexColor("#6c757d")),
    }


def _grid(extra: list | None = None) -> TableStyle:
    return grid_style(extra)


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _photo(photo) -> Image | None:
    """The stored thumbnail (or else the photo) scaled into the table; None if the file cannot be read."""
    for field in (photo.thumbnail, photo.image):
        if not field:
            continue
        try:
            with field.open("rb") as fh:
                data = BytesIO(fh.read())
            img = Image(data)
        except Exception:  # noqa: BLE001 - a missing or broken file must not stop the record
            continue
        w, h = img.imageWidth or 1, img.imageHeight or 1
        scale = min(PHOTO_H / h, PHOTO_MAX_W / w)
        img.drawWidth, img.drawHeight = w * scale, h * scale
        return img
    return None


def _header(report: Report, st) -> list:
    i = report.inspection
    P = lambda text: Paragraph(esc(text), st["cell"])  # noqa: E731
    L = lambda text: Paragraph(esc(text), st["label"])  # noqa: E731
    windows = "、".join(w.number for w in i.windows.all())
    positions = "、".join(p.code for p in i.positions.all())
    target = _("Whole zone")
    if windows:
        target = _("Windows %(list)s") % {"list": windows}
    if positions:
        target += "; " + _("Positions %(list)s") % {"list": positions}
    rows = [
        [L(_("Kind")), P(i.get_kind_display()), L(_("Zone")), P(f"{i.zone.code} {i.zone.name}")],
        [L(_("Scope of the check")), P(target), L(_("Inspector")), P(i.inspector.display_name)],
        [L(_("Started at")), P(_when(i.started_at)), L(_("Submitted at")), P(_when(i.submitted_at))],
        [
            L(_("Handbook version")),
            P(f"{i.version.title} {i.version.label}"),
            L(_("Acceptance round")),
            P(i.round.name if i.round_id else "—"),
        ],
    ]
    widths = [24 * mm, FRAME_W / 2 - 24 * mm, 24 * mm, FRAME_W / 2 - 24 * mm]
    return [
        Table(
            rows,
            colWidths=widths,
            style=_grid([("BACKGROUND", (0, 0), (0, -1), LABEL_BG), ("BACKGROUND", (2, 0), (2, -1), LABEL_BG)]),
        )
    ]


def _result(report: Report, st) -> list:
    i = report.inspection
    if is_acceptance(i.kind):
        verdict = _("Acceptance passed") if i.passed else _("Acceptance failed")
    else:
        verdict = _("Passed") if i.passed else _("Failed")
    colour = "#1e7e34" if i.passed else "#c0392b"
    notes = [
        _("Items %(items)d, failed %(failed)d, not applicable %(na)d")
        % {"items": i.item_count, "failed": i.failed_count, "na": i.na_count},
        _("Deductions %(total)s") % {"total": i.deduction_total},
    ]
    if is_acceptance(i.kind):
        notes.append(_("Pass line %(line)s, with no veto rule failed") % {"line": report.pass_line})
    if i.veto_failed:
        notes.append(_("A veto rule failed: the inspection fails whatever the score."))
    rows = [
        [
            Paragraph(esc(_("Score")), st["label"]),
            Paragraph(esc(_("Grade")), st["label"]),
            Paragraph(esc(_("Result")), st["label"]),
            Paragraph(esc(_("Summary")), st["label"]),
        ],
        [
            Paragraph(f"<b>{i.score if i.score is not None else '—'}</b>", st["score"]),
            Paragraph(esc(i.get_grade_display()), st["label"]),
            Paragraph(f'<font color="{colour}">{esc(verdict)}</font>', st["label"]),
            Paragraph("<br/>".join(esc(n) for n in notes), st["cell"]),
        ],
    ]
    widths = [28 * mm, 24 * mm, 30 * mm, FRAME_W - 82 * mm]
    story = [Table(rows, colWidths=widths, style=_grid([("BACKGROUND", (0, 0), (-1, 0), LABEL_BG)]))]
    if i.note:
        story += [Spacer(0, 2 * mm), Paragraph(f"{esc(_('Overall remarks'))}：{esc(i.note)}", st["body"])]
    return story


def _findings(report: Report, st) -> list:
    story = [Paragraph(esc(_("Findings")), st["h"])]
    if not report.findings:
        return [*story, Paragraph(esc(_("No findings: every checked item passed.")), st["body"])]
    head = [_("No."), _("Rule"), _("Where"), _("Occurrences × deduction"), _("Deduction")]
    rows = [[Paragraph(esc(h), st["label"]) for h in head]]
    styles = [("BACKGROUND", (0, 0), (-1, 0), LABEL_BG)]
    for n, item in enumerate(report.findings, start=1):
        rule = item.rule
        text = f"{esc(rule.code)} {esc(rule.title)}（{esc(rule.get_severity_display())}）"
        if rule.clauses:
            text += f"<br/><font size=7>GB/T 36112 {esc('、'.join(rule.clause_labels))}</font>"
        if item.note:
            text += f"<br/>{esc(item.note)}"
        where = " ".join(
            x
            for x in (item.window.number if item.window_id else "", item.position.code if item.position_id else "")
            if x
        )
        calc = f"{item.occurrences} × {rule.deduction}"
        if rule.cap:
            calc += "（" + _("cap %(cap)s") % {"cap": rule.cap} + "）"
        rows.append(
            [
                Paragraph(str(n), st["label"]),
                Paragraph(text, st["cell"]),
                Paragraph(esc(where or "—"), st["cell"]),
                Paragraph(esc(calc), st["cell"]),
                Paragraph(f'<font color="#c0392b">−{item.deduction}</font>', st["label"]),
            ]
        )
        photos = [img for img in (_photo(p) for p in item.photo_list[:MAX_PHOTOS_PER_FINDING]) if img is not None]
        if photos:
            strip = Table([photos], hAlign="LEFT", style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2)]))
            rows.append(["", strip, "", "", ""])
            r = len(rows) - 1
            styles.append(("SPAN", (1, r), (-1, r)))
    widths = [10 * mm, FRAME_W - 92 * mm, 24 * mm, 38 * mm, 20 * mm]
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=_grid(styles)))
    return story


def _counts(report: Report, st) -> list:
    if not report.counts:
        return []
    head = [_("Position"), _("Item"), _("Counted"), _("Standard")]
    rows = [[Paragraph(esc(h), st["label"]) for h in head]]
    styles = [("BACKGROUND", (0, 0), (-1, 0), LABEL_BG)]
    for c in report.counts:
        rows.append(
            [
                Paragraph(esc(f"{c.position.code} {c.position.name}"), st["cell"]),
                Paragraph(esc(c.standard.item), st["cell"]),
                Paragraph(str(c.counted), st["label"]),
                Paragraph(esc(f"{c.standard.quantity}{c.standard.unit}"), st["label"]),
            ]
        )
        if not c.matches:
            styles.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), colors.HexColor("#fff3cd")))
    widths = [FRAME_W - 110 * mm, 60 * mm, 25 * mm, 25 * mm]
    return [
        Paragraph(esc(_("Counted quantities")), st["h"]),
        Table(rows, colWidths=widths, repeatRows=1, style=_grid(styles)),
    ]


def _items(report: Report, st) -> list:
    head = [_("Rule"), _("Result"), _("Deduction")]
    rows = [[Paragraph(esc(h), st["label"]) for h in head]]
    styles = [("BACKGROUND", (0, 0), (-1, 0), LABEL_BG)]
    for item in report.items:
        colour = {ItemResult.FAIL: "#c0392b", ItemResult.PASS: "#1e7e34"}.get(item.result, "#6c757d")
        rows.append(
            [
                Paragraph(esc(f"{item.rule.code} {item.rule.title}"), st["cell"]),
                Paragraph(f'<font color="{colour}">{esc(item.get_result_display())}</font>', st["label"]),
                Paragraph(f"−{item.deduction}" if item.result == ItemResult.FAIL else "", st["label"]),
            ]
        )
    widths = [FRAME_W - 50 * mm, 28 * mm, 22 * mm]
    return [
        Paragraph(esc(_("All items")), st["h"]),
        Table(rows, colWidths=widths, repeatRows=1, style=_grid(styles)),
    ]


def _signatures(st) -> list:
    labels = [_("Inspector (signature)"), _("Zone lead (signature)"), _("Date")]
    cells = [Paragraph(f"{esc(label)}：________________", st["body"]) for label in labels]
    return [Spacer(0, 10 * mm), KeepTogether(Table([cells], colWidths=[FRAME_W / 3] * 3))]


def inspection_pdf(report: Report) -> bytes:
    """The PDF bytes of one submitted inspection's record."""
    i = report.inspection
    font = cjk_font_name()
    st = _styles(font)
    title = _("On-site management inspection record")
    buffer = BytesIO()
    hall_name = i.hall.display_name

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.setFillColor(colors.HexColor("#6c757d"))
        canvas.drawString(MARGIN, 10 * mm, f"{hall_name}　{title}　No.{i.pk}")
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, _("Page %(page)d") % {"page": canvas.getPageNumber()})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{title} {i.zone.code} {_when(i.submitted_at)}",
        author=hall_name,
        subject=title,
        creator="Hallkeeper",
    )
    story = [
        Paragraph(esc(title), st["title"]),
        Paragraph(esc(hall_name), st["hall"]),
        *_header(report, st),
        Spacer(0, 3 * mm),
        *_result(report, st),
        *_findings(report, st),
        *_counts(report, st),
        *_items(report, st),
        *_signatures(st),
    ]
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
