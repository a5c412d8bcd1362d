"""The pure arithmetic of a budget survey: what each zone's positions require of each price-list item (from the
handbook's standard quantities, else its layouts, else the item's own per-position rule), the totals per zone,
department and item, and the tracking of purchases and hand-outs. Plain values in, plain values out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ItemRule:
    """How a price-list item's requirement is read: ``counts_as`` names the handbook's item; ``position_kind``
    and ``per_position`` the item's own rule (used when set)."""

    item_id: int
    counts_as: str
    position_kind: str = ""
    per_position: int = 0


def per_position(
    rule: ItemRule, kind: str, standards: Mapping[tuple[str, str], int], layouts: Mapping[tuple[str, str], int]
) -> int:
    """How many of the item one position of ``kind`` requires."""
    if rule.position_kind and rule.per_position:
        return rule.per_position if kind == rule.position_kind else 0
    key = (kind, rule.counts_as)
    if key in standards:
        return standards[key]
    return layouts.get(key, 0)


def required_by_zone(
    positions: Iterable[tuple[int, str]],
    rules: Iterable[ItemRule],
    standards: Mapping[tuple[str, str], int],
    layouts: Mapping[tuple[str, str], int],
) -> dict[tuple[int, int], int]:
    """``{(zone_id, item_id): required}`` for the positions ``(zone_id, kind)``; pairs requiring nothing left out.

    ``standards`` maps ``(position kind, item)`` to the standard quantity table's figure, ``layouts`` to the
    quantity the kind's layout (定置图) draws."""
    rules = list(rules)
    kinds: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for zone_id, kind in positions:
        kinds[zone_id][kind] += 1
    result: dict[tuple[int, int], int] = {}
    for zone_id, counts in kinds.items():
        for rule in rules:
            total = sum(n * per_position(rule, kind, standards, layouts) for kind, n in counts.items())
            if total > 0:
                result[(zone_id, rule.item_id)] = total
    return result


def need(required: int, has: int) -> int:
    return max(0, required - has)


@dataclass
class Total:
    """A group's figures: how many are required, had and needed, and what the need costs."""

    key: str
    label: str
    required: int = 0
    has: int = 0
    need: int = 0
    amount: Decimal = Decimal("0.00")
    lines: list = field(default_factory=list)


def totals(lines: Iterable, key, label) -> list[Total]:
    """Group lines (with ``required``, ``has``, ``need``, ``amount``) by ``key(line)``, in first-seen order."""
    groups: dict[str, Total] = {}
    for line in lines:
        k = key(line)
        group = groups.get(k)
        if group is None:
            group = groups[k] = Total(key=k, label=label(line))
        group.required += line.required
        group.has += line.has
        group.need += line.need
        group.amount += line.amount
        group.lines.append(line)
    return list(groups.values())


def grand_total(lines: Iterable) -> Decimal:
    return sum((line.amount for line in lines), Decimal("0.00"))


@dataclass
class Progress:
    """One item's way from need to hand-out."""

    item_id: int
    name: str
    unit: str
    needed: int = 0
    budget: Decimal = Decimal("0.00")
    bought: int = 0
    spent: Decimal = Decimal("0.00")
    handed_out: int = 0

    @property
    def to_buy(self) -> int:
        return max(0, self.needed - self.bought)

    @property
    def in_stock(self) -> int:
        return self.bought - self.handed_out

    @property
    def to_hand_out(self) -> int:
        return max(0, self.needed - self.handed_out)


def progress(lines: Iterable, purchases: Iterable, handouts: Iterable) -> list[Progress]:
    """Per item: needed (and its budget) from the lines, bought and spent, handed out."""
    rows: dict[int, Progress] = {}
    for line in lines:
        row = rows.setdefault(line.item_id, Progress(line.item_id, line.name, line.unit))
        row.needed += line.need
        row.budget += line.amount
    for purchase in purchases:
        row = rows.setdefault(purchase.item_id, Progress(purchase.item_id, purchase.item.name, purchase.item.unit))
        row.bought += purchase.quantity
        row.spent += purchase.amount
    for handout in handouts:
        row = rows.setdefault(handout.item_id, Progress(handout.item_id, handout.item.name, handout.item.unit))
        row.handed_out += handout.quantity
    return list(rows.values())
