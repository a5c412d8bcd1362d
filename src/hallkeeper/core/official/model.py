"""The plain description of an official document (公文), independent of Word or PDF.

Build an :class:`OfficialDocument` and hand it to :func:`~hallkeeper.core.official.docx.render_docx` or
:func:`~hallkeeper.core.official.pdf.render_pdf`. Every text is plain text (never markup): the renderers
escape it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .numbers import date_cn

#: Characters no document may hold (XML refuses them): C0 controls other than tab, line feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def printable(text: object) -> str:
    """``text`` as a string without control characters (a value from an import or an old record may hold one)."""
    return _CONTROL.sub("", str(text if text is not None else ""))


#: The levels of a structured heading (结构层次序数): 一、 （一） 1. （1）.
HEADING_LEVELS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph: 3号仿宋, the first line indented two characters.

    ``lead`` is an optional run-in heading written before the text on the same line (for example a level-3
    ``1.工作目标。`` in bold 仿宋 followed by ordinary text)."""

    text: str
    lead: str = ""


@dataclass(frozen=True)
class Heading:
    """A structured heading (``level`` 1 to 4) with its number written in the text: ``一、总体要求``,
    ``（一）工作目标``, ``1.检查范围``, ``（1）窗口``. Level 1 is set in 黑体, 2 in 楷体, 3 in bold 仿宋,
    4 in 仿宋; each on its own line, indented two characters like the body."""

    text: str
    level: int = 1

    def __post_init__(self) -> None:
        if self.level not in HEADING_LEVELS:
            raise ValueError(f"heading level must be 1 to 4, not {self.level!r}")


@dataclass(frozen=True)
class Table:
    """A ruled table: a header row, the rows, optional column widths in mm (summing to at most 156) and an
    optional caption set above it (表题, centred, 黑体)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths_mm: tuple[float, ...] | None = None
    caption: str = ""

    def __post_init__(self) -> None:
        width = len(self.header)
        if width == 0 or any(len(row) != width for row in self.rows):
            raise ValueError("every table row needs as many cells as the header")
        if self.widths_mm is not None and (len(self.widths_mm) != width or sum(self.widths_mm) > 156.5):
            raise ValueError("the column widths must match the header and fit 156 mm")

    def widths(self) -> tuple[float, ...]:
        if self.widths_mm is not None:
            return self.widths_mm
        return tuple(156 / len(self.header) for _ in self.header)


@dataclass(frozen=True)
class Picture:
    """A picture (JPEG or PNG bytes of ``width`` × ``height`` pixels) centred, scaled to fit ``max_width_mm``
    by ``max_height_mm``, with an optional caption beneath it."""

    data: bytes
    width: int
    height: int
    caption: str = ""
    max_width_mm: float = 156
    max_height_mm: float = 110

    def size_mm(self) -> tuple[float, float]:
        width, height = max(self.width, 1), max(self.height, 1)
        scale = min(min(self.max_width_mm, 156) / width, min(self.max_height_mm, 225) / height)
        return width * scale, height * scale


@dataclass(frozen=True)
class PageBreak:
    """The next block starts on a new page."""


Block = Paragraph | Heading | Table | Picture | PageBreak


@dataclass(frozen=True)
class Annex:
    """An 附件 set after the 落款 on pages of its own: the label 附件 (附件1, 附件2 … when there are several) in
    3号黑体 at the top left, its ``title`` centred in 2号小标宋, then its ``blocks``. Name it in the document's
    ``attachments`` too (the 附件说明 under the body)."""

    title: str
    blocks: tuple[Block, ...] = ()


@dataclass(frozen=True)
class OfficialDocument:
    """A 公文 laid out by GB/T 9704-2012.

    版头 (header): ``issuer_mark`` is the 发文机关标志 (the authority's name, optionally followed by 文件),
    in red above the red separator line; ``number`` the 发文字号 (:func:`~.numbers.doc_number`);
    ``signer`` the 签发人 of a report to a higher authority (the number then moves to the left).

    主体 (body): ``title`` (标题), ``addressee`` (主送机关, without the colon), ``blocks``, ``attachments``
    (the names of the 附件, listed as 附件：1. …), ``signature`` (落款, the issuing authority) and
    ``date`` (成文日期). ``note`` is an optional 附注 in parentheses under the date.

    版记 (imprint): ``copy_to`` (抄送机关), ``printer`` (印发机关) and ``printed`` (印发日期).
    """

    issuer_mark: str
    title: str
    date: date
    number: str = ""
    signer: str = ""
    addressee: str = ""
    blocks: tuple[Block, ...] = ()
    attachments: tuple[str, ...] = ()
    signature: str = ""
    note: str = ""
    copy_to: str = ""
    printer: str = ""
    printed: date | None = None
    #: The author in the file's properties (never printed); the issuer mark when empty.
    author: str = ""
    #: The 附件 printed after the 落款, each from a new page (the 版记 follows the last).
    annexes: tuple[Annex, ...] = ()

    @property
    def date_text(self) -> str:
        return date_cn(self.date)

    @property
    def printed_text(self) -> str:
        return f"{date_cn(self.printed)}印发" if self.printed else ""

    @property
    def has_imprint(self) -> bool:
        return bool(self.copy_to or self.printer or self.printed)

    def annex_label(self, index: int) -> str:
        """``附件`` for a single annex, ``附件1``, ``附件2`` … for several."""
        return "附件" if len(self.annexes) == 1 else f"附件{index + 1}"

    def attachment_lines(self) -> list[str]:
        """``附件：1. 名称`` and the following names beneath it (one attachment: ``附件：名称``)."""
        if not self.attachments:
            return []
        if len(self.attachments) == 1:
            return [f"附件：{self.attachments[0]}"]
        return [("附件：" if i == 0 else "") + f"{i + 1}. {name}" for i, name in enumerate(self.attachments)]
