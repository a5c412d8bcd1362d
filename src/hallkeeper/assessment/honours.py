"""The honours of an assessment period: 红榜 and 黑榜 (zones), 流动红旗, 红旗窗口 and 服务之星.

:func:`select` is pure: a period's results (as :class:`Unit`) and the hall's :class:`Rules` give the
:class:`Honours`. The rules, for a target ``assessed`` (score not None) — a unit not assessed never gets an honour:

* **red list** (红榜, zones): the zones placed 1..``red_size`` (by score; ties at the cut-off all listed) scoring
  at least ``red_min``;
* **black list** (黑榜, zones): the zones placed 1..``black_size`` counted from the bottom (ties at the cut-off all
  listed) and/or every zone scoring below ``black_below``; a zone on the red list is never on the black list
  (and the rules refuse a ``red_min`` at or below ``black_below``);
* **red flag** (流动红旗, to a zone or a window by ``flag_target``): the best unit of that kind scoring at least
  ``flag_min``, never one on the black list nor one whose score was capped (a failed acceptance check or a
  failed veto rule in the month). Ties at the top are broken, in order, by:

  1. the higher **base score** (the score before bonus and penalty points: earned by inspections and
     indicators, not by letters of thanks);
  2. the **previous holder keeps it** (the flag holder of the period before, when among the tied);
  3. otherwise the flag is **shared**: every unit still tied holds it (a second flag is printed).

  :attr:`Honours.flag_reason` says which step decided (``"best"``, ``"base"``, ``"kept"``, ``"shared"``);
* **red-flag windows** (红旗窗口): the windows placed 1..``red_windows`` scoring at least ``red_window_min``;
* **service stars** (服务之星, window staff): placed 1..``service_stars`` scoring at least ``service_star_min``.

Places are competition places among the assessed units of the kind (1, 1, 3), so ties at a cut-off are all in.
Only month periods award the flag, the windows and the stars (a quarter or a year keeps the two lists).

The honours of a **published** period are frozen (``Honour`` rows, stored by ``services.period_publish``);
before that, pages show them **provisionally**, computed on the fly. A corrected revision, once published,
replaces for display the honours of the revision it corrects; both stay on record. Other apps read the
honours through :func:`current_flag_holder`, :func:`current_flag_holders` and :func:`latest_honours`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

from .choices import FlagTarget, HonourKind, PeriodKind, PeriodState, TargetType

# -- pure -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """One zone's, window's or staff member's result (``score`` None = not assessed)."""

    target_type: str
    target_id: int
    name: str
    score: Decimal | None
    rank: int | None = None
    base: Decimal | None = None  # the score before bonus and penalty points
    capped: bool = False  # a failed acceptance check or veto rule capped the score

    @property
    def key(self) -> tuple[str, int]:
        return (self.target_type, self.target_id)


@dataclass(frozen=True)
class Rules:
    """A hall's ``HonourRules`` in plain values (the model's defaults)."""

    red_size: int = 3
    red_min: Decimal = Decimal("70")
    black_size: int = 3
    black_below: Decimal | None = None
    flag_target: str = FlagTarget.ZONE  # "" = no flag (a quarter or a year)
    flag_min: Decimal = Decimal("85")
    red_windows: int = 3
    red_window_min: Decimal = Decimal("85")
    service_stars: int = 3
    service_star_min: Decimal = Decimal("85")

    def lists_only(self) -> Rules:
        """The rules of a quarter or a year: the red and black lists, no flag, windows or stars."""
        return replace(self, flag_target="", red_windows=0, service_stars=0)


@dataclass(frozen=True)
class Honours:
    red_list: tuple[Unit, ...] = ()
    black_list: tuple[Unit, ...] = ()
    flag: tuple[Unit, ...] = ()  # one holder; several only when still tied after the tie-breaks
    red_windows: tuple[Unit, ...] = ()
    service_stars: tuple[Unit, ...] = ()
    flag_reason: str = ""  # "best", "base", "kept", "shared" ("" without a holder)
    rules: Rules = field(default_factory=Rules)

    def rows(self) -> list[tuple[str, Unit]]:
        """(kind, unit) in display order: the flag, the red list, the windows, the stars, the black list."""
        return [
            *((HonourKind.RED_FLAG, u) for u in self.flag),
            *((HonourKind.RED_LIST, u) for u in self.red_list),
            *((HonourKind.RED_WINDOW, u) for u in self.red_windows),
            *((HonourKind.SERVICE_STAR, u) for u in self.service_stars),
            *((HonourKind.BLACK_LIST, u) for u in self.black_list),
        ]

    def of(self, key: tuple[str, int]) -> list[str]:
        """The kinds of honour the unit ``key`` holds."""
        return [kind for kind, u in self.rows() if u.key == key]


def _assessed(units: Iterable[Unit], target_type: str) -> list[Unit]:
    found = [u for u in units if u.target_type == target_type and u.score is not None]
    return sorted(found, key=lambda u: (-u.score, u.name, u.target_id))


def top(units: Sequence[Unit], size: int, minimum: Decimal) -> list[Unit]:
    """The assessed ``units`` placed 1..``size`` (competition places: ties at the cut-off all in) scoring at
    least ``minimum``, best first."""
    if size <= 0:
        return []
    return [u for u in units if sum(o.score > u.score for o in units) < size and u.score >= minimum]


def bottom(units: Sequence[Unit], size: int, below: Decimal | None, exclude: Iterable[Unit] = ()) -> list[Unit]:
    """The assessed ``units`` placed 1..``size`` from the bottom (ties all in) or scoring below ``below``, worst
    first, leaving out ``exclude``."""
    excluded = {u.key for u in exclude}
    listed = [
        u
        for u in units
        if u.key not in excluded
        and ((size > 0 and sum(o.score < u.score for o in units) < size) or (below is not None and u.score < below))
    ]
    return sorted(listed, key=lambda u: (u.score, u.name, u.target_id))


def flag_holders(
    units: Sequence[Unit], minimum: Decimal, previous: Iterable[tuple[str, int]] = (), black: Iterable[Unit] = ()
) -> tuple[tuple[Unit, ...], str]:
    """The red flag's holder(s) among the assessed ``units`` and which step decided (see the module's docstring)."""
    blacklisted = {u.key for u in black}
    eligible = [u for u in units if u.score >= minimum and not u.capped and u.key not in blacklisted]
    if not eligible:
        return (), ""
    best = max(u.score for u in eligible)
    tied = [u for u in eligible if u.score == best]
    if len(tied) == 1:
        return (tied[0],), "best"
    floor = Decimal("-1")
    top_base = max((u.base if u.base is not None else floor) for u in tied)
    by_base = [u for u in tied if (u.base if u.base is not None else floor) == top_base]
    if len(by_base) == 1:
        return (by_base[0],), "base"
    previous = set(previous)
    kept = [u for u in by_base if u.key in previous]
    if len(kept) == 1:
        return (kept[0],), "kept"
    return tuple(kept or by_base), "shared"


def select(units: Iterable[Unit], rules: Rules = Rules(), previous: Iterable[tuple[str, int]] = ()) -> Honours:
    """The honours of a period's ``units`` under ``rules``; ``previous`` = the keys of the flag's previous holders."""
    units = list(units)
    zones = _assessed(units, TargetType.ZONE)
    red = top(zones, rules.red_size, rules.red_min)
    black = bottom(zones, rules.black_size, rules.black_below, exclude=red)
    flag, reason = (), ""
    if rules.flag_target:
        flag, reason = flag_holders(_assessed(units, rules.flag_target), rules.flag_min, previous, black)
    return Honours(
        red_list=tuple(red),
        black_list=tuple(black),
        flag=flag,
        red_windows=tuple(top(_assessed(units, TargetType.WINDOW), rules.red_windows, rules.red_window_min)),
        service_stars=tuple(top(_assessed(units, TargetType.PERSON), rules.service_stars, rules.service_star_min)),
        flag_reason=reason,
        rules=rules,
    )


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def unit_of(result) -> Unit:
    """An ``AssessmentResult`` (or anything with its fields) as a :class:`Unit`."""
    breakdown = result.breakdown or {}
    return Unit(
        target_type=result.target_type,
        target_id=result.zone_id or result.window_id or result.person_id,
        name=result.name,
        score=result.score,
        rank=result.rank,
        base=_decimal(breakdown.get("base")),
        capped=bool(breakdown.get("capped")),
    )


# -- reading the database ---------------------------------------------------------------------------------------


def rules_row(hall):
    """The hall's ``HonourRules`` row (the defaults, unsaved, when it has none)."""
    from hallkeeper.core.hall_settings import settings_for

    from .models import HonourRules

    return settings_for(HonourRules, hall, fresh=True)


def rules_of(row) -> Rules:
    return Rules(
        red_size=row.red_size,
        red_min=Decimal(row.red_min),
        black_size=row.black_size,
        black_below=None if row.black_below is None else Decimal(row.black_below),
        flag_target=row.flag_target,
        flag_min=Decimal(row.flag_min),
        red_windows=row.red_windows,
        red_window_min=Decimal(row.red_window_min),
        service_stars=row.service_stars,
        service_star_min=Decimal(row.service_star_min),
    )


def rules_to_json(rules: Rules) -> dict:
    return {k: None if v is None else str(v) for k, v in vars(rules).items()}


def rules_from_json(data: dict) -> Rules:
    """The rules stored with a published period (``rules_to_json``)."""
    plain = Rules()
    values = {}
    for name, default in vars(plain).items():
        raw = data.get(name, default)
        if isinstance(default, int) and not isinstance(default, bool):
            values[name] = int(raw)
        elif name == "flag_target":
            values[name] = raw or ""
        else:
            values[name] = _decimal(raw) if raw is not None else None
    return Rules(**values)


def rules_for_period(period) -> Rules:
    """The hall's current rules, for a quarter or a year the lists only."""
    rules = rules_of(rules_row(period.hall))
    return rules if period.kind == PeriodKind.MONTH else rules.lists_only()


def shown_revision(hall, kind: str, starts_on):
    """The published revision shown for a period (the latest published one), or None."""
    from .models import AssessmentPeriod

    return (
        AssessmentPeriod.objects.filter(hall=hall, kind=kind, starts_on=starts_on, state=PeriodState.PUBLISHED)
        .order_by("-revision")
        .first()
    )


def previous_flag_keys(period) -> list[tuple[str, int]]:
    """The flag holders of the period before ``period`` (its shown published revision)."""
    from .models import AssessmentPeriod, Honour

    before = (
        AssessmentPeriod.objects.filter(
            hall_id=period.hall_id, kind=period.kind, starts_on__lt=period.starts_on, state=PeriodState.PUBLISHED
        )
        .order_by("-starts_on", "-revision")
        .first()
    )
    if before is None:
        return []
    return [h.target_key for h in Honour.objects.filter(period=before, kind=HonourKind.RED_FLAG)]


def compute_for(period, results) -> Honours:
    """The honours of ``period`` computed now from ``results`` (provisional until published)."""
    return select([unit_of(r) for r in results], rules_for_period(period), previous_flag_keys(period))


@dataclass(frozen=True)
class ShownRow:
    kind: str
    name: str
    score: Decimal | None
    rank: int | None
    key: tuple[str, int | None]


@dataclass(frozen=True)
class Shown:
    """A period's honours as a page shows them: the rows by kind, provisional or frozen."""

    rows: tuple[ShownRow, ...]
    provisional: bool
    flag_reason: str = ""
    replaced_by: object = None  # the published revision shown instead, for a superseded one
    hidden: bool = False  # provisional honours are for the hall-wide roles only (others see part of the results)

    def of_kind(self, kind: str) -> list:
        return [r for r in self.rows if r.kind == kind]

    def kinds_of(self, key) -> list[str]:
        return [r.kind for r in self.rows if r.key == key]

    @property
    def flag(self):
        return self.of_kind(HonourKind.RED_FLAG)

    @property
    def red_list(self):
        return self.of_kind(HonourKind.RED_LIST)

    @property
    def black_list(self):
        return self.of_kind(HonourKind.BLACK_LIST)

    @property
    def red_windows(self):
        return self.of_kind(HonourKind.RED_WINDOW)

    @property
    def service_stars(self):
        return self.of_kind(HonourKind.SERVICE_STAR)


def shown_for(period, user) -> Shown:
    """The honours a page shows for ``period`` to ``user``: the frozen ones of a published period, else computed
    from the results the user sees (provisional)."""
    from .models import AssessmentResult, Honour

    if period.state == PeriodState.PUBLISHED:
        honours = Honour.objects.visible_to(user).filter(period=period)
        order = list(HonourKind.values)
        rows = tuple(
            ShownRow(h.kind, h.name, h.score, h.rank, h.target_key)
            for h in sorted(honours, key=lambda h: (order.index(h.kind), -h.score, h.name))
        )
        shown = shown_revision(period.hall, period.kind, period.starts_on)
        replaced = shown if shown is not None and shown.pk != period.pk else None
        return Shown(rows=rows, provisional=False, replaced_by=replaced)
    from hallkeeper.core.access import get_access
    from hallkeeper.core.capabilities import sees_whole_hall

    if not sees_whole_hall(get_access(user), period.hall_id):
        return Shown(rows=(), provisional=True, hidden=True)
    results = AssessmentResult.objects.visible_to(user).filter(period=period)
    honours = compute_for(period, results)
    rows = tuple(ShownRow(kind, u.name, u.score, u.rank, u.key) for kind, u in honours.rows())
    return Shown(rows=rows, provisional=True, flag_reason=honours.flag_reason)


# -- for other apps (dashboard, big screen) ---------------------------------------------------------------------


def latest_published_month(hall):
    """The shown published revision of the hall's latest published month, or None."""
    from .models import AssessmentPeriod

    latest = (
        AssessmentPeriod.objects.filter(hall=hall, kind=PeriodKind.MONTH, state=PeriodState.PUBLISHED)
        .order_by("-starts_on", "-revision")
        .first()
    )
    return latest


def latest_honours(hall, user=None) -> list:
    """The ``Honour`` rows of the hall's latest published month (its shown revision), flag first; within the
    scope of ``user`` when given."""
    from .models import Honour

    period = latest_published_month(hall)
    if period is None:
        return []
    rows = Honour.objects.visible_to(user) if user is not None else Honour.objects.all()
    order = {k: i for i, k in enumerate(HonourKind.values)}
    return sorted(
        rows.filter(period=period).select_related("period"),
        key=lambda h: (order[h.kind], -(h.score or 0), h.name),
    )


def current_flag_holders(hall, user=None) -> list:
    """The ``Honour`` rows of the current red flag's holders (usually one; several when shared)."""
    return [h for h in latest_honours(hall, user) if h.kind == HonourKind.RED_FLAG]


def current_flag_holder(hall, user=None):
    """The current red flag's holder (an ``Honour``: ``name``, ``score``, ``period``), or None."""
    holders = current_flag_holders(hall, user)
    return holders[0] if holders else None


@dataclass(frozen=True)
class FlagMonth:
    period: object
    holders: tuple  # Honour rows


def flag_history(hall, user) -> tuple[list[FlagMonth], list[tuple[str, int]]]:
    """Each published month (its shown revision), newest first, with its flag holders; and how many times each
    unit held the flag (by unit, the latest name; most first)."""
    from .models import AssessmentPeriod, Honour

    periods = AssessmentPeriod.objects.filter(hall=hall, kind=PeriodKind.MONTH, state=PeriodState.PUBLISHED)
    shown: dict = {}
    for p in periods.order_by("-starts_on", "-revision"):
        shown.setdefault(p.starts_on, p)
    flags = Honour.objects.visible_to(user).filter(period__in=list(shown.values()), kind=HonourKind.RED_FLAG)
    by_period: dict[int, list] = {}
    for h in flags.order_by("name", "pk"):
        by_period.setdefault(h.period_id, []).append(h)
    months = [FlagMonth(p, tuple(by_period.get(p.pk, ()))) for p in shown.values()]
    counts: dict = {}
    for month in reversed(months):  # oldest first: the latest name wins
        for h in month.holders:
            name, n = counts.get(h.target_key, ("", 0))
            counts[h.target_key] = (h.name, n + 1)
    tally = sorted(counts.values(), key=lambda c: (-c[1], c[0]))
    return months, tally
