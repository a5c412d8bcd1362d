"""Robot webhooks go only over https to allowlisted hosts at public addresses, say nothing about the network when
they fail, and their secrets are stored encrypted."""

from __future__ import annotations

import importlib
import logging
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.urls import reverse

from hallkeeper.core.fields import is_encrypted
from hallkeeper.notifications.delivery import NOT_DELIVERED, send_webhook
from hallkeeper.notifications.models import HallNotificationSettings
from hallkeeper.notifications.outbound import WebhookRefused, check_destination, is_public, resolve_public

from .factories import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata, link-local
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("ff02::1", False),
        ("2002:7f00:1::1", False),  # 6to4 of 127.0.0.1
        ("8.8.8.8", True),
        ("::ffff:8.8.8.8", True),
        ("2400:3200::1", True),
    ],
)
def test_only_public_addresses_are_public(address, public):
    assert is_public(address) is public


@pytest.mark.parametrize(
    "url",
    [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",  # not https
        "ftp://qyapi.weixin.qq.com/x",
        "https://evil.example/cgi-bin/webhook/send?key=k",  # not allowlisted
        "https://qyapi.weixin.qq.com.evil.example/send",
        "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send",  # another port
        "https://user:pw@qyapi.weixin.qq.com/cgi-bin/webhook/send",  # credentials
        "https://127.0.0.1/send",
        "https://2130706433/send",  # 127.0.0.1 as a decimal number
        "https://0x7f000001/send",
        "https://0177.0.0.1/send",
        "https://127.1/send",
        "https://[::1]/send",
        "https://[::ffff:127.0.0.1]/send",
        "https://[::ffff:7f00:1]/send",
        "not a url",
        "https://[broken/send",
    ],
)
def test_addresses_that_are_not_https_allowlisted_names_are_refused(url, settings):
    # Even with every spelling of loopback on the allowlist, an IP address is never accepted as a host.
    settings.HALLKEEPER_WEBHOOK_HOSTS = [
        "qyapi.weixin.qq.com",
        "127.0.0.1",
        "2130706433",
        "0x7f000001",
        "0177.0.0.1",
        "127.1",
        "::1",
        "[::1]",
        "::ffff:127.0.0.1",
    ]
    with pytest.raises(WebhookRefused):
        check_destination(url)


def test_the_default_allowlist_is_wecom_and_dingtalk():
    assert check_destination(WECOM).host == "qyapi.weixin.qq.com"
    assert check_destination("https://oapi.dingtalk.com/robot/send?access_token=t").target == (
        "/robot/send?access_token=t"
    )


def test_an_allowlisted_name_that_resolves_to_a_private_address_is_refused():
    with pytest.raises(WebhookRefused, match="non-public"):
        resolve_public("localhost", 443)


def test_sending_to_a_loopback_name_fails_with_one_message_that_reveals_nothing(alpha, settings, caplog, robot):
    # "localhost" is allowlisted with the robot's port and a robot listens there: still never contacted.
    settings.HALLKEEPER_WEBHOOK_HOSTS = [f"localhost:{robot.port}", "qyapi.weixin.qq.com"]
    messages = set()
    for url in (
        f"https://localhost:{robot.port}/send?key=abc",
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k",
        "https://169.254.169.254/latest/meta-data",
        "https://internal.example:22/",
        robot.dead_url.replace("https", "http"),
    ):
        hall_settings, _ = HallNotificationSettings.objects.update_or_create(
            hall=alpha.hall, defaults={"webhook_url": url}
        )
        with caplog.at_level(logging.WARNING, logger="hallkeeper.notifications.delivery"):
            result = send_webhook(hall_settings, "t", "x")
        assert not result.ok
        messages.add(result.message)
        hall_settings.refresh_from_db()
        messages.add(hall_settings.last_webhook_error)
    assert robot.requests == []
    assert messages == {str(NOT_DELIVERED)}
    assert "refused" in caplog.text  # the reasons are in the server log


def test_an_unreachable_port_and_a_redirect_look_the_same_to_the_administrator(client, alpha, robot):
    HallNotificationSettings.objects.create(hall=alpha.hall, webhook_url=robot.dead_url)
    assert client.login(username=alpha.users["admin"].username, password=PASSWORD)
    url = reverse("notification_settings", kwargs={"hall": alpha.hall.code})
    html = client.post(url, {"test": "1"}, follow=True).content.decode()
    assert str(NOT_DELIVERED) in html and "Connection refused" not in html and "Errno" not in html

    robot.status = 302  # a redirect is an answer, never followed
    HallNotificationSettings.objects.filter(hall=alpha.hall).update(webhook_url=robot.url())
    html = client.post(url, {"test": "1"}, follow=True).content.decode()
    assert str(NOT_DELIVERED) in html and "302" not in html and "elsewhere" not in html
    assert len(robot.requests) == 1


def test_the_settings_form_refuses_addresses_off_the_allowlist(client, alpha):
    assert client.login(username=alpha.users["admin"].username, password=PASSWORD)
    url = reverse("notification_settings", kwargs={"hall": alpha.hall.code})
    for address in ("http://qyapi.weixin.qq.com/send?key=k", "https://10.0.0.1/", "https://robots.example/send"):
        response = client.post(url, {"webhook_kind": "wecom", "webhook_url": address, "email_enabled": "on"})
        assert response.status_code == 200
        (error,) = response.context["form"].errors["webhook_url"]
        assert "qyapi.weixin.qq.com" in error and "oapi.dingtalk.com" in error
    assert not HallNotificationSettings.objects.exists()


def _raw(hall_settings) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT webhook_url, dingtalk_secret FROM notifications_hallnotificationsettings WHERE id = %s",
            [hall_settings.pk],
        )
        return cursor.fetchone()


def test_the_robot_address_and_secret_are_stored_encrypted(alpha):
    hall_settings = HallNotificationSettings.objects.create(
        hall=alpha.hall, webhook_url=WECOM, dingtalk_secret="SECsecret"
    )
    raw_url, raw_secret = _raw(hall_settings)
    assert is_encrypted(raw_url) and is_encrypted(raw_secret)
    assert "key=k" not in raw_url and "qyapi" not in raw_url and "SECsecret" not in raw_secret
    fresh = HallNotificationSettings.objects.get(pk=hall_settings.pk)
    assert (fresh.webhook_url, fresh.dingtalk_secret) == (WECOM, "SECsecret")


def test_the_data_migration_encrypts_plaintext_left_from_before(alpha):
    hall_settings = HallNotificationSettings.objects.create(hall=alpha.hall)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE notifications_hallnotificationsettings SET webhook_url = %s, dingtalk_secret = %s WHERE id = %s",
            [WECOM, "SECold", hall_settings.pk],
        )
    assert _raw(hall_settings) == (WECOM, "SECold")
    migration = importlib.import_module("hallkeeper.notifications.migrations.0002_encrypt_robot_secrets")
    editor = SimpleNamespace(connection=connection)  # the functions use the editor's connection only
    migration.encrypt_secrets(django_apps, editor)
    migration.encrypt_secrets(django_apps, editor)  # twice changes nothing more
    raw_url, raw_secret = _raw(hall_settings)
    assert is_encrypted(raw_url) and is_encrypted(raw_secret)
    fresh = HallNotificationSettings.objects.get(pk=hall_settings.pk)
    assert (fresh.webhook_url, fresh.dingtalk_secret) == (WECOM, "SECold")
    migration.decrypt_secrets(django_apps, editor)
    assert _raw(hall_settings) == (WECOM, "SECold")
