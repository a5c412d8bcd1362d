"""Notifications: notify and who sees what, email, the group robots (a real local HTTP server), the notification
centre and the settings page, and the notifications the rectification transitions send."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import urllib.parse
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.core.models import Event
from hallkeeper.notifications import services
from hallkeeper.notifications.choices import NotificationKind, WebhookKind
from hallkeeper.notifications.context_processors import unread
from hallkeeper.notifications.delivery import send_emails, send_webhook, signed_url, webhook_payload
from hallkeeper.notifications.models import HallNotificationSettings, Notification
from hallkeeper.notifications.tasks import post_webhook
from hallkeeper.rectification import services as rectification
from hallkeeper.rectification.choices import ExtensionState, NoticeState

from .factories import PASSWORD, RoleFactory, UserFactory
from .inspection_data import answers_for, issued_notice, notice_in_state
from .robots import free_port
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hall(alpha):
    install_tiny_handbook(alpha.hall)
    return alpha


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def inbox(user, kind=None):
    qs = Notification.objects.filter(recipient=user)
    return list(qs.filter(kind=kind) if kind else qs)


def robot_settings(small, url, kind=WebhookKind.WECOM, **kwargs) -> HallNotificationSettings:
    return HallNotificationSettings.objects.create(hall=small.hall, webhook_url=url, webhook_kind=kind, **kwargs)


# -- notify ----------------------------------------------------------------------------------------------


def test_notify_writes_one_row_per_recipient_and_skips_the_actor_inactive_and_duplicates(alpha):
    lead1, lead2, admin = alpha.users["lead1"], alpha.users["lead2"], alpha.users["admin"]
    gone = UserFactory(username="gone", is_active=False)
    created = services.notify(
        recipients=[lead1, lead2, lead1, None, gone, admin],
        hall=alpha.hall,
        kind=NotificationKind.NOTICE_ISSUED,
        title="Notice 1",
        body="Body",
        link="/somewhere/",
        actor=admin,
    )
    assert sorted(n.recipient_id for n in created) == sorted([lead1.pk, lead2.pk])
    assert Notification.objects.count() == 2
    row = Notification.objects.get(recipient=lead1)
    assert (row.hall, row.kind, row.title, row.body, row.link, row.read_at) == (
        alpha.hall,
        NotificationKind.NOTICE_ISSUED,
        "Notice 1",
        "Body",
        "/somewhere/",
        None,
    )


def test_notify_refuses_an_unknown_kind(alpha):
    with pytest.raises(ValueError):
        services.notify(recipients=[alpha.users["lead1"]], hall=alpha.hall, kind="gossip", title="x")
    assert not Notification.objects.exists()


def test_suppressed_turns_notify_off_and_nests(alpha):
    lead1 = alpha.users["lead1"]
    kwargs = {"recipients": [lead1], "hall": alpha.hall, "kind": NotificationKind.DIGEST, "title": "t"}
    with services.suppressed():
        with services.suppressed():
            assert services.notify(**kwargs) == []
        assert services.notify(**kwargs) == []
    assert not Notification.objects.exists()
    assert len(services.notify(**kwargs)) == 1


def test_only_the_recipient_sees_a_notification(client, alpha, beta):
    lead1 = alpha.users["lead1"]
    (note,) = services.notify(
        recipients=[lead1], hall=alpha.hall, kind=NotificationKind.DIGEST, title="Only mine", link="/h/alpha/"
    )
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    for other in (alpha.users["admin"], alpha.users["lead2"], beta.users["admin"], superuser):
        assert not Notification.objects.visible_to(other).exists()
        login(client, other)
        assert client.get(reverse("notification_open", kwargs={"pk": note.pk})).status_code == 404
        assert "Only mine" not in client.get(reverse("notification_list")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None  # nobody else's visit marked it read
    assert list(Notification.objects.visible_to(lead1)) == [note]
    with pytest.raises(PermissionDenied):
        services.mark_read(user=alpha.users["lead2"], notification=note)


def test_anonymous_visitors_are_sent_to_log_in(client, alpha):
    (note,) = services.notify(recipients=[alpha.users["lead1"]], hall=alpha.hall, kind="digest", title="t")
    for url in (reverse("notification_list"), reverse("notification_open", kwargs={"pk": note.pk})):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(reverse("notification_read_all")).status_code == 302
    note.refresh_from_db()
    assert note.read_at is None


# -- the notification centre --------------------------------------------------------------------------------


def test_opening_marks_read_and_follows_the_link(client, alpha):
    lead1 = alpha.users["lead1"]
    (note,) = services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t", link="/h/alpha/zones/")
    login(client, lead1)
    response = client.get(reverse("notification_open", kwargs={"pk": note.pk}))
    assert response.status_code == 302 and response["Location"] == "/h/alpha/zones/"
    note.refresh_from_db()
    first_read = note.read_at
    assert first_read is not None
    client.get(reverse("notification_open", kwargs={"pk": note.pk}))
    note.refresh_from_db()
    assert note.read_at == first_read  # opening again keeps when it was first read


@pytest.mark.parametrize("link", ["", "https://evil.example/phish", "//evil.example/x"])
def test_opening_never_leaves_the_site(client, alpha, link):
    lead1 = alpha.users["lead1"]
    (note,) = services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t", link=link)
    login(client, lead1)
    response = client.get(reverse("notification_open", kwargs={"pk": note.pk}))
    assert response["Location"] == reverse("notification_list")


def test_centre_lists_unread_first_class_filters_and_marks_all_read(client, alpha, beta):
    lead1 = alpha.users["lead1"]
    old = services.notify(recipients=[lead1], hall=alpha.hall, kind="notice_issued", title="Old news")[0]
    services.mark_read(user=lead1, notification=old)
    services.notify(recipients=[lead1], hall=alpha.hall, kind="deadline_reminder", title="Due soon")
    services.notify(recipients=[alpha.users["lead2"]], hall=alpha.hall, kind="digest", title="Not mine")
    login(client, lead1)

    page = client.get(reverse("notification_list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Old news" in html and "Due soon" in html and "Not mine" not in html
    assert [n.title for n in page.context["notifications"]] == ["Due soon", "Old news"]
    assert page.context["unread_count"] == 1

    unread_page = client.get(reverse("notification_list"), {"show": "unread"})
    assert [n.title for n in unread_page.context["notifications"]] == ["Due soon"]
    by_kind = client.get(reverse("notification_list"), {"kind": "notice_issued"})
    assert [n.title for n in by_kind.context["notifications"]] == ["Old news"]
    assert client.get(reverse("notification_list"), {"kind": "nonsense"}).status_code == 200

    response = client.post(reverse("notification_read_all"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notification_list")
    assert not Notification.objects.filter(recipient=lead1, read_at__isnull=True).exists()
    assert Notification.objects.get(recipient=alpha.users["lead2"]).read_at is None  # someone else's stays unread
    empty = client.get(reverse("notification_list"), {"show": "unread"})
    assert 'data-testid="empty"' in empty.content.decode()
    assert client.get(reverse("notification_read_all")).status_code == 405


def test_centre_paginates_with_bounded_queries(client, alpha, settings):
    settings.HALLKEEPER_PAGE_SIZE = 5
    lead1 = alpha.users["lead1"]
    for i in range(12):
        services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title=f"Digest {i}")
    login(client, lead1)
    client.get(reverse("notification_list"))  # warm the session and access caches
    with CaptureQueriesContext(connection) as few:
        page1 = client.get(reverse("notification_list"))
    assert len(page1.context["notifications"]) == 5
    assert page1.context["paginator"].num_pages == 3
    for i in range(12, 40):
        services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title=f"Digest {i}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("notification_list"), {"page": 3})
    assert len(many) == len(few)


def test_empty_centre_says_what_comes_here(client, alpha):
    login(client, alpha.users["viewer"])
    html = client.get(reverse("notification_list")).content.decode()
    assert 'data-testid="empty"' in html


def test_unread_context_processor_and_bell(alpha, django_assert_num_queries):
    lead1 = alpha.users["lead1"]
    for _ in range(3):
        services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t")
    request = RequestFactory().get("/")
    request.user = lead1
    ctx = unread(request)
    with django_assert_num_queries(1):
        html = render_to_string("notifications/partials/bell.html", ctx)
    assert 'data-testid="notification-badge">3<' in html
    assert reverse("notification_list") in html

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        html = render_to_string("notifications/partials/bell.html", unread(request))
    assert "notification-badge" not in html

    for _ in range(100):
        services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t")
    request.user = lead1
    assert ">99+<" in render_to_string("notifications/partials/bell.html", unread(request))


# -- email ---------------------------------------------------------------------------------------------


def test_email_goes_after_commit_to_recipients_with_an_address(alpha, settings, django_capture_on_commit_callbacks):
    settings.HALLKEEPER_BASE_URL = "https://hall.example.gov.cn"
    lead1, lead2 = alpha.users["lead1"], alpha.users["lead2"]
    lead1.email = "lead1@example.org"
    lead1.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(
            recipients=[lead1, lead2], hall=alpha.hall, kind="notice_issued", title="Notice 7", link="/h/alpha/"
        )
    assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lead1@example.org"]
    assert "Notice 7" in message.subject and alpha.hall.display_name in message.subject
    assert "https://hall.example.gov.cn/h/alpha/" in message.body
    note = Notification.objects.get(recipient=lead1)
    assert note.emailed_at is not None
    assert Notification.objects.get(recipient=lead2).emailed_at is None
    assert send_emails([note.pk]) == 0  # never twice
    assert len(mail.outbox) == 1


def test_no_email_when_the_hall_turned_it_off(alpha, django_capture_on_commit_callbacks):
    HallNotificationSettings.objects.create(hall=alpha.hall, email_enabled=False)
    lead1 = alpha.users["lead1"]
    lead1.email = "lead1@example.org"
    lead1.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t")
    assert callbacks == [] and mail.outbox == []
    assert Notification.objects.filter(recipient=lead1).exists()  # still in the notification centre


def test_a_failing_mail_server_is_logged_and_the_email_can_go_later(alpha, settings, caplog):
    lead1 = alpha.users["lead1"]
    lead1.email = "lead1@example.org"
    lead1.save()
    (note,) = services.notify(recipients=[lead1], hall=alpha.hall, kind="digest", title="t")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.EMAIL_TIMEOUT = 2
    with caplog.at_level(logging.ERROR, logger="hallkeeper.notifications.delivery"):
        assert send_emails([note.pk]) == 0
    assert "Could not send" in caplog.text
    note.refresh_from_db()
    assert note.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_emails([note.pk]) == 1


# -- group robots ------------------------------------------------------------------------------------


def test_wecom_robot_gets_a_markdown_message(alpha, robot):
    hall_settings = robot_settings(alpha, robot.url())
    result = send_webhook(hall_settings, "3 notices overdue", "- 〔2026〕第 001 号")
    assert result.ok
    (request,) = robot.requests
    assert request["path"] == "/send?key=abc"
    assert request["headers"]["Content-Type"].startswith("application/json")
    content = "**3 notices overdue**\n- 〔2026〕第 001 号"
    assert request["json"] == {"msgtype": "markdown", "markdown": {"content": content}}
    hall_settings.refresh_from_db()
    assert hall_settings.last_webhook_ok is True and hall_settings.last_webhook_error == ""


def test_dingtalk_robot_gets_title_text_keyword_and_a_valid_signature(alpha, robot):
    secret = "SEC0123456789abcdef"
    hall_settings = robot_settings(
        alpha,
        robot.url("access_token=tok"),
        kind=WebhookKind.DINGTALK,
        dingtalk_secret=secret,
        dingtalk_keyword="整改",
    )
    before = int(timezone.now().timestamp() * 1000)
    assert send_webhook(hall_settings, "Overdue", "- one").ok
    (request,) = robot.requests
    payload = request["json"]
    assert payload["msgtype"] == "markdown"
    assert set(payload["markdown"]) == {"title", "text"}
    assert payload["markdown"]["title"] == "Overdue · 整改"
    assert "整改" in payload["markdown"]["text"] and "- one" in payload["markdown"]["text"]
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(request["path"]).query)
    assert query["access_token"] == ["tok"]
    timestamp = int(query["timestamp"][0])
    assert before - 1000 <= timestamp <= int(timezone.now().timestamp() * 1000) + 1000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert query["sign"] == [expected]


def test_dingtalk_without_a_secret_is_not_signed(alpha, robot):
    hall_settings = robot_settings(alpha, robot.url("access_token=tok"), kind=WebhookKind.DINGTALK)
    assert send_webhook(hall_settings, "t", "x").ok
    assert robot.requests[0]["path"] == "/send?access_token=tok"


def test_signed_url_matches_dingtalks_documented_example():
    # The signature is computed over "timestamp\nsecret" and URL-encoded in the address.
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=x", "SECabc", timestamp_ms=1700000000000)
    digest = hmac.new(b"SECabc", b"1700000000000\nSECabc", hashlib.sha256).digest()
    assert url == (
        "https://oapi.dingtalk.com/robot/send?access_token=x&timestamp=1700000000000&sign="
        + urllib.parse.quote_plus(base64.b64encode(digest))
    )


def test_long_messages_fit_the_robots_limits():
    text = "整改" * 5000
    assert len(webhook_payload(WebhookKind.WECOM, "t", text)["markdown"]["content"].encode()) <= 4096


def test_a_robot_that_refuses_is_recorded(alpha, robot, caplog):
    robot.answer = {"errcode": 310000, "errmsg": "keywords not in content"}
    hall_settings = robot_settings(alpha, robot.url(), kind=WebhookKind.DINGTALK)
    with caplog.at_level(logging.WARNING, logger="hallkeeper.notifications.delivery"):
        result = send_webhook(hall_settings, "t", "x")
    assert not result.ok and "310000" in result.message
    assert "keywords not in content" in caplog.text  # the robot's own words go to the log
    hall_settings.refresh_from_db()
    assert hall_settings.last_webhook_ok is False and "310000" in hall_settings.last_webhook_error


def test_an_unreachable_robot_is_logged_not_raised(alpha, robot, caplog):
    hall_settings = robot_settings(alpha, robot.dead_url)
    with caplog.at_level(logging.WARNING, logger="hallkeeper.notifications.delivery"):
        assert post_webhook.enqueue(alpha.hall.pk, "text", "title").return_value is False
    assert "not delivered" in caplog.text
    hall_settings.refresh_from_db()
    assert hall_settings.last_webhook_ok is False and hall_settings.last_webhook_error
    assert hall_settings.last_webhook_at is not None


def test_post_webhook_without_a_robot_does_nothing(alpha):
    assert post_webhook.enqueue(alpha.hall.pk, "text").return_value is False


# -- the settings page -----------------------------------------------------------------------------------


def settings_url(small):
    return reverse("notification_settings", kwargs={"hall": small.hall.code})


def test_settings_page_is_for_the_halls_administrators(client, alpha, beta):
    expected = {"admin": 200, "leadership": 403, "supervision": 403, "viewer": 403, "lead1": 403, "staff1": 403}
    for key, status in expected.items():
        login(client, alpha.users[key])
        assert client.get(settings_url(alpha)).status_code == status, key
        assert client.post(settings_url(alpha), {"webhook_url": "https://x.example/"}).status_code in (status, 302)
    assert not HallNotificationSettings.objects.exists()
    login(client, beta.users["admin"])
    assert client.get(settings_url(alpha)).status_code == 404
    client.logout()
    assert client.get(settings_url(alpha)).status_code == 302


def test_settings_save_validates_and_keeps_the_secrets(client, alpha):
    login(client, alpha.users["admin"])
    bad = client.post(
        settings_url(alpha), {"webhook_kind": "wecom", "webhook_url": "ftp://robot.example/", "email_enabled": "on"}
    )
    assert bad.status_code == 200 and bad.context["form"].errors["webhook_url"]
    assert not HallNotificationSettings.objects.exists()

    address = "https://oapi.dingtalk.com/robot/send?access_token=t0ken"
    data = {
        "email_enabled": "",
        "webhook_kind": "dingtalk",
        "webhook_url": address,
        "dingtalk_keyword": "整改",
        "dingtalk_secret": "SECsecret",
    }
    assert client.post(settings_url(alpha), data).status_code == 302
    saved = HallNotificationSettings.objects.get(hall=alpha.hall)
    assert (saved.email_enabled, saved.webhook_kind, saved.dingtalk_secret) == (False, "dingtalk", "SECsecret")
    assert saved.webhook_url == address
    event = Event.objects.get(verb="notification_settings.saved")
    assert event.data["secret_changed"] is True and event.data["webhook_changed"] is True
    assert "SECsecret" not in json.dumps(event.data) and "t0ken" not in json.dumps(event.data)

    page = client.get(settings_url(alpha)).content.decode()
    assert "SECsecret" not in page and "t0ken" not in page  # never shown again
    assert "https://oapi.dingtalk.com/robot/send?…" in page

    keep = data | {"dingtalk_secret": "", "webhook_url": ""}
    assert client.post(settings_url(alpha), keep).status_code == 302
    saved.refresh_from_db()
    assert (saved.dingtalk_secret, saved.webhook_url) == ("SECsecret", address)  # empty keeps them
    client.post(settings_url(alpha), keep | {"clear_secret": "on"})
    saved.refresh_from_db()
    assert saved.dingtalk_secret == "" and saved.webhook_url == address
    client.post(settings_url(alpha), keep | {"clear_webhook": "on"})
    saved.refresh_from_db()
    assert saved.webhook_url == ""


def test_settings_test_button_reports_success_and_failure(client, alpha, robot):
    login(client, alpha.users["admin"])
    response = client.post(settings_url(alpha), {"test": "1"}, follow=True)
    assert "Save a robot address first" in response.content.decode()

    robot_settings(alpha, robot.url())
    response = client.post(settings_url(alpha), {"test": "1"}, follow=True)
    assert "delivered" in response.content.decode()
    assert len(robot.requests) == 1 and "alpha" in robot.requests[0]["json"]["markdown"]["content"]

    HallNotificationSettings.objects.filter(hall=alpha.hall).update(webhook_url=robot.dead_url)
    response = client.post(settings_url(alpha), {"test": "1"}, follow=True)
    html = response.content.decode()
    assert "The test message failed" in html and 'data-testid="robot-error"' in html


def test_settings_save_refuses_non_administrators(alpha):
    with pytest.raises(PermissionDenied):
        services.settings_save(user=alpha.users["supervision"], hall_settings=HallNotificationSettings(hall=alpha.hall))


# -- rectification transitions ------------------------------------------------------------------------


def test_issuing_tells_the_zone_lead_only(hall):
    notice = issued_notice(hall)
    (note,) = inbox(hall.users["lead1"])
    assert note.kind == NotificationKind.NOTICE_ISSUED
    assert notice.number in note.title and notice.number in note.body
    assert notice.deadline.isoformat() in note.body and hall.zones[0].name in note.body
    assert note.link == reverse("notice_detail", kwargs={"hall": hall.hall.code, "pk": notice.pk})
    assert note.hall == hall.hall
    assert Notification.objects.count() == 1  # not the issuer, not the other zone's lead


def test_submitting_tells_the_issuer_and_rejecting_and_verifying_tell_the_lead(hall):
    lead1, supervision = hall.users["lead1"], hall.users["supervision"]
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    (submitted,) = inbox(supervision, NotificationKind.NOTICE_SUBMITTED)
    assert notice.number in submitted.title and "已清理通道" in submitted.body
    assert inbox(lead1, NotificationKind.NOTICE_SUBMITTED) == []

    rectification.notice_reject(user=supervision, notice=notice, reason="通道仍有杂物")
    (rejected,) = inbox(lead1, NotificationKind.NOTICE_REJECTED)
    assert "通道仍有杂物" in rejected.body

    notice.refresh_from_db()
    rectification.notice_submit(user=lead1, notice=notice, answers=answers_for(notice, "再次清理。", "red"))
    assert len(inbox(supervision, NotificationKind.NOTICE_SUBMITTED)) == 2
    notice.refresh_from_db()
    rectification.notice_verify(user=supervision, notice=notice)
    (verified,) = inbox(lead1, NotificationKind.NOTICE_VERIFIED)
    assert notice.number in verified.title
    assert inbox(hall.users["lead2"]) == []


def test_cancelling_tells_the_lead(hall):
    notice_in_state(hall, NoticeState.CANCELLED)
    (note,) = inbox(hall.users["lead1"], NotificationKind.NOTICE_CANCELLED)
    assert "重复下发" in note.body


def test_more_time_asked_tells_the_issuer_and_the_decision_tells_the_lead(hall):
    lead1, supervision = hall.users["lead1"], hall.users["supervision"]
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    until = notice.deadline + timedelta(days=7)
    extension = rectification.extension_request(user=lead1, notice=notice, requested_until=until, reason="需采购")
    (asked,) = inbox(supervision, NotificationKind.EXTENSION_REQUESTED)
    assert until.isoformat() in asked.title and "需采购" in asked.body
    rectification.extension_decide(user=supervision, extension=extension, grant=True, note="同意")
    (decided,) = inbox(lead1, NotificationKind.EXTENSION_DECIDED)
    extension.refresh_from_db()
    assert extension.state == ExtensionState.GRANTED and until.isoformat() in decided.title


def test_submission_goes_to_the_supervision_group_when_the_issuer_is_gone(hall):
    colleague = UserFactory(username="alpha-supervision2")
    RoleFactory(user=colleague, hall=hall.hall, role=Role.SUPERVISION)
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    issuer = hall.users["supervision"]
    issuer.is_active = False
    issuer.save()
    rectification.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers_for(notice, "已整改。"))
    assert len(inbox(colleague, NotificationKind.NOTICE_SUBMITTED)) == 1
    assert inbox(issuer, NotificationKind.NOTICE_SUBMITTED) == []


def test_a_refused_transition_notifies_nobody(hall):
    notice = issued_notice(hall)
    before = Notification.objects.count()
    with pytest.raises(PermissionDenied):
        rectification.notice_acknowledge(user=hall.users["lead2"], notice=notice)
    with pytest.raises(Exception):  # noqa: B017 (a ValidationError: no reason)
        rectification.notice_cancel(user=hall.users["supervision"], notice=notice, reason="")
    assert Notification.objects.count() == before


def test_transitions_inside_suppressed_notify_nobody(hall):
    with services.suppressed():
        notice_in_state(hall, NoticeState.VERIFIED)
    assert not Notification.objects.exists()
