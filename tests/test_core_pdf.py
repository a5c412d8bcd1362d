"""The shared PDF pieces (core/pdf.py) the handbook, the inspection record and the notices are built from."""

from __future__ import annotations

from io import BytesIO

from PIL import Image as PILImage
from reportlab.lib.fonts import tt2ps
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from hallkeeper.core.fonts import cjk_font_name
from hallkeeper.core.pdf import GRID, body_style, grid_style, scaled_image
from hallkeeper.core.pdf_markup import esc


def test_body_style_is_cjk_and_its_font_stands_for_bold_and_italic():
    font = cjk_font_name()
    style = body_style(font, size=12, leading=20, spaceAfter=4)
    assert (style.fontName, style.fontSize, style.leading, style.wordWrap, style.spaceAfter) == (
        font,
        12,
        20,
        "CJK",
        4,
    )
    assert tt2ps(font, 1, 1) == tt2ps(font, 0, 0) == font  # <b><i> never looks for a missing face
    out = BytesIO()
    SimpleDocTemplate(out).build([Paragraph("<b>" + esc("整改通知书 <script>") + "</b>", style)])
    assert out.getvalue().startswith(b"%PDF")


def test_grid_style_rules_the_table_and_appends_extra_commands():
    plain = grid_style()._cmds
    assert plain[0] == ("GRID", (0, 0), (-1, -1), 0.6, GRID)
    assert ("TOPPADDING", (0, 0), (-1, -1), 3) in plain
    assert not any(c[0] == "LEFTPADDING" for c in plain)
    padded = grid_style([("BACKGROUND", (0, 0), (0, -1), GRID)], side_padding=3, colour="#adb5bd", width=0.4)._cmds
    assert padded[0] == ("GRID", (0, 0), (-1, -1), 0.4, "#adb5bd")
    assert ("LEFTPADDING", (0, 0), (-1, -1), 3) in padded and ("RIGHTPADDING", (0, 0), (-1, -1), 3) in padded
    assert padded[-1][0] == "BACKGROUND"
    Table([["a", "b"]], style=grid_style())  # a valid reportlab style


def test_scaled_image_fits_the_box_keeping_proportions():
    buf = BytesIO()
    PILImage.new("RGB", (400, 200), "green").save(buf, "PNG")
    wide = scaled_image(BytesIO(buf.getvalue()), 400, 200, max_w=100, max_h=100)
    assert (wide.drawWidth, wide.drawHeight) == (100, 50)
    tall = scaled_image(BytesIO(buf.getvalue()), 200, 400, max_w=100, max_h=100, hAlign="CENTER")
    assert (tall.drawWidth, tall.drawHeight, tall.hAlign) == (50, 100, "CENTER")
