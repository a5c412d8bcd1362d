"""Plans and due inspections, "my inspections", patrol coverage, acceptance rounds and the scoring policy."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.core.models import Event
from hallkeeper.inspections import planning, services
from hallkeeper.inspections.choices import AssignTo, DueState, Frequency, InspectionKind
from hallkeeper.inspections.models import DueInspection, Inspection, InspectionPlan, ScoringPolicy
from hallkeeper.inspections.services import RoundState

from . import inspection_data
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


MONDAY = date(2026, 3, 2)  # a Monday


def url(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


def make_plan(small, *, kind=InspectionKind.PATROL, frequency=Frequency.DAILY, assignees=("supervision",), **fields):
    """A plan written directly (no generation yet), so tests choose the dates."""
    fields.setdefault("starts_on", MONDAY)
    plan = InspectionPlan.objects.create(
        hall=small.hall, name=fields.pop("name", f"{kind}-{frequency}"), kind=kind, frequency=frequency, **fields
    )
    if plan.assign_to == AssignTo.NAMED:
        plan.assignees.set([small.users[k] for k in assignees])
    return plan


def due_row(small, *, opens_on, due_on, zone_index=0, user_key="supervision", kind=InspectionKind.PATROL, plan=None):
    plan = plan or InspectionPlan.objects.filter(hall=small.hall, kind=kind).first() or make_plan(small, kind=kind)
    return DueInspection.objects.create(
        hall=small.hall,
        plan=plan,
        zone=small.zones[zone_index],
        opens_on=opens_on,
        due_on=due_on,
        assignee=small.users[user_key] if user_key else None,
    )


@pytest.fixture
def hall(alpha):
    install_tiny_handbook(alpha.hall)
    return alpha


# -- generating due inspections -------------------------------------------------------


def test_daily_plan_makes_one_check_per_zone_per_working_day(alpha):
    plan = make_plan(alpha)
    made = services.plan_generate_due(plan, until=MONDAY + timedelta(days=6))
    rows = DueInspection.objects.filter(plan=plan)
    assert made == 10  # Monday–Friday × 2 zones
    assert sorted({r.due_on.weekday() for r in rows}) == [0, 1, 2, 3, 4]
    assert all(r.opens_on == r.due_on for r in rows)
    # idempotent: running it again makes nothing new
    assert services.plan_generate_due(plan, until=MONDAY + timedelta(days=6)) == 0


def test_weekly_plan_is_due_on_its_weekday(alpha):
    plan = make_plan(alpha, frequency=Frequency.WEEKLY, weekday=2)
    services.plan_generate_due(plan, until=MONDAY + timedelta(days=13))
    rows = list(DueInspection.objects.filter(plan=plan, zone=alpha.zones[0]).order_by("due_on"))
    assert [(r.opens_on, r.due_on) for r in rows] == [
        (MONDAY, MONDAY + timedelta(days=2)),
        (MONDAY + timedelta(days=7), MONDAY + timedelta(days=9)),
    ]


def test_monthly_plan_opens_on_the_first_and_is_due_on_its_day(alpha):
    plan = make_plan(alpha, frequency=Frequency.MONTHLY, day_of_month=10, starts_on=date(2026, 1, 1))
    services.plan_generate_due(plan, until=date(2026, 3, 31))
    rows = list(DueInspection.objects.filter(plan=plan, zone=alpha.zones[1]).order_by("due_on"))
    assert [(r.opens_on, r.due_on) for r in rows] == [
        (date(2026, 1, 1), date(2026, 1, 10)),
        (date(2026, 2, 1), date(2026, 2, 10)),
        (date(2026, 3, 1), date(2026, 3, 10)),
    ]


def test_named_plan_shares_the_zones_out_in_turn(alpha):
    plan = make_plan(alpha, assignees=("supervision", "leadership"))
    services.plan_generate_due(plan, until=MONDAY + timedelta(days=1))
    people = {alpha.users["supervision"].pk, alpha.users["leadership"].pk}
    monday = {r.zone_id: r.assignee_id for r in DueInspection.objects.filter(plan=plan, due_on=MONDAY)}
    tuesday = {r.zone_id: r.assignee_id for r in DueInspection.objects.filter(plan=plan, due_on=MONDAY + timedelta(1))}
    assert set(monday.values()) == people  # both zones, two different people
    assert set(tuesday.values()) == people
    assert all(monday[z] != tuesday[z] for z in monday)  # and they swap the next day


def test_zone_lead_plan_gives_each_zone_to_its_lead(alpha):
    plan = make_plan(
        alpha, kind=InspectionKind.SELF_CHECK, frequency=Frequency.WEEKLY, weekday=4, assign_to="zone_leads"
    )
    services.plan_generate_due(plan, until=MONDAY)
    rows = {r.zone_id: r.assignee_id for r in DueInspection.objects.filter(plan=plan)}
    assert rows == {alpha.zones[0].pk: alpha.users["lead1"].pk, alpha.zones[1].pk: alpha.users["lead2"].pk}


def test_plan_before_its_start_or_after_its_end_makes_nothing(alpha):
    plan = make_plan(alpha, starts_on=MONDAY + timedelta(days=2), ends_on=MONDAY + timedelta(days=3))
    services.plan_generate_due(plan, until=MONDAY + timedelta(days=13))
    assert sorted({r.due_on for r in DueInspection.objects.filter(plan=plan)}) == [
        MONDAY + timedelta(days=2),
        MONDAY + timedelta(days=3),
    ]
    paused = make_plan(alpha, name="paused", active=False)
    assert services.plan_generate_due(paused, until=MONDAY + timedelta(days=6)) == 0


# -- saving plans -------------------------------------------------------------------------


def _new_plan(small, **fields):
    defaults = {
        "hall": small.hall,
        "name": "日常巡查",
        "kind": InspectionKind.PATROL,
        "frequency": Frequency.DAILY,
        "starts_on": timezone.localdate(),
    }
    return InspectionPlan(**(defaults | fields))


def test_zone_lead_may_not_plan_inspections(alpha):
    with pytest.raises(PermissionDenied):
        services.plan_save(user=alpha.users["lead1"], plan=_new_plan(alpha), assignees=[alpha.users["lead1"]])
    assert not InspectionPlan.objects.exists()


def test_plan_form_is_forbidden_to_a_zone_lead(client, alpha):
    client.force_login(alpha.users["lead1"])
    assert client.get(url("plan_create", alpha)).status_code == 403
    response = client.post(url("plan_create", alpha), {"name": "x", "kind": "patrol", "frequency": "daily"})
    assert response.status_code == 403
    assert not InspectionPlan.objects.exists()


def test_plan_form_creates_a_plan_and_plans_two_weeks(client, alpha):
    client.force_login(alpha.users["supervision"])
    today = timezone.localdate()
    response = client.post(
        url("plan_create", alpha),
        {
            "name": "每周巡查",
            "kind": "patrol",
            "frequency": "weekly",
            "weekday": "3",
            "zones": [alpha.zones[0].pk],
            "assign_to": "named",
            "assignees": [alpha.users["supervision"].pk],
            "starts_on": today.isoformat(),
            "active": "on",
        },
    )
    plan = InspectionPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == plan.get_absolute_url()
    assert plan.weekday == 3 and plan.created_by == alpha.users["supervision"]
    rows = DueInspection.objects.filter(plan=plan)
    assert rows.exists() and set(rows.values_list("zone_id", flat=True)) == {alpha.zones[0].pk}
    assert all(r.due_on.weekday() == 3 for r in rows)


def test_plan_form_refuses_bad_input_without_saving(client, alpha):
    client.force_login(alpha.users["supervision"])
    base = {"kind": "patrol", "frequency": "daily", "assign_to": "named", "starts_on": "2026-03-02", "active": "on"}
    # no inspector named
    response = client.post(url("plan_create", alpha), base | {"name": "a"})
    assert response.status_code == 200 and "Name at least one inspector" in response.content.decode()
    # a zone lead cannot patrol
    response = client.post(url("plan_create", alpha), base | {"name": "b", "assignees": [alpha.users["lead1"].pk]})
    assert response.status_code == 200 and "may not carry out" in response.content.decode()
    # a special check without rules
    response = client.post(
        url("plan_create", alpha), base | {"name": "c", "kind": "special", "assignees": [alpha.users["supervision"].pk]}
    )
    assert response.status_code == 200 and "Choose the rules" in response.content.decode()
    # ends before it starts
    response = client.post(
        url("plan_create", alpha),
        base | {"name": "d", "ends_on": "2026-03-01", "assignees": [alpha.users["supervision"].pk]},
    )
    assert response.status_code == 200 and "cannot end before it starts" in response.content.decode()
    assert not InspectionPlan.objects.exists() and not DueInspection.objects.exists()


def test_editing_a_plan_remakes_its_future_unstarted_checks(client, hall):
    supervision = hall.users["supervision"]
    today = timezone.localdate()
    plan = services.plan_save(
        user=supervision, plan=_new_plan(hall, starts_on=today - timedelta(days=7)), assignees=[supervision]
    )
    past = DueInspection.objects.filter(plan=plan, due_on__lt=today).count()
    started = DueInspection.objects.filter(plan=plan, opens_on__gte=today).order_by("due_on").first()
    inspection_data.start(hall, zone_index=hall.zones.index(started.zone), due=started)

    client.force_login(supervision)
    response = client.post(
        url("plan_edit", hall, pk=plan.pk),
        {
            "name": plan.name,
            "kind": "patrol",
            "frequency": "weekly",
            "weekday": "4",
            "assign_to": "named",
            "assignees": [supervision.pk],
            "starts_on": plan.starts_on.isoformat(),
            "active": "on",
        },
    )
    assert response.status_code == 302
    future = DueInspection.objects.filter(plan=plan, opens_on__gte=today).exclude(pk=started.pk)
    assert future.exists() and all(r.due_on.weekday() == 4 for r in future)
    assert DueInspection.objects.filter(pk=started.pk, inspection__isnull=False).exists()  # started: kept
    assert DueInspection.objects.filter(plan=plan, due_on__lt=today).count() == past  # the past: kept


def test_plan_edit_outside_scope_is_404(client, alpha, beta):
    plan = make_plan(beta)
    client.force_login(alpha.users["supervision"])
    assert client.get(url("plan_edit", alpha, pk=plan.pk)).status_code == 404


def test_plan_list_and_detail(client, alpha):
    plan = make_plan(alpha, starts_on=timezone.localdate() - timedelta(days=10))
    services.plan_generate_due(plan, until=timezone.localdate() + timedelta(days=7))
    client.force_login(alpha.users["viewer"])
    body = client.get(url("plan_list", alpha)).content.decode()
    assert plan.name in body and 'data-testid="plan-new"' not in body
    response = client.get(url("plan_list", alpha), {"export": "xlsx"})
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == plan.name
    body = client.get(url("plan_detail", alpha, pk=plan.pk)).content.decode()
    assert 'data-testid="due-upcoming"' in body and 'data-testid="completion"' in body
    client.force_login(alpha.users["supervision"])
    assert 'data-testid="plan-new"' in client.get(url("plan_list", alpha)).content.decode()
    assert client.get(url("plan_list", alpha), {"kind": "self_check"}).context["paginator"].count == 0


def test_plan_list_queries_are_bounded(client, alpha):
    for i in range(6):
        plan = make_plan(alpha, name=f"p{i}", starts_on=timezone.localdate() - timedelta(days=20))
        services.plan_generate_due(plan, until=timezone.localdate() + timedelta(days=7))
    client.force_login(alpha.users["supervision"])
    with CaptureQueriesContext(connection) as few:
        client.get(url("plan_list", alpha))
    make_plan(alpha, name="more")
    with CaptureQueriesContext(connection) as more:
        client.get(url("plan_list", alpha))
    assert len(more) == len(few)


# -- my inspections -----------------------------------------------------------------------


def test_my_day_groups_overdue_due_and_upcoming(alpha):
    today = MONDAY + timedelta(days=2)
    overdue = due_row(alpha, opens_on=MONDAY, due_on=MONDAY)
    now = due_row(alpha, opens_on=today, due_on=today, zone_index=1)
    week = due_row(alpha, opens_on=MONDAY, due_on=MONDAY + timedelta(days=4))  # opened, due Friday
    soon = due_row(alpha, opens_on=today + timedelta(days=3), due_on=today + timedelta(days=3))
    due_row(alpha, opens_on=today + timedelta(days=9), due_on=today + timedelta(days=9))  # too far ahead
    other_plan = make_plan(alpha, name="other", assignees=("leadership",))
    due_row(alpha, opens_on=today, due_on=today, user_key="leadership", zone_index=1, plan=other_plan)  # not mine
    day = planning.my_day(alpha.users["supervision"], alpha.hall, today)
    assert [c.due for c in day.overdue] == [overdue]
    assert [c.due for c in day.due_today] == [now, week]
    assert [c.due for c in day.upcoming] == [soon]
    assert [c.state for c in day.overdue + day.due_today + day.upcoming] == [
        DueState.OVERDUE,
        DueState.DUE,
        DueState.DUE,
        DueState.UPCOMING,
    ]


def test_my_inspections_page_shows_only_the_assignees_checks(client, alpha):
    today = timezone.localdate()
    due_row(alpha, opens_on=today - timedelta(days=2), due_on=today - timedelta(days=2))
    today_row = due_row(alpha, opens_on=today, due_on=today, zone_index=1)
    due_row(alpha, opens_on=today + timedelta(days=2), due_on=today + timedelta(days=2))
    client.force_login(alpha.users["supervision"])
    body = client.get(url("my_inspections", alpha)).content.decode()
    assert body.count('data-state="overdue"') == 1
    assert body.count('data-state="due"') == 1
    assert body.count('data-state="upcoming"') == 1
    assert f"?due={today_row.pk}" in body
    client.force_login(alpha.users["leadership"])
    body = client.get(url("my_inspections", alpha)).content.decode()
    assert 'data-testid="due-card"' not in body and 'data-testid="empty"' in body


def test_starting_from_a_due_links_it_and_submitting_marks_it_done(client, hall):
    today = timezone.localdate()
    due = due_row(hall, opens_on=today, due_on=today)
    inspection = inspection_data.start(hall, due=due)
    due.refresh_from_db()
    assert due.inspection == inspection and inspection.plan == due.plan
    assert due.state(today) == DueState.IN_PROGRESS
    client.force_login(hall.users["supervision"])
    body = client.get(url("my_inspections", hall)).content.decode()
    assert url("inspection_capture", hall, pk=inspection.pk) in body
    inspection_data.answer(inspection)
    services.inspection_submit(user=inspection.inspector, inspection=inspection)
    due.refresh_from_db()
    assert due.state(today) == DueState.DONE
    day = planning.my_day(hall.users["supervision"], hall.hall, today)
    assert not day.due_today and day.submitted_today == [inspection]


def test_a_patrol_without_a_due_counts_against_the_open_due_of_its_zone(hall):
    today = timezone.localdate()
    other_zone = due_row(hall, opens_on=today, due_on=today, zone_index=1)
    due = due_row(hall, opens_on=today, due_on=today, zone_index=0, user_key="leadership", plan=other_zone.plan)
    inspection = inspection_data.submitted(hall)  # by supervision, of zone 0, not started from the due
    due.refresh_from_db()
    other_zone.refresh_from_db()
    assert due.inspection == inspection and due.state(today) == DueState.DONE
    assert other_zone.inspection is None
    assert Inspection.objects.get(pk=inspection.pk).plan_id == due.plan_id


# -- coverage ---------------------------------------------------------------------------------


def test_coverage_counts_patrols_and_self_checks_per_zone_and_day(client, hall):
    today = timezone.localdate()
    inspection_data.submitted(hall)
    inspection_data.submitted(hall)
    inspection_data.submitted(hall, user_key="lead1", kind=InspectionKind.SELF_CHECK)
    inspection_data.start(hall, zone_index=1)  # a draft counts for nothing
    due_row(hall, opens_on=today, due_on=today)  # linked by nothing: the patrols above came first
    monday = planning.week_start(today)
    cov = planning.coverage(hall.users["viewer"], hall.hall, monday, today)
    first, second = cov.rows
    cell = first.cells[today.weekday()]
    assert (cell.patrols, cell.self_checks) == (2, 1)
    assert first.patrols == 2 and first.patrolled and not second.patrolled
    assert cov.patrolled_zones == 1 and cov.unpatrolled_zones == 1
    assert cov.due_total == 1

    client.force_login(hall.users["viewer"])
    body = client.get(url("inspection_coverage", hall), {"week": today.isoformat()}).content.decode()
    assert f'data-day="{today.isoformat()}" data-patrols="2" data-self-checks="1"' in body
    assert body.count('data-unpatrolled="1"') == 1
    last_week = client.get(url("inspection_coverage", hall), {"week": (today - timedelta(days=7)).isoformat()})
    assert last_week.context["coverage"].patrol_total == 0
    assert client.get(url("inspection_coverage", hall), {"week": "not-a-date"}).status_code == 200
    response = client.get(url("inspection_coverage", hall), {"export": "xlsx"})
    workbook = load_workbook(BytesIO(response.content))
    patrols = workbook.worksheets[0]
    assert patrols.cell(row=2, column=1).value == hall.zones[0].code
    assert patrols.cell(row=2, column=3 + today.weekday()).value == 2


def test_coverage_of_a_zone_lead_shows_their_zone_only(hall):
    cov = planning.coverage(hall.users["lead1"], hall.hall, planning.week_start(MONDAY), MONDAY)
    assert [r.zone for r in cov.rows] == [hall.zones[0]]


def test_coverage_queries_are_bounded(client, hall):
    client.force_login(hall.users["viewer"])
    with CaptureQueriesContext(connection) as before:
        client.get(url("inspection_coverage", hall))
    for _ in range(3):
        inspection_data.submitted(hall, zone_index=1)
    with CaptureQueriesContext(connection) as after:
        client.get(url("inspection_coverage", hall))
    assert len(after) == len(before)


def test_week_parsing():
    assert planning.parse_week("2026-03-05", MONDAY) == MONDAY
    assert planning.parse_week("nonsense", MONDAY + timedelta(days=3)) == MONDAY
    assert planning.parse_week(None, MONDAY + timedelta(days=6)) == MONDAY


# -- acceptance rounds --------------------------------------------------------------------


def test_round_progress_from_unchecked_to_passed_and_failed_then_reaccepted(client, hall):
    supervision = hall.users["supervision"]
    acceptance_round = services.round_create(user=supervision, hall=hall.hall, name="春季验收", starts_on=MONDAY)
    client.force_login(supervision)
    page = url("round_detail", hall, pk=acceptance_round.pk)

    body = client.get(page).content.decode()
    assert body.count(f'data-state="{RoundState.UNCHECKED}"') == 2
    assert "Start acceptance" in body

    kind = InspectionKind.ACCEPTANCE
    inspection_data.submitted(hall, kind=kind, round=acceptance_round)
    failed = inspection_data.submitted(hall, zone_index=1, kind=kind, round=acceptance_round, fails={"exit-clear": 1})
    assert failed.passed is False and failed.veto_failed
    response = client.get(page)
    progress = response.context["progress"]
    assert (progress.checked, progress.passed, progress.failed) == (2, 1, 1)
    body = response.content.decode()
    assert f"retake_of={failed.pk}" in body and "Start re-acceptance" in body

    retake = inspection_data.start(hall, zone_index=1, kind=kind, retake_of=failed)
    body = client.get(page).content.decode()
    assert f'data-state="{RoundState.RETAKE_IN_PROGRESS}"' in body
    assert url("inspection_capture", hall, pk=retake.pk) in body  # "Continue" for its inspector

    inspection_data.answer(retake)
    services.inspection_submit(user=supervision, inspection=retake)
    progress = client.get(page).context["progress"]
    assert [z.state for z in progress.zones] == [RoundState.PASSED, RoundState.PASSED_ON_RETAKE]
    assert (progress.checked, progress.passed, progress.failed) == (2, 2, 0)
    summary = planning.round_summaries([acceptance_round], {z.pk for z in hall.zones})[acceptance_round.pk]
    assert (summary.checked, summary.passed, summary.failed) == (2, 2, 0)

    list_body = client.get(url("round_list", hall)).content.decode()
    assert acceptance_round.name in list_body
    export = client.get(page, {"export": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    assert [sheet.cell(row=r, column=1).value for r in (2, 3)] == [z.code for z in hall.zones]


def test_round_actions_only_for_acceptance_inspectors(client, hall):
    acceptance_round = services.round_create(user=hall.users["admin"], hall=hall.hall, name="验收", starts_on=MONDAY)
    client.force_login(hall.users["viewer"])
    body = client.get(url("round_detail", hall, pk=acceptance_round.pk)).content.decode()
    assert 'data-testid="round-action"' not in body
    client.force_login(hall.users["lead1"])
    response = client.get(url("round_detail", hall, pk=acceptance_round.pk))
    assert [z.zone for z in response.context["progress"].zones] == [hall.zones[0]]


def test_round_create_form(client, alpha):
    client.force_login(alpha.users["viewer"])
    assert client.get(url("round_create", alpha)).status_code == 403
    assert client.post(url("round_create", alpha), {"name": "x", "starts_on": "2026-03-02"}).status_code == 403
    client.force_login(alpha.users["leadership"])
    response = client.post(
        url("round_create", alpha), {"name": "x", "starts_on": "2026-03-02", "ends_on": "2026-03-01"}
    )
    assert response.status_code == 200 and "cannot end before it starts" in response.content.decode()
    response = client.post(url("round_create", alpha), {"name": "x", "starts_on": "2026-03-02"})
    assert response.status_code == 302
    response = client.post(url("round_create", alpha), {"name": "x", "starts_on": "2026-03-02"})
    assert response.status_code == 200 and "already exists" in response.content.decode()


# -- scoring policy ---------------------------------------------------------------------------


def _policy(**values):
    return {
        "excellent_min": "95",
        "good_min": "85",
        "qualified_min": "70",
        "acceptance_pass_line": "90",
        "weight_patrol": "50",
        "weight_special": "20",
        "weight_self_check": "30",
    } | values


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        pytest.param({"good_min": "96"}, "good_min", "Good must start below excellent (95)", id="good over excellent"),
        pytest.param({"good_min": "95"}, "good_min", "Good must start below excellent (95)", id="good at excellent"),
        pytest.param({"qualified_min": "85"}, "qualified_min", "Qualified must start below good (85)", id="overlap"),
        pytest.param(
            {"weight_patrol": "60"}, "weight_self_check", "The weights must add up to 100 (now 110)", id="weights 110"
        ),
        pytest.param(
            {"weight_patrol": "0", "weight_special": "0", "weight_self_check": "0"},
            "weight_self_check",
            "The weights must add up to 100 (now 0)",
            id="no weight",
        ),
        pytest.param({"weight_special": "101"}, "weight_special", "100", id="a weight over 100"),
        pytest.param({"weight_special": "-5"}, "weight_special", "0", id="a negative weight"),
    ],
)
def test_scoring_policy_refuses_overlapping_bands_and_weights_off_100(client, alpha, values, field, message):
    client.force_login(alpha.users["admin"])
    response = client.post(url("scoring_policy", alpha), _policy(**values))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not ScoringPolicy.objects.exists()
    assert not Event.objects.filter(verb="scoring_policy.saved").exists()
    response = client.post(url("scoring_policy", alpha), _policy(excellent_min="101"))
    assert response.status_code == 200 and not ScoringPolicy.objects.exists()


def test_scoring_policy_saved_by_an_administrator(client, alpha):
    client.force_login(alpha.users["admin"])
    response = client.post(url("scoring_policy", alpha), _policy(acceptance_pass_line="92.5"))
    assert response.status_code == 302
    assert ScoringPolicy.objects.get(hall=alpha.hall).acceptance_pass_line == Decimal("92.5")
    response = client.post(url("scoring_policy", alpha), _policy(good_min="99", acceptance_pass_line="80"))
    assert response.status_code == 200
    assert ScoringPolicy.objects.get(hall=alpha.hall).acceptance_pass_line == Decimal("92.5")  # nothing changed
    body = client.get(url("scoring_policy", alpha)).content.decode()
    assert "92.5" in body


def test_scoring_policy_weights_saved_and_recorded(client, alpha):
    client.force_login(alpha.users["admin"])
    values = {"weight_patrol": "60", "weight_special": "10", "weight_self_check": "30", "qualified_min": "75"}
    response = client.post(url("scoring_policy", alpha), _policy(**values))
    assert response.status_code == 302
    policy = ScoringPolicy.objects.get(hall=alpha.hall)
    assert policy.weights == {InspectionKind.PATROL: 60, InspectionKind.SPECIAL: 10, InspectionKind.SELF_CHECK: 30}
    assert policy.bands.qualified == Decimal("75")
    event = Event.objects.get(verb="scoring_policy.saved")
    assert event.actor == alpha.users["admin"]
    assert event.data["changes"]["weight_patrol"][1] == 60
    assert event.data["changes"]["qualified_min"][1] == "75"


def test_scoring_policy_is_read_only_for_others(client, alpha):
    client.force_login(alpha.users["supervision"])
    response = client.get(url("scoring_policy", alpha))
    assert response.status_code == 200 and 'data-testid="read-only"' in response.content.decode()
    assert client.post(url("scoring_policy", alpha), _policy(qualified_min="60")).status_code == 403
    assert not ScoringPolicy.objects.exists()


# -- the nightly command ---------------------------------------------------------------------


def test_plan_inspections_command_makes_due_checks(alpha, beta):
    today = timezone.localdate()
    make_plan(alpha, starts_on=today)
    make_plan(beta, starts_on=today)
    out = StringIO()
    call_command("plan_inspections", stdout=out)
    made = DueInspection.objects.count()
    assert made > 0 and f"{made} due inspection(s) made in all." in out.getvalue()
    out = StringIO()
    call_command("plan_inspections", "--hall", "alpha", stdout=out)
    assert "0 due inspection(s) made in all." in out.getvalue()
    assert DueInspection.objects.count() == made


def test_plan_inspections_command_rejects_bad_arguments(alpha):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("plan_inspections", "--until", "soon")
    with pytest.raises(CommandError):
        call_command("plan_inspections", "--hall", "nowhere")


def test_round_and_my_pages_queries_are_bounded(client, hall):
    supervision = hall.users["supervision"]
    acceptance_round = services.round_create(user=supervision, hall=hall.hall, name="验收", starts_on=MONDAY)
    client.force_login(supervision)
    pages = [url("round_detail", hall, pk=acceptance_round.pk), url("my_inspections", hall), url("round_list", hall)]
    inspection_data.submitted(hall, kind=InspectionKind.ACCEPTANCE, round=acceptance_round)
    counts = []
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200
        counts.append(len(queries))
    failed = inspection_data.submitted(
        hall, zone_index=1, kind=InspectionKind.ACCEPTANCE, round=acceptance_round, fails={"exit-clear": 1}
    )
    inspection_data.submitted(hall, zone_index=1, kind=InspectionKind.ACCEPTANCE, retake_of=failed)
    inspection_data.submitted(hall, zone_index=1)
    services.round_create(user=supervision, hall=hall.hall, name="第二轮", starts_on=MONDAY)
    for page, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        assert len(queries) == before, page
