"""Reads of the handbook reader: filtering rules, clause coverage, history, diffs, layouts, quantities.

Every read starts from :func:`selectors.versions_for` (which starts from ``visible_to``) or from a
version already resolved through it. Rules are filtered in Python: a version holds a few hundred at
most, and the JSON lists (area kinds, position kinds, clauses) cannot be filtered on SQLite. Each
function runs a fixed number of queries, whatever the number of rules.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.http import Http404

from hallkeeper.places.choices import PositionKind

from .choices import SEVERITY_COLOURS, ImageKind, VersionStatus
from .clauses import CLAUSE_CODES, CLAUSES, Clause
from .diff import FieldChange, RuleChange, VersionDiff
from .layouts import boxes, layout_svg, slot_problems
from .models import HandbookVersion, Layout, QuantityStandard, Rule
from .selectors import rules_of, versions_for

# -- rules of a version ---------------------------------------------------------


def decorate_rules(rules: Iterable[Rule]) -> list[Rule]:
    """Attach what templates show beside a rule: the severity colour and its pictures by kind.

    Needs the rules' images prefetched (``selectors.rules_of``) to stay free of queries.
    """
    result = []
    for rule in rules:
        rule.severity_colour = SEVERITY_COLOURS.get(rule.severity, "secondary")
        images = list(rule.images.all())
        rule.reference_images = [i for i in images if i.kind == ImageKind.REFERENCE]
        rule.counter_images = [i for i in images if i.kind == ImageKind.COUNTER]
        rule.all_images = rule.reference_images + rule.counter_images  # what is right comes first
        result.append(rule)
    return result


def version_rules(version: HandbookVersion) -> list[Rule]:
    """Every rule of a version in reading order, with pictures (two queries)."""
    return decorate_rules(rules_of(version))


def rule_or_404(version: HandbookVersion, key: str) -> Rule:
    rule = rules_of(version).filter(key=key).first()
    if rule is None:
        raise Http404
    return decorate_rules([rule])[0]


def serves_clause(rule: Rule, code: str) -> bool:
    """A rule serves the clauses it names and their parents ("8.2" also serves "8")."""
    return any(c == code or c.startswith(code + ".") for c in rule.clauses)


def _search_text(rule: Rule) -> str:
    return "\n".join((rule.code, rule.title, rule.requirement, rule.example, rule.counter_example)).casefold()


def filter_rules(
    rules: Iterable[Rule],
    *,
    q: str = "",
    area_kind: str = "",
    position_kind: str = "",
    clause: str = "",
    severity: str = "",
    check_method: str = "",
) -> list[Rule]:
    """The rules matching every given criterion; an empty criterion matches everything.

    ``q`` is split on white space and every word must appear in the code, title, requirement or
    example texts. Area and position kinds match the kinds a rule names (a rule written for the
    whole hall names every area kind).
    """
    words = [w.casefold() for w in q.split()]
    result = []
    for rule in rules:
        if words:
            text = _search_text(rule)
            if not all(w in text for w in words):
                continue
        if area_kind and area_kind not in rule.area_kinds:
            continue
        if position_kind and position_kind not in rule.position_kinds:
            continue
        if clause and not serves_clause(rule, clause):
            continue
        if severity and rule.severity != severity:
            continue
        if check_method and rule.check_method != check_method:
            continue
        result.append(rule)
    return result


def rule_in_other_versions(user, hall, rule: Rule) -> list[Rule]:
    """The same rule (by key) in the other versions the user may open, newest first."""
    return list(
        Rule.objects.filter(key=rule.key, version__in=versions_for(user, hall).values("pk"))
        .exclude(pk=rule.pk)
        .select_related("version")
        .order_by("-version__number")
    )


# -- clause coverage ----------------------------------------------------------


@dataclass
class ClauseCoverage:
    clause: Clause
    rules: list[Rule]

    @property
    def is_leaf(self) -> bool:
        return self.clause.is_leaf

    @property
    def is_gap(self) -> bool:
        """A leaf clause that no rule serves (a parent is served through its sub-clauses)."""
        return self.is_leaf and not self.rules

    @property
    def is_sub_clause(self) -> bool:
        return self.clause.parent is not None


@dataclass
class Coverage:
    version: HandbookVersion
    rows: list[ClauseCoverage]
    rule_count: int
    #: Rules naming a clause code that GB/T 36112 does not have.
    unknown: list[Rule] = field(default_factory=list)

    @property
    def leaf_count(self) -> int:
        return sum(1 for r in self.rows if r.is_leaf)

    @property
    def gap_count(self) -> int:
        return sum(1 for r in self.rows if r.is_gap)

    @property
    def covered_count(self) -> int:
        return self.leaf_count - self.gap_count

    @property
    def gaps(self) -> list[ClauseCoverage]:
        return [r for r in self.rows if r.is_gap]


def coverage(version: HandbookVersion) -> Coverage:
    """Every clause of GB/T 36112 (4–11, annexes A and B) with the rules serving it (one query)."""
    rules = list(version.rules.select_related("section").order_by("section__part__order", "section__order", "order"))
    rows = [ClauseCoverage(clause, [r for r in rules if serves_clause(r, clause.code)]) for clause in CLAUSES]
    unknown = [r for r in rules if any(c not in CLAUSE_CODES for c in r.clauses)]
    return Coverage(version=version, rows=rows, rule_count=len(rules), unknown=unknown)


# -- history and diffs ----------------------------------------------------------


def version_history(user, hall) -> list[HandbookVersion]:
    """Every version the user may open, newest first, with ``rule_count`` and ``previous``."""
    versions = list(
        versions_for(user, hall)
        .select_related("published_by", "created_by")
        .annotate(rule_count=Count("rules"))
        .order_by("-number")
    )
    for i, version in enumerate(versions):
        version.previous = versions[i + 1] if i + 1 < len(versions) else None
    return versions


def default_pair(versions: Sequence[HandbookVersion]) -> tuple[int | None, int | None]:
    """(from, to) when none is chosen: the published version and the one before it; when the published
    version is the first, the first against the newest (a draft being prepared).

    Without a published version the newest version stands in. ``versions`` are newest first.
    With fewer than two versions there is no pair: (None, None).
    """
    if len(versions) < 2:
        return None, None
    to = next((v for v in versions if v.status == VersionStatus.PUBLISHED), versions[0])
    before = previous_number(versions, to.number)
    if before is None:
        return to.number, versions[0].number
    return before, to.number


def previous_number(versions: Sequence[HandbookVersion], number: int) -> int | None:
    older = [v.number for v in versions if v.number < number]
    return max(older) if older else None


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool


@dataclass
class HighlightedChange:
    """A field change with the old and new text cut into unchanged and changed segments."""

    label: str
    old: list[Segment]
    new: list[Segment]


def highlight(change: FieldChange) -> HighlightedChange:
    """Mark the characters that changed (character level: Chinese text has no spaces between words)."""
    old_parts: list[Segment] = []
    new_parts: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, change.old, change.new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            old_parts.append(Segment(change.old[i1:i2], op != "equal"))
        if j2 > j1:
            new_parts.append(Segment(change.new[j1:j2], op != "equal"))
    return HighlightedChange(label=change.label, old=old_parts, new=new_parts)


def highlighted_changes(diff: VersionDiff) -> list[tuple[RuleChange, list[HighlightedChange]]]:
    return [(change, [highlight(c) for c in change.changes]) for change in diff.changed]


# -- layouts and quantities -----------------------------------------------------


def layouts_of(version: HandbookVersion, *, position_kinds: Iterable[str] | None = None) -> list[Layout]:
    """Layouts of a version with their slots (two queries) and ``svg``, the diagram without legend."""
    qs: QuerySet[Layout] = version.layouts.prefetch_related("slots")
    if position_kinds is not None:
        qs = qs.filter(position_kind__in=list(position_kinds))
    layouts = list(qs)
    for layout in layouts:
        layout.slot_list = list(layout.slots.all())
        layout.svg = layout_svg(layout.name, layout.width, layout.depth, boxes(layout.slot_list), legend=False)
    return layouts


def layout_or_404(version: HandbookVersion, pk: int) -> Layout:
    layout = version.layouts.prefetch_related("slots").filter(pk=pk).first()
    if layout is None:
        raise Http404
    layout.slot_list = list(layout.slots.all())
    layout.problems = slot_problems(layout.width, layout.depth, boxes(layout.slot_list))
    return layout


def layout_document(layout: Layout, *, legend: bool = True) -> str:
    """The layout's diagram as a standalone SVG document, sized in millimetres."""
    slots = getattr(layout, "slot_list", None)
    if slots is None:
        slots = list(layout.slots.all())
    return layout_svg(layout.name, layout.width, layout.depth, boxes(slots), legend=legend)


@dataclass
class QuantityGroup:
    position_kind: str
    label: str
    rows: list[QuantityStandard]


def quantities_of(version: HandbookVersion, *, position_kinds: Iterable[str] | None = None) -> list[QuantityGroup]:
    """The standard quantity table grouped by position kind, in the order of the kinds (one query)."""
    qs = version.quantities.all()
    if position_kinds is not None:
        qs = qs.filter(position_kind__in=list(position_kinds))
    groups: dict[str, list[QuantityStandard]] = {}
    for row in qs:
        groups.setdefault(row.position_kind, []).append(row)
    order = {kind: i for i, kind in enumerate(PositionKind.values)}
    return [
        QuantityGroup(kind, rows[0].get_position_kind_display(), rows)
        for kind, rows in sorted(groups.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
    ]
