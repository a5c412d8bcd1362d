"""Reads of the handbook, starting from ``visible_to``."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from .choices import VersionStatus
from .models import HandbookVersion, Part, Rule, Section
from .services import can_edit_handbook


def versions_for(user, hall) -> QuerySet[HandbookVersion]:
    """Versions the user may open: editors also see drafts."""
    qs = HandbookVersion.objects.visible_to(user, "view").filter(handbook__hall=hall).select_related("handbook__hall")
    if not can_edit_handbook(user, hall):
        qs = qs.exclude(status=VersionStatus.DRAFT)
    return qs


def current_version(user, hall) -> HandbookVersion | None:
    return versions_for(user, hall).filter(status=VersionStatus.PUBLISHED).first()


def version_or_404(user, hall, number: int) -> HandbookVersion:
    version = versions_for(user, hall).filter(number=number).first()
    if version is None:
        raise Http404
    return version


def rules_of(version: HandbookVersion) -> QuerySet[Rule]:
    return version.rules.select_related("section__part", "version__handbook__hall").prefetch_related("images")


def structure_of(version: HandbookVersion, rules: list[Rule] | None = None) -> list[Part]:
    """Parts → sections → rules of a version in three queries; ``rules`` limits the rules shown."""
    if rules is None:
        rules = list(rules_of(version))
    by_section: dict[int, list[Rule]] = {}
    for rule in rules:
        by_section.setdefault(rule.section_id, []).append(rule)
    parts = list(version.parts.prefetch_related(Prefetch("sections", queryset=Section.objects.order_by("order"))))
    for part in parts:
        part.shown_sections = []
        for section in part.sections.all():
            section.shown_rules = by_section.get(section.pk, [])
            if section.shown_rules:
                part.shown_sections.append(section)
    return [p for p in parts if p.shown_sections]


def rule_applies(rule: Rule, *, area_kinds: set[str], position_kinds: set[str]) -> bool:
    """Whether a rule applies to a place of these area kinds and position kinds (a rule naming neither applies
    to no place in particular)."""
    area_ok = not rule.area_kinds or bool(area_kinds & set(rule.area_kinds))
    position_ok = not rule.position_kinds or bool(position_kinds & set(rule.position_kinds))
    return area_ok and position_ok and bool(rule.area_kinds or rule.position_kinds)


def rules_for_place(version: HandbookVersion, *, area_kinds: set[str], position_kinds: set[str]) -> list[Rule]:
    """Rules that apply to a place: its area kinds or the kinds of positions it holds."""
    return [r for r in rules_of(version) if rule_applies(r, area_kinds=area_kinds, position_kinds=position_kinds)]


def window_kinds(window) -> tuple[set[str], set[str]]:
    """A window's area kinds (its area and the area that is part of) and the kinds of the positions it holds."""
    area_kinds: set[str] = set()
    if window.area_id:
        area_kinds.add(window.area.kind)
        if window.area.parent_id:
            area_kinds.add(window.area.parent.kind)
    return area_kinds, set(window.positions.values_list("kind", flat=True))


def rules_for_window(user, window) -> tuple[HandbookVersion | None, list[Rule]]:
    """The current handbook's rules that apply at a window: its area (and the area it is part of)
    and the kinds of the positions it holds."""
    version = current_version(user, window.hall)
    if version is None:
        return None, []
    area_kinds, position_kinds = window_kinds(window)
    return version, rules_for_place(version, area_kinds=area_kinds, position_kinds=position_kinds)
