"""The handbook as a printable A4 PDF (reportlab platypus).

Cover, contents with page numbers (a multi-pass build fills in the numbers), preface, the parts →
sections → rules with their pictures, the layout standards drawn as vector shapes, the standard
quantity table and the GB/T 36112 clause coverage table. Every page after the cover carries the
handbook title in its header and "第 N 页" in its footer.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from reportlab import rl_config
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import GREY, LABEL_BG, PAGE_H, PAGE_W, body_style, grid_style, scaled_image
from hallkeeper.core.pdf_markup import esc

from .data import HandbookDoc, LayoutDoc, PictureDoc, RuleDoc, collect

Progress = Callable[[int, int], None]

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 20 * mm, 22 * mm, 20 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
NAVY = colors.HexColor("#1f3864")
RULE_GREY = colors.HexColor("#adb5bd")
GOOD_BG, BAD_BG = colors.HexColor("#e6f4ea"), colors.HexColor("#fdecea")
RED = colors.HexColor("#c0392b")
SEVERITY_COLOURS = {"veto": "#c0392b", "major": "#b9770e", "minor": "#6c757d"}
#: Passes of the multi-pass build: lay out with placeholder page numbers in the contents, then confirm them.
EXPECTED_PASSES = 2
PICTURE_MAX_H = 50 * mm
LAYOUT_MAX_H = 105 * mm


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = body_style(font, size=10.5, leading=16, spaceAfter=4)
    s = {"body": base}
    s["small"] = ParagraphStyle("small", parent=base, fontSize=9, leading=13, spaceAfter=0)
    s["caption"] = ParagraphStyle("caption", parent=base, fontSize=8.5, leading=11, textColor=GREY, alignment=TA_CENTER)
    s["cell"] = ParagraphStyle("cell", parent=base, fontSize=9.5, leading=14, spaceAfter=0)
    s["cell_head"] = ParagraphStyle("cell_head", parent=s["cell"], textColor=NAVY, alignment=TA_CENTER)
    s["h0"] = ParagraphStyle(
        "h0", parent=base, fontSize=20, leading=28, alignment=TA_CENTER, textColor=NAVY, spaceBefore=6, spaceAfter=14
    )
    s["h1"] = ParagraphStyle("h1", parent=base, fontSize=15, leading=22, textColor=NAVY, spaceBefore=10, spaceAfter=8)
    s["h2"] = ParagraphStyle("h2", parent=base, fontSize=12, leading=18, textColor=NAVY, spaceBefore=8, spaceAfter=4)
    s["toc_title"] = ParagraphStyle("toc_title", parent=s["h0"], spaceAfter=18)
    s["toc0"] = ParagraphStyle("toc0", parent=base, fontSize=11.5, leading=20, spaceBefore=4)
    s["toc1"] = ParagraphStyle("toc1", parent=base, fontSize=10, leading=16, leftIndent=12 * mm, firstLineIndent=0)
    s["cover_hall"] = ParagraphStyle("cover_hall", parent=base, fontSize=18, leading=26, alignment=TA_CENTER)
    s["cover_title"] = ParagraphStyle(
        "cover_title", parent=base, fontSize=30, leading=42, alignment=TA_CENTER, textColor=NAVY
    )
    s["cover_sub"] = ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=22, alignment=TA_CENTER)
    s["cover_meta"] = ParagraphStyle("cover_meta", parent=base, fontSize=15, leading=26, alignment=TA_CENTER)
    s["cover_note"] = ParagraphStyle(
        "cover_note", parent=base, fontSize=10, leading=16, alignment=TA_CENTER, textColor=GREY
    )
    return s


class Heading(Paragraph):
    """A paragraph that becomes a bookmark, an outline entry and (levels 0–1) a contents entry.

    ``text`` and ``toc_text`` are plain text: the outline takes plain text, the contents take ``toc_markup``
    (the contents lay their entries out as Paragraph markup, so the text is escaped there too).
    """

    def __init__(self, text: str, style, *, level: int, key: str, toc_text: str | None = None, badge: str = ""):
        super().__init__(esc(text) + badge, style)
        self.level, self.key, self.toc_text = level, key, toc_text or text
        self.toc_markup = esc(self.toc_text)


class Tracker:
    """Calls ``progress(done, total)`` as the story is assembled, then as contents entries are laid out."""

    def __init__(self, callback: Progress | None, doc: HandbookDoc):
        build_steps = len(doc.sections) + 3  # the sections, then the layouts, quantities and coverage chapters
        entries = 1 + len(doc.parts) + len(doc.sections) + 1 + len(doc.layouts) + 2  # headings in the contents
        self.callback, self.total, self.done = callback, build_steps + EXPECTED_PASSES * entries, 0

    def step(self) -> None:
        self.done += 1
        if self.callback is not None:
            self.callback(min(self.done, self.total - 1), self.total)

    def finish(self) -> None:
        if self.callback is not None:
            self.callback(self.total, self.total)


class HandbookTemplate(BaseDocTemplate):
    def __init__(self, buffer, doc: HandbookDoc, font: str, tracker: Tracker):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{doc.title} {doc.label}",
            author=doc.organization or doc.hall_name,
            subject=f"{doc.hall_name} {doc.title}",
            creator="Hallkeeper",
        )
        self.handbook, self.font, self.tracker = doc, font, tracker
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - MARGIN_TOP - MARGIN_BOTTOM, id="body")
        cover = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_W, PAGE_H - 2 * MARGIN_BOTTOM, id="cover")
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[cover], onPage=self._cover_page),
                PageTemplate(id="body", frames=[frame], onPage=self._body_page),
            ]
        )

    def _cover_page(self, canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, PAGE_H - 18 * mm, PAGE_W, 18 * mm, stroke=0, fill=1)
        canvas.rect(0, 0, PAGE_W, 10 * mm, stroke=0, fill=1)
        canvas.setStrokeColor(NAVY)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN_X, PAGE_H - 24 * mm, PAGE_W - MARGIN_X, PAGE_H - 24 * mm)
        canvas.restoreState()

    def _body_page(self, canvas, _doc) -> None:
        doc = self.handbook
        canvas.saveState()
        canvas.setFont(self.font, 8.5)
        canvas.setFillColor(GREY)
        top = PAGE_H - MARGIN_TOP + 6 * mm
        canvas.drawString(MARGIN_X, top, f"{doc.hall_name}　{doc.title}")
        canvas.drawRightString(PAGE_W - MARGIN_X, top, f"{doc.label}（{doc.status_label}）")
        canvas.setStrokeColor(RULE_GREY)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 2 * mm, PAGE_W - MARGIN_X, top - 2 * mm)
        canvas.setFont(self.font, 9)
        canvas.drawCentredString(PAGE_W / 2, MARGIN_BOTTOM - 10 * mm, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()

    def afterFlowable(self, flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self.canv.bookmarkPage(flowable.key)
        self.canv.addOutlineEntry(flowable.toc_text, flowable.key, level=flowable.level, closed=flowable.level > 0)
        if flowable.level <= 1:
            self.notify("TOCEntry", (flowable.level, flowable.toc_markup, self.page, flowable.key))
            self.tracker.step()


# -- pieces of the story -------------------------------------------------------


def _cover(doc: HandbookDoc, st) -> list:
    story = [
        Spacer(0, 38 * mm),
        Paragraph(esc(doc.hall_name), st["cover_hall"]),
        Spacer(0, 14 * mm),
        Paragraph(esc(doc.title), st["cover_title"]),
        Spacer(0, 6 * mm),
        Paragraph(f"{esc(doc.label)}（{esc(doc.status_label)}）", st["cover_sub"]),
        Spacer(0, 4 * mm),
        Paragraph("依据 GB/T 36112-2018《政务服务中心服务现场管理规范》编制", st["cover_note"]),
        Spacer(0, 78 * mm),
    ]
    if doc.organization:
        story.append(Paragraph(esc(doc.organization), st["cover_meta"]))
    story += [Paragraph(esc(doc.published_text), st["cover_meta"]), NextPageTemplate("body"), PageBreak()]
    return story


def _headings(story: list):
    for flowable in story:
        if isinstance(flowable, Heading):
            yield flowable
        elif isinstance(flowable, KeepTogether):
            yield from _headings(flowable._content)


def _contents(st) -> TableOfContents:
    toc = TableOfContents(levelStyles=[st["toc0"], st["toc1"]], dotsMinLevel=0)
    toc.tableStyle = TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    return toc


def _preface(doc: HandbookDoc, st) -> list:
    rules = doc.rules
    story: list = [Heading("前　言", st["h0"], level=0, key="preface", toc_text="前言")]
    for block in (doc.preface or "").split("\n"):
        if block.strip():
            story.append(Paragraph(esc(block.strip()), ParagraphStyle("p", parent=st["body"], firstLineIndent=21)))
    veto = sum(1 for r in rules if r.is_veto)
    summary = (
        f"本手册共 {len(doc.parts)} 个部分、{len(doc.sections)} 节、{len(rules)} 条细则（其中否决项 {veto} 条），"
        f"定置图 {len(doc.layouts)} 幅，标准数量表 {sum(len(g.rows) for g in doc.quantities)} 项。"
    )
    story.append(Paragraph(summary, ParagraphStyle("p", parent=st["body"], firstLineIndent=21)))
    if doc.revision_note:
        story += [Paragraph("本版说明", st["h2"]), Paragraph(esc(doc.revision_note), st["body"])]
    story.append(PageBreak())
    return story


def _picture(picture: PictureDoc, max_w: float, st, number: str) -> list:
    # A file name, not a stream: reportlab then copies a JPEG as it is and names it by its path, where a
    # stream would be decoded on every drawing to compute its digest.
    source = picture.path or BytesIO(picture.data)
    flow = [scaled_image(source, picture.width, picture.height, max_w, PICTURE_MAX_H, hAlign="CENTER")]
    caption = f"图 {number}" + (f"　{picture.caption}" if picture.caption else "")
    flow.append(Paragraph(esc(caption), st["caption"]))
    flow.append(Spacer(0, 2 * mm))
    return flow


def _rule(rule: RuleDoc, st, anchor: str, lead: list | None = None) -> list:
    """A rule: heading, attribute table and examples, kept together with ``lead`` (a section heading)."""
    colour = SEVERITY_COLOURS.get(rule.severity, "#6c757d")
    heading = Heading(
        f"{rule.code}　{rule.title}",
        st["h2"],
        level=2,
        key=anchor,
        badge=f'　<font size="9" color="{colour}">［{esc(rule.severity_label)}］</font>',
    )
    line = HRFlowable(width="100%", thickness=0.8, color=NAVY, spaceBefore=0, spaceAfter=2 * mm)
    cell = st["cell"]
    rows = [
        ("要求", esc(rule.requirement)),
        ("检查方法", esc(rule.check_method)),
        ("扣分标准", esc(rule.deduction_text)),
        ("严重程度", f'<font color="{colour}">{esc(rule.severity_label)}</font>'),
        ("适用区域", esc(rule.areas)),
        ("适用岗位", esc(rule.positions)),
        ("对应条款", esc("；".join(rule.clauses) or "—")),
    ]
    table = Table(
        [[Paragraph(label, st["cell_head"]), Paragraph(value, cell)] for label, value in rows],
        colWidths=[22 * mm, FRAME_W - 22 * mm],
        splitInRow=1,  # a very long requirement flows on to the next page
    )
    table.setStyle(grid_style([("BACKGROUND", (0, 0), (0, -1), LABEL_BG)], colour=RULE_GREY, width=0.4))
    block = [*(lead or []), heading, line, table]
    if rule.has_examples:
        block += [Spacer(0, 2 * mm), _examples(rule, st)]
    return [Spacer(0, 3 * mm), KeepTogether(block)]


def _examples(rule: RuleDoc, st) -> Table:
    """Reference photos and what right looks like, beside the counter-examples and the typical mistake.

    One row per pair of pictures, so that a rule with many pictures splits between rows across pages.
    """
    col_w = FRAME_W / 2
    inner = col_w - 8
    rows: list[list] = [[Paragraph("标准样例", st["cell_head"]), Paragraph("错误示例", st["cell_head"])]]
    for i in range(max(len(rule.references), len(rule.counters))):
        rows.append(
            [
                _picture(pictures[i], inner, st, f"{rule.code}-{tag}{i + 1}") if i < len(pictures) else ""
                for pictures, tag in ((rule.references, "正"), (rule.counters, "误"))
            ]
        )
    if rule.example or rule.counter_example or len(rows) == 1:
        rows.append([Paragraph(esc(text or "—"), st["small"]) for text in (rule.example, rule.counter_example)])
    table = Table(rows, colWidths=[col_w, col_w], repeatRows=1, splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
                ("BACKGROUND", (0, 0), (0, 0), GOOD_BG),
                ("BACKGROUND", (1, 0), (1, 0), BAD_BG),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 1), (-1, -1), "CENTER"),
            ]
        )
    )
    return table


def _fit(text: str, font: str, size: float, width: float) -> bool:
    return stringWidth(text, font, size) <= width


def layout_drawing(layout: LayoutDoc, font: str, width: float = FRAME_W, max_height: float = LAYOUT_MAX_H) -> Drawing:
    """The layout as vector shapes: the surface, the numbered slots (dashed), dimensions and a legend."""
    pad_x, pad_top, pad_bottom = 16 * mm, 8 * mm, 10 * mm
    scale = min((width - 2 * pad_x) / layout.width, max_height / layout.depth)
    surf_w, surf_h = layout.width * scale, layout.depth * scale
    label_size = 7.5
    # The legend: as many columns as fit.
    entries = [f"{n}. {s.item} × {s.quantity}" for n, s in enumerate(layout.slots, start=1)]
    entry_w = max((stringWidth(e, font, 8) for e in entries), default=0) + 7 * mm
    columns = max(1, min(4, int(width // entry_w) if entry_w else 1))
    legend_rows = -(-len(entries) // columns) if entries else 0
    legend_h = legend_rows * 5.5 * mm + (4 * mm if entries else 0)
    height = pad_top + surf_h + pad_bottom + legend_h
    d = Drawing(width, height)
    x0, y0 = (width - surf_w) / 2, legend_h + pad_bottom
    # Dimensions: width above, depth on the left.
    top = y0 + surf_h
    d.add(Line(x0, top + 3 * mm, x0 + surf_w, top + 3 * mm, strokeColor=GREY, strokeWidth=0.5))
    for x in (x0, x0 + surf_w):
        d.add(Line(x, top + 1.5 * mm, x, top + 4.5 * mm, strokeColor=GREY, strokeWidth=0.5))
    d.add(
        String(
            x0 + surf_w / 2,
            top + 4.5 * mm,
            f"{layout.width} mm",
            fontName=font,
            fontSize=7.5,
            fillColor=GREY,
            textAnchor="middle",
        )
    )
    d.add(Line(x0 - 3 * mm, y0, x0 - 3 * mm, top, strokeColor=GREY, strokeWidth=0.5))
    for y in (y0, top):
        d.add(Line(x0 - 4.5 * mm, y, x0 - 1.5 * mm, y, strokeColor=GREY, strokeWidth=0.5))
    d.add(
        String(
            x0 - 4 * mm,
            y0 + surf_h / 2,
            f"{layout.depth} mm",
            fontName=font,
            fontSize=7.5,
            fillColor=GREY,
            textAnchor="end",
        )
    )
    d.add(Rect(x0, y0, surf_w, surf_h, fillColor=colors.white, strokeColor=colors.HexColor("#212529"), strokeWidth=1.5))
    for n, s in enumerate(layout.slots, start=1):
        x, w, h = x0 + s.x * scale, s.width * scale, s.depth * scale
        y = y0 + (layout.depth - s.y - s.depth) * scale
        d.add(
            Rect(
                x,
                y,
                w,
                h,
                fillColor=colors.HexColor(s.colour),
                strokeColor=colors.HexColor("#495057"),
                strokeWidth=0.8,
                strokeDashArray=[3, 2],
            )
        )
        cx, cy = x + w / 2, y + h / 2
        full = f"{n} {s.item}"
        if _fit(full, font, label_size, w - 3) and h >= label_size + 3:
            d.add(String(cx, cy - label_size / 3, full, fontName=font, fontSize=label_size, textAnchor="middle"))
        elif _fit(s.item, font, label_size, w - 3) and h >= 2 * label_size + 5:
            d.add(String(cx, cy + 1, str(n), fontName=font, fontSize=label_size, textAnchor="middle"))
            d.add(String(cx, cy - label_size, s.item, fontName=font, fontSize=label_size, textAnchor="middle"))
        else:
            d.add(String(cx, cy - label_size / 3, str(n), fontName=font, fontSize=label_size, textAnchor="middle"))
    d.add(
        String(
            x0 + surf_w / 2,
            y0 - 6 * mm,
            "▲ 作业面（工作人员一侧）",
            fontName=font,
            fontSize=8,
            fillColor=GREY,
            textAnchor="middle",
        )
    )
    col_w = width / columns
    for i, (entry, s) in enumerate(zip(entries, layout.slots, strict=True)):
        row, col = divmod(i, columns)
        lx, ly = col * col_w, legend_h - 4 * mm - (row + 1) * 5.5 * mm + 1.5 * mm
        d.add(Rect(lx, ly, 3.5 * mm, 3.5 * mm, fillColor=colors.HexColor(s.colour), strokeColor=GREY, strokeWidth=0.5))
        d.add(String(lx + 5 * mm, ly + 0.6 * mm, entry, fontName=font, fontSize=8))
    return d


def _layouts(doc: HandbookDoc, st, font: str) -> list:
    story: list = [Heading("定置标准（定置图）", st["h1"], level=0, key="layouts"), Spacer(0, 2 * mm)]
    story.append(
        Paragraph(
            "下列定置图按实际尺寸比例绘制，单位为毫米；虚线框为物品定位区域，编号与图例、明细表一致。"
            "图下方为工作人员就座（站立）一侧。",
            st["body"],
        )
    )
    for i, layout in enumerate(doc.layouts, start=1):
        heading = Heading(f"图 L{i}　{layout.name}", st["h2"], level=1, key=f"layout-{i}", toc_text=layout.name)
        meta = Paragraph(
            esc(f"适用岗位：{layout.position_kind}　尺寸：{layout.width} × {layout.depth} mm"), st["small"]
        )
        drawing = layout_drawing(layout, font)
        rows = [["序号", "物品", "数量", "尺寸（宽×深，mm）", "位置（距左、距上，mm）"]]
        rows += [
            [str(n), Paragraph(esc(s.item), st["cell"]), str(s.quantity), f"{s.width} × {s.depth}", f"{s.x}，{s.y}"]
            for n, s in enumerate(layout.slots, start=1)
        ]
        table = Table(rows, colWidths=[12 * mm, 58 * mm, 14 * mm, 38 * mm, FRAME_W - 122 * mm], repeatRows=1)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
            ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        style += [("BACKGROUND", (0, n), (0, n), colors.HexColor(s.colour)) for n, s in enumerate(layout.slots, 1)]
        table.setStyle(TableStyle(style))
        block = [heading, meta, Spacer(0, 2 * mm), drawing]
        if layout.note:
            block.append(Paragraph(esc(f"说明：{layout.note}"), st["small"]))
        story += [CondPageBreak(drawing.height + 30 * mm), KeepTogether(block), Spacer(0, 3 * mm), table]
        story.append(Spacer(0, 6 * mm))
    story.append(PageBreak())
    return story


def _quantities(doc: HandbookDoc, st, font: str) -> list:
    story: list = [Heading("标准数量表", st["h1"], level=0, key="quantities")]
    story.append(Paragraph("各类岗位（部位）办公物品的标准存放数量（参照 GB/T 36112-2018 附录 B）。", st["body"]))
    rows: list[list] = [["岗位类型", "序号", "物品", "标准数量", "单位", "备注"]]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    for group in doc.quantities:
        first = len(rows)
        for n, q in enumerate(group.rows, start=1):
            rows.append(
                [
                    Paragraph(esc(group.position_kind), st["cell"]) if n == 1 else "",
                    str(n),
                    Paragraph(esc(q.item), st["cell"]),
                    str(q.quantity),
                    q.unit,
                    Paragraph(esc(q.note), st["cell"]),
                ]
            )
        style.append(("SPAN", (0, first), (0, len(rows) - 1)))
    if len(rows) == 1:
        rows.append(["", "", "（未设置标准数量）", "", "", ""])
    table = Table(rows, colWidths=[28 * mm, 12 * mm, 56 * mm, 18 * mm, 14 * mm, FRAME_W - 128 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return [*story, table, PageBreak()]


def _coverage(doc: HandbookDoc, st, font: str) -> list:
    story: list = [Heading("GB/T 36112-2018 条款覆盖表", st["h1"], level=0, key="coverage")]
    leaves = [c for c in doc.coverage if c.is_leaf]
    gaps = doc.gaps
    summary = f"应覆盖条款 {len(leaves)} 项，已覆盖 {len(leaves) - len(gaps)} 项"
    summary += f"，缺口 {len(gaps)} 项：{'、'.join(g.label for g in gaps)}。" if gaps else "，无缺口。"
    story.append(Paragraph(esc(summary), st["body"]))
    rows: list[list] = [["条款", "条款名称", "对应细则", "状态"]]
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.4, RULE_GREY),
        ("BACKGROUND", (0, 0), (-1, 0), LABEL_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (0, -1), "CENTER"),
        ("ALIGN", (3, 0), (3, -1), "CENTER"),
    ]
    for c in doc.coverage:
        title = c.label.removeprefix(f"{c.code} ")
        codes = "、".join(c.rule_codes) or "—"
        rows.append([c.code, Paragraph(esc(title), st["cell"]), Paragraph(esc(codes), st["cell"]), c.status])
        r = len(rows) - 1
        if not c.is_leaf:
            style.append(("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f8f9fa")))
        if c.is_gap:
            style += [("BACKGROUND", (3, r), (3, r), BAD_BG), ("TEXTCOLOR", (3, r), (3, r), RED)]
    table = Table(rows, colWidths=[16 * mm, 50 * mm, FRAME_W - 96 * mm, 30 * mm], repeatRows=1)
    table.setStyle(TableStyle(style))
    return [*story, table]


def handbook_story(doc: HandbookDoc, font: str, tracker: Tracker) -> list:
    st = _styles(font)
    toc = _contents(st)
    story = [*_cover(doc, st), Paragraph("目　录", st["toc_title"]), toc, PageBreak(), *_preface(doc, st)]
    for p, part in enumerate(doc.parts, start=1):
        story.append(Heading(part.heading, st["h0"], level=0, key=f"part-{p}"))
        if part.intro:
            story.append(Paragraph(esc(part.intro), st["body"]))
        for s, section in enumerate(part.sections, start=1):
            lead = [Heading(section.heading, st["h1"], level=1, key=f"section-{p}-{s}")]
            for r, rule in enumerate(section.rules, start=1):
                story += _rule(rule, st, f"rule-{p}-{s}-{r}", lead if r == 1 else None)
            tracker.step()
        story.append(PageBreak())
    for chapter in (_layouts, _quantities, _coverage):
        story += chapter(doc, st, font)
        tracker.step()
    # The contents entries are known before the first pass: laid out with placeholder page numbers there,
    # they take their final room at once, and the second pass only confirms the page numbers (2 passes, not 3).
    toc._entries = [(h.level, h.toc_markup, 0, h.key) for h in _headings(story) if h.level <= 1]
    return story


def handbook_pdf(version, *, progress: Progress | None = None) -> bytes:
    """The handbook version as PDF bytes. ``progress(done, total)`` is called as the document is built."""
    return render_pdf(collect(version), progress=progress)


def render_pdf(doc: HandbookDoc, *, progress: Progress | None = None) -> bytes:
    font = cjk_font_name()
    tracker = Tracker(progress, doc)
    buffer = BytesIO()
    with tempfile.TemporaryDirectory(prefix="hallkeeper-pdf-") as tmp, _binary_streams():
        for i, picture in enumerate(p for r in doc.rules for p in (*r.references, *r.counters)):
            picture.path = str(Path(tmp) / f"{i}{picture.extension}")
            Path(picture.path).write_bytes(picture.data)
        template = HandbookTemplate(buffer, doc, font, tracker)
        template.multiBuild(handbook_story(doc, font, tracker), maxPasses=8)
    tracker.finish()
    return buffer.getvalue()


@contextmanager
def _binary_streams():
    """Write image streams in binary rather than ASCII85 (a quarter smaller), for this build only."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved
