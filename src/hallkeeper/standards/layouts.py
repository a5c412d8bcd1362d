"""Layout standards (定置图) drawn from data: slot checks and the SVG diagram.

Coordinates are millimetres from the surface's top-left corner (the edge facing the person
working at it is the bottom edge). The SVG declares its size in millimetres, so printing it at
100 % gives the real size to stick on the desk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.html import escape  # &, <, >, " and ': the text goes into elements and attributes
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SlotBox:
    item: str
    x: int
    y: int
    width: int
    depth: int
    quantity: int = 1
    colour: str = "#e9ecef"

    def overlaps(self, other: SlotBox) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.depth
            and other.y < self.y + self.depth
        )


def slot_problems(width: int, depth: int, slots: Sequence[SlotBox]) -> list[str]:
    """Slots outside the surface or overlapping another, as messages naming the items."""
    problems = []
    for s in slots:
        if s.width <= 0 or s.depth <= 0:
            problems.append(_("“%(item)s” has no size.") % {"item": s.item})
        elif s.x < 0 or s.y < 0 or s.x + s.width > width or s.y + s.depth > depth:
            problems.append(
                _("“%(item)s” lies outside the %(width)s × %(depth)s mm surface.")
                % {"item": s.item, "width": width, "depth": depth}
            )
    for i, a in enumerate(slots):
        for b in slots[i + 1 :]:
            if a.overlaps(b):
                problems.append(_("“%(a)s” overlaps “%(b)s”.") % {"a": a.item, "b": b.item})
    return problems


def boxes(slots: Iterable) -> list[SlotBox]:
    return [SlotBox(s.item, s.x, s.y, s.width, s.depth, s.quantity, s.colour) for s in slots]


FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def label_font(width: int, depth: int) -> int:
    """Text size (mm) that stays legible on screen and on paper for a surface of this size."""
    return max(10, min(width, depth) // 18)


def layout_svg(name: str, width: int, depth: int, slots: Sequence[SlotBox], *, legend: bool = True) -> str:
    """The diagram as an SVG document, sized in millimetres, with numbered slots and a legend."""
    margin = 10
    font = label_font(width, depth)
    row = round(font * 1.5)  # height of one legend row
    header = font + 12  # room for the title above the surface
    legend_height = (len(slots) * row + font) if legend else 0
    total_w, total_h = width + 2 * margin, depth + 2 * margin + header + font * 2 + legend_height
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{total_w}mm" height="{total_h}mm" '
        f'viewBox="0 0 {total_w} {total_h}" font-family="{FONT}" role="img" aria-label="{escape(name)}">',
        f'<text x="{margin}" y="{margin + font + 2}" font-size="{font + 2}" font-weight="bold">{escape(name)}</text>',
        f'<rect x="{margin}" y="{margin + header}" width="{width}" height="{depth}" fill="#ffffff" '
        f'stroke="#212529" stroke-width="2"/>',
    ]
    oy = margin + header
    for n, s in enumerate(slots, start=1):
        x, y = margin + s.x, oy + s.y
        out.append(
            f'<rect x="{x}" y="{y}" width="{s.width}" height="{s.depth}" fill="{escape(s.colour)}" '
            f'stroke="#495057" stroke-width="1.2" stroke-dasharray="6 3"/>'
        )
        # The item's name where it fits, otherwise its number (the legend names it).
        label = f"{n} {s.item}" if s.width >= font * (len(s.item) + 2) and s.depth >= font * 1.4 else f"{n}"
        size = font if s.depth >= font * 1.4 else max(6, s.depth * 0.7)
        out.append(
            f'<text x="{x + s.width / 2:.1f}" y="{y + s.depth / 2 + size / 3:.1f}" font-size="{size:.0f}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    working_side = escape(_("Working side"))  # the edge facing the person who uses the surface
    out.append(
        f'<text x="{margin + width / 2:.1f}" y="{oy + depth + font + 4:.1f}" font-size="{font * 0.8:.1f}" '
        f'text-anchor="middle" fill="#6c757d">{working_side} · {width} × {depth} mm</text>'
    )
    if legend:
        ly = oy + depth + font * 2
        for n, s in enumerate(slots, start=1):
            row_y = ly + (n - 1) * row
            out.append(
                f'<rect x="{margin}" y="{row_y}" width="{font}" height="{font}" fill="{escape(s.colour)}" '
                f'stroke="#495057"/>'
            )
            text = f"{n}. {s.item} × {s.quantity}"
            out.append(
                f'<text x="{margin + font * 1.5:.0f}" y="{row_y + font * 0.85:.1f}" font-size="{font}">'
                f"{escape(text)}</text>"
            )
    out.append("</svg>")
    return "".join(out)
