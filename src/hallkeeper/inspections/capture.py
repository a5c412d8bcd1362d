"""Reads for the capture page: the checklist grouped by part and section, the provisional score,
the target's windows and positions, and the counted-vs-standard quantity rows.

Every function runs a fixed number of queries whatever the size of the checklist.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from hallkeeper.places.models import Position, Window
from hallkeeper.standards.choices import SEVERITY_COLOURS, ImageKind
from hallkeeper.standards.models import Part, QuantityStandard, RuleImage, Section
from hallkeeper.standards.reading import layouts_of

from . import scoring
from .choices import GRADE_COLOURS, RESULT_COLOURS, Grade, ItemResult
from .models import CheckItem, Inspection, ItemPhoto, QuantityCount
from .services import policy_for

# -- the checklist --------------------------------------------------------------


@dataclass
class SectionGroup:
    section: Section
    items: list[CheckItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for i in self.items if i.result)

    @property
    def total(self) -> int:
        return len(self.items)


@dataclass
class PartGroup:
    part: Part
    sections: list[SectionGroup] = field(default_factory=list)

    @property
    def items(self) -> list[CheckItem]:
        return [i for s in self.sections for i in s.items]

    @property
    def answered(self) -> int:
        return sum(s.answered for s in self.sections)

    @property
    def total(self) -> int:
        return sum(len(s.items) for s in self.sections)


def item_rows(inspection: Inspection) -> QuerySet[CheckItem]:
    """The inspection's items with their rule (section, part), target place and photos (two queries)."""
    return (
        inspection.items.select_related("rule__section__part", "window", "position")
        .prefetch_related(Prefetch("photos", queryset=ItemPhoto.objects.order_by("created_at", "pk")))
        .order_by("order", "pk")
    )


def decorate_items(inspection: Inspection, items: list[CheckItem]) -> list[CheckItem]:
    """Attach what a card shows beside an item: the rule's pictures by kind, the layout diagrams of its
    position kinds, its photos and colours. Two queries for the pictures, two for the layouts."""
    rule_ids = [i.rule_id for i in items]
    images: dict[int, list[RuleImage]] = {}
    for image in RuleImage.objects.filter(rule_id__in=rule_ids).order_by("kind", "order", "pk"):
        images.setdefault(image.rule_id, []).append(image)
    kinds = {k for i in items for k in (i.rule.position_kinds or [])}
    layouts = layouts_of(inspection.version, position_kinds=kinds) if kinds else []
    for item in items:
        item.inspection = inspection  # photo URLs read the hall through it, without a query each
        rule = item.rule
        rule.severity_colour = SEVERITY_COLOURS.get(rule.severity, "secondary")
        pictures = images.get(rule.pk, [])
        item.reference_images = [p for p in pictures if p.kind == ImageKind.REFERENCE]
        item.counter_images = [p for p in pictures if p.kind == ImageKind.COUNTER]
        wanted = set(rule.position_kinds or [])
        item.layouts = [layout for layout in layouts if layout.position_kind in wanted]
        item.photo_list = list(item.photos.all())
        item.result_colour = RESULT_COLOURS.get(item.result, "")
    return items


def checklist(inspection: Inspection, items: Iterable[CheckItem] | None = None) -> list[PartGroup]:
    """The items grouped part → section in handbook order."""
    if items is None:
        items = decorate_items(inspection, list(item_rows(inspection)))
    parts: dict[int, PartGroup] = {}
    sections: dict[int, SectionGroup] = {}
    ordered = sorted(
        items,
        key=lambda i: (i.rule.section.part.order, i.rule.section.part.code, i.rule.section.order, i.order, i.pk),
    )
    for item in ordered:
        section = item.rule.section
        part_group = parts.get(section.part_id)
        if part_group is None:
            part_group = parts[section.part_id] = PartGroup(part=section.part)
        section_group = sections.get(section.pk)
        if section_group is None:
            section_group = sections[section.pk] = SectionGroup(section=section)
            part_group.sections.append(section_group)
        section_group.items.append(item)
    return list(parts.values())


# -- the provisional score --------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    total: int
    answered: int
    failed: int
    deduction: Decimal
    score: Decimal | None  # None: nothing applicable (not scored)
    grade: str
    veto_failed: bool

    @property
    def unanswered(self) -> int:
        return self.total - self.answered

    @property
    def grade_colour(self) -> str:
        return GRADE_COLOURS.get(self.grade, "secondary")

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else ""

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "answered": self.answered,
            "unanswered": self.unanswered,
            "failed": self.failed,
            "deduction": _fmt(self.deduction),
            "score": _fmt(self.score),
            "grade": self.grade,
            "grade_label": self.grade_label,
            "grade_colour": self.grade_colour,
            "veto_failed": self.veto_failed,
        }


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def progress(inspection: Inspection) -> Progress:
    """Answered so far and the score the checklist would make if every unanswered item passed (one query for
    the items, one for the hall's policy): unanswered items stay on the 100-point sheet, as passes, so the
    provisional score does not swing while the first answers come in. The stored score is computed by
    ``services.inspection_submit`` with the same function once every item is answered."""
    rows = list(
        inspection.items.values_list(
            "result", "occurrences", "rule__deduction", "rule__cap", "rule__severity", "rule__points"
        )
    )
    answers = (ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE)
    answered = sum(1 for r in rows if r[0] in answers)
    result = scoring.compute_score(
        (
            scoring.ItemInput(
                result=r if r in answers else ItemResult.PASS, occurrences=o, deduction=d, cap=c, severity=s, points=p
            )
            for r, o, d, c, s, p in rows
        ),
        kind=inspection.kind,
        bands=policy_for(inspection.hall).bands,
    )
    return Progress(
        total=len(rows),
        answered=answered,
        failed=result.failed,
        deduction=result.deduction_total,
        score=result.score,
        grade=result.grade,
        veto_failed=result.veto_failed,
    )


def item_state(item: CheckItem) -> dict:
    """One item's saved answer, as the page's script reads it."""
    return {
        "id": item.pk,
        "result": item.result,
        "occurrences": item.occurrences,
        "deduction": _fmt(item.deduction),
        "note": item.note,
        "window": item.window_id,
        "position": item.position_id,
    }


def item_states(inspection: Inspection) -> list[dict]:
    """Every item's saved answer (one query), for the script to update the cards in place."""
    fields = ("pk", "result", "occurrences", "deduction", "note", "window_id", "position_id")
    return [
        {
            "id": pk,
            "result": result,
            "occurrences": occurrences,
            "deduction": _fmt(deduction),
            "note": note,
            "window": window,
            "position": position,
        }
        for pk, result, occurrences, deduction, note, window, position in inspection.items.order_by(
            "order", "pk"
        ).values_list(*fields)
    ]


_ANCHOR = re.compile(r"(item-[0-9]{1,12}|section-[0-9]{1,12}|checklist|counts|finish)")


def safe_anchor(value) -> str:
    """A place on the capture page to come back to (``item-12``, ``section-3``, ``finish``…); anything
    else is no anchor, so nothing the user typed reaches the address."""
    text = str(value or "").strip().lstrip("#")
    return text if _ANCHOR.fullmatch(text) else ""


def photo_state(photo: ItemPhoto, hall_code: str, inspection_id: int) -> dict:
    """A stored photo's addresses, as the page's script shows them."""
    kwargs = {"hall": hall_code, "pk": photo.pk}
    return {
        "id": photo.pk,
        "url": reverse("inspection_photo", kwargs=kwargs),
        "thumb": reverse("inspection_photo_thumb", kwargs=kwargs),
        "delete": reverse(
            "inspection_photo_delete", kwargs={"hall": hall_code, "pk": inspection_id, "photo": photo.pk}
        ),
    }


# -- the target: windows, positions and their counted quantities --------------------


def target_windows(inspection: Inspection) -> list[Window]:
    """The windows an inspection looks at: those chosen, or every window of the zone."""
    chosen = list(inspection.windows.order_by("number"))
    return chosen or list(Window.objects.filter(zone_id=inspection.zone_id).order_by("number"))


def target_positions(inspection: Inspection) -> list[Position]:
    """The positions inside the target, as ``checklists.target_of`` reads them: those chosen, or those
    of the chosen windows, or every position of the zone."""
    chosen = list(inspection.positions.select_related("window").order_by("code"))
    if chosen:
        return chosen
    qs = Position.objects.filter(zone_id=inspection.zone_id).select_related("window").order_by("code")
    window_ids = list(inspection.windows.values_list("pk", flat=True))
    if window_ids:
        qs = qs.filter(window_id__in=window_ids)
    return list(qs)


@dataclass
class CountRow:
    position: Position
    standard: QuantityStandard
    counted: int | None

    @property
    def matches(self) -> bool | None:
        return None if self.counted is None else self.counted == self.standard.quantity


@dataclass
class CountGroup:
    position: Position
    rows: list[CountRow]

    @property
    def mismatches(self) -> int:
        return sum(1 for r in self.rows if r.matches is False)


def count_groups(inspection: Inspection, positions: list[Position] | None = None) -> list[CountGroup]:
    """Per position in the target: each standard quantity of its kind beside the counted value (if any)."""
    if positions is None:
        positions = target_positions(inspection)
    kinds = {p.kind for p in positions}
    if not kinds:
        return []
    standards: dict[str, list[QuantityStandard]] = {}
    for standard in QuantityStandard.objects.filter(version_id=inspection.version_id, position_kind__in=kinds).order_by(
        "order", "item"
    ):
        standards.setdefault(standard.position_kind, []).append(standard)
    counted = {
        (position_id, standard_id): value
        for position_id, standard_id, value in QuantityCount.objects.filter(inspection=inspection).values_list(
            "position_id", "standard_id", "counted"
        )
    }
    groups = []
    for position in positions:
        rows = [CountRow(position, s, counted.get((position.pk, s.pk))) for s in standards.get(position.kind, [])]
        if rows:
            groups.append(CountGroup(position, rows))
    return groups
