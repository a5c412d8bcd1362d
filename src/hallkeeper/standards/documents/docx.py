"""The handbook as an editable Word document (python-docx), in the style of a Chinese official document.

宋体 body text and 黑体 headings (East Asian fonts set through ``w:eastAsia``), A4 pages, a cover,
a contents field that Word fills in when the file is opened (plus a static list of the parts), the
rules with bordered tables and their pictures, the layout standards as PNG drawings (Pillow, with
a CJK font for the labels), the standard quantity table and the clause coverage table.
"""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from hallkeeper.core.docx import (
    HEI,
    KAI,
    SONG,
    add_run,
    cell_lines,
    grid_table,
    keep_row_together,
    repeat_header,
    set_fonts,
    shade,
    use_style,
)

from .data import HandbookDoc, LayoutDoc, PictureDoc, RuleDoc, collect

BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x6C, 0x75, 0x7D)
RED = RGBColor(0xC0, 0x39, 0x2B)
SEVERITY_COLOURS = {"veto": RGBColor(0xC0, 0x39, 0x2B), "major": RGBColor(0xB9, 0x77, 0x0E), "minor": GREY}
LABEL_FILL, GOOD_FILL, BAD_FILL, GAP_FILL = "F1F3F5", "E6F4EA", "FDECEA", "FDECEA"
TEXT_W_MM = 210 - 28 - 26  # A4 less the left and right margins
PICTURE_W_MM, PICTURE_MAX_H_MM = 70, 55
LAYOUT_W_MM = 150
LAYOUT_PX_PER_MM_PRINTED = 300 / 25.4  # 300 dpi


# -- low-level helpers ---------------------------------------------------------


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A complex field (PAGE, TOC…) that Word computes."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        run._r.append(el)
        return run

    fld_char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    fld_char("separate")
    if placeholder:
        paragraph.add_run(placeholder)
    fld_char("end")


def _cell_text(cell, text: str, *, style: str = "HKCell", colour: RGBColor | None = None, center: bool = False):
    return cell_lines(cell, text, "HKCellCenter" if center and style == "HKCell" else style, colour)


def _table(document, rows: int, widths_mm: list[float]) -> tuple:
    """A bordered table (style "Table Grid") and its rows as lists of cells."""
    return grid_table(document, rows, widths_mm, pad_v=30, pad_h=100)


def _header_row(table, grid, labels: list[str]) -> None:
    for cell, label in zip(grid[0], labels, strict=True):
        _cell_text(cell, label, style="HKCellHead")
        shade(cell, LABEL_FILL)
    repeat_header(table.rows[0])


# -- the document ----------------------------------------------------------------


def _styles(document) -> None:
    styles = document.styles
    normal = styles["Normal"]
    set_fonts(normal, east_asia=SONG, size=12)
    normal.paragraph_format.line_spacing = 1.3
    normal.paragraph_format.space_after = Pt(3)
    for name, size, east_asia in (("Heading 1", 16, HEI), ("Heading 2", 14, HEI), ("Heading 3", 12, HEI)):
        style = styles[name]
        set_fonts(style, east_asia=east_asia, size=size, bold=False, colour=BLACK)
        style.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 9)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    for name, east_asia, size, center in (
        ("HKCell", SONG, 10.5, False),
        ("HKCellCenter", SONG, 10.5, True),
        ("HKCellHead", HEI, 10.5, True),
        ("HKSmall", SONG, 9.5, False),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_fonts(style, east_asia=east_asia, size=size)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.15
        if center:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles["Heading 1"].paragraph_format.page_break_before = True
    caption = styles["Caption"]
    set_fonts(caption, east_asia=KAI, size=9, bold=False, colour=GREY)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title = styles["Title"]
    set_fonts(title, east_asia=SONG, size=26, bold=True, colour=BLACK)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # No blue rule under the title (the built-in Title style has one).
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _page_setup(document, doc: HandbookDoc) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(30), Mm(25)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(15), Mm(12)
    section.different_first_page_header_footer = True  # the cover has neither
    header = section.header.paragraphs[0]
    run = header.add_run(f"{doc.hall_name}　{doc.title}　{doc.label}（{doc.status_label}）")
    set_fonts(run, east_asia=SONG, size=9, colour=GREY)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(footer.add_run("第 "), size=10.5)
    _field(footer, "PAGE", "1")
    set_fonts(footer.add_run(" 页"), size=10.5)
    core = document.core_properties
    core.title = f"{doc.title} {doc.label}"
    core.subject = doc.hall_name
    core.author = doc.organization or doc.hall_name
    core.comments = "Hallkeeper"


def heading(document, text: str, level: int):
    paragraph = use_style(document.add_paragraph(), f"Heading{level}")
    if text:
        paragraph.add_run(text)
    return paragraph


def _para(
    document,
    text: str,
    *,
    size: float | None = None,
    align=None,
    font=SONG,
    colour=None,
    indent=False,
    space_before: float | None = None,
    style: str | None = None,
):
    paragraph = document.add_paragraph()
    if style:
        use_style(paragraph, style)
    if text:
        run = add_run(paragraph, text, colour)
        if font != SONG or size is not None:
            set_fonts(run, east_asia=font, size=size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(24)
    if space_before is not None:
        paragraph.paragraph_format.space_before = Pt(space_before)
    return paragraph


def _cover(document, doc: HandbookDoc) -> None:
    _para(document, "", space_before=90)
    _para(document, doc.hall_name, size=18, font=HEI, align=WD_ALIGN_PARAGRAPH.CENTER)
    title = use_style(document.add_paragraph(), "Title")
    set_fonts(title.add_run(doc.title), east_asia=SONG, size=26, bold=True, colour=BLACK)
    title.paragraph_format.space_before = Pt(36)
    _para(document, f"{doc.label}（{doc.status_label}）", size=15, align=WD_ALIGN_PARAGRAPH.CENTER, font=KAI)
    _para(
        document,
        "依据 GB/T 36112-2018《政务服务中心服务现场管理规范》编制",
        size=10.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        colour=GREY,
    )
    _para(document, "", space_before=200)
    if doc.organization:
        _para(document, doc.organization, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEI)
    _para(document, doc.published_text, size=16, align=WD_ALIGN_PARAGRAPH.CENTER, font=HEI)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents(document, doc: HandbookDoc) -> None:
    _para(document, "目　录", size=16, font=HEI, align=WD_ALIGN_PARAGRAPH.CENTER)
    toc = document.add_paragraph()
    _field(toc, 'TOC \\o "1-2" \\h \\z \\u', "（目录在打开文档时自动更新；如未显示，请右键单击此处并选择“更新域”。）")
    _para(document, "本手册包括：", size=12, font=HEI, space_before=12)
    chapters = [
        "前言",
        *(p.heading for p in doc.parts),
        "定置标准（定置图）",
        "标准数量表",
        "GB/T 36112-2018 条款覆盖表",
    ]
    for chapter in chapters:
        _para(document, f"　　{chapter}", size=12)
    # Word asks to update the fields (the contents) when the file is opened.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _preface(document, doc: HandbookDoc) -> None:
    heading(document, "前　言", 1)
    for block in (doc.preface or "").split("\n"):
        if block.strip():
            _para(document, block.strip(), indent=True)
    rules = doc.rules
    veto = sum(1 for r in rules if r.is_veto)
    _para(
        document,
        f"本手册共 {len(doc.parts)} 个部分、{len(doc.sections)} 节、{len(rules)} 条细则（其中否决项 {veto} 条），"
        f"定置图 {len(doc.layouts)} 幅，标准数量表 {sum(len(g.rows) for g in doc.quantities)} 项。",
        indent=True,
    )
    if doc.revision_note:
        heading(document, "本版说明", 3)
        _para(document, doc.revision_note, indent=True)


def _picture_height_ok_width(picture: PictureDoc) -> float:
    """Width in mm such that the picture is at most PICTURE_W_MM wide and PICTURE_MAX_H_MM high."""
    w, h = picture.width or 1, picture.height or 1
    return min(PICTURE_W_MM, PICTURE_MAX_H_MM * w / h)


def _rule(document, rule: RuleDoc, figure: list[int]) -> None:
    title = heading(document, f"{rule.code}　{rule.title}", 3)
    badge = title.add_run(f"　［{rule.severity_label}］")
    set_fonts(badge, east_asia=SONG, size=9, colour=SEVERITY_COLOURS.get(rule.severity, GREY))
    rows = [
        ("要求", rule.requirement),
        ("检查方法", rule.check_method),
        ("扣分标准", rule.deduction_text),
        ("严重程度", rule.severity_label),
        ("适用区域", rule.areas),
        ("适用岗位", rule.positions),
        ("对应条款", "；".join(rule.clauses) or "—"),
    ]
    table, grid = _table(document, len(rows), [24, TEXT_W_MM - 24])
    for row, cells, (label, value) in zip(table.rows, grid, rows, strict=True):
        _cell_text(cells[0], label, style="HKCellHead")
        shade(cells[0], LABEL_FILL)
        colour = SEVERITY_COLOURS.get(rule.severity) if label == "严重程度" else None
        _cell_text(cells[1], value, colour=colour)
        keep_row_together(row)
    if rule.has_examples:
        # A paragraph between two tables, or Word joins them into one.
        gap = use_style(document.add_paragraph(), "HKCell")
        gap.paragraph_format.space_after = Pt(4)
        gap.paragraph_format.keep_with_next = True
        _examples(document, rule, figure)
    document.add_paragraph()


def _examples(document, rule: RuleDoc, figure: list[int]) -> None:
    table, grid = _table(document, 2, [TEXT_W_MM / 2, TEXT_W_MM / 2])
    for col, (label, fill, pictures, text) in enumerate(
        (
            ("标准样例", GOOD_FILL, rule.references, rule.example),
            ("错误示例", BAD_FILL, rule.counters, rule.counter_example),
        )
    ):
        head = grid[0][col]
        _cell_text(head, label, style="HKCellHead")
        shade(head, fill)
        cell = grid[1][col]
        first = True
        for picture in pictures:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.add_run().add_picture(BytesIO(picture.data), width=Mm(_picture_height_ok_width(picture)))
            figure[0] += 1
            use_style(cell.add_paragraph(), "Caption").add_run(f"图 {figure[0]}　{picture.caption or label}")
        paragraph = use_style(cell.paragraphs[0] if first else cell.add_paragraph(), "HKCell")
        paragraph.add_run(text or ("—" if first else ""))
    repeat_header(table.rows[0])


# -- layout drawings (Pillow) ----------------------------------------------------------


def _dashed_rect(draw, box: tuple[float, float, float, float], colour: str, width: int, dash: int) -> None:
    x0, y0, x1, y1 = box
    for (ax, ay), (bx, by) in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
        length = max(abs(bx - ax), abs(by - ay))
        steps = max(1, int(length // (2 * dash)))
        for i in range(steps + 1):
            t0, t1 = (2 * i * dash) / length if length else 0, min(1, (2 * i + 1) * dash / length) if length else 0
            if t0 >= 1:
                break
            draw.line(
                [(ax + (bx - ax) * t0, ay + (by - ay) * t0), (ax + (bx - ax) * t1, ay + (by - ay) * t1)],
                fill=colour,
                width=width,
            )


def layout_png(layout: LayoutDoc, width_mm: float = LAYOUT_W_MM) -> bytes:
    """The layout drawn at 300 dpi for ``width_mm`` of paper: surface, numbered dashed slots, dimensions."""
    from PIL import Image, ImageDraw

    from hallkeeper.core.fonts import pillow_font

    px = LAYOUT_PX_PER_MM_PRINTED  # pixels per printed millimetre
    pad_x, pad_top, pad_bottom = 18 * px, 10 * px, 12 * px
    total_w = width_mm * px
    scale = min((total_w - 2 * pad_x) / layout.width, (110 * px) / layout.depth)
    surf_w, surf_h = layout.width * scale, layout.depth * scale
    total_h = pad_top + surf_h + pad_bottom
    image = Image.new("RGB", (round(total_w), round(total_h)), "white")
    draw = ImageDraw.Draw(image)
    label_font, small_font = pillow_font(round(2.9 * px)), pillow_font(round(2.6 * px))
    x0, y0 = (total_w - surf_w) / 2, pad_top
    grey, dark = "#6c757d", "#212529"
    # Dimensions.
    dim_y = y0 - 4 * px
    draw.line([(x0, dim_y), (x0 + surf_w, dim_y)], fill=grey, width=3)
    for x in (x0, x0 + surf_w):
        draw.line([(x, dim_y - 1.5 * px), (x, dim_y + 1.5 * px)], fill=grey, width=3)
    draw.text((x0 + surf_w / 2, dim_y - 1 * px), f"{layout.width} mm", fill=grey, font=small_font, anchor="md")
    dim_x = x0 - 4 * px
    draw.line([(dim_x, y0), (dim_x, y0 + surf_h)], fill=grey, width=3)
    for y in (y0, y0 + surf_h):
        draw.line([(dim_x - 1.5 * px, y), (dim_x + 1.5 * px, y)], fill=grey, width=3)
    draw.text((dim_x - 1 * px, y0 + surf_h / 2), f"{layout.depth} mm", fill=grey, font=small_font, anchor="rm")
    draw.rectangle([x0, y0, x0 + surf_w, y0 + surf_h], outline=dark, width=6)
    for n, s in enumerate(layout.slots, start=1):
        box = (x0 + s.x * scale, y0 + s.y * scale, x0 + (s.x + s.width) * scale, y0 + (s.y + s.depth) * scale)
        draw.rectangle(box, fill=s.colour)
        _dashed_rect(draw, box, "#495057", 3, round(1.2 * px))
        cx, cy, w, h = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2, box[2] - box[0], box[3] - box[1]
        full = f"{n} {s.item}"
        line_h = label_font.size * 1.2
        if draw.textlength(full, font=label_font) <= w - 10 and h >= line_h:
            draw.text((cx, cy), full, fill="black", font=label_font, anchor="mm")
        elif draw.textlength(s.item, font=label_font) <= w - 10 and h >= 2 * line_h:
            draw.text((cx, cy - line_h / 2), str(n), fill="black", font=label_font, anchor="mm")
            draw.text((cx, cy + line_h / 2), s.item, fill="black", font=label_font, anchor="mm")
        else:
            draw.text((cx, cy), str(n), fill="black", font=label_font, anchor="mm")
    draw.text(
        (x0 + surf_w / 2, y0 + surf_h + 6 * px), "▲ 作业面（工作人员一侧）", fill=grey, font=small_font, anchor="mm"
    )
    out = BytesIO()
    image.save(out, "PNG", optimize=False, dpi=(300, 300))
    return out.getvalue()


def _layouts(document, doc: HandbookDoc) -> None:
    heading(document, "定置标准（定置图）", 1)
    _para(
        document,
        "下列定置图按实际尺寸比例绘制，单位为毫米；虚线框为物品定位区域，编号与明细表一致。"
        "图下方为工作人员就座（站立）一侧。",
        indent=True,
    )
    for i, layout in enumerate(doc.layouts, start=1):
        heading(document, f"图 L{i}　{layout.name}", 2)
        meta = _para(document, f"适用岗位：{layout.position_kind}　尺寸：{layout.width} × {layout.depth} mm", size=10.5)
        meta.paragraph_format.keep_with_next = True
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        picture.add_run().add_picture(BytesIO(layout_png(layout)), width=Mm(LAYOUT_W_MM))
        use_style(document.add_paragraph(), "Caption").add_run(f"图 L{i}　{layout.name}")
        if layout.note:
            _para(document, f"说明：{layout.note}", size=10.5)
        table, grid = _table(document, len(layout.slots) + 1, [14, 56, 16, 32, TEXT_W_MM - 118])
        _header_row(table, grid, ["序号", "物品", "数量", "尺寸（宽×深）", "位置（距左，距上）"])
        for cells, (n, s) in zip(grid[1:], enumerate(layout.slots, start=1), strict=True):
            _cell_text(cells[0], str(n), center=True)
            shade(cells[0], s.colour.lstrip("#").upper())
            _cell_text(cells[1], s.item)
            _cell_text(cells[2], str(s.quantity), center=True)
            _cell_text(cells[3], f"{s.width} × {s.depth} mm", center=True)
            _cell_text(cells[4], f"{s.x}，{s.y}", center=True)
        document.add_paragraph()


def _quantities(document, doc: HandbookDoc) -> None:
    heading(document, "标准数量表", 1)
    _para(document, "各类岗位（部位）办公物品的标准存放数量（参照 GB/T 36112-2018 附录 B）。", indent=True)
    count = sum(len(g.rows) for g in doc.quantities)
    table, grid = _table(document, count + 1, [26, 12, 52, 18, 14, TEXT_W_MM - 122])
    _header_row(table, grid, ["岗位类型", "序号", "物品", "标准数量", "单位", "备注"])
    r = 1
    for group in doc.quantities:
        first = r
        for n, q in enumerate(group.rows, start=1):
            cells = grid[r]
            _cell_text(cells[1], str(n), center=True)
            _cell_text(cells[2], q.item)
            _cell_text(cells[3], str(q.quantity), center=True)
            _cell_text(cells[4], q.unit, center=True)
            _cell_text(cells[5], q.note, style="HKSmall")
            r += 1
        merged = grid[first][0].merge(grid[r - 1][0]) if r - 1 > first else grid[first][0]
        _cell_text(merged, group.position_kind, center=True)


def _coverage(document, doc: HandbookDoc) -> None:
    heading(document, "GB/T 36112-2018 条款覆盖表", 1)
    leaves = [c for c in doc.coverage if c.is_leaf]
    gaps = doc.gaps
    summary = f"应覆盖条款 {len(leaves)} 项，已覆盖 {len(leaves) - len(gaps)} 项"
    summary += f"，缺口 {len(gaps)} 项：{'、'.join(g.label for g in gaps)}。" if gaps else "，无缺口。"
    _para(document, summary, indent=True)
    table, grid = _table(document, len(doc.coverage) + 1, [16, 46, TEXT_W_MM - 90, 28])
    _header_row(table, grid, ["条款", "条款名称", "对应细则", "状态"])
    for cells, c in zip(grid[1:], doc.coverage, strict=True):
        _cell_text(cells[0], c.code, center=True)
        _cell_text(cells[1], c.label.removeprefix(f"{c.code} "))
        _cell_text(cells[2], "、".join(c.rule_codes) or "—", style="HKSmall")
        _cell_text(cells[3], c.status, center=True, colour=RED if c.is_gap else (None if c.is_leaf else GREY))
        if c.is_gap:
            shade(cells[3], GAP_FILL)
        elif not c.is_leaf:
            for cell in cells:
                shade(cell, "F8F9FA")


def handbook_docx(version) -> bytes:
    """The handbook version as .docx bytes."""
    return render_docx(collect(version))


def render_docx(doc: HandbookDoc) -> bytes:
    document = Document()
    _styles(document)
    _page_setup(document, doc)
    _cover(document, doc)
    _contents(document, doc)
    _preface(document, doc)
    figure = [0]
    for part in doc.parts:
        heading(document, part.heading, 1)
        if part.intro:
            _para(document, part.intro, indent=True)
        for section in part.sections:
            heading(document, section.heading, 2)
            for rule in section.rules:
                _rule(document, rule, figure)
    _layouts(document, doc)
    _quantities(document, doc)
    _coverage(document, doc)
    out = BytesIO()
    document.save(out)
    return out.getvalue()
