"""A handbook version read once into plain data that the PDF, Word and Excel writers share.

The documents are Chinese official documents whatever the reader's interface language: labels of
choices are taken in Simplified Chinese, and the fixed headings of the documents are Chinese.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from io import BytesIO

from django.core.cache import cache
from django.utils import timezone, translation

from hallkeeper.places.choices import AreaKind, PositionKind

from ..choices import CheckMethod, ImageKind, Severity, VersionStatus
from ..clauses import CLAUSES, clause_label
from ..layouts import SlotBox, boxes
from ..reading import serves_clause
from ..selectors import structure_of

logger = logging.getLogger(__name__)

DOCUMENT_LANGUAGE = "zh-hans"
#: Chinese labels used when the catalogue has no translation yet (GLOSSARY.md).
FALLBACK_LABELS = {
    CheckMethod.LOOK: "看现场",
    CheckMethod.PHOTO: "拍照比对",
    CheckMethod.COUNT: "清点",
    CheckMethod.SPOT: "抽查",
    CheckMethod.LEDGER: "查台账",
    CheckMethod.SYSTEM: "查系统",
    CheckMethod.AFTER_HOURS: "下班巡查",
    CheckMethod.CCTV: "监控",
    CheckMethod.MYSTERY: "暗访",
    Severity.MINOR: "一般",
    Severity.MAJOR: "较重",
    Severity.VETO: "否决项",
}
STATUS_LABELS = {VersionStatus.DRAFT: "草稿", VersionStatus.PUBLISHED: "现行", VersionStatus.SUPERSEDED: "已废止"}
CHINESE_NUMERALS = "〇一二三四五六七八九十"
#: Longest side of a picture put in a document, in pixels (250 dpi at the 8 cm it is printed at most).
MAX_PICTURE_PX = 800
PICTURE_CACHE_SECONDS = 7 * 24 * 3600


def zh_label(choices, value: str) -> str:
    """The Chinese label of a choice value; the value itself when it is not a valid choice."""
    if value not in choices.values:
        return value
    with translation.override(DOCUMENT_LANGUAGE):
        label = str(choices(value).label)
    if label.isascii() and value in FALLBACK_LABELS:
        return FALLBACK_LABELS[value]
    return label


def number(value: Decimal | None) -> str:
    """0.5 → "0.5", 2.0 → "2" (deductions are shown without a trailing zero)."""
    return "" if value is None else format(value.normalize(), "f")


@dataclass
class PictureDoc:
    kind: str  # ImageKind
    caption: str
    data: bytes  # JPEG or PNG, at most MAX_PICTURE_PX on its longest side
    width: int  # pixels
    height: int
    path: str | None = None  # a temporary copy on disk, while the PDF is built

    @property
    def extension(self) -> str:
        return ".png" if self.data[:8] == b"\x89PNG\r\n\x1a\n" else ".jpg"


@dataclass
class RuleDoc:
    code: str
    title: str
    requirement: str
    check_method: str
    deduction: Decimal | None
    cap: Decimal | None
    severity: str
    severity_label: str
    areas: str
    positions: str
    clauses: list[str]
    example: str
    counter_example: str
    references: list[PictureDoc] = field(default_factory=list)
    counters: list[PictureDoc] = field(default_factory=list)

    @property
    def deduction_text(self) -> str:
        if self.deduction is None:
            return "不扣分"
        text = f"每处（次）扣 {number(self.deduction)} 分"
        text += f"，单次检查最多扣 {number(self.cap)} 分" if self.cap is not None else "，不设上限"
        return text

    @property
    def is_veto(self) -> bool:
        return self.severity == Severity.VETO

    @property
    def has_examples(self) -> bool:
        return bool(self.example or self.counter_example or self.references or self.counters)


@dataclass
class SectionDoc:
    code: str
    title: str
    rules: list[RuleDoc]

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class PartDoc:
    code: str
    title: str
    intro: str
    sections: list[SectionDoc]

    @property
    def heading(self) -> str:
        if self.code.isdigit() and 0 < int(self.code) < len(CHINESE_NUMERALS):
            return f"第{CHINESE_NUMERALS[int(self.code)]}部分　{self.title}"
        return f"{self.code} {self.title}".strip()


@dataclass
class LayoutDoc:
    name: str
    position_kind: str
    width: int
    depth: int
    note: str
    slots: list[SlotBox]


@dataclass
class QuantityRow:
    item: str
    quantity: int
    unit: str
    note: str


@dataclass
class QuantityGroup:
    position_kind: str
    rows: list[QuantityRow]


@dataclass
class CoverageRow:
    code: str
    label: str
    is_leaf: bool
    is_child: bool
    rule_codes: list[str]  # rules naming this very clause
    serving: int  # rules serving it, through its sub-clauses too (``reading.serves_clause``)

    @property
    def is_gap(self) -> bool:
        """A leaf clause that no rule serves (a parent is served through its sub-clauses)."""
        return self.is_leaf and not self.serving

    @property
    def status(self) -> str:
        if self.is_gap:
            return "未覆盖"
        return f"已覆盖（{self.serving}）" if self.is_leaf else f"含下级 {self.serving} 条"


@dataclass
class HandbookDoc:
    hall_name: str
    organization: str
    title: str
    label: str  # "V2"
    status: str
    status_label: str
    published_on: date | None
    preface: str
    revision_note: str
    parts: list[PartDoc]
    layouts: list[LayoutDoc]
    quantities: list[QuantityGroup]
    coverage: list[CoverageRow]

    @property
    def rules(self) -> list[RuleDoc]:
        return [r for p in self.parts for s in p.sections for r in s.rules]

    @property
    def sections(self) -> list[SectionDoc]:
        return [s for p in self.parts for s in p.sections]

    @property
    def published_text(self) -> str:
        if self.published_on is None:
            return "未发布（草稿）"
        d = self.published_on
        return f"{d.year}年{d.month}月{d.day}日发布"

    @property
    def gaps(self) -> list[CoverageRow]:
        return [c for c in self.coverage if c.is_gap]


def _kinds(choices, values: list[str], everything: str) -> str:
    known = [v for v in values if v in choices.values]
    if known and set(known) >= set(choices.values) - {"other"}:
        return everything
    return "、".join(zh_label(choices, v) for v in known) or "—"


def _picture(image) -> PictureDoc | None:
    """A rule picture, scaled down to MAX_PICTURE_PX; None (logged) when the file cannot be read.

    The scaled copy is cached by file name: a stored picture file is never changed in place.
    """
    key = "hallkeeper:handbook-picture:" + hashlib.sha1(f"{image.image.name}:{MAX_PICTURE_PX}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _scaled(image)
        if cached is None:
            return None
        cache.set(key, cached, PICTURE_CACHE_SECONDS)
    data, width, height = cached
    return PictureDoc(image.kind, image.caption, data, width, height)


def _scaled(image) -> tuple[bytes, int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with image.image.open("rb") as f:
            raw = f.read()
        with Image.open(BytesIO(raw)) as im:
            if im.format in {"JPEG", "PNG"} and max(im.size) <= MAX_PICTURE_PX:
                return raw, *im.size
            if im.format == "JPEG":
                # Decode at a reduced scale (1/2, 1/4…) no smaller than the target: several times faster.
                ratio = MAX_PICTURE_PX / max(im.size)
                im.draft("RGB", (max(1, int(im.size[0] * ratio)), max(1, int(im.size[1] * ratio))))
            im.thumbnail((MAX_PICTURE_PX, MAX_PICTURE_PX))
            if im.mode in {"RGBA", "LA", "P", "PA"}:
                im = im.convert("RGBA")
                flat = Image.new("RGB", im.size, "white")
                flat.paste(im, mask=im.getchannel("A"))
                im = flat
            elif im.mode != "RGB":
                im = im.convert("RGB")
            out = BytesIO()
            im.save(out, "JPEG", quality=85)
            return out.getvalue(), *im.size
    except (OSError, ValueError, UnidentifiedImageError) as exc:
        logger.warning("Handbook picture %s left out of the document: %s", image.image.name, exc)
        return None


def _rule(rule, pictures: bool = True) -> RuleDoc:
    doc = RuleDoc(
        code=rule.code,
        title=rule.title,
        requirement=rule.requirement,
        check_method=zh_label(CheckMethod, rule.check_method) if rule.check_method else "—",
        deduction=rule.deduction,
        cap=rule.cap,
        severity=rule.severity,
        severity_label=zh_label(Severity, rule.severity),
        areas=_kinds(AreaKind, rule.area_kinds, "全部区域"),
        positions=_kinds(PositionKind, rule.position_kinds, "全部岗位") if rule.position_kinds else "不限",
        clauses=[clause_label(c) for c in rule.clauses],
        example=rule.example,
        counter_example=rule.counter_example,
    )
    for image in rule.images.all() if pictures else ():
        picture = _picture(image)
        if picture is None:
            continue
        (doc.counters if image.kind == ImageKind.COUNTER else doc.references).append(picture)
    return doc


def coverage_of(rules: list) -> list[CoverageRow]:
    """Every clause of GB/T 36112 with the rules serving it; a leaf clause no rule serves is a gap."""
    return [
        CoverageRow(
            c.code,
            c.label,
            c.is_leaf,
            c.parent is not None,
            [r.code for r in rules if c.code in r.clauses],
            sum(1 for r in rules if serves_clause(r, c.code)),
        )
        for c in CLAUSES
    ]


def _kind_order(kind: str) -> int:
    return PositionKind.values.index(kind) if kind in PositionKind.values else len(PositionKind.values)


def collect(version, *, pictures: bool = True) -> HandbookDoc:
    """Read a version (parts, sections, rules with pictures, layouts, quantities) in a handful of queries."""
    hall = version.handbook.hall
    parts = structure_of(version)
    rules = [r for p in parts for s in p.shown_sections for r in s.shown_rules]
    published = timezone.localdate(version.published_at) if version.published_at else None
    quantities: dict[str, list[QuantityRow]] = {}
    for q in version.quantities.all():
        quantities.setdefault(q.position_kind, []).append(QuantityRow(q.item, q.quantity, q.unit, q.note))
    return HandbookDoc(
        hall_name=hall.name,
        organization=hall.organization,
        title=version.title,
        label=version.label,
        status=version.status,
        status_label=STATUS_LABELS.get(version.status, version.status),
        published_on=published,
        preface=version.preface,
        revision_note=version.revision_note,
        parts=[
            PartDoc(
                p.code,
                p.title,
                p.intro,
                [SectionDoc(s.code, s.title, [_rule(r, pictures) for r in s.shown_rules]) for s in p.shown_sections],
            )
            for p in parts
        ],
        layouts=[
            LayoutDoc(
                layout.name,
                zh_label(PositionKind, layout.position_kind),
                layout.width,
                layout.depth,
                layout.note,
                boxes(layout.slots.all()),
            )
            for layout in version.layouts.prefetch_related("slots")
        ],
        quantities=[
            QuantityGroup(zh_label(PositionKind, kind), rows)
            for kind, rows in sorted(quantities.items(), key=lambda kv: _kind_order(kv[0]))
        ],
        coverage=coverage_of(rules),
    )
