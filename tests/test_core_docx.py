"""The shared Word pieces (core/docx.py): ruled tables, cell text, shading and row flags in schema order."""

from __future__ import annotations

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import RGBColor

from hallkeeper.core.docx import cell_lines, grid_table, keep_row_together, repeat_header, shade


def _names(element) -> list[str]:
    return [child.tag.split("}")[1] for child in element]


def test_grid_table_sizes_columns_and_sets_margins_before_tbllook():
    document = Document()
    table, grid = grid_table(document, 2, [30, 50], pad_v=28, pad_h=57)
    assert len(grid) == 2 and all(len(row) == 2 for row in grid)
    assert [round(c.w.mm) for c in table._tbl.tblGrid.gridCol_lst] == [30, 50]
    assert round(grid[1][1].width.mm) == 50
    tblpr = table._tbl.tblPr
    names = _names(tblpr)
    assert names.index("tblCellMar") < names.index("tblLook")
    margins = {_names([m])[0]: m.get(qn("w:w")) for m in tblpr.find(qn("w:tblCellMar"))}
    assert margins == {"top": "28", "left": "57", "bottom": "28", "right": "57"}


def test_cell_lines_breaks_lines_and_colours_them():
    document = Document()
    _table, grid = grid_table(document, 1, [40])
    cell = grid[0][0]
    paragraph = cell_lines(cell, "第一行\n第二行", "Normal", RGBColor(0xC0, 0, 0))
    assert [r.text for r in paragraph.runs] == ["第一行\n", "第二行"]  # python-docx shows a break as \n
    assert all(r.font.color.rgb == RGBColor(0xC0, 0, 0) for r in paragraph.runs)
    assert cell.vertical_alignment == WD_CELL_VERTICAL_ALIGNMENT.CENTER
    assert cell_lines(grid_table(document, 1, [40])[1][0][0], "", "Normal").text == ""


def test_shading_and_row_flags_keep_schema_order():
    document = Document()
    table, grid = grid_table(document, 1, [40])
    cell = grid[0][0]
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER  # w:vAlign comes after w:shd
    shade(cell, "F1F3F5")
    names = _names(cell._tc.tcPr)
    assert names.index("shd") < names.index("vAlign")
    row = table.rows[0]
    repeat_header(row)
    keep_row_together(row)  # added second, still placed first
    assert _names(row._tr.trPr) == ["cantSplit", "tblHeader"]
