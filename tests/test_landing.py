"""Each role lands on its own work: window staff on their windows, rules and open items; zone leads on their
zones' scores, due self-checks and notices (a standing rejection first); the supervision side on today's plan
and what awaits verification; leaders and administrators on the overview. Nothing outside their scope, and a
fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hallkeeper.core.roles import Role
from hallkeeper.inspections.choices import InspectionKind
from hallkeeper.inspections.models import Finding
from hallkeeper.rectification import services
from hallkeeper.rectification.choices import NoticeState

from .inspection_data import findings_of, issued_notice, notice_in_state, submitted
from .standards_data import install_tiny_handbook
from .test_inspection_plans import due_row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

REASON = "照片不清晰，请补拍通道全景。"


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def home(client, small, user_key):
    client.force_login(small.users[user_key])
    response = client.get(reverse("hall_home", kwargs={"hall": small.hall.code}))
    assert response.status_code == 200
    return response


def at_window(findings, window):
    Finding.objects.filter(pk__in=[f.pk for f in findings]).update(window=window)
    return findings


# -- window staff ------------------------------------------------------------------------------------


def test_window_staff_land_on_their_window_rules_and_open_items(client, hall):
    mine = at_window(findings_of(hall, zone_index=0), hall.windows[0])
    theirs = at_window(findings_of(hall, zone_index=1), hall.windows[1])
    notice = issued_notice(hall, zone_index=0, findings=mine)
    loose = at_window(findings_of(hall, zone_index=0, fails={"exit-clear": 1}), hall.windows[0])
    response = home(client, hall, "staff1")
    assert [t.name for t in response.templates][0] == "dashboard/landing_window_staff.html"
    work = response.context["work"]
    assert [w.window for w in work.windows] == [hall.windows[0]]
    assert work.windows[0].rules  # the tiny handbook's rules for the window
    assert work.notices == [notice]
    assert [f.pk for f in work.findings] == [loose[0].pk]  # the finding not on a notice yet
    body = response.content.decode()
    assert notice.number in body and work.windows[0].rules[0].title in body
    assert f'data-window="{hall.windows[1].pk}"' not in body
    assert theirs[0].pk not in [f.pk for f in work.findings]
    assert "you have no zone" not in body.lower() and 'data-testid="overview"' not in body


def test_window_staff_without_a_window_are_told_what_to_do(client, hall):
    hall.windows[0].staff.clear()
    body = home(client, hall, "staff1").content.decode()
    assert 'data-testid="empty"' in body and "Ask the hall's system administrator" in body


def test_window_staff_with_nothing_open_see_an_empty_state(client, hall):
    body = home(client, hall, "staff1").content.decode()
    assert 'data-testid="no-open-items"' in body


# -- zone leads --------------------------------------------------------------------------------------


def test_zone_lead_lands_on_score_self_checks_and_notices_with_the_rejection_first(client, hall):
    submitted(hall, {"exit-clear": 1}, zone_index=0)
    submitted(hall, zone_index=1)
    today = timezone.localdate()
    due = due_row(hall, opens_on=today, due_on=today, user_key="lead1", kind=InspectionKind.SELF_CHECK)
    due_row(hall, opens_on=today, due_on=today, zone_index=1, user_key="lead2", kind=InspectionKind.SELF_CHECK)
    plain = issued_notice(hall, zone_index=0)
    rejected = services.notice_reject(
        user=hall.users["supervision"], notice=notice_in_state(hall, NoticeState.SUBMITTED), reason=REASON
    )
    other = issued_notice(hall, zone_index=1)
    response = home(client, hall, "lead1")
    assert [t.name for t in response.templates][0] == "dashboard/landing_zone_lead.html"
    work = response.context["work"]
    assert work.zones == [hall.zones[0]]
    assert [g.zone for g in work.glances] == [hall.zones[0]] and work.glances[0].average is not None
    assert [c.due for c in work.day.due_today] == [due]
    counts = {s.state: s.count for s in work.states}
    assert counts[NoticeState.ISSUED] == 1 and counts[NoticeState.RECTIFYING] == 1
    assert [n.pk for n in work.notices] == [rejected.pk, plain.pk]  # the rejected one first
    body = response.content.decode()
    assert other.number not in body and hall.zones[1].name not in body
    alert = body.index('data-testid="rejection"')
    assert REASON in body[alert : alert + 800]
    assert alert < body.index('data-testid="zone-scores"') < body.index('data-testid="due-self-checks"')


def test_zone_lead_with_nothing_going_on_is_told_what_next(client, hall):
    body = home(client, hall, "lead1").content.decode()
    assert 'data-testid="no-due"' in body and 'data-testid="no-open-notices"' in body
    assert "submit a self-check to get a score" in body and 'data-testid="rejection"' not in body


# -- the supervision side and the leaders ------------------------------------------------------------


def test_supervision_lands_on_todays_plan_and_what_awaits_verification(client, hall, beta):
    today = timezone.localdate()
    due = due_row(hall, opens_on=today, due_on=today, user_key="supervision", kind=InspectionKind.SPECIAL)
    due_row(hall, opens_on=today, due_on=today, zone_index=1, user_key="leadership")
    waiting = notice_in_state(hall, NoticeState.SUBMITTED)
    still_open = issued_notice(hall, zone_index=1)
    response = home(client, hall, Role.SUPERVISION)
    assert [t.name for t in response.templates][0] == "dashboard/landing_inspector.html"
    work = response.context["work"]
    assert [c.due for c in work.day.due_today] == [due]
    assert work.to_verify == [waiting] and work.to_verify_total == 1
    body = response.content.decode()
    assert 'data-testid="site-glance"' in body
    assert f'data-notice="{waiting.pk}"' in body and f'data-notice="{still_open.pk}"' not in body


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.ADMIN, Role.VIEWER])
def test_leaders_and_administrators_keep_the_overview(client, hall, role):
    response = home(client, hall, role)
    assert [t.name for t in response.templates][0] == "dashboard/hall_home.html"
    assert 'data-testid="overview"' in response.content.decode()


# -- bounded queries ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("user_key", "limit"), [("staff1", 13), ("lead1", 19), (Role.SUPERVISION, 15)])
def test_landing_queries_do_not_grow_with_the_history(client, hall, django_assert_max_num_queries, user_key, limit):
    for _ in range(6):
        mine = at_window(findings_of(hall, zone_index=0), hall.windows[0])
        services.notice_reject(
            user=hall.users["supervision"],
            notice=notice_in_state(hall, NoticeState.SUBMITTED),
            reason=REASON,
        )
        issued_notice(hall, zone_index=0, findings=mine)
    client.force_login(hall.users[user_key])
    url = reverse("hall_home", kwargs={"hall": hall.hall.code})
    client.get(url)  # warm the caches (content types, sessions)
    with django_assert_max_num_queries(limit):
        assert client.get(url).status_code == 200


def test_user_text_on_the_landings_is_escaped(client, hall):
    from hallkeeper.places.models import Zone

    payload = "<img src=x onerror=alert(1)>"
    Zone.objects.filter(pk=hall.zones[0].pk).update(name=payload)
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    services.notice_reject(user=hall.users["supervision"], notice=notice, reason=f"{payload}<script>x()</script>")
    at_window(findings_of(hall, zone_index=0, fails={"exit-clear": 1}), hall.windows[0])
    Finding.objects.filter(window=hall.windows[0]).update(note=payload)
    for user_key in ("lead1", "staff1", Role.SUPERVISION):
        body = home(client, hall, user_key).content.decode()
        assert payload not in body and "<script>x()" not in body, user_key
        if user_key != Role.SUPERVISION:  # shown as text (the supervision side reads it only in the chart data)
            assert "&lt;img src=x onerror=alert(1)&gt;" in body, user_key
