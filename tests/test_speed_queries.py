"""The rewritten reads: the zone history's top rules in one grouped query, and page reads that compare timestamp
ranges instead of casting every row to a date."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hallkeeper.core.dates import day_bounds, day_of
from hallkeeper.dashboard.overview import site_glance
from hallkeeper.inspections import history
from hallkeeper.inspections.models import Finding, Inspection
from hallkeeper.inspections.planning import coverage
from hallkeeper.places.choices import PositionKind
from hallkeeper.standards.models import Rule

from .factories import PositionFactory
from .inspection_data import submitted
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

# what `__date` and TruncDate compile to (SQLite: a Python function per row; PostgreSQL: a cast per row)
DATE_CASTS = ("django_datetime_cast_date", "AT TIME ZONE")


def no_date_cast(captured) -> bool:
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    return not any(cast in sql for cast in DATE_CASTS)


@pytest.fixture
def hall(alpha):
    """alpha with the tiny handbook and a drawer at each window: both of its rules apply in each zone."""
    install_tiny_handbook(alpha.hall)
    for zone, window in zip(alpha.zones, alpha.windows, strict=True):
        PositionFactory(hall=alpha.hall, zone=zone, window=window, kind=PositionKind.DRAWER, code=f"DR-{zone.code}")
    return alpha


def test_top_rules_is_one_grouped_query_without_subqueries(hall):
    for _n in range(3):
        submitted(hall, fails={"seal-locked": 2})
    submitted(hall, fails={"exit-clear": 1})
    findings = Finding.objects.filter(zone=hall.zones[0])
    period = history.Period.from_dates(None, None)

    with CaptureQueriesContext(connection) as captured:
        top = history._top_rules(findings, period)

    assert len(captured) == 1
    assert captured.captured_queries[0]["sql"].count("SELECT") == 1  # no subquery per finding
    assert [(r["rule_key"], r["times"], r["occurrences"]) for r in top] == [("seal-locked", 3, 6), ("exit-clear", 1, 1)]
    seal = Rule.objects.filter(key="seal-locked").first()
    assert (top[0]["code"], top[0]["title"]) == (seal.code, seal.title)
    assert top[0]["deduction"] == sum(f.deduction for f in findings.filter(rule_key="seal-locked"))
    assert top[0]["last_found"] == findings.filter(rule_key="seal-locked").latest("found_at").found_at


def test_top_rules_names_a_reworded_rule_by_its_latest_finding(hall):
    first = submitted(hall, fails={"seal-locked": 1})
    latest = submitted(hall, fails={"seal-locked": 1})
    Finding.objects.filter(inspection=first).update(found_at=timezone.now() - timedelta(days=3))
    # the latest finding's rule is another version's wording of the same rule key
    other = Rule.objects.get(key="exit-clear")
    Finding.objects.filter(inspection=latest).update(rule=other)

    top = history._top_rules(Finding.objects.filter(zone=hall.zones[0]), history.Period.from_dates(None, None))

    assert [(r["rule_key"], r["times"], r["code"], r["title"]) for r in top] == [
        ("seal-locked", 2, other.code, other.title)
    ]


def test_zone_history_runs_no_date_cast_and_the_same_queries_for_a_longer_history(client, hall):
    client.force_login(hall.users["admin"])
    from django.urls import reverse

    url = reverse("zone_history", kwargs={"hall": hall.hall.code, "pk": hall.zones[0].pk})
    submitted(hall, fails={"seal-locked": 1})
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _n in range(4):
        submitted(hall, fails={"exit-clear": 1, "seal-locked": 1})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) and no_date_cast(many)


def test_overview_and_coverage_compare_timestamp_ranges(hall):
    submitted(hall)
    old = submitted(hall, zone_index=1)
    Inspection.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=40))
    today = timezone.localdate()

    with CaptureQueriesContext(connection) as captured:
        glance = site_glance(hall.users["leadership"], hall.hall, today=today)
        grid = coverage(hall.users["leadership"], hall.hall, today - timedelta(days=today.weekday()), today=today)

    assert no_date_cast(captured)
    assert [z.inspections for z in glance.zones] == [1, 0]  # the 40-day-old one is outside the 30 days
    assert grid.patrol_total == 1
    cell = next(c for c in grid.rows[0].cells if c.day == today)
    assert cell.patrols == 1


def test_day_bounds_and_day_of_follow_the_local_midnights(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    day = timezone.localdate()
    start, end = day_bounds(day)
    assert timezone.localtime(start).hour == 0 and end - start == timedelta(days=1)
    assert day_bounds(day, day + timedelta(days=6))[1] - start == timedelta(days=7)
    case = day_of("submitted_at", [day, day + timedelta(days=1)])
    assert len(case.cases) == 2


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2026-02-30", "x"])
def test_audit_trail_day_filters_take_any_date_without_an_error(client, alpha, day):
    from django.urls import reverse

    from hallkeeper.accounts.choices import Role

    client.force_login(alpha.users[Role.AUDIT_ADMIN])
    url = reverse("audit_trail", kwargs={"hall": alpha.hall.code})
    for name in ("since", "until"):
        response = client.get(url, {name: day})
        assert (
            response.status_code == 200
            if day[0].isdigit() and day != "2026-02-30"
            else response.status_code
            in (
                200,
                400,
            )
        )


def test_day_bounds_at_the_edges_of_the_calendar():
    from datetime import date

    start, end = day_bounds(date(1, 1, 1), date(9999, 12, 31))
    assert start.year == 1000 and end.year == 9001
