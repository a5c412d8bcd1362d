"""Working days on the official calendar: public holidays skipped, 调休 make-up days worked, and weekends-only
outside the years the calendar package covers."""

from datetime import date

import pytest

from hallkeeper.rectification import deadlines
from hallkeeper.rectification.deadlines import add_working_days, is_working_day, working_days_between

# National Day and Mid-Autumn 2026: Thursday 1 to Wednesday 7 October off; Sunday 20 September and Saturday
# 10 October worked (the State Council's arrangement for 2026).
WED_SEP_30, THU_OCT_1, WED_OCT_7, THU_OCT_8 = date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 7), date(2026, 10, 8)
SAT_OCT_10, MON_OCT_12 = date(2026, 10, 10), date(2026, 10, 12)


def test_national_day_week_is_not_worked():
    assert not any(is_working_day(date(2026, 10, d)) for d in range(1, 8))


def test_make_up_saturday_and_sunday_are_worked():
    assert SAT_OCT_10.weekday() == 5 and is_working_day(SAT_OCT_10)
    assert date(2026, 9, 20).weekday() == 6 and is_working_day(date(2026, 9, 20))
    assert not is_working_day(date(2026, 10, 11))  # the Sunday after stays off


@pytest.mark.parametrize(
    ("start_on", "n", "expected"),
    [
        (WED_SEP_30, 1, THU_OCT_8),  # the whole holiday week is skipped
        (THU_OCT_1, 1, THU_OCT_8),  # issued on the holiday itself
        (WED_SEP_30, 2, date(2026, 10, 9)),
        (WED_SEP_30, 3, SAT_OCT_10),  # the make-up Saturday counts
        (WED_SEP_30, 4, MON_OCT_12),
        (date(2026, 9, 18), 1, date(2026, 9, 20)),  # Friday + 1 = the make-up Sunday
    ],
)
def test_add_working_days_follows_the_official_calendar(start_on, n, expected):
    assert add_working_days(start_on, n) == expected


def test_working_days_between_counts_make_up_days_and_skips_holidays():
    assert working_days_between(WED_SEP_30, WED_OCT_7) == 0
    assert working_days_between(WED_SEP_30, MON_OCT_12) == 4  # 8, 9, 10 (Saturday) and 12 October


def test_outside_the_covered_years_only_weekends_are_skipped():
    far = date(2100, 10, 1)  # a Friday, in a year the calendar does not know
    with pytest.raises(NotImplementedError):
        deadlines.chinese_calendar.is_workday(far)
    assert is_working_day(far)
    assert not is_working_day(date(2100, 10, 2))  # Saturday
    assert add_working_days(far, 1) == date(2100, 10, 4)  # Monday
