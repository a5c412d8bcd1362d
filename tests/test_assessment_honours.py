"""The honours' selection (pure): ties at a cut-off all in, units not assessed never honoured, nobody on both
lists, the red flag to the best eligible unit with its tie-breaks (base score, then the previous holder, else
shared), windows and stars; and the rules refusing overlapping thresholds field by field."""

from __future__ import annotations

import zlib
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from hallkeeper.assessment.honours import Rules, Unit, rules_from_json, rules_to_json, select
from hallkeeper.assessment.models import HonourRules


def z(name, score, base=None, capped=False, tid=None):
    return Unit("zone", tid or zlib.crc32(name.encode()), name, None if score is None else D(score), None,
                None if base is None else D(base), capped)  # fmt: skip


def w(name, score, **kw):
    return Unit("window", zlib.crc32(name.encode()), name, None if score is None else D(score), **kw)


def p(name, score):
    return Unit("person", zlib.crc32(name.encode()), name, None if score is None else D(score))


def names(units):
    return [u.name for u in units]


ZONES = [z("A", "96"), z("B", "96"), z("C", "88"), z("D", "80"), z("E", "72"), z("F", "72"), z("G", None)]

# (case, units, rules, red list, black list)
LISTS = [
    ("defaults: ties at rank 1, 3 red; 3 from the bottom less the red", ZONES, Rules(), ["A", "B", "C"],
     ["E", "F", "D"]),
    ("a tie at the red cut-off is all in", ZONES, Rules(red_size=1), ["A", "B"], ["E", "F", "D"]),
    ("a tie at the black cut-off is all in", ZONES, Rules(black_size=1), ["A", "B", "C"], ["E", "F"]),
    ("the red minimum keeps a top zone off", ZONES, Rules(red_min=D("90")), ["A", "B"], ["E", "F", "D"]),
    ("a line instead of a size", ZONES, Rules(black_size=0, black_below=D("81")), ["A", "B", "C"], ["E", "F", "D"]),
    ("size and line together", ZONES, Rules(black_size=1, black_below=D("85")), ["A", "B", "C"],
     ["E", "F", "D"]),
    ("no lists", ZONES, Rules(red_size=0, black_size=0), [], []),
    ("never both: red wins over a bottom place", [z("A", "90"), z("B", "85")], Rules(), ["A", "B"], []),
    ("nobody assessed", [z("A", None), z("B", None)], Rules(), [], []),
    ("not assessed never listed", [z("A", "50"), z("B", None)], Rules(), [], ["A"]),
    ("all tied", [z("A", "75"), z("B", "75"), z("C", "75"), z("D", "75")], Rules(red_size=1),
     ["A", "B", "C", "D"], []),
]  # fmt: skip


@pytest.mark.parametrize("case,units,rules,red,black", LISTS, ids=[c[0] for c in LISTS])
def test_red_and_black_lists(case, units, rules, red, black):
    honours = select(units, rules)
    assert names(honours.red_list) == red
    assert names(honours.black_list) == black
    assert not {u.key for u in honours.red_list} & {u.key for u in honours.black_list}


# (case, units, previous holder keys, flag holders, reason)
PREV = ("zone", 2)
FLAGS = [
    ("the best", [z("A", "96"), z("B", "90")], [], ["A"], "best"),
    ("below the minimum: nobody", [z("A", "84.9"), z("B", "80")], [], [], ""),
    ("not assessed: nobody", [z("A", None)], [], [], ""),
    ("a capped score never wins", [z("A", "96", capped=True), z("B", "90")], [], ["B"], "best"),
    ("a tie: the higher base score", [z("A", "96", base="92"), z("B", "96", base="95")], [], ["B"], "base"),
    ("a tie in base too: the previous holder keeps it",
     [z("A", "96", base="90", tid=1), z("B", "96", base="90", tid=2)], [PREV], ["B"], "kept"),
    ("the previous holder loses on base", [z("A", "96", base="95", tid=1), z("B", "96", base="90", tid=2)], [PREV],
     ["A"], "base"),
    ("still tied, no previous holder among them: shared",
     [z("A", "96", tid=1), z("B", "96", tid=3)], [PREV], ["A", "B"], "shared"),
    ("a black-listed zone never holds it (all tied low)",
     [z("A", "86"), z("B", "86")], [], [], ""),
]  # fmt: skip


@pytest.mark.parametrize("case,units,previous,holders,reason", FLAGS, ids=[c[0] for c in FLAGS])
def test_the_red_flag(case, units, previous, holders, reason):
    rules = Rules(red_min=D("87")) if "black-listed" in case else Rules()
    honours = select(units, rules, previous)
    assert sorted(names(honours.flag)) == holders
    assert honours.flag_reason == reason


def test_the_flag_to_a_window_and_no_flag_for_lists_only():
    units = [z("A", "99"), w("01号窗口", "90"), w("02号窗口", "95")]
    assert names(select(units, Rules(flag_target="window")).flag) == ["02号窗口"]
    honours = select(units, Rules().lists_only())
    assert honours.flag == () and honours.red_windows == () and honours.service_stars == ()
    assert names(honours.red_list) == ["A"]


WINDOWS_STARS = [
    ("three from 85, ties in", Rules(), ["w1", "w2", "w3", "w4"], ["p1", "p2"]),
    ("one each", Rules(red_windows=1, service_stars=1), ["w1", "w2"], ["p1"]),
    ("none", Rules(red_windows=0, service_stars=0), [], []),
    ("higher minimums", Rules(red_window_min=D("97"), service_star_min=D("91")), ["w1", "w2"], ["p1"]),
]


@pytest.mark.parametrize("case,rules,windows,stars", WINDOWS_STARS, ids=[c[0] for c in WINDOWS_STARS])
def test_red_flag_windows_and_service_stars(case, rules, windows, stars):
    units = [w("w1", "98"), w("w2", "98"), w("w3", "90"), w("w4", "90"), w("w5", "80"), w("w6", None),
             p("p1", "92"), p("p2", "86"), p("p3", "84"), p("p4", None)]  # fmt: skip
    honours = select(units, rules)
    assert names(honours.red_windows) == windows
    assert names(honours.service_stars) == stars
    assert all(u.score is not None for _kind, u in honours.rows())


def test_rules_round_trip_through_json():
    rules = Rules(red_size=2, black_below=D("60.5"), flag_target="window", service_stars=0)
    assert rules_from_json(rules_to_json(rules)) == rules
    assert rules_from_json(rules_to_json(Rules().lists_only())) == Rules().lists_only()


# (changes, the fields refused)
REFUSED = [
    ({"red_min": D("60"), "black_below": D("60")}, {"red_min"}),
    ({"red_min": D("50"), "black_below": D("60"), "flag_min": D("55")}, {"red_min", "flag_min"}),
    ({"red_size": 21}, {"red_size"}),
    ({"black_size": -1}, {"black_size"}),
    ({"flag_min": D("100.1")}, {"flag_min"}),
    ({"flag_target": "person"}, {"flag_target"}),
    ({"service_star_min": D("-1")}, {"service_star_min"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("changes,fields", REFUSED)
def test_the_rules_refuse_nonsense_field_by_field(alpha, changes, fields):
    row = HonourRules(hall=alpha.hall, **changes)
    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    assert set(refused.value.message_dict) == fields


@pytest.mark.django_db
def test_the_defaults_and_a_black_line_below_the_red_minimum_are_fine(alpha):
    HonourRules(hall=alpha.hall).full_clean()
    HonourRules(hall=alpha.hall, black_below=D("69.9"), red_size=0, black_size=0, red_windows=20).full_clean()
