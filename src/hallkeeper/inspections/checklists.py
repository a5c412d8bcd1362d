"""Which rules an inspection checks: the published rules that apply to its target.

A target is a zone, optionally narrowed to some of its windows or positions. Its area kinds are
the zone's areas and the areas of its windows (with the areas those are part of); its position
kinds are those of the positions inside the target. A rule applies when its area kinds and its
position kinds (each empty meaning "any") meet the target's; the inspection kind then keeps the
rules checked by its methods (``kinds.KINDS``) and a special check keeps the rules chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hallkeeper.places.models import Area, Position, Window, Zone
from hallkeeper.standards.models import HandbookVersion, Rule

from .kinds import KIND_CHECK_METHODS, takes_chosen_rules


@dataclass(frozen=True)
class Target:
    zone: Zone
    area_kinds: frozenset[str]
    position_kinds: frozenset[str]
    window_ids: tuple[int, ...]
    position_ids: tuple[int, ...]


def target_of(zone: Zone, windows: Iterable[Window] = (), positions: Iterable[Position] = ()) -> Target:
    windows = list(windows)
    positions = list(positions)
    if positions:
        position_qs = Position.objects.filter(pk__in=[p.pk for p in positions])
    elif windows:
        position_qs = Position.objects.filter(zone=zone, window__in=windows)
    else:
        position_qs = Position.objects.filter(zone=zone)
    position_kinds = frozenset(position_qs.values_list("kind", flat=True).distinct())

    window_qs = Window.objects.filter(pk__in=[w.pk for w in windows]) if windows else zone.windows.all()
    area_ids = set(window_qs.exclude(area=None).values_list("area_id", flat=True))
    if not windows and not positions:
        area_ids |= set(zone.areas.values_list("pk", flat=True))
    if positions and not windows and any(p.window_id is None for p in positions):
        area_ids |= set(zone.areas.values_list("pk", flat=True))  # positions at no window stand in the zone's areas
    if positions and not windows:
        area_ids |= set(
            Window.objects.filter(pk__in=position_qs.exclude(window=None).values("window_id"))
            .exclude(area=None)
            .values_list("area_id", flat=True)
        )
    area_kinds: set[str] = set()
    for kind, parent_kind in Area.objects.filter(pk__in=area_ids).values_list("kind", "parent__kind"):
        area_kinds.add(kind)
        if parent_kind:
            area_kinds.add(parent_kind)
    return Target(
        zone=zone,
        area_kinds=frozenset(area_kinds),
        position_kinds=position_kinds,
        window_ids=tuple(w.pk for w in windows),
        position_ids=tuple(p.pk for p in positions),
    )


def rule_applies(rule: Rule, target: Target) -> bool:
    area_ok = not rule.area_kinds or bool(target.area_kinds & set(rule.area_kinds))
    position_ok = not rule.position_kinds or bool(target.position_kinds & set(rule.position_kinds))
    return area_ok and position_ok


def checklist_rules(version: HandbookVersion, target: Target, kind: str, rule_keys: Iterable[str] = ()) -> list[Rule]:
    """The rules of ``version`` an inspection of ``kind`` checks at ``target``, in handbook order."""
    chosen = set(rule_keys)
    methods = KIND_CHECK_METHODS.get(kind)
    rules = version.rules.select_related("section__part").order_by(
        "section__part__order", "section__order", "order", "code"
    )
    result = []
    for rule in rules:
        if chosen:
            if rule.key not in chosen:
                continue
        elif takes_chosen_rules(kind) or methods is not None and rule.check_method not in methods:
            continue
        if rule_applies(rule, target):
            result.append(rule)
    return result
