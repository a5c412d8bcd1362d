"""The assessment's pages: who sees which page and result (the permission matrix), the actions each role is
offered and may take, the zone lead's appeal, items with evidence, the weights page, the Excel export, and
hostile ids answered with a 404."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.choices import PeriodState
from hallkeeper.assessment.models import AdjustmentItem, Appeal, AssessmentPeriod, IndicatorWeights

from .inspection_data import photo_file, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate()
MONTH = TODAY.replace(day=1)


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    submitted(alpha)
    return alpha


def url(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


def as_user(client, small, key):
    client.force_login(small.users[key])
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def period_in(small, state):
    period = services.period_create(user=small.users[Role.SUPERVISION], hall=small.hall, kind="month", starts_on=MONTH)
    if state != PeriodState.DRAFT:
        period = services.period_open_appeal(
            user=small.users[Role.SUPERVISION], period=period, deadline=TODAY + dt.timedelta(days=3)
        )
    return period


# who may open the period page of a draft, and of a period open for appeal (404 = not even its existence)
PAGE_MATRIX = [
    (Role.ADMIN, 200, 200),
    (Role.LEADERSHIP, 200, 200),
    (Role.SUPERVISION, 200, 200),
    (Role.VIEWER, 200, 200),
    ("lead1", 404, 200),
    ("staff1", 404, 200),
]


@pytest.mark.parametrize(("who", "draft", "appeal"), PAGE_MATRIX)
def test_period_page_matrix(client, hall, who, draft, appeal):
    as_user(client, hall, who)
    period = period_in(hall, PeriodState.DRAFT)
    assert client.get(url("assessment_period", hall, pk=period.pk)).status_code == draft
    AssessmentPeriod.objects.filter(pk=period.pk).update(
        state=PeriodState.APPEAL, appeal_deadline=TODAY + dt.timedelta(days=1)
    )
    assert client.get(url("assessment_period", hall, pk=period.pk)).status_code == appeal
    assert client.get(url("assessment_list", hall)).status_code == 200


def test_a_zone_lead_sees_only_their_zones_results(client, hall):
    period = period_in(hall, PeriodState.APPEAL)
    as_user(client, hall, "lead1")
    page = client.get(url("assessment_period", hall, pk=period.pk)).content.decode()
    assert str(hall.zones[0]) in page and str(hall.zones[1]) not in page
    other = period.results.get(zone=hall.zones[1])
    assert client.get(url("assessment_result", hall, pk=other.pk)).status_code == 404
    own = period.results.get(zone=hall.zones[0])
    assert client.get(url("assessment_result", hall, pk=own.pk)).status_code == 200


ACTIONS = [
    # (who, state, buttons shown)
    (Role.SUPERVISION, PeriodState.DRAFT, {"compute", "open"}),
    (Role.LEADERSHIP, PeriodState.DRAFT, set()),
    (Role.LEADERSHIP, PeriodState.APPEAL, {"approve"}),
    (Role.SUPERVISION, PeriodState.APPEAL, set()),
    (Role.VIEWER, PeriodState.APPEAL, set()),
]


@pytest.mark.parametrize(("who", "state", "shown"), ACTIONS)
def test_the_page_offers_the_steps_the_user_may_take(client, hall, who, state, shown):
    period = period_in(hall, state)
    page = as_user(client, hall, who).get(url("assessment_period", hall, pk=period.pk)).content.decode()
    offered = {a for a in ("compute", "open", "approve", "publish") if f'data-testid="{a}"' in page}
    assert offered == shown


def test_the_whole_journey_through_the_pages(client, hall):
    sup = as_user(client, hall, Role.SUPERVISION)
    response = sup.post(url("assessment_list", hall), {"kind": "month", "day": TODAY.isoformat()})
    period = AssessmentPeriod.objects.get()
    assert response.status_code == 302 and response["Location"] == period.get_absolute_url()
    deadline = (TODAY + dt.timedelta(days=2)).isoformat()
    client.post(url("assessment_action", hall, pk=period.pk, action="open"), {"deadline": deadline})
    period.refresh_from_db()
    assert period.state == PeriodState.APPEAL

    result = period.results.get(zone=hall.zones[0])
    lead = as_user(client, hall, "lead1")
    page = lead.get(url("assessment_result", hall, pk=result.pk)).content.decode()
    assert 'data-testid="appeal-form"' in page
    lead.post(url("assessment_result", hall, pk=result.pk), {"reason": "巡查时窗口正在办件"})
    appeal = Appeal.objects.get()

    as_user(client, hall, Role.SUPERVISION).post(
        url("assessment_appeal_answer", hall, pk=appeal.pk), {"decision": "upheld", "answer": "属实", "points": "2"}
    )
    appeal.refresh_from_db()
    assert appeal.state == "upheld"

    leader = as_user(client, hall, Role.LEADERSHIP)
    leader.post(url("assessment_action", hall, pk=period.pk, action="approve"))
    response = leader.post(url("assessment_action", hall, pk=period.pk, action="publish"))
    period.refresh_from_db()
    assert period.state == PeriodState.PUBLISHED and period.snapshot["results"]
    response = leader.post(url("assessment_action", hall, pk=period.pk, action="publish"), follow=True)
    assert any("no longer possible" in t for t in texts(response))

    sup = as_user(client, hall, Role.SUPERVISION)
    response = sup.post(url("assessment_action", hall, pk=period.pk, action="correct"), {"reason": "补录"})
    revision = AssessmentPeriod.objects.get(revision=2)
    assert response["Location"] == revision.get_absolute_url()

    export = sup.get(url("assessment_export", hall, pk=period.pk))
    workbook = load_workbook(BytesIO(export.content))
    assert workbook.sheetnames == ["Zones and windows", "Window staff"]
    assert [c.value for c in workbook["Zones and windows"][1]][:4] == ["Assessed", "Rank", "Name", "Unit"]
    names = [row[2].value for row in workbook["Zones and windows"].iter_rows(min_row=2)]
    assert str(hall.zones[0]) in names


def test_a_late_or_foreign_appeal_is_refused_with_a_message(client, hall):
    period = period_in(hall, PeriodState.APPEAL)
    AssessmentPeriod.objects.filter(pk=period.pk).update(appeal_deadline=TODAY - dt.timedelta(days=1))
    result = period.results.get(zone=hall.zones[0])
    lead = as_user(client, hall, "lead1")
    page = lead.get(url("assessment_result", hall, pk=result.pk)).content.decode()
    assert 'data-testid="appeal-form"' not in page
    response = lead.post(url("assessment_result", hall, pk=result.pk), {"reason": "迟到的申诉"})
    assert response.status_code == 400 and "deadline has passed" in response.content.decode()
    assert not Appeal.objects.exists()


def test_steps_by_the_wrong_role_are_refused(client, hall):
    period = period_in(hall, PeriodState.APPEAL)
    for who in (Role.SUPERVISION, Role.VIEWER):
        response = as_user(client, hall, who).post(url("assessment_action", hall, pk=period.pk, action="approve"))
        assert response.status_code == 403
    response = as_user(client, hall, "lead1").post(url("assessment_action", hall, pk=period.pk, action="approve"))
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.state == PeriodState.APPEAL


HOSTILE = ["assessment_period", "assessment_export", "assessment_result", "assessment_evidence"]


@pytest.mark.parametrize("name", HOSTILE)
@pytest.mark.parametrize("pk", [999999, 2147483647])
def test_hostile_ids_answer_404(client, hall, name, pk):
    response = as_user(client, hall, Role.ADMIN).get(url(name, hall, pk=pk))
    assert response.status_code == 404


def test_unknown_action_and_another_halls_period_are_404(client, hall, beta):
    period = period_in(hall, PeriodState.DRAFT)
    admin = as_user(client, hall, Role.ADMIN)
    assert admin.post(url("assessment_action", hall, pk=period.pk, action="explode")).status_code == 404
    client.force_login(beta.users[Role.ADMIN])
    assert client.get(url("assessment_period", hall, pk=period.pk)).status_code == 404
    assert client.get(reverse("assessment_period", kwargs={"hall": beta.hall.code, "pk": period.pk})).status_code == 404


ITEM_PAGES = [
    (Role.SUPERVISION, 200, True),
    (Role.LEADERSHIP, 200, False),
    ("lead1", 404, False),
    ("staff1", 404, False),
]


@pytest.mark.parametrize(("who", "status", "form"), ITEM_PAGES)
def test_items_and_indicators_pages_matrix(client, hall, who, status, form):
    as_user(client, hall, who)
    for name, marker in (("assessment_adjustments", 'name="reason"'), ("assessment_indicators", "import-form")):
        response = client.get(url(name, hall))
        assert response.status_code == status
        if status == 200:
            assert (marker in response.content.decode()) == form


def test_an_item_with_evidence_is_entered_and_its_evidence_served_only_to_the_hall(client, hall):
    sup = as_user(client, hall, Role.SUPERVISION)
    response = sup.post(
        url("assessment_adjustments", hall),
        {
            "target": f"zone:{hall.zones[0].pk}",
            "on": TODAY.isoformat(),
            "kind": "thanks",
            "points": "3",
            "reason": "群众送来感谢信",
            "evidence": photo_file(name="letter.jpg"),
        },
    )
    assert response.status_code == 302
    item = AdjustmentItem.objects.get()
    assert item.evidence and item.entered_by == hall.users[Role.SUPERVISION]
    assert sup.get(url("assessment_evidence", hall, pk=item.pk)).status_code == 200
    assert as_user(client, hall, "lead1").get(url("assessment_evidence", hall, pk=item.pk)).status_code == 404


def test_a_bad_item_is_refused_on_the_form(client, hall):
    sup = as_user(client, hall, Role.SUPERVISION)
    response = sup.post(
        url("assessment_adjustments", hall),
        {
            "target": "zone:abc",
            "on": TODAY.isoformat(),
            "kind": "thanks",
            "points": "0",
            "reason": "x",
        },
    )
    assert response.status_code == 400 and not AdjustmentItem.objects.exists()
    response = sup.post(
        url("assessment_adjustments", hall),
        {
            "target": f"zone:{hall.zones[0].pk}",
            "on": TODAY.isoformat(),
            "kind": "thanks",
            "points": "0",
            "reason": "x",
        },
    )
    assert response.status_code == 400 and "not 0" in response.content.decode()


def test_the_weights_page(client, hall):
    data = {
        "patrol": 50,
        "self_check": 15,
        "acceptance": 15,
        "rectification": 20,
        "service": 10,
        "overdue_points": 10,
        "rejected_points": 5,
        "repeat_points": 5,
        "repeat_days": 30,
        "veto_cap": 60,
    }
    admin = as_user(client, hall, Role.ADMIN)
    response = admin.post(url("assessment_weights", hall), data)
    assert response.status_code == 400 and "add up to 110" in response.content.decode()
    assert not IndicatorWeights.objects.exists()
    response = admin.post(url("assessment_weights", hall), {**data, "patrol": 40})
    assert response.status_code == 302 and IndicatorWeights.objects.get().patrol == 40
    reader = as_user(client, hall, Role.SUPERVISION)
    assert 'data-testid="read-only"' in reader.get(url("assessment_weights", hall)).content.decode()
    assert reader.post(url("assessment_weights", hall), data).status_code == 403


def test_the_nav_leads_to_the_assessment(client, hall):
    page = as_user(client, hall, Role.LEADERSHIP).get(url("hall_home", hall)).content.decode()
    assert 'data-testid="nav-assessment"' in page and url("assessment_list", hall) in page


@pytest.mark.parametrize(
    "name", ["assessmentperiod", "assessmentresult", "adjustmentitem", "importedindicator", "appeal"]
)
def test_the_admin_lists_the_assessment_read_only(client, hall, name):
    from .factories import UserFactory

    period_in(hall, PeriodState.DRAFT)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get(reverse(f"admin:assessment_{name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:assessment_{name}_add")).status_code == 403
