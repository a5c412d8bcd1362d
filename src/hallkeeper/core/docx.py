"""Word (python-docx) helpers shared by every document the project writes: fonts with their East Asian
face and their fallbacks in the font table, styles by id, runs, ruled tables, cell text and shading, and
table rows.

Elements are inserted where the WordprocessingML schema puts them (Word refuses some files otherwise)."""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

SONG, HEI, KAI = "宋体", "黑体", "楷体"
LATIN = "Times New Roman"

#: The elements that follow each inserted one in its parent (schema order).
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
_AFTER_CANTSPLIT = ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden")
_AFTER_TBLCELLMAR = ("w:tblLook", "w:tblCaption", "w:tblDescription")


def set_fonts(
    target,
    *,
    east_asia: str = SONG,
    latin: str = LATIN,
    size: float | None = None,
    bold: bool | None = None,
    colour: RGBColor | None = None,
) -> None:
    """Fonts of a style or a run, with the East Asian font set too (python-docx sets only ``w:ascii``)."""
    font = target.font
    font.name = latin
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if colour is not None:
        font.color.rgb = colour
    rpr = target.element.get_or_add_rPr()
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hAnsi"), latin)
    color = rpr.find(qn("w:color"))
    if color is not None and colour is not None:
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            color.attrib.pop(qn(attr), None)


def use_style(paragraph, style_id: str):
    """Give a paragraph a style by its id (python-docx's ``style=`` looks the name up among all styles each time)."""
    paragraph._p.get_or_add_pPr().get_or_add_pStyle().val = style_id
    return paragraph


def add_run(paragraph, text: str, colour: RGBColor | None = None):
    run = paragraph.add_run(text)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.insert_element_before(shd, *_AFTER_SHD)


def repeat_header(row) -> None:
    """The row repeats at the top of every page the table runs onto."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.insert_element_before(header, *_AFTER_TBLHEADER)


def keep_row_together(row) -> None:
    """The row never splits across pages."""
    trpr = row._tr.get_or_add_trPr()
    trpr.insert_element_before(OxmlElement("w:cantSplit"), *_AFTER_CANTSPLIT)


def grid_table(document, rows: int, widths_mm, *, pad_v: int = 30, pad_h: int = 100) -> tuple:
    """A ruled table (style "Table Grid") centred on the page, with columns of ``widths_mm`` and cell margins
    of ``pad_v`` (top, bottom) and ``pad_h`` (left, right) twips; returns the table and its rows of cells."""
    table = document.add_table(rows=rows, cols=len(widths_mm))
    table._tbl.tblPr.get_or_add_tblStyle().val = "TableGrid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for gridcol, width in zip(table._tbl.tblGrid.gridCol_lst, widths_mm, strict=True):
        gridcol.w = Mm(width)  # LibreOffice and WPS size columns by the grid, Word by the cells
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", pad_v), ("left", pad_h), ("bottom", pad_v), ("right", pad_h)):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(twips))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.insert_element_before(margins, *_AFTER_TBLCELLMAR)
    cells = table._cells
    n = len(widths_mm)
    grid = [cells[i : i + n] for i in range(0, len(cells), n)]
    for row in grid:
        for cell, width in zip(row, widths_mm, strict=True):
            cell.width = Mm(width)
    return table, grid


def cell_lines(cell, text: str, style_id: str, colour: RGBColor | None = None):
    """``text`` in the cell's first paragraph, one line break per newline, the cell centred vertically."""
    paragraph = use_style(cell.paragraphs[0], style_id)
    lines = (text or "").split("\n")
    for i, line in enumerate(lines):
        run = add_run(paragraph, line, colour)
        if i < len(lines) - 1:
            run.add_break()
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    return paragraph


def declare_fonts(document, fallbacks: dict[str, str]) -> None:
    """Declare fonts in the document's font table, each with an alternative name (``w:altName``), so that a
    computer without, say, 仿宋_GB2312 shows 仿宋 instead of an arbitrary face."""
    from docx.oxml import parse_xml
    from lxml import etree

    part = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = parse_xml(part.blob)
    for name, alternative in fallbacks.items():
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alternative), ("w:charset", "86"), ("w:family", "modern")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), value)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
