"""The demo's story is anchored to the plan's dates: the days it is placed on do not move with today."""

from datetime import date

from hallkeeper.demo.history import DEFAULT_SEED, PRE_CAMPAIGN_SHARE, ZONE_TENDENCY, _History, settled_on
from hallkeeper.demo.notices import ANCHORED_AGE, ROUTINE_STORIES, anchored_days
from hallkeeper.rectification.deadlines import is_working_day, working_days_between


def test_the_trend_settles_at_the_end_of_the_month_after_the_campaign_whatever_today():
    assert settled_on(date(2026, 12, 3)) == settled_on(date(2027, 2, 15)) == date(2026, 9, 30)
    assert settled_on(date(2026, 9, 1)) == date(2026, 9, 30)  # the day after the campaign
    assert settled_on(date(2026, 8, 31)) == date(2025, 9, 30)  # the campaign not over yet: last year's


def history(today: date) -> _History:
    """A history generator for ``today`` without the database (only its dates and tendencies are asked)."""
    h = _History.__new__(_History)
    h.today = today
    h.first = date(2026, 7, 13)
    h.mobilization = date(2026, 7, 1)
    h.round_days = [date(2026, 8, 3), date(2026, 8, 4), date(2026, 8, 5)]
    h.settled = settled_on(today)
    h.seed = DEFAULT_SEED
    return h


class _Zone:
    def __init__(self, code: str):
        self.code = code


def test_a_zones_tendency_on_a_day_does_not_depend_on_today():
    early, late = history(date(2026, 12, 3)), history(date(2027, 2, 15))
    for code in ZONE_TENDENCY:
        zone = _Zone(code)
        for day in (date(2026, 5, 12), date(2026, 7, 20), date(2026, 8, 20), date(2026, 9, 15), date(2026, 11, 2)):
            assert early.tendency(zone, day) == late.tendency(zone, day), (code, day)
        start, at_acceptance, settled = ZONE_TENDENCY[code]
        assert early.tendency(zone, date(2026, 10, 15)) == settled == late.tendency(zone, date(2027, 1, 20))
        assert early.tendency(zone, date(2026, 8, 3)) == at_acceptance
    # the campaign shows: the hall before it needed the drive, the acceptance is far better
    z05 = _Zone("Z05")
    assert early.tendency(z05, date(2026, 6, 1)) == ZONE_TENDENCY["Z05"][0] * PRE_CAMPAIGN_SHARE
    assert early.tendency(z05, date(2026, 6, 1)) > 2 * early.tendency(z05, date(2026, 8, 3))


def test_the_old_notices_are_issued_on_the_plans_dates():
    old = sum(1 for s in ROUTINE_STORIES if s.age > ANCHORED_AGE)
    early, late = anchored_days(date(2026, 12, 3), old), anchored_days(date(2027, 2, 15), old)
    assert early and early == late[: len(early)]
    assert early[0] == date(2026, 7, 17)  # the first week of the implementation phase's patrols
    assert all(is_working_day(d) for d in early)
    for day in early:  # never among the young notices of the last weeks
        assert working_days_between(day, date(2026, 12, 3)) > ANCHORED_AGE
    assert anchored_days(date(2026, 9, 1), old) == early[:4]  # loaded just after the campaign: its weeks only
