"""The leaders' dashboard (issue 9, part 5) and the halls compared with their stars (part 6): the pure shaping
(months, movement, repeats, stars, sorting, thresholds), the selectors on real rows with bounded query counts,
and the pages (who sees them, another hall, a bad month, the Excel export, the click-through targets)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment.choices import PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import AssessmentPeriod, AssessmentResult, IndicatorWeights
from hallkeeper.core.models import Event
from hallkeeper.dashboard import comparison, leaders, services
from hallkeeper.dashboard.models import StarThresholds
from hallkeeper.inspections.models import Finding, Inspection

from .factories import RoleFactory, UserFactory, make_hall
from .inspection_data import add_service_window, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)
LAST = leaders.add_months(MONTH, -1)
D = Decimal


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def publish(small, month: dt.date, scores: list[Decimal | None], revision: int = 1, state=PeriodState.PUBLISHED):
    """A monthly period of ``small`` in ``state`` with the zones' ``scores`` (rows written directly: the
    assessment's own tests cover how a period is computed and published)."""
    period = AssessmentPeriod.objects.create(
        hall=small.hall,
        kind=PeriodKind.MONTH,
        starts_on=month,
        ends_on=leaders.month_end(month),
        state=state,
        revision=revision,
    )
    for zone, score in zip(small.zones, scores, strict=True):
        AssessmentResult.objects.create(
            hall=small.hall, period=period, target_type=TargetType.ZONE, zone=zone, name=zone.name, score=score
        )
    return period


def failing(small, day: dt.date, fails: dict[str, int], zone_index: int = 0, user_key=Role.SUPERVISION):
    """A submitted check of zone ``zone_index`` failing ``fails``, moved (with its findings) to ``day``."""
    inspection = submitted(small, fails, zone_index=zone_index, user_key=user_key)
    Inspection.objects.filter(pk=inspection.pk).update(submitted_at=at(day))
    Finding.objects.filter(inspection=inspection).update(found_at=at(day))
    return inspection


@pytest.fixture
def hall(alpha):
    install_tiny_handbook(alpha.hall)
    add_service_window(alpha, 0)  # every rule of the tiny handbook applies to both zones
    add_service_window(alpha, 1)
    return alpha


# -- pure ---------------------------------------------------------------------------------------------


def test_months_parse_and_add():
    today = dt.date(2026, 5, 17)
    assert leaders.parse_month("", today) == dt.date(2026, 5, 1)
    assert leaders.parse_month(None, today) == dt.date(2026, 5, 1)
    assert leaders.parse_month("2025-12", today) == dt.date(2025, 12, 1)
    for bad in ("abc", "2026-13", "2026", "2026-05-01", "1999-12", "2026-06", "-1-1"):
        with pytest.raises(ValueError):
            leaders.parse_month(bad, today)
    assert leaders.add_months(dt.date(2026, 1, 1), -1) == dt.date(2025, 12, 1)
    assert leaders.add_months(dt.date(2025, 11, 1), 3) == dt.date(2026, 2, 1)
    assert leaders.month_end(dt.date(2024, 2, 1)) == dt.date(2024, 2, 29)


def test_movement_names_directions_risers_and_fallers():
    zones = [
        leaders.ZoneSeries(1, "Z1", "a", [D("80"), D("90")]),
        leaders.ZoneSeries(2, "Z2", "b", [D("90"), D("70")]),
        leaders.ZoneSeries(3, "Z3", "c", [None, D("85")]),
        leaders.ZoneSeries(4, "Z4", "d", [D("85"), None]),
        leaders.ZoneSeries(5, "Z5", "e", [D("85"), D("85")]),
        leaders.ZoneSeries(6, "Z6", "f", [D("60"), D("62")]),
    ]
    move = leaders.movement(zones, bands=leaders.Bands(), movers=1)
    assert [r.direction for r in move.rows] == ["up", "down", "new", "unassessed", "same", "up"]
    assert [r.code for r in move.risers] == ["Z1"]
    assert [r.code for r in move.fallers] == ["Z2"]
    assert move.fallers[0].delta == D("-20")
    assert (move.ups, move.downs, move.news) == (2, 1, 1)


def test_recurrences_count_a_rule_failing_again_in_the_same_zone_within_the_window():
    begin = at(dt.date(2026, 5, 1), 0)

    def row(zone, key, day):
        return {
            "zone_id": zone,
            "rule_key": key,
            "found_at": at(day),
            "zone__code": f"Z{zone}",
            "zone__name": "z",
            "rule__code": key.upper(),
            "rule__title": key,
            "rule__key": key,
            "rule__version__number": 1,
        }

    rows = [
        row(1, "seal", dt.date(2026, 4, 25)),  # before the month: a first failure, counted only as "before"
        row(1, "seal", dt.date(2026, 5, 3)),  # again 8 days later: a repeat
        row(1, "seal", dt.date(2026, 5, 20)),  # again 17 days later: a repeat
        row(2, "seal", dt.date(2026, 5, 4)),  # another zone: first time
        row(1, "exit", dt.date(2026, 5, 2)),
        row(1, "exit", dt.date(2026, 5, 30)),  # 28 days later: outside a 10-day window
    ]
    found = leaders.recurrences(rows, begin, 10, "alpha")
    assert [(r.zone_id, r.rule.code, r.repeats) for r in found] == [(1, "SEAL", 1)]
    found = leaders.recurrences(rows, begin, 30, "alpha")
    assert [(r.zone_id, r.rule.code, r.repeats) for r in found] == [(1, "SEAL", 2), (1, "EXIT", 1)]
    assert found[0].last_found == dt.date(2026, 5, 20)
    assert found[0].rule.url == reverse("handbook_rule", kwargs={"hall": "alpha", "number": 1, "key": "seal"})


def test_stars_from_thresholds_and_not_rated_without_a_score():
    lines = (D("75"), D("82"), D("88"), D("94"))
    assert comparison.stars_for(None, lines) is None
    assert comparison.stars_for(D("0"), lines) == 1
    assert comparison.stars_for(D("74.9"), lines) == 1
    assert comparison.stars_for(D("75"), lines) == 2
    assert comparison.stars_for(D("93.9"), lines) == 4
    assert comparison.stars_for(D("100"), lines) == 5
    assert comparison.rate(0, 0) is None
    assert comparison.rate(2, 3) == D("66.7")


def test_thresholds_must_increase_and_stay_within_100():
    good = {"two_stars": D(70), "three_stars": D(80), "four_stars": D(85), "five_stars": D(95)}
    services.check_thresholds(good)
    for field, value in (("three_stars", D(70)), ("four_stars", D(79)), ("five_stars", D(101))):
        with pytest.raises(ValidationError) as refused:
            services.check_thresholds({**good, field: value})
        assert set(refused.value.error_dict) == {field}


def test_sorting_keeps_missing_values_last_both_ways(hall, beta):
    gamma = make_hall("gamma")

    def row(h, mean, stars):
        return comparison.HallRow(h, mean is not None, mean, 0, 0, 0, 0, 0, 0, 0, 0, stars)

    rows = [row(hall.hall, D("80"), 2), row(beta.hall, None, None), row(gamma.hall, D("90"), 4)]
    assert [r.hall.code for r in comparison.sort_rows(rows, "-stars")] == ["gamma", "alpha", "beta"]
    assert [r.hall.code for r in comparison.sort_rows(rows, "stars")] == ["alpha", "gamma", "beta"]
    assert [r.hall.code for r in comparison.sort_rows(rows, "nonsense")] == ["gamma", "alpha", "beta"]
    assert [r.hall.code for r in comparison.sort_rows(rows, "name")] == ["alpha", "beta", "gamma"]


# -- selectors ------------------------------------------------------------------------------------------


def test_trend_takes_the_latest_published_revision_and_marks_the_live_month_provisional(hall):
    leadership = hall.users[Role.LEADERSHIP]
    two_back = leaders.add_months(MONTH, -2)
    publish(hall, two_back, [D("70"), D("90")])
    publish(hall, LAST, [D("60"), D("80")])
    publish(hall, LAST, [D("81"), None], revision=2)  # the correction wins
    publish(hall, leaders.add_months(MONTH, -3), [D("50"), D("50")], state=PeriodState.DRAFT)  # not shown
    submitted(hall, zone_index=0)  # a clean patrol this month: 100, live

    scores = leaders.month_scores(leadership, hall.hall, MONTH, today=TODAY)
    assert scores.months[-1] == MONTH and len(scores.months) == leaders.TREND_MONTHS
    assert scores.provisional[-1] and not any(scores.provisional[:-1])
    assert scores.published[-2] and scores.published[-3] and not scores.published[-4]
    z1, z2 = scores.zones
    assert z1.scores[-3:] == [D("70"), D("81"), D("100.0")]
    assert z2.scores[-3:] == [D("90"), None, None]
    assert z1.scores[-4] is None
    assert scores.hall[-3:] == [D("80.0"), D("81.0"), D("100.0")]
    chart = scores.chart("Hall")
    assert chart["provisional"][-1] is True and chart["zones"][0]["id"] == hall.zones[0].pk
    assert chart["bands"]["excellent"] == 95.0


def test_a_published_current_month_is_not_provisional(hall):
    publish(hall, MONTH, [D("88"), D("92")])
    submitted(hall, zone_index=0)
    scores = leaders.month_scores(hall.users[Role.LEADERSHIP], hall.hall, MONTH, today=TODAY)
    assert not any(scores.provisional)
    assert [z.scores[-1] for z in scores.zones] == [D("88"), D("92")]


def test_failed_rules_recurring_problems_and_workload_of_a_month(hall):
    IndicatorWeights.objects.create(hall=hall.hall, repeat_days=5)
    supervision, leadership = hall.users[Role.SUPERVISION], hall.users[Role.LEADERSHIP]
    first = max(MONTH, TODAY - dt.timedelta(days=3))
    failing(hall, first, {"seal-locked": 2, "exit-clear": 1})
    failing(hall, first, {"seal-locked": 1})  # the same day, same zone: a repeat
    failing(hall, first, {"seal-locked": 1}, zone_index=1, user_key=Role.ADMIN)
    failing(hall, leaders.add_months(MONTH, -2), {"exit-clear": 1})  # another month

    board = leaders.leaders_dashboard(leadership, hall.hall, MONTH, today=TODAY)
    assert [p.count for p in board.pareto] == [3, 1]
    assert board.pareto[-1].cumulative == D("100.0")
    assert board.repeat_days == 5
    assert [(r.zone_id, r.repeats) for r in board.recurring] == [(hall.zones[0].pk, 1)]
    workload = {w.inspector_id: w for w in board.workload}
    assert workload[supervision.pk].checks == 2 and workload[supervision.pk].findings == 3
    assert workload[supervision.pk].findings_per_check == D("1.5")
    assert workload[hall.users[Role.ADMIN].pk].zones == 1
    # every rule and zone it links to opens for the leadership
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(leadership)
    for url in [p.rule.url for p in board.pareto] + [r.rule.url for r in board.recurring]:
        assert client.get(url).status_code == 200, url
    for row in board.movement.rows:
        zone_url = reverse("zone_detail", kwargs={"hall": hall.hall.code, "pk": row.zone_id})
        assert client.get(zone_url).status_code == 200


def _more_history(small, months: int):
    for back in range(1, months + 1):
        month = leaders.add_months(MONTH, -back)
        publish(small, month, [D("80") + back, D("90") - back])
        failing(small, month + dt.timedelta(days=2), {"seal-locked": 1, "exit-clear": 1}, zone_index=back % 2)


def test_the_dashboard_query_count_does_not_grow_with_history(hall, django_assert_max_num_queries):
    leadership = hall.users[Role.LEADERSHIP]
    _more_history(hall, 1)
    submitted(hall, {"seal-locked": 1})
    with django_assert_max_num_queries(12) as few:
        leaders.leaders_dashboard(leadership, hall.hall, MONTH, today=TODAY)
    for back in range(2, 8):
        month = leaders.add_months(MONTH, -back)
        publish(hall, month, [D("70"), D("75")])
        failing(hall, month + dt.timedelta(days=1), {"seal-locked": 2}, zone_index=1)
    submitted(hall, {"exit-clear": 1}, zone_index=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        board = leaders.leaders_dashboard(leadership, hall.hall, MONTH, today=TODAY)
    assert sum(board.scores.published) == 7


def test_comparison_rates_the_halls_the_user_reads(hall, beta, django_assert_max_num_queries):
    bureau = UserFactory(username="bureau")
    RoleFactory(user=bureau, hall=hall.hall, role=Role.LEADERSHIP)
    RoleFactory(user=bureau, hall=beta.hall, role=Role.VIEWER)
    other = make_hall("gamma")  # not the bureau's
    publish(hall, LAST, [D("96"), D("60")])  # mean 78: two stars; one excellent, one failing
    publish(other, LAST, [D("99"), D("99")])
    install_tiny_handbook(beta.hall)
    add_service_window(beta, 0)
    failing(beta, LAST + dt.timedelta(days=1), {"seal-locked": 2})
    with django_assert_max_num_queries(9):
        rows = comparison.compare_halls(bureau, LAST, today=TODAY)
    by = {r.hall.code: r for r in rows}
    assert set(by) == {"alpha", "beta"}
    assert (by["alpha"].mean, by["alpha"].stars, by["alpha"].excellent, by["alpha"].failing) == (D("78.0"), 2, 1, 1)
    assert by["beta"].stars is None and by["beta"].mean is None  # not rated, not 0
    assert (by["beta"].checks, by["beta"].findings, by["beta"].findings_per_check) == (1, 1, D("1.0"))
    StarThresholds.objects.create(pk=1, two_stars=50, three_stars=60, four_stars=70, five_stars=78)
    assert {r.hall.code: r.stars for r in comparison.compare_halls(bureau, LAST, today=TODAY)}["alpha"] == 5


# -- pages ----------------------------------------------------------------------------------------------


def board_url(small, **query):
    url = reverse("leaders_dashboard", kwargs={"hall": small.hall.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        (Role.ADMIN, 200),
        (Role.LEADERSHIP, 200),
        (Role.SUPERVISION, 200),
        (Role.VIEWER, 200),
        ("lead1", 403),
        ("staff1", 403),
        (Role.AUDIT_ADMIN, 403),
    ],
)
def test_who_sees_the_leaders_dashboard(client, hall, who, status):
    client.force_login(hall.users[who])
    response = client.get(board_url(hall))
    assert response.status_code == status
    home = client.get(reverse("hall_home", kwargs={"hall": hall.hall.code}))
    link = f'href="{board_url(hall)}"'
    assert (link in home.content.decode()) == (status == 200)


def test_another_halls_dashboard_is_not_found(client, hall, beta):
    client.force_login(hall.users[Role.LEADERSHIP])
    assert client.get(board_url(beta)).status_code == 404


def test_a_bad_month_is_a_clear_error(client, hall):
    client.force_login(hall.users[Role.LEADERSHIP])
    for bad in ("2026-13", "soon", "1990-01", f"{leaders.add_months(MONTH, 1):%Y-%m}"):
        response = client.get(board_url(hall, month=bad))
        assert response.status_code == 400
        assert "month" in response.context["month_error"].lower() or "pick" in response.context["month_error"].lower()
        assert 'data-testid="month-error"' in response.content.decode()


def test_the_page_shows_an_empty_state_then_the_month(client, hall):
    client.force_login(hall.users[Role.LEADERSHIP])
    page = client.get(board_url(hall)).content.decode()
    assert 'data-testid="no-published"' in page
    assert reverse("assessment_list", kwargs={"hall": hall.hall.code}) in page
    assert 'id="leaders-trend-data"' in page and "<script>" not in page  # data through json_script, no inline code
    publish(hall, LAST, [D("90"), D("80")])
    failing(hall, LAST + dt.timedelta(days=2), {"seal-locked": 1})
    response = client.get(board_url(hall, month=f"{LAST:%Y-%m}"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="no-published"' not in page
    assert 'data-testid="pareto-row"' in page and 'id="leaders-pareto-data"' in page
    assert 'data-testid="leaders-heatmap"' in page and f'data-month="{LAST:%Y-%m}"' in page  # the floor plan
    assert reverse("zone_detail", kwargs={"hall": hall.hall.code, "pk": hall.zones[0].pk}) in page


def test_the_dashboard_exports_its_lists(client, hall):
    client.force_login(hall.users[Role.SUPERVISION])
    failing(hall, TODAY, {"seal-locked": 1})
    response = client.get(board_url(hall, export="xlsx"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == ["Movement", "Failed rules", "Recurring problems", "Inspector workload"]
    assert book["Failed rules"].max_row == 2


def test_comparison_page_link_sort_and_export(client, hall, beta):
    compare = reverse("hall_comparison")
    client.force_login(hall.users[Role.LEADERSHIP])  # one hall: no link, no page
    assert 'data-testid="nav-compare"' not in client.get(board_url(hall)).content.decode()
    assert client.get(compare).status_code == 403
    bureau = UserFactory(username="bureau")
    for small in (hall, beta):
        RoleFactory(user=bureau, hall=small.hall, role=Role.LEADERSHIP)
    publish(hall, LAST, [D("90"), D("80")])
    client.force_login(bureau)
    assert 'data-testid="nav-compare"' in client.get(board_url(hall)).content.decode()
    response = client.get(compare, {"month": f"{LAST:%Y-%m}", "sort": "-mean"})
    assert response.status_code == 200
    assert [r.hall.code for r in response.context["rows"]] == ["alpha", "beta"]
    page = response.content.decode()
    assert "Not rated" in page
    assert board_url(hall) + f"?month={LAST:%Y-%m}" in page
    assert client.get(compare, {"month": "2026-99"}).status_code == 400
    export = client.get(compare, {"month": f"{LAST:%Y-%m}", "export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [c.value for c in sheet[2]][:3] == ["alpha 政务服务大厅", 3, "85.0"]


def test_star_thresholds_are_refused_unless_increasing_and_only_editors_change_them(client, hall, beta):
    url = reverse("star_thresholds")
    bureau = UserFactory(username="bureau")
    for small in (hall, beta):
        RoleFactory(user=bureau, hall=small.hall, role=Role.LEADERSHIP)
    client.force_login(bureau)
    assert client.get(url).status_code == 200
    good = {"two_stars": "70", "three_stars": "80", "four_stars": "88", "five_stars": "95"}
    assert client.post(url, good).status_code == 403
    with pytest.raises(PermissionDenied):
        services.star_thresholds_save(user=bureau, lines={k: D(v) for k, v in good.items()})
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(url, {**good, "four_stars": "79"})
    assert response.status_code == 400
    assert "higher score" in response.content.decode()
    assert not StarThresholds.objects.exists()
    assert client.post(url, good).status_code == 302
    assert StarThresholds.current().lines == (D(70), D(80), D(88), D(95))
    assert Event.objects.filter(verb="star_thresholds.saved").count() == 1


def test_demo_leaders_dashboard_renders_with_bounded_queries(client, demo, django_assert_max_num_queries):
    from hallkeeper.accounts.models import RoleAssignment

    leader = RoleAssignment.objects.filter(hall=demo, role=Role.LEADERSHIP).select_related("user").first().user
    with django_assert_max_num_queries(14):
        leaders.leaders_dashboard(leader, demo, MONTH)
    client.force_login(leader)
    assert client.get(reverse("leaders_dashboard", kwargs={"hall": demo.code})).status_code == 200
    last = leaders.add_months(MONTH, -1)
    response = client.get(reverse("leaders_dashboard", kwargs={"hall": demo.code}), {"month": f"{last:%Y-%m}"})
    assert response.status_code == 200
    board = response.context["board"]
    assert board.pareto and board.workload
    heat = response.context["heat"]  # the floor plan by zone score, with the red flag's holder marked
    assert heat.assessed_count > 0 and any(z.flag for z in heat.zones) and "⚑" in response.content.decode()
