"""The shared pieces of the A4 PDFs (reportlab): the CJK body style, ruled tables, scaled pictures, colours.

The handbook (``standards/documents/pdf.py``), the inspection record (``inspections/documents.py``) and
the rectification notice and report (``rectification/documents/pdf.py``) build their own pages from these.
Text put into a ``Paragraph`` is escaped with :func:`hallkeeper.core.pdf_markup.esc`; the font comes from
:func:`hallkeeper.core.fonts.cjk_font_name`.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import registerFontFamily
from reportlab.platypus import Image, TableStyle

PAGE_W, PAGE_H = A4
#: The rules of a form's tables, the grey of small print and the background of a label cell.
GRID = colors.HexColor("#495057")
GREY = colors.HexColor("#6c757d")
LABEL_BG = colors.HexColor("#f1f3f5")


def body_style(font: str, *, size: float, leading: float, **extra) -> ParagraphStyle:
    """The document's body style in the CJK ``font`` (Chinese wraps anywhere); the other styles derive from it.

    The font also stands for its bold and italic, so ``<b>`` in a paragraph never looks for a missing face.
    """
    registerFontFamily(font, normal=font, bold=font, italic=font, boldItalic=font)
    return ParagraphStyle("body", fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **extra)


def grid_style(
    extra: list | None = None,
    *,
    colour=GRID,
    width: float = 0.6,
    padding: float = 3,
    side_padding: float | None = None,
) -> TableStyle:
    """A fully ruled table, cells centred vertically, ``padding`` above and below (and ``side_padding`` to
    the left and right when given); ``extra`` commands come after."""
    commands = [
        ("GRID", (0, 0), (-1, -1), width, colour),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
    ]
    if side_padding is not None:
        commands += [
            ("LEFTPADDING", (0, 0), (-1, -1), side_padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), side_padding),
        ]
    return TableStyle([*commands, *(extra or [])])


def scaled_image(source, width: float, height: float, max_w: float, max_h: float, **kwargs) -> Image:
    """A picture of ``width`` × ``height`` scaled to fit ``max_w`` × ``max_h``, keeping its proportions.

    ``source`` is a file name or a stream; ``kwargs`` go to the ``Image`` (``hAlign``…)."""
    width, height = width or 1, height or 1
    scale = min(max_w / width, max_h / height)
    return Image(source, width=width * scale, height=height * scale, **kwargs)
