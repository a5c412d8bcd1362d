"""The assessment's pure computation, by tables: indicators, weights, missing data, vetoes, adjustments, ranks,
roll-ups, and the same inputs always giving the same outcomes (a snapshot computes to its results again)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from hallkeeper.assessment.compute import (
    Outcome,
    PeriodInputs,
    PersonFigures,
    UnitFigures,
    Weights,
    assess,
    inputs_from_json,
    inputs_to_json,
    rank,
    roll_up,
    weights_from_json,
    weights_to_json,
)

W = Weights()  # 40 / 15 / 15 / 20 / 10


def zone(i=1, **figures) -> UnitFigures:
    return UnitFigures(target_type="zone", target_id=i, name=f"Z{i}", **figures)


def score_of(unit: UnitFigures, weights: Weights = W) -> D | None:
    (outcome,) = assess(PeriodInputs(zones=(unit,)), weights)
    return outcome.score


CASES = [
    # (what, figures, expected score)
    ("no data at all: not assessed", {}, None),
    ("only adjustments: still not assessed", {"adjustments": (D("5"),)}, None),
    ("patrols only: their mean", {"patrol_scores": (D("90"), D("80"))}, D("85.0")),
    ("self-checks none due: left out", {"patrol_scores": (D("90"),), "self_checks_due": 0}, D("90.0")),
    (
        "patrol 90 (40) and self-checks 1 of 2 (15): weighted over present",
        {"patrol_scores": (D("90"),), "self_checks_due": 2, "self_checks_done": 1},
        D("79.1"),  # (40×90 + 15×50) / 55 = 79.09
    ),
    ("more done than due counts as all", {"self_checks_due": 2, "self_checks_done": 5}, D("100.0")),
    (
        "rectification: 1 of 2 on time, one overdue (−10)",
        {"notices_due": 2, "notices_on_time": 1, "notices_overdue": 1},
        D("40.0"),
    ),
    ("rectification never below 0", {"notices_due": 1, "notices_overdue": 1, "rejections": 30}, D("0.0")),
    ("a repeat alone makes rectification count", {"repeats": 1}, D("95.0")),
    ("adjustments add, bounded at 100", {"patrol_scores": (D("98"),), "adjustments": (D("5"),)}, D("100.0")),
    ("penalties subtract", {"patrol_scores": (D("90"),), "adjustments": (D("-3"), D("-2.5"))}, D("84.5")),
    ("never below 0", {"patrol_scores": (D("10"),), "adjustments": (D("-50"),)}, D("0.0")),
    (
        "failed acceptance caps the score",
        {"patrol_scores": (D("95"),), "acceptance_scores": (D("88"),), "acceptance_failed": True},
        D("60.0"),
    ),
    ("veto caps too", {"patrol_scores": (D("95"),), "veto_failed": True}, D("60.0")),
    ("cap keeps a lower score", {"patrol_scores": (D("40"),), "veto_failed": True}, D("40.0")),
    (
        "service: rates as they are",
        {"indicators": {"on_time": D("90"), "praise": D("100")}},
        D("95.0"),
    ),
]


@pytest.mark.parametrize(("what", "figures", "expected"), CASES, ids=[c[0] for c in CASES])
def test_scores(what, figures, expected):
    assert score_of(zone(**figures)) == expected


def test_weights_that_do_not_add_up_are_refused():
    with pytest.raises(ValueError, match="add up to 101"):
        assess(PeriodInputs(), Weights(patrol=41))


def test_a_zero_weight_leaves_the_indicator_out():
    weights = Weights(patrol=0, self_check=55)
    assert score_of(zone(patrol_scores=(D("10"),)), weights) is None
    assert score_of(zone(patrol_scores=(D("10"),), self_checks_due=1, self_checks_done=1), weights) == D("100.0")


def test_weights_change_the_result():
    unit = zone(patrol_scores=(D("100"),), self_checks_due=1, self_checks_done=0)
    assert score_of(unit) == D("72.7")  # 40×100 / 55
    assert score_of(unit, Weights(patrol=70, self_check=10, acceptance=10, rectification=5, service=5)) == D("87.5")


def test_cases_handled_compare_with_the_busiest():
    windows = tuple(
        UnitFigures(target_type="window", target_id=i, name=f"W{i}", indicators={"handled": D(n)})
        for i, n in ((1, "200"), (2, "100"), (3, "0"))
    )
    scores = {o.target_id: o.score for o in assess(PeriodInputs(windows=windows), W)}
    assert scores == {1: D("100.0"), 2: D("50.0"), 3: D("0.0")}


def test_cases_handled_all_zero_are_left_out():
    windows = (UnitFigures(target_type="window", target_id=1, name="W1", indicators={"handled": D("0")}),)
    assert assess(PeriodInputs(windows=windows), W)[0].score is None


RANKS = [
    ([90, 90, 80], [1, 1, 3]),
    ([70, 80, 90], [3, 2, 1]),
    ([90, None, 90, 85], [1, None, 1, 3]),
    ([None, None], [None, None]),
    ([], []),
]


@pytest.mark.parametrize(("scores", "ranks"), RANKS)
def test_ranks_share_on_ties(scores, ranks):
    ranked = rank((i, None if s is None else D(s)) for i, s in enumerate(scores))
    assert [ranked[i] for i in range(len(scores))] == ranks


def test_outcomes_are_ranked_per_kind_of_target_and_not_assessed_come_last():
    inputs = PeriodInputs(
        zones=(zone(1, patrol_scores=(D("80"),)), zone(2), zone(3, patrol_scores=(D("80"),))),
        windows=(UnitFigures(target_type="window", target_id=7, name="W7", patrol_scores=(D("50"),), zone_id=1),),
    )
    outcomes = assess(inputs, W)
    assert [(o.target_type, o.target_id, o.rank) for o in outcomes] == [
        ("zone", 1, 1),
        ("zone", 3, 1),
        ("zone", 2, None),
        ("window", 7, 1),
    ]


def test_staff_inherit_their_window_with_their_own_items():
    window = UnitFigures(
        target_type="window",
        target_id=5,
        name="W5",
        patrol_scores=(D("80"),),
        adjustments=(D("2"),),
        indicators={"praise": D("80")},
    )
    people = (
        PersonFigures(person_id=1, name="甲", window_id=5),
        PersonFigures(person_id=2, name="乙", window_id=5, adjustments=(D("-4"),)),
        PersonFigures(person_id=3, name="丙", window_id=5, indicators={"praise": D("100")}),
        PersonFigures(person_id=4, name="丁", window_id=None),
    )
    scores = {
        o.target_id: o.score
        for o in assess(PeriodInputs(windows=(window,), persons=people), W)
        if o.target_type == "person"
    }
    assert scores == {1: D("82.0"), 2: D("78.0"), 3: D("86.0"), 4: None}  # 3: (40×80 + 10×100) / 50 + 2


def test_breakdown_names_every_indicator():
    (outcome,) = assess(PeriodInputs(zones=(zone(patrol_scores=(D("90"),), veto_failed=True),)), W)
    assert outcome.breakdown["indicators"]["patrol"] == {"value": "90.0", "weight": 40}
    assert outcome.breakdown["indicators"]["self_check"] == {"value": None, "weight": 15}
    assert outcome.breakdown["capped"] is True
    assert outcome.breakdown["base"] == "90.0"


def test_roll_up_is_the_mean_of_the_assessed_months():
    def month(**scores):
        return [Outcome("zone", i, f"Z{i}", None if s is None else D(s), None, {}) for i, s in scores.items()]

    months = [
        [*month(**{"1": "90", "2": None}), Outcome("zone", 3, "Z3", None, None, {})],
        [*month(**{"1": "80", "2": "70"}), Outcome("zone", 3, "Z3", None, None, {})],
        month(**{"1": "85"}),
    ]
    # keys as ints
    months = [
        [Outcome(o.target_type, int(o.target_id), o.name, o.score, o.rank, o.breakdown) for o in m] for m in months
    ]
    outcomes = {o.target_id: o for o in roll_up(months)}
    assert outcomes[1].score == D("85.0") and outcomes[1].breakdown["assessed_months"] == 3
    assert outcomes[2].score == D("70.0") and outcomes[2].rank == 2
    assert outcomes[3].score is None and outcomes[3].rank is None


def _rich_inputs() -> PeriodInputs:
    return PeriodInputs(
        zones=(
            zone(
                1,
                patrol_scores=(D("91.5"), D("88")),
                self_checks_due=4,
                self_checks_done=3,
                notices_due=2,
                notices_on_time=2,
                repeats=1,
                adjustments=(D("3"),),
                indicators={"handled": D("12"), "praise": D("99.5")},
            ),
            zone(2, acceptance_scores=(D("85"),), acceptance_failed=True),
            zone(3),
        ),
        windows=(UnitFigures(target_type="window", target_id=9, name="W9", patrol_scores=(D("70"),), zone_id=1),),
        persons=(PersonFigures(person_id=4, name="甲", window_id=9, indicators={"on_time": D("100")}),),
    )


def test_the_same_inputs_give_the_same_outcomes():
    inputs = _rich_inputs()
    assert assess(inputs, W) == assess(inputs, W)
    shuffled = PeriodInputs(zones=tuple(reversed(inputs.zones)), windows=inputs.windows, persons=inputs.persons)
    assert assess(shuffled, W) == assess(inputs, W)


def test_a_snapshot_round_trip_computes_the_same_outcomes():
    import json

    inputs = _rich_inputs()
    weights = Weights(patrol=30, self_check=20, acceptance=20, rectification=20, service=10, veto_cap=D("55.5"))
    stored = json.loads(json.dumps({"inputs": inputs_to_json(inputs), "weights": weights_to_json(weights)}))
    again_inputs, again_weights = inputs_from_json(stored["inputs"]), weights_from_json(stored["weights"])
    assert again_inputs == inputs and again_weights == weights
    assert assess(again_inputs, again_weights) == assess(inputs, weights)
