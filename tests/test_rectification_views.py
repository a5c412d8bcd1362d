"""The pages of the rectification loop: the list, inboxes, statistics, issuing, the notice page and its
actions, after-photos, the policy page, and the entry points on the inspection pages."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.core.models import Event
from hallkeeper.rectification import services
from hallkeeper.rectification.choices import ExtensionState, NoticeState
from hallkeeper.rectification.deadlines import add_working_days
from hallkeeper.rectification.models import (
    ExtensionRequest,
    FindingResponse,
    Notice,
    NoticeResponse,
    RectificationPolicy,
    ResponsePhoto,
)

from .factories import PASSWORD
from .inspection_data import answers_for, findings_of, issued_notice, notice_in_state, photo_file
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def url(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


def login(client, small, key):
    client.force_login(small.users[key])
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def overdue(notice, days=3):
    Notice.objects.filter(pk=notice.pk).update(deadline=timezone.localdate() - timedelta(days=days))
    notice.refresh_from_db()
    return notice


def act(client, small, notice, action, **data):
    data.setdefault("expected_state", notice.state)
    return client.post(url("notice_action", small, pk=notice.pk, action=action), data)


# -- the list ----------------------------------------------------------------------------------


@pytest.fixture
def several(hall):
    """Zone 1: an issued notice made overdue, a submitted one, a closed one; zone 2: an issued one."""
    late = overdue(issued_notice(hall))
    submitted = notice_in_state(hall, NoticeState.SUBMITTED)
    closed = notice_in_state(hall, NoticeState.VERIFIED)
    other = issued_notice(hall, zone_index=1)
    return {"late": late, "submitted": submitted, "closed": closed, "other": other}


def test_list_shows_counts_as_chips_and_rows(client, hall, several):
    response = login(client, hall, "supervision").get(url("notice_list", hall))
    assert response.status_code == 200
    chips = {key: count for key, _l, _c, count, _h, _a in response.context["chips"]}
    assert chips["all"] == 4 and chips["open"] == 3 and chips["overdue"] == 1
    assert chips["issued"] == 2 and chips["submitted"] == 1 and chips["verified"] == 1
    page = response.content.decode()
    for notice in several.values():
        assert notice.number in page
    assert "3 days overdue" in page
    late = next(n for n in response.context["object_list"] if n.pk == several["late"].pk)
    assert late.finding_count == 1 and late.worst_severity == "veto" and late.days_overdue == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=submitted", {"submitted"}),
        ("overdue=true", {"late"}),
        ("overdue=false", {"submitted", "closed", "other"}),
        ("open=true", {"late", "submitted", "other"}),
        ("zone=ZONE2", {"other"}),
        ("q=NUMBER_OF_CLOSED", {"closed"}),
    ],
)
def test_list_filters(client, hall, several, query, expected):
    query = query.replace("ZONE2", str(hall.zones[1].pk)).replace("NUMBER_OF_CLOSED", several["closed"].number)
    response = login(client, hall, "admin").get(url("notice_list", hall) + "?" + query)
    assert {n.pk for n in response.context["object_list"]} == {several[k].pk for k in expected}


def test_list_filters_by_issuer_and_period(client, hall, several):
    by_admin = issued_notice(hall, zone_index=1, user_key="admin", findings=findings_of(hall, zone_index=1))
    client = login(client, hall, "admin")
    response = client.get(url("notice_list", hall), {"issuer": hall.users["admin"].pk})
    assert [n.pk for n in response.context["object_list"]] == [by_admin.pk]
    today = timezone.localdate()
    response = client.get(url("notice_list", hall), {"date_from": today + timedelta(days=1)})
    assert list(response.context["object_list"]) == []
    response = client.get(url("notice_list", hall), {"date_from": today, "date_to": today})
    assert len(response.context["object_list"]) == 5


def test_zone_lead_lists_only_own_zone(client, hall, several):
    response = login(client, hall, "lead2").get(url("notice_list", hall))
    assert [n.pk for n in response.context["object_list"]] == [several["other"].pk]
    assert response.context["counts"]["open"] == 1
    assert several["late"].number not in response.content.decode()


def test_list_export_has_every_column(client, hall, several):
    response = login(client, hall, "leadership").get(url("notice_list", hall) + "?export=xlsx")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    for column in ("Number", "Zone", "Zone lead", "Number of findings", "Deadline", "State", "Closed at",
                   "Days to close", "Closed late", "Days overdue"):  # fmt: skip
        assert column in header, column
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert set(by_number) == {n.number for n in several.values()}
    closed = by_number[several["closed"].number]
    assert closed["Closed late"] == "否" and closed["Days to close"] is not None and closed["Closed at"]
    assert by_number[several["late"].number]["Days overdue"] == 3
    assert by_number[several["late"].number]["Most severe"] == "Veto"


def test_list_queries_do_not_grow_with_rows(client, hall):
    client = login(client, hall, "supervision")
    issued_notice(hall)
    with CaptureQueriesContext(connection) as one:
        client.get(url("notice_list", hall))
    for _ in range(4):
        issued_notice(hall, zone_index=1)
    with CaptureQueriesContext(connection) as five:
        client.get(url("notice_list", hall))
    assert len(five) == len(one)


def test_empty_list_says_how_to_issue(client, hall):
    page = login(client, hall, "supervision").get(url("notice_list", hall)).content.decode()
    assert "No rectification notices yet." in page and "Issue a rectification notice" in page


# -- inboxes -----------------------------------------------------------------------------------


def test_lead_inbox_orders_by_urgency_with_the_next_step(client, hall):
    fresh = issued_notice(hall)
    rectifying = notice_in_state(hall, NoticeState.RECTIFYING)
    waiting = notice_in_state(hall, NoticeState.SUBMITTED)
    late = overdue(notice_in_state(hall, NoticeState.ACKNOWLEDGED))
    notice_in_state(hall, NoticeState.VERIFIED)  # closed: not in the inbox
    issued_notice(hall, zone_index=1)  # another zone's
    response = login(client, hall, "lead1").get(url("notice_inbox", hall))
    cards = response.context["lead_cards"]
    assert [n.pk for n in cards] == [late.pk, fresh.pk, rectifying.pk, waiting.pk]
    steps = {n.pk: n.next_step for n in cards}
    assert steps == {late.pk: "rectify", fresh.pk: "acknowledge", rectifying.pk: "rectify", waiting.pk: "wait"}
    assert response.context["to_verify"] == [] and not response.context["is_inspector"]
    page = response.content.decode()
    assert 'data-testid="inbox-acknowledge"' in page


def test_inspector_inbox_lists_rectifications_and_extension_requests(client, hall):
    submitted = notice_in_state(hall, NoticeState.SUBMITTED)
    asking = notice_in_state(hall, NoticeState.RECTIFYING, zone_index=1)
    services.extension_request(
        user=hall.users["lead2"], notice=asking, requested_until=asking.deadline + timedelta(days=5), reason="等配件"
    )
    issued_notice(hall)
    response = login(client, hall, "leadership").get(url("notice_inbox", hall))
    assert [n.pk for n in response.context["to_verify"]] == [submitted.pk]
    assert [e.notice_id for e in response.context["to_decide"]] == [asking.pk]
    assert response.context["lead_cards"] == []


def test_inbox_of_someone_with_nothing_to_do(client, hall):
    notice_in_state(hall, NoticeState.SUBMITTED)
    response = login(client, hall, "viewer").get(url("notice_inbox", hall))
    assert response.status_code == 200
    assert not response.context["is_lead"] and not response.context["is_inspector"]
    assert "Nothing waits for you here" in response.content.decode()


# -- issuing -----------------------------------------------------------------------------------


def patrol(small, fails=None, zone_index=0, user_key="supervision"):
    from .inspection_data import submitted

    return submitted(small, fails or {"exit-clear": 1}, user_key=user_key, zone_index=zone_index)


def test_issue_form_prefills_from_an_inspection(client, hall):
    inspection = patrol(hall)
    finding = inspection.findings.get()
    response = login(client, hall, "supervision").get(url("notice_issue", hall), {"inspection": inspection.pk})
    assert response.status_code == 200
    assert response.context["zone"] == hall.zones[0]
    form = response.context["form"]
    assert form.initial["findings"] == [finding.pk]
    assert finding.rule.requirement.strip() in form.initial["requirement"]
    today = timezone.localdate()
    assert form.initial["deadline"] == add_working_days(today, RectificationPolicy(hall=hall.hall).days_veto)
    assert [f.checked for f in response.context["findings"]] == [True]
    page = response.content.decode()
    assert "1 working days for the most severe finding" in page or "Default: 1 working days" in page


def test_issue_form_from_findings_of_two_zones_keeps_one_zone(client, hall):
    first = patrol(hall).findings.get()
    second = patrol(hall, zone_index=1).findings.get()
    response = login(client, hall, "supervision").get(
        url("notice_issue", hall) + f"?finding={first.pk}&finding={second.pk}"
    )
    assert response.context["zone"] == hall.zones[0]
    assert response.context["form"].initial["findings"] == [first.pk]
    assert "only those of" in response.context["warning"]


def test_issue_without_zone_offers_the_zones(client, hall):
    patrol(hall)
    response = login(client, hall, "supervision").get(url("notice_issue", hall))
    assert {z.pk: n for z, n in response.context["zone_choices"]} == {hall.zones[0].pk: 1, hall.zones[1].pk: 0}


def test_issue_posts_and_redirects_with_the_number(client, hall):
    inspection = patrol(hall)
    finding = inspection.findings.get()
    deadline = timezone.localdate() + timedelta(days=4)
    response = login(client, hall, "supervision").post(
        url("notice_issue", hall),
        {"zone": hall.zones[0].pk, "findings": [finding.pk], "requirement": "清理通道", "deadline": deadline},
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == url("notice_detail", hall, pk=notice.pk)
    assert notice.deadline == deadline and notice.issued_by == hall.users["supervision"]
    assert any(notice.number in m for m in texts(response))


def test_issue_for_a_failed_acceptance(client, hall):
    from hallkeeper.inspections.choices import InspectionKind

    from .inspection_data import submitted

    acceptance = submitted(hall, {"exit-clear": 1}, kind=InspectionKind.ACCEPTANCE)
    assert acceptance.passed is False
    client = login(client, hall, "supervision")
    response = client.get(url("notice_issue", hall), {"acceptance": acceptance.pk})
    assert response.context["acceptance"] == acceptance
    response = client.post(
        url("notice_issue", hall),
        {
            "zone": hall.zones[0].pk,
            "acceptance": acceptance.pk,
            "findings": list(acceptance.findings.values_list("pk", flat=True)),
            "requirement": "整改后申请重新验收",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and notice.acceptance_failure and notice.source_inspection == acceptance


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"deadline": "PAST"}, "The deadline cannot be in the past."),
        ({"findings": []}, "Choose at least one finding for the notice."),
        ({"findings": "OTHER_ZONE"}, "is not in zone"),
        ({"requirement": "  "}, "Write what the zone must put right."),
    ],
)
def test_issue_refuses_bad_input_and_changes_nothing(client, hall, change, message):
    finding = patrol(hall).findings.get()
    other = patrol(hall, zone_index=1).findings.get()
    data = {"zone": hall.zones[0].pk, "findings": [finding.pk], "requirement": "清理通道"}
    data.update(change)
    if data.get("deadline") == "PAST":
        data["deadline"] = timezone.localdate() - timedelta(days=1)
    if data["findings"] == "OTHER_ZONE":
        data["findings"] = [other.pk]
    response = login(client, hall, "supervision").post(url("notice_issue", hall), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Notice.objects.exists()


def test_issue_refuses_a_finding_already_on_a_notice(client, hall):
    notice = issued_notice(hall)
    finding = notice.items.get().finding
    response = login(client, hall, "admin").post(
        url("notice_issue", hall), {"zone": hall.zones[0].pk, "findings": [finding.pk], "requirement": "x"}
    )
    assert response.status_code == 400 and notice.number in response.content.decode()
    assert Notice.objects.count() == 1


@pytest.mark.parametrize("user_key", ["viewer", "lead1", "staff1"])
def test_issue_page_is_for_the_supervision_side(client, hall, user_key):
    finding = patrol(hall).findings.get()
    client = login(client, hall, user_key)
    assert client.get(url("notice_issue", hall), {"zone": hall.zones[0].pk}).status_code == 403
    response = client.post(
        url("notice_issue", hall), {"zone": hall.zones[0].pk, "findings": [finding.pk], "requirement": "x"}
    )
    assert response.status_code == 403
    assert not Notice.objects.exists()


# -- the notice page ---------------------------------------------------------------------------


def test_detail_shows_everything_and_the_allowed_actions(client, hall):
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    client = login(client, hall, "supervision")
    response = client.get(url("notice_detail", hall, pk=notice.pk))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["allowed"] == ["verify", "reject", "cancel"]
    assert [e.verb for e in ctx["events"]] == ["notice.issued", "notice.acknowledged", "notice.started",
                                               "notice.submitted"]  # fmt: skip
    page = response.content.decode()
    assert 'data-testid="after-photo"' in page and 'data-testid="form-verify"' in page
    assert 'data-testid="form-submit"' not in page and 'data-testid="form-acknowledge"' not in page
    assert url("notice_pdf", hall, pk=notice.pk) in page and url("notice_docx", hall, pk=notice.pk) in page
    assert "rule_keys=exit-clear" in ctx["recheck_url"] and "kind=special" in ctx["recheck_url"]
    response = login(client, hall, "lead1").get(url("notice_detail", hall, pk=notice.pk))
    assert response.context["allowed"] == []
    assert 'data-testid="form-verify"' not in response.content.decode()


# Window staff see a notice only when it holds a finding on their window (tests/test_rectification_visibility.py).
@pytest.mark.parametrize(("user_key", "status"), [("lead1", 200), ("staff1", 404), ("lead2", 404), ("staff2", 404)])
def test_detail_scope(client, hall, user_key, status):
    notice = issued_notice(hall)
    assert login(client, hall, user_key).get(url("notice_detail", hall, pk=notice.pk)).status_code == status


def test_detail_of_another_hall_is_404(client, hall, beta):
    install_tiny_handbook(beta.hall)
    notice = issued_notice(beta)
    response = login(client, hall, "admin").get(
        reverse("notice_detail", kwargs={"hall": beta.hall.code, "pk": notice.pk})
    )
    assert response.status_code == 404
    assert login(client, hall, "admin").get(url("notice_detail", hall, pk=notice.pk)).status_code == 404


# -- actions through the view ------------------------------------------------------------------


def test_the_whole_loop_through_the_views(client, hall):
    notice = issued_notice(hall)
    lead, inspector = hall.users["lead1"], hall.users["supervision"]
    client.force_login(lead)
    response = act(client, hall, notice, "acknowledge")
    assert response.status_code == 302 and "acknowledged" in texts(response)[-1]
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACKNOWLEDGED
    act(client, hall, notice, "start")
    notice.refresh_from_db()
    item = notice.items.get()
    response = client.post(
        url("notice_action", hall, pk=notice.pk, action="submit"),
        {
            "expected_state": notice.state,
            f"finding-{item.pk}-text": "已清理",
            f"finding-{item.pk}-photos": [photo_file("red"), photo_file("blue")],
        },
    )
    notice.refresh_from_db()
    assert response.status_code == 302 and notice.state == NoticeState.SUBMITTED
    assert ResponsePhoto.objects.filter(response__notice=notice).count() == 2
    client.force_login(inspector)
    act(client, hall, notice, "reject", reason="地面仍有杂物")
    notice.refresh_from_db()
    assert notice.state == NoticeState.RECTIFYING and notice.times_rejected == 1
    client.force_login(lead)
    client.post(
        url("notice_action", hall, pk=notice.pk, action="submit"),
        {
            "expected_state": notice.state,
            f"finding-{item.pk}-text": "再次清理",
            f"finding-{item.pk}-photos": [photo_file("yellow")],
        },
    )
    client.force_login(inspector)
    notice.refresh_from_db()
    response = act(client, hall, notice, "verify", comment="复查合格")
    notice.refresh_from_db()
    assert notice.state == NoticeState.VERIFIED
    page = client.get(response["Location"]).content.decode()
    assert "Verified and closed" in page and "地面仍有杂物" in page
    assert url("notice_closing_pdf", hall, pk=notice.pk) in page


def test_stale_expected_state_is_refused_with_a_message(client, hall):
    notice = issued_notice(hall)
    services.notice_acknowledge(user=hall.users["lead1"], notice=notice)
    client = login(client, hall, "lead1")
    response = client.post(url("notice_action", hall, pk=notice.pk, action="acknowledge"), {"expected_state": "issued"})
    assert response.status_code == 302
    assert "Someone else acted on this notice first" in texts(response)[-1]
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACKNOWLEDGED
    assert Event.objects.filter(verb="notice.acknowledged").count() == 1
    response = client.post(
        url("notice_action", hall, pk=notice.pk, action="start"),
        {"expected_state": "issued"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and response.json()["code"] == "stale"


@pytest.mark.parametrize(
    ("user_key", "action", "status"),
    [
        ("supervision", "acknowledge", 403),
        ("viewer", "acknowledge", 403),
        ("staff1", "acknowledge", 404),  # not about their window: not even visible
        ("lead2", "acknowledge", 404),
        ("lead1", "cancel", 403),
        ("lead1", "verify", 302),  # wrong state: refused with a message
    ],
)
def test_role_refusals(client, hall, user_key, action, status):
    notice = issued_notice(hall)
    response = act(login(client, hall, user_key), hall, notice, action, reason="x")
    assert response.status_code == status
    notice.refresh_from_db()
    assert notice.state == NoticeState.ISSUED
    if status == 302:
        assert "there is no rectification to verify" in texts(response)[-1]


def test_submit_without_photos_is_refused_and_keeps_the_text(client, hall):
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    item = notice.items.get()
    client = login(client, hall, "lead1")
    response = client.post(
        url("notice_action", hall, pk=notice.pk, action="submit"),
        {"expected_state": notice.state, f"finding-{item.pk}-text": "已处理", "remark": "总体说明"},
    )
    assert "add at least one photo" in texts(response)[-1] and "Finding 1 (2.1.1)" in texts(response)[-1]
    notice.refresh_from_db()
    assert notice.state == NoticeState.RECTIFYING and not notice.responses.exists()
    page = client.get(response["Location"]).content.decode()
    assert "已处理</textarea>" in page and "总体说明</textarea>" in page


def two_finding_notice(hall):
    from .inspection_data import add_service_window

    add_service_window(hall)
    notice = issued_notice(hall, findings=findings_of(hall, fails={"exit-clear": 1, "counter-whitelist": 1}))
    lead = hall.users["lead1"]
    return services.notice_start(user=lead, notice=services.notice_acknowledge(user=lead, notice=notice))


def answer_post(notice, **extra) -> dict:
    data = {"expected_state": notice.state}
    for n, item in enumerate(notice.items.order_by("order", "pk")):
        data[f"finding-{item.pk}-text"] = f"第{item.order}项已整改"
        data[f"finding-{item.pk}-photos"] = [photo_file(("red", "blue", "yellow")[n % 3])]
    data.update(extra)
    return data


def test_the_phone_form_answers_each_finding_and_the_page_pairs_before_and_after(client, hall):
    notice = two_finding_notice(hall)
    client = login(client, hall, "lead1")
    page = client.get(url("notice_detail", hall, pk=notice.pk)).content.decode()
    items = list(notice.items.order_by("order", "pk"))
    for item in items:  # one fieldset per finding: its text and its photos
        assert f'name="finding-{item.pk}-text"' in page and f'name="finding-{item.pk}-photos"' in page
    response = client.post(url("notice_action", hall, pk=notice.pk, action="submit"), answer_post(notice, remark="好"))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.SUBMITTED
    round1 = notice.responses.get()
    assert round1.text == "好" and round1.answers.count() == 2
    page = client.get(url("notice_detail", hall, pk=notice.pk)).content.decode()
    for item in items:
        photo = ResponsePhoto.objects.get(answer__item=item)
        block = page.split(f'data-item="{item.pk}"')[1].split('data-testid="notice-finding"')[0]
        assert f"第{item.order}项已整改" in block and url("notice_photo_thumb", hall, pk=photo.pk) in block
        others = ResponsePhoto.objects.exclude(answer__item=item)
        assert not any(url("notice_photo_thumb", hall, pk=p.pk) in block for p in others)  # no repetition


@pytest.mark.parametrize(
    "bad",
    ["other-notice", "hostile", "huge", "missing-photo", "missing-answer"],
)
def test_bad_submissions_are_refused_clearly_and_change_nothing(client, hall, bad):
    notice = two_finding_notice(hall)
    first, second = notice.items.order_by("order", "pk")
    data = answer_post(notice)
    if bad == "other-notice":
        other = issued_notice(hall, findings=findings_of(hall), zone_index=0)
        data[f"finding-{other.items.get().pk}-text"] = "别的通知书"
        expected = "not on this notice"
    elif bad == "hostile":
        data["finding-<script>-text"] = "x"
        expected = "cannot be found"
    elif bad == "huge":
        data["finding-99999999999999999999-text"] = "x"
        expected = "cannot be found"
    elif bad == "missing-photo":
        del data[f"finding-{second.pk}-photos"]
        expected = "add at least one photo"
    else:
        del data[f"finding-{first.pk}-text"], data[f"finding-{first.pk}-photos"]
        expected = "say what was done"
    client = login(client, hall, "lead1")
    responses, photos = NoticeResponse.objects.count(), ResponsePhoto.objects.count()
    response = client.post(url("notice_action", hall, pk=notice.pk, action="submit"), data)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert expected in texts(response)[-1]
    notice.refresh_from_db()
    assert notice.state == NoticeState.RECTIFYING
    assert (NoticeResponse.objects.count(), ResponsePhoto.objects.count()) == (responses, photos)
    # The same refusal for a script names the field it is about.
    data = answer_post(notice)
    del data[f"finding-{second.pk}-photos"]
    answer = client.post(url("notice_action", hall, pk=notice.pk, action="submit"), data, HTTP_HX_REQUEST="true")
    assert answer.status_code == 400 and list(answer.json()["fields"]) == [f"finding-{second.pk}"]


def test_reject_names_the_findings_not_satisfactory_and_the_lead_sees_them(client, hall):
    notice = two_finding_notice(hall)
    first, second = notice.items.order_by("order", "pk")
    services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers_for(notice))
    notice.refresh_from_db()
    client = login(client, hall, "supervision")
    page = client.get(url("notice_detail", hall, pk=notice.pk)).content.decode()
    assert f'name="unsatisfactory" value="{first.pk}"' in page
    response = client.post(
        url("notice_action", hall, pk=notice.pk, action="reject"),
        {"expected_state": notice.state, "reason": "出口仍堵", "unsatisfactory": [str(second.pk)]},
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.state == NoticeState.RECTIFYING
    assert list(FindingResponse.objects.filter(unsatisfactory=True).values_list("item_id", flat=True)) == [second.pk]
    page = login(client, hall, "lead1").get(url("notice_detail", hall, pk=notice.pk)).content.decode()
    assert "出口仍堵" in page and page.count('data-testid="unsatisfactory"') == 1


def test_reject_refuses_a_hostile_finding_id(client, hall):
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    client = login(client, hall, "supervision")
    for bad in ("abc", "99999999999999999999", "-1"):
        response = client.post(
            url("notice_action", hall, pk=notice.pk, action="reject"),
            {"expected_state": notice.state, "reason": "不合格", "unsatisfactory": [bad]},
        )
        assert response.status_code in (302, 400)
        notice.refresh_from_db()
        assert notice.state == NoticeState.SUBMITTED and notice.times_rejected == 0


def test_reject_needs_a_reason_and_unknown_action_is_404(client, hall):
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    client = login(client, hall, "supervision")
    response = act(client, hall, notice, "reject", reason="")
    assert "Say why the rectification is rejected." in texts(response)[-1]
    notice.refresh_from_db()
    assert notice.state == NoticeState.SUBMITTED
    assert act(client, hall, notice, "explode").status_code == 404
    assert client.get(url("notice_action", hall, pk=notice.pk, action="verify")).status_code == 405


def test_verify_with_a_re_check_inspection(client, hall):
    from hallkeeper.inspections.choices import InspectionKind

    from .inspection_data import submitted

    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    recheck = submitted(hall, {}, kind=InspectionKind.SPECIAL, rule_keys=["exit-clear"])
    client = login(client, hall, "supervision")
    assert recheck in client.get(url("notice_detail", hall, pk=notice.pk)).context["rechecks"]
    act(client, hall, notice, "verify", inspection=recheck.pk)
    notice.refresh_from_db()
    assert notice.state == NoticeState.VERIFIED and notice.verification_inspection == recheck


def test_cancel_by_the_issuer(client, hall):
    notice = issued_notice(hall)
    client = login(client, hall, "supervision")
    response = act(client, hall, notice, "cancel", reason="")
    assert "Say why the notice is cancelled." in texts(response)[-1]
    act(client, hall, notice, "cancel", reason="重复下发")
    notice.refresh_from_db()
    assert notice.state == NoticeState.CANCELLED and notice.cancel_reason == "重复下发"


def test_extension_request_and_decision(client, hall):
    notice = notice_in_state(hall, NoticeState.ACKNOWLEDGED)
    client = login(client, hall, "lead1")
    response = act(client, hall, notice, "request_extension", requested_until="not a date", reason="等配件")
    assert "valid date" in texts(response)[-1]
    new = notice.deadline + timedelta(days=7)
    act(client, hall, notice, "request_extension", requested_until=new.isoformat(), reason="等配件")
    extension = ExtensionRequest.objects.get()
    decide = url("notice_extension_decide", hall, pk=notice.pk, extension=extension.pk)
    assert client.post(decide, {"decision": "grant"}).status_code == 403
    client = login(client, hall, "leadership")
    response = client.post(decide, {"decision": "refuse", "note": ""})
    assert "Say why more time is refused." in texts(response)[-1]
    client.post(decide, {"decision": "grant", "note": "同意"})
    extension.refresh_from_db()
    notice.refresh_from_db()
    assert extension.state == ExtensionState.GRANTED and notice.deadline == new
    response = client.post(decide, {"decision": "grant"})
    assert "already decided" in texts(response)[-1]
    assert login(client, hall, "lead2").post(decide, {"decision": "grant"}).status_code == 404


# -- after-photos ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_key", "status"),
    [("admin", 200), ("viewer", 200), ("lead1", 200), ("staff1", 404), ("lead2", 404), ("staff2", 404)],
)
def test_after_photos_are_served_within_scope(client, hall, user_key, status):
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    photo = ResponsePhoto.objects.get(response__notice=notice)
    client = login(client, hall, user_key)
    response = client.get(url("notice_photo", hall, pk=photo.pk))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
        assert client.get(url("notice_photo_thumb", hall, pk=photo.pk)).status_code == 200


def test_after_photo_of_another_hall_is_404(client, hall, beta, settings):
    install_tiny_handbook(beta.hall)
    notice = notice_in_state(beta, NoticeState.SUBMITTED)
    photo = ResponsePhoto.objects.get(response__notice=notice)
    assert login(client, hall, "admin").get(url("notice_photo", hall, pk=photo.pk)).status_code == 404


# -- statistics ----------------------------------------------------------------------------------


def test_zone_stats_numbers_and_export(client, hall):
    overdue(issued_notice(hall))
    issued_notice(hall)
    closed = notice_in_state(hall, NoticeState.VERIFIED)
    Notice.objects.filter(pk=closed.pk).update(issued_at=closed.closed_at - timedelta(days=2))
    issued_notice(hall, zone_index=1)
    client = login(client, hall, "supervision")
    response = client.get(url("notice_zone_stats", hall))
    rows = {r.zone.pk: r for r in response.context["rows"]}
    zone1, zone2 = rows[hall.zones[0].pk], rows[hall.zones[1].pk]
    assert (zone1.open, zone1.overdue, zone1.closed, zone1.average_days) == (2, 1, 1, 2.0)
    assert (zone2.open, zone2.overdue, zone2.closed, zone2.average_days) == (1, 0, 0, None)
    assert response.context["totals"] == {"open": 3, "overdue": 1, "closed": 1}
    assert response.context["chart"]["open"] == [2, 1]
    future = timezone.localdate() + timedelta(days=30)
    response = client.get(url("notice_zone_stats", hall), {"date_from": future, "date_to": future})
    assert response.context["rows"][0].closed == 0
    response = client.get(url("notice_zone_stats", hall) + "?export=xlsx")
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Zone code", "Zone", "Zone lead", "Open notices")
    assert rows[1][3:] == (2, 1, 1, 2.0)


def test_zone_stats_of_a_lead_count_only_their_zone(client, hall):
    issued_notice(hall)
    issued_notice(hall, zone_index=1)
    response = login(client, hall, "lead1").get(url("notice_zone_stats", hall))
    assert [r.zone for r in response.context["rows"]] == [hall.zones[0]]


# -- policy ------------------------------------------------------------------------------------


def test_policy_page_everyone_reads_admin_edits(client, hall):
    page = login(client, hall, "viewer").get(url("rectification_policy", hall))
    assert page.status_code == 200 and 'data-testid="read-only"' in page.content.decode()
    assert page.context["examples"][0] == f"测审批整改〔{timezone.localdate().year}〕1号"
    assert client.post(url("rectification_policy", hall), {"number_format": "{seq}"}).status_code == 403
    assert not RectificationPolicy.objects.exists()

    client = login(client, hall, "admin")
    data = {"number_format": "整改〔{year}〕{seq}", "days_minor": 6, "days_major": 4, "days_veto": 2,
            "remind_days_before": 1}  # fmt: skip
    response = client.post(url("rectification_policy", hall), data)
    assert response.status_code == 302
    policy = RectificationPolicy.objects.get(hall=hall.hall)
    assert policy.days_minor == 6 and not policy.minor_without_photo
    assert client.post(url("rectification_policy", hall), {**data, "minor_without_photo": "on"}).status_code == 302
    policy.refresh_from_db()
    assert policy.minor_without_photo and not policy.needs_after_photo("minor") and policy.needs_after_photo("major")
    client.post(url("rectification_policy", hall), data)
    policy.refresh_from_db()
    assert not policy.minor_without_photo
    page = client.get(url("rectification_policy", hall))
    assert page.context["examples"][0] == f"整改〔{timezone.localdate().year}〕1"

    response = client.post(url("rectification_policy", hall), {**data, "number_format": "{year}-{n}"})
    assert response.status_code == 400 and "{n}" in response.content.decode()
    policy.refresh_from_db()
    assert policy.number_format == "整改〔{year}〕{seq}"


# -- entry points on the inspection pages ----------------------------------------------------


def test_report_offers_issuing_and_shows_the_notice_of_a_finding(client, hall):
    inspection = patrol(hall)
    client = login(client, hall, "supervision")
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert f"?inspection={inspection.pk}" in page and 'data-testid="issue-notice"' in page
    assert (
        'data-testid="issue-notice"'
        not in login(client, hall, "lead1").get(inspection.get_absolute_url()).content.decode()
    )

    notice = issued_notice(hall, findings=list(inspection.findings.all()))
    client = login(client, hall, "supervision")
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert notice.number in page and 'data-testid="finding-notice"' in page
    assert 'data-testid="issue-notice"' not in page  # every finding is on a notice
    page = client.get(url("finding_list", hall)).content.decode()
    assert notice.number in page and 'data-testid="finding-tick"' not in page


def test_inspection_pages_show_the_notice_state_through_the_follow_up_registry(client, hall):
    """The inspection app knows nothing of notices: rectification registers the notice lookup and its badge."""
    from hallkeeper.inspections import followups

    inspection = patrol(hall)
    notice = issued_notice(hall, findings=list(inspection.findings.all()))
    assert followups.badge_template() == "rectification/_state_badge.html"
    client = login(client, hall, "supervision")
    for page_url in (inspection.get_absolute_url(), url("finding_list", hall)):
        page = client.get(page_url).content.decode()
        assert f'data-state="{notice.state}"' in page and notice.number in page


def test_finding_list_ticks_lead_to_the_issue_page(client, hall):
    patrol(hall)
    page = login(client, hall, "admin").get(url("finding_list", hall)).content.decode()
    assert 'data-testid="finding-tick"' in page and 'form="issue-form"' in page


def test_login_with_password_works_for_pages(client, hall):
    """A real login (not force_login) reaches the inbox: the session machinery is wired."""
    assert client.login(username="alpha-lead1", password=PASSWORD)
    assert client.get(url("notice_inbox", hall)).status_code == 200
