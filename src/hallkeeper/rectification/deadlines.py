"""Deadlines in working days, on the mainland Chinese official calendar.

A working day is what the State Council's yearly holiday arrangement says it is, read from the
maintained ``chinesecalendar`` package (module ``chinese_calendar``): public holidays such as the
National Day week are skipped, and the make-up working days around them (调休, a Saturday or Sunday
that is worked) count as working days. The package covers the years for which the arrangement has
been published; for a day outside them (it raises ``NotImplementedError``) Hallkeeper falls back to
skipping Saturdays and Sundays only, and a deadline that lands on a holiday there is moved by hand
(the issuer picks another date, or grants an extension). Updating the package brings new years in.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

import chinese_calendar

from .choices import SEVERITY_ORDER

if TYPE_CHECKING:
    from .models import RectificationPolicy


def is_working_day(day: date) -> bool:
    """Whether ``day`` is an official working day (holidays off, 调休 days on; weekdays outside known years)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the package does not cover yet
        return day.weekday() < 5


def add_working_days(start: date, n: int) -> date:
    """The day ``n`` working days after ``start`` (Friday + 1 = Monday); ``n = 0`` is ``start`` itself."""
    if n < 0:
        raise ValueError("n must not be negative")
    day = start
    while n > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def most_severe(severities: Iterable[str]) -> str:
    """The most severe of ``severities`` (veto > major > minor); unknown values count as minor."""
    present = set(severities)
    for severity in SEVERITY_ORDER:
        if severity in present:
            return severity
    return SEVERITY_ORDER[-1]


def default_deadline(policy: RectificationPolicy, severities: Iterable[str] | str, issued_on: date) -> date:
    """The deadline a notice gets by default: the policy's working days for its most severe finding."""
    if isinstance(severities, str):
        severities = [severities]
    return add_working_days(issued_on, policy.days_for(most_severe(severities)))
