"""The one table of what each kind of inspection is and does.

Every per-kind difference lives in a row here; code asks the row (``spec(kind).chosen_rules``) rather
than branching on the kind's name.

* **self-check** — run by the zone's lead (the whole zone or part of it), by window staff for the windows
  they staff, and by administrators: who may run it depends on the zone, so it has no hall-wide check;
  it reads the site and the zone's own ledgers; plans may hand it to each zone's lead; it fills the
  weekly coverage grid;
* **patrol** — run by the supervision side (administrators, leadership and supervision groups); it looks
  at the site only; it fills the weekly coverage grid (and counts as "patrols this week");
* **special check** — run by the supervision side; it checks only the rules chosen for it;
* **acceptance** — run by the supervision side; it checks every rule, belongs to an acceptance round,
  may be re-accepted once, and passes by the hall's pass line with no veto rule failed (not by grade).

``checklists.py``, ``permissions.py``, ``scoring.py``, ``services.py``, the forms, reports and plans all
read this table; ``tests/test_inspection_kinds.py`` pins every row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from hallkeeper.core.capabilities import manages_inspections
from hallkeeper.standards.choices import CheckMethod

from .choices import InspectionKind

K = InspectionKind

#: What a patrol looks at on site (and a self-check too, with the ledgers besides).
_SITE_METHODS = frozenset(
    {CheckMethod.LOOK, CheckMethod.PHOTO, CheckMethod.COUNT, CheckMethod.SPOT, CheckMethod.AFTER_HOURS, ""}
)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    #: Bootstrap colour of the kind's badge.
    colour: str
    #: The check methods of the rules it checks (``None``: no filter by method).
    check_methods: frozenset[str] | None
    #: The hall-wide "may run it" check (``None``: decided zone by zone, see ``permissions.py``).
    run_by: Callable[..., bool] | None
    #: It checks only the rules chosen for it (the inspection's or its plan's), and needs some.
    chosen_rules: bool = False
    #: Window staff who do not lead the zone run it only on the windows they staff.
    own_windows: bool = False
    #: Plans may hand it to each zone's lead instead of named people.
    zone_leads_assignable: bool = False
    #: It belongs to an acceptance round, may be re-accepted, and passes by the pass line.
    acceptance: bool = False
    #: It is counted in the weekly coverage grid of the plans page.
    coverage: bool = False

    @property
    def label(self) -> str:
        return InspectionKind(self.kind).label


KINDS: tuple[KindSpec, ...] = (
    KindSpec(
        K.SELF_CHECK,
        colour="info",
        check_methods=_SITE_METHODS | {CheckMethod.LEDGER},
        run_by=None,
        own_windows=True,
        zone_leads_assignable=True,
        coverage=True,
    ),
    KindSpec(K.PATROL, colour="primary", check_methods=_SITE_METHODS, run_by=manages_inspections, coverage=True),
    KindSpec(K.SPECIAL, colour="warning", check_methods=None, run_by=manages_inspections, chosen_rules=True),
    KindSpec(K.ACCEPTANCE, colour="dark", check_methods=None, run_by=manages_inspections, acceptance=True),
)

TABLE: dict[str, KindSpec] = {s.kind: s for s in KINDS}
assert len(TABLE) == len(KINDS) == len(InspectionKind.values), "one row per kind"

#: Derived views of the table, for lookups by kind.
KIND_COLOURS: dict[str, str] = {s.kind: s.colour for s in KINDS}
KIND_CHECK_METHODS: dict[str, frozenset[str] | None] = {s.kind: s.check_methods for s in KINDS}
#: The kinds that take part in an acceptance round, and those counted in the coverage grid.
ACCEPTANCE_KINDS: tuple[str, ...] = tuple(s.kind for s in KINDS if s.acceptance)
COVERAGE_KINDS: tuple[str, ...] = tuple(s.kind for s in KINDS if s.coverage)


def spec(kind: str) -> KindSpec | None:
    """The row of ``kind`` (``None`` for an unknown kind)."""
    return TABLE.get(kind)


def colour(kind: str) -> str:
    row = TABLE.get(kind)
    return row.colour if row is not None else "secondary"


def takes_chosen_rules(kind: str | None) -> bool:
    row = TABLE.get(kind or "")
    return row is not None and row.chosen_rules


def is_acceptance(kind: str | None) -> bool:
    row = TABLE.get(kind or "")
    return row is not None and row.acceptance


def limits_to_own_windows(kind: str | None) -> bool:
    row = TABLE.get(kind or "")
    return row is not None and row.own_windows


def assignable_to_zone_leads(kind: str | None) -> bool:
    row = TABLE.get(kind or "")
    return row is not None and row.zone_leads_assignable
