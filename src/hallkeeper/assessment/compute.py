"""The assessment's computation: one pure, deterministic function from plain inputs to ranked outcomes.

``inputs.gather_inputs`` reads a period's figures from the database into :class:`PeriodInputs`;
:func:`assess` turns them and the hall's :class:`Weights` into one :class:`Outcome` per zone, window and window
staff member. Nothing here reads the database or the clock, so the same inputs always give the same outcomes
(a published period's snapshot holds the inputs and computes to its results again).

Each indicator is a score of 0–100, or ``None`` when there is nothing to measure:

* **inspection score** (``patrol``) — the mean of ``patrol_scores``: ``inputs.gather_inputs`` gives one value,
  the hall's per-kind weighted score of the patrols, special checks and self-checks (``zone_period_score``);
* **self-check completion** (``self_check``) — self-checks done ÷ due × 100 (at most 100); ``None`` with none due;
* **acceptance** (``acceptance``) — the mean of the acceptance checks' stored scores;
* **rectification** (``rectification``) — notices closed on time ÷ notices due × 100 (100 with none due),
  minus the hall's points per overdue notice, per rejected rectification and per repeated failure of a rule,
  never below 0; ``None`` when there were no notices due, overdue or rejected and no repeat;
* **service** (``service``) — the mean of the imported indicators present: the good-review rate and the
  on-time rate as they are (percentages), the cases handled as a share of the busiest of the same kind of
  target in the hall that month (value ÷ largest × 100; left out when the largest is 0).

The base score is the weighted mean of the indicators present, the weights of those absent left out (so a
missing indicator counts neither as 0 nor as 100); with no indicator present the target is **not assessed**
(``score=None``: never 0 or 100, and no division by zero). The bonus and penalty points are then added, the
result kept within 0–100, and a failed acceptance check or a failed veto rule in the period caps it at the
hall's cap. Scores are rounded half up to one decimal.

A window staff member inherits their window's figures (the first of their windows, by the order the inputs
give), with their own imported indicators in place of the window's where they have them, and the window's
bonus and penalty points plus their own.

Ranks are competition ranks per kind of target (ties share a rank: 1, 1, 3); a target not assessed has none.
A quarter or a year (:func:`roll_up`) is the mean of the months in which a target was assessed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, is_dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
HUNDRED = Decimal("100")
TENTH = Decimal("0.1")

#: The indicators in the order of the weights and of the breakdown.
INDICATORS = ("patrol", "self_check", "acceptance", "rectification", "service")
#: Imported indicators (``choices.Indicator`` values).
HANDLED, ON_TIME, PRAISE = "handled", "on_time", "praise"


def q(value: Decimal) -> Decimal:
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Weights:
    """The hall's ``IndicatorWeights`` in plain values (weights add up to 100)."""

    patrol: int = 40
    self_check: int = 15
    acceptance: int = 15
    rectification: int = 20
    service: int = 10
    overdue_points: Decimal = Decimal("10")
    rejected_points: Decimal = Decimal("5")
    repeat_points: Decimal = Decimal("5")
    repeat_days: int = 30
    veto_cap: Decimal = Decimal("60")

    def weight(self, indicator: str) -> int:
        return getattr(self, indicator)

    def check(self) -> None:
        total = sum(self.weight(name) for name in INDICATORS)
        if total != 100:
            raise ValueError(f"the weights add up to {total}, not 100")


@dataclass(frozen=True)
class UnitFigures:
    """A zone's or a window's figures for the period."""

    target_type: str  # "zone" or "window"
    target_id: int
    name: str
    patrol_scores: tuple[Decimal, ...] = ()
    self_checks_due: int = 0
    self_checks_done: int = 0
    acceptance_scores: tuple[Decimal, ...] = ()
    acceptance_failed: bool = False
    veto_failed: bool = False
    notices_due: int = 0
    notices_on_time: int = 0
    notices_overdue: int = 0
    rejections: int = 0
    repeats: int = 0
    indicators: dict[str, Decimal] = field(default_factory=dict)
    adjustments: tuple[Decimal, ...] = ()
    zone_id: int | None = None  # a window's zone


@dataclass(frozen=True)
class PersonFigures:
    person_id: int
    name: str
    window_id: int | None
    indicators: dict[str, Decimal] = field(default_factory=dict)
    adjustments: tuple[Decimal, ...] = ()


@dataclass(frozen=True)
class PeriodInputs:
    zones: tuple[UnitFigures, ...] = ()
    windows: tuple[UnitFigures, ...] = ()
    persons: tuple[PersonFigures, ...] = ()


@dataclass(frozen=True)
class Outcome:
    target_type: str
    target_id: int
    name: str
    score: Decimal | None
    rank: int | None
    breakdown: dict

    @property
    def key(self) -> tuple[str, int]:
        return (self.target_type, self.target_id)


# -- the indicators --------------------------------------------------------------------------------------------


def _mean(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum((Decimal(v) for v in values), ZERO) / len(values)


def rectification_score(unit: UnitFigures, weights: Weights) -> Decimal | None:
    if not (unit.notices_due or unit.notices_overdue or unit.rejections or unit.repeats):
        return None
    base = HUNDRED
    if unit.notices_due:
        base = HUNDRED * min(unit.notices_on_time, unit.notices_due) / unit.notices_due
    penalty = (
        unit.notices_overdue * Decimal(weights.overdue_points)
        + unit.rejections * Decimal(weights.rejected_points)
        + unit.repeats * Decimal(weights.repeat_points)
    )
    return max(ZERO, base - penalty)


def service_score(indicators: dict[str, Decimal], busiest: Decimal) -> Decimal | None:
    parts = [Decimal(indicators[name]) for name in (ON_TIME, PRAISE) if indicators.get(name) is not None]
    handled = indicators.get(HANDLED)
    if handled is not None and busiest > 0:
        parts.append(HUNDRED * Decimal(handled) / busiest)
    return _mean(parts)


def indicator_values(unit: UnitFigures, weights: Weights, busiest: Decimal) -> dict[str, Decimal | None]:
    due = unit.self_checks_due
    return {
        "patrol": _mean(unit.patrol_scores),
        "self_check": HUNDRED * min(unit.self_checks_done, due) / due if due else None,
        "acceptance": _mean(unit.acceptance_scores),
        "rectification": rectification_score(unit, weights),
        "service": service_score(unit.indicators, busiest),
    }


def _score(unit: UnitFigures, weights: Weights, busiest: Decimal) -> tuple[Decimal | None, dict]:
    values = indicator_values(unit, weights, busiest)
    present = {name: v for name, v in values.items() if v is not None and weights.weight(name) > 0}
    weight_sum = sum(weights.weight(name) for name in present)
    adjustment = sum((Decimal(a) for a in unit.adjustments), ZERO)
    capped = unit.acceptance_failed or unit.veto_failed
    breakdown = {
        "indicators": {
            name: {"value": None if v is None else str(q(v)), "weight": weights.weight(name)}
            for name, v in values.items()
        },
        "adjustments": str(q(adjustment)),
        "capped": capped,
    }
    if not weight_sum:
        breakdown["base"] = None
        return None, breakdown
    base = sum((weights.weight(name) * v for name, v in present.items()), ZERO) / weight_sum
    score = min(HUNDRED, max(ZERO, base + adjustment))
    if capped:
        score = min(score, Decimal(weights.veto_cap))
    breakdown["base"] = str(q(base))
    return q(score), breakdown


def rank(scores: Iterable[tuple[object, Decimal | None]]) -> dict[object, int | None]:
    """Competition ranks (1, 1, 3) of the scores, highest first; ``None`` for a key not assessed."""
    items = list(scores)
    ranked: dict[object, int | None] = {key: None for key, score in items if score is None}
    ordered = sorted((score for _key, score in items if score is not None), reverse=True)
    first = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    for key, score in items:
        if score is not None:
            ranked[key] = first[score]
    return ranked


def _busiest(units: Iterable[UnitFigures | PersonFigures]) -> Decimal:
    return max((Decimal(u.indicators[HANDLED]) for u in units if u.indicators.get(HANDLED) is not None), default=ZERO)


def _ranked(raw: list[tuple[str, int, str, Decimal | None, dict]]) -> list[Outcome]:
    ranks = rank(((t, i), s) for t, i, _n, s, _b in raw)
    outcomes = [Outcome(t, i, n, s, ranks[(t, i)], b) for t, i, n, s, b in raw]
    return sorted(outcomes, key=lambda o: (o.rank is None, o.rank or 0, o.name, o.target_id))


def assess(inputs: PeriodInputs, weights: Weights) -> list[Outcome]:
    """Outcomes of every zone, window and window staff member of ``inputs``: zones first, then windows, then
    staff, each ranked and ordered by rank (not assessed last), then name."""
    weights.check()
    outcomes: list[Outcome] = []
    for units in (inputs.zones, inputs.windows):
        busiest = _busiest(units)
        raw = []
        for unit in sorted(units, key=lambda u: u.target_id):
            score, breakdown = _score(unit, weights, busiest)
            raw.append((unit.target_type, unit.target_id, unit.name, score, breakdown))
        outcomes.extend(_ranked(raw))
    windows = {w.target_id: w for w in inputs.windows}
    # persons' cases handled compare with the busiest person (their own figures) or the busiest window
    busiest_person = _busiest(inputs.persons) or _busiest(inputs.windows)
    raw = []
    for person in sorted(inputs.persons, key=lambda p: p.person_id):
        window = windows.get(person.window_id) if person.window_id is not None else None
        if window is None:
            raw.append(("person", person.person_id, person.name, None, {"base": None, "window": None}))
            continue
        own = {**window.indicators, **person.indicators}
        merged = replace(window, indicators=own, adjustments=window.adjustments + person.adjustments)
        busiest = busiest_person if HANDLED in person.indicators else _busiest(inputs.windows)
        score, breakdown = _score(merged, weights, busiest)
        breakdown["window"] = window.target_id
        raw.append(("person", person.person_id, person.name, score, breakdown))
    outcomes.extend(_ranked(raw))
    return outcomes


def roll_up(months: Sequence[Sequence[Outcome]]) -> list[Outcome]:
    """A quarter's or a year's outcomes: per target, the mean of its scores in the months it was assessed (not
    assessed in any month: not assessed); ranked as the months are."""
    scores: dict[tuple[str, int], list[Decimal]] = {}
    names: dict[tuple[str, int], str] = {}
    for month in months:
        for outcome in month:
            names[outcome.key] = outcome.name
            scores.setdefault(outcome.key, [])
            if outcome.score is not None:
                scores[outcome.key].append(Decimal(outcome.score))
    outcomes = []
    for target_type in ("zone", "window", "person"):
        raw = []
        for key in sorted(k for k in scores if k[0] == target_type):
            values = scores[key]
            mean = _mean(values)
            breakdown = {"months": [str(v) for v in values], "assessed_months": len(values)}
            raw.append((key[0], key[1], names[key], None if mean is None else q(mean), breakdown))
        outcomes.extend(_ranked(raw))
    return outcomes


# -- snapshots: the inputs as JSON and back ----------------------------------------------------------------------


def _plain(value):
    """``value`` as JSON: what ``dataclasses.asdict`` gives with decimals as strings and tuples as lists, without
    its deep copy of every value (the figures hold only numbers, strings and their containers)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    return value


def inputs_to_json(inputs: PeriodInputs) -> dict:
    return _plain(inputs)


def _unit(data: dict) -> UnitFigures:
    return UnitFigures(
        **{
            **data,
            "patrol_scores": tuple(Decimal(v) for v in data["patrol_scores"]),
            "acceptance_scores": tuple(Decimal(v) for v in data["acceptance_scores"]),
            "indicators": {k: Decimal(v) for k, v in data["indicators"].items()},
            "adjustments": tuple(Decimal(v) for v in data["adjustments"]),
        }
    )


def inputs_from_json(data: dict) -> PeriodInputs:
    return PeriodInputs(
        zones=tuple(_unit(u) for u in data.get("zones", ())),
        windows=tuple(_unit(u) for u in data.get("windows", ())),
        persons=tuple(
            PersonFigures(
                person_id=p["person_id"],
                name=p["name"],
                window_id=p["window_id"],
                indicators={k: Decimal(v) for k, v in p["indicators"].items()},
                adjustments=tuple(Decimal(v) for v in p["adjustments"]),
            )
            for p in data.get("persons", ())
        ),
    )


def weights_to_json(weights: Weights) -> dict:
    return _plain(weights)


def weights_from_json(data: dict) -> Weights:
    return Weights(
        **{k: (Decimal(v) if k.endswith(("_points", "_cap")) else v) for k, v in data.items()},
    )


def outcomes_to_json(outcomes: Iterable[Outcome]) -> list[dict]:
    return [_plain(o) for o in outcomes]
