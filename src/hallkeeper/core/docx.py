"""Word (python-docx) helpers shared by every document the project writes: fonts with their East Asian
face, styles by id, runs, cell shading and table rows."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

SONG, HEI, KAI = "宋体", "黑体", "楷体"
LATIN = "Times New Roman"


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
    tcpr.append(shd)


def repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def keep_row_together(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
