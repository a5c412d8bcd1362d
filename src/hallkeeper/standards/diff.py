"""Differences between two handbook versions: rules added, removed and changed field by field.

Rules are matched by their stable key, so a rule that moved or was renumbered shows as changed,
not as removed and added.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import HandbookVersion, Rule

#: Rule fields compared, with their labels (the section is compared by its code and title).
COMPARED_FIELDS = (
    ("code", _("code")),
    ("title", _("title")),
    ("section", _("section")),
    ("requirement", _("requirement")),
    ("check_method", _("check method")),
    ("points", _("points")),
    ("deduction", _("deduction per occurrence")),
    ("cap", _("cap per inspection")),
    ("severity", _("severity")),
    ("area_kinds", _("area kinds")),
    ("position_kinds", _("position kinds")),
    ("clauses", _("GB/T 36112 clauses")),
    ("example", _("what right looks like")),
    ("counter_example", _("typical mistake")),
    ("images", _("pictures")),
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class RuleChange:
    key: str
    old: Rule
    new: Rule
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    old: HandbookVersion
    new: HandbookVersion
    added: list[Rule]
    removed: list[Rule]
    changed: list[RuleChange]
    other: list[str]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.other)


def _display(rule: Rule, name: str) -> str:
    if name == "section":
        return f"{rule.section.code} {rule.section.title}"
    if name == "check_method":
        return str(rule.get_check_method_display() or "—")
    if name == "severity":
        return str(rule.get_severity_display())
    if name == "area_kinds":
        return "、".join(rule.area_kind_labels) or "—"
    if name == "position_kinds":
        return "、".join(rule.position_kind_labels) or "—"
    if name == "clauses":
        return "、".join(rule.clauses) or "—"
    if name == "images":
        return "、".join(f"{i.get_kind_display()}：{i.caption or i.image.name}" for i in rule.images.all()) or "—"
    value = getattr(rule, name)
    return "—" if value in (None, "") else str(value)


def _rules(version: HandbookVersion) -> dict[str, Rule]:
    return {r.key: r for r in version.rules.select_related("section").prefetch_related("images")}


def _layouts(version: HandbookVersion) -> dict[str, tuple]:
    return {
        lay.name: (
            lay.position_kind,
            lay.width,
            lay.depth,
            tuple((s.item, s.x, s.y, s.width, s.depth, s.quantity) for s in lay.slots.all()),
        )
        for lay in version.layouts.prefetch_related("slots")
    }


def _quantities(version: HandbookVersion) -> dict[tuple[str, str], tuple]:
    return {(q.position_kind, q.item): (q.quantity, q.unit) for q in version.quantities.all()}


def version_diff(old: HandbookVersion, new: HandbookVersion) -> VersionDiff:
    old_rules, new_rules = _rules(old), _rules(new)
    added = [new_rules[k] for k in new_rules if k not in old_rules]
    removed = [old_rules[k] for k in old_rules if k not in new_rules]
    changed = []
    for key in new_rules.keys() & old_rules.keys():
        a, b = old_rules[key], new_rules[key]
        changes = [
            FieldChange(name, str(label), _display(a, name), _display(b, name))
            for name, label in COMPARED_FIELDS
            if _display(a, name) != _display(b, name)
        ]
        if changes:
            changed.append(RuleChange(key=key, old=a, new=b, changes=changes))
    changed.sort(key=lambda c: c.new.code)
    other = []
    if old.preface != new.preface:
        other.append(str(_("The preface changed.")))
    old_parts = {p.code: p.title for p in old.parts.all()}
    new_parts = {p.code: p.title for p in new.parts.all()}
    if old_parts != new_parts:
        other.append(str(_("The parts changed.")))
    old_layouts, new_layouts = _layouts(old), _layouts(new)
    for name in sorted(old_layouts.keys() | new_layouts.keys()):
        if old_layouts.get(name) != new_layouts.get(name):
            other.append(str(_("Layout standard “%(name)s” changed.")) % {"name": name})
    old_q, new_q = _quantities(old), _quantities(new)
    if old_q != new_q:
        count = len(old_q.keys() ^ new_q.keys()) + sum(1 for k in old_q.keys() & new_q.keys() if old_q[k] != new_q[k])
        other.append(str(_("%(count)s rows of the standard quantity table changed.")) % {"count": count})
    return VersionDiff(old=old, new=new, added=added, removed=removed, changed=changed, other=other)
