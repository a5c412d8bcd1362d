"""Days as timestamp ranges: a page compares ``created_at >= start AND created_at < end`` from the local
midnights, which an index serves, instead of casting every row's timestamp to a date (``__date``, ``TruncDate``;
on SQLite that cast is a Python function called per row)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db.models import Case, DateField, Q, Value, When
from django.utils import timezone

EARLIEST, LATEST = date(1000, 1, 1), date(9000, 12, 31)


def day_bounds(first: date, last: date | None = None) -> tuple[datetime, datetime]:
    """[local midnight starting ``first``, local midnight after ``last``) as aware datetimes (``last`` defaults
    to ``first``: one day)."""
    tz = timezone.get_current_timezone()
    last = first if last is None else last
    # A date typed at the edge of the calendar (0001-01-01, 9999-12-31) has no midnight in every time zone:
    # clamp to years that do, which select the same rows.
    first, last = min(max(first, EARLIEST), LATEST), min(max(last, EARLIEST), LATEST)
    start = timezone.make_aware(datetime.combine(first, time.min), tz)
    end = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), tz)
    return start, end


def since_q(field: str, day: date):
    """``Q(field >= local midnight of day)``: rows from that day on."""
    return Q(**{f"{field}__gte": day_bounds(day)[0]})


def day_of(field: str, days: list[date]) -> Case:
    """The local day of ``field`` among consecutive ``days``, as a SQL CASE over their midnight bounds (to group
    by day without a per-row cast); NULL outside them."""
    whens = [When(**{f"{field}__gte": day_bounds(d)[0], f"{field}__lt": day_bounds(d)[1]}, then=Value(d)) for d in days]
    return Case(*whens, default=None, output_field=DateField())
