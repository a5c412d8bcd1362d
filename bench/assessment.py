"""The assessment's computation against its bare SQL, in the ratio step's settings (``bench.ratios``).

On the hall that ``bench.ratios`` filled with a year of daily patrols and its notices (SQLite, one hall; and
the same hall among 100 halls on PostgreSQL), this times ``assessment.services.compute_outcomes`` — what
computing a period runs before it stores its results — for

* **a month**: the last whole month of the history (the current month if the history is shorter), every
  zone, window and window staff member scored from the hall's checks, notices, bonus and penalty items and
  imported indicators;
* **the year**: the annual roll-up of the twelve months before it, each computed from the data (no month is
  published in the bench, so none is read from a snapshot: the costliest case).

Each is reported like a page: p50 of ``requests`` runs after ``warmup``, the SELECTs it ran executed again on the
cursor (``bench.speed.bare_sql_ms``, the floor), their ratio and the query count. A month's query count must be
the same whatever the data (1 hall or 100, a week of history or a year): the ratio table shows both settings'
counts side by side, and :func:`query_counts_agree` checks them.

Only the standard library is imported at module level: Django is configured first.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence

MONTH, YEAR = "assessment: a month", "assessment: a year (12 months)"
PAGES = (MONTH, YEAR)


def _latest_month(hall, today: dt.date) -> dt.date:
    """The first day of the last whole month before ``today`` if the hall's history reaches into it, else of the
    month of its latest check (a short history, as ``--quick`` writes, may lie in the current month only)."""
    from django.utils import timezone

    from hallkeeper.inspections.models import Inspection

    whole = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    latest = (
        Inspection.objects.filter(hall=hall, submitted_at__isnull=False, submitted_at__date__lt=today.replace(day=1))
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    return whole if latest is not None and timezone.localtime(latest).date() >= whole else today.replace(day=1)


def _periods(hall, today: dt.date):
    """Unsaved periods (computing reads only their hall, kind and dates): the last whole month and its year."""
    from hallkeeper.assessment.choices import PeriodKind
    from hallkeeper.assessment.models import AssessmentPeriod
    from hallkeeper.assessment.services import period_bounds

    month = _latest_month(hall, today)
    starts_on, ends_on = period_bounds(PeriodKind.MONTH, month)
    first = (month.replace(day=15) - dt.timedelta(days=335)).replace(day=1)  # eleven months before it
    return [
        (MONTH, AssessmentPeriod(hall=hall, kind=PeriodKind.MONTH, starts_on=starts_on, ends_on=ends_on)),
        (YEAR, AssessmentPeriod(hall=hall, kind=PeriodKind.YEAR, starts_on=first, ends_on=ends_on)),
    ]


def measure_assessment(hall, *, requests: int, warmup: int, today: dt.date | None = None) -> list:
    """The month's and the year's computation as :class:`bench.ratios.PageRatio` rows (no layout: not a page)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.ratios import PageRatio
    from bench.run import percentile
    from bench.speed import bare_sql_ms
    from hallkeeper.assessment.services import compute_outcomes

    today = today or timezone.localdate()
    rows = []
    for label, period in _periods(hall, today):
        times, counts, sql, assessed = [], [], [], 0
        for i in range(warmup + requests):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                _data, outcomes = compute_outcomes(period, today=today)
                elapsed = time.perf_counter() - started
            if i >= warmup:
                times.append(elapsed * 1000)
                counts.append(len(captured.captured_queries))
                sql = [q["sql"] for q in captured.captured_queries]
                assessed = sum(1 for o in outcomes if o.score is not None)
        if not assessed:
            from bench.run import BenchError

            raise BenchError(f"{label}: nothing was assessed ({period.starts_on} – {period.ends_on})")
        low, high = min(counts), max(counts)
        rows.append(
            PageRatio(
                label,
                f"{period.starts_on:%Y-%m} – {period.ends_on:%Y-%m} ({assessed} assessed)",
                percentile(times, 50),
                bare_sql_ms(sql),
                0.0,
                str(low) if low == high else f"{low}–{high}",
            )
        )
    return rows


def query_counts_agree(results: Sequence) -> tuple[list[str], bool]:
    """Whether the month's computation ran as many queries in every setting that measured it."""
    counts = {
        r.label: next((p.queries for p in r.pages if p.page == MONTH), None)
        for r in results
        if not getattr(r, "error", "")
    }
    measured = {label: n for label, n in counts.items() if n is not None}
    if len(measured) < 2:
        return [], True
    same = len(set(measured.values())) == 1
    line = "  assessment of a month, queries: " + ", ".join(f"{label} {n}" for label, n in measured.items())
    return [line + (" — the same" if same else " — DIFFERENT: the computation's queries grow with the data")], same
