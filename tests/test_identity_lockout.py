"""Lockout (django-axes) on every login form, per account and per address; unlocking by the hall's security
administrator only."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.core.events import events_for

from .factories import PASSWORD
from .identity_data import post_login, security_admin

pytestmark = pytest.mark.django_db


def _fail(client, username, times, **kwargs):
    return [post_login(client, username, "wrong-password", **kwargs).status_code for _ in range(times)]


@pytest.mark.parametrize("form", ["login", "admin"])
def test_account_locks_after_the_limit_then_the_right_password_is_refused(client, alpha, form):
    user = alpha.users[Role.VIEWER]
    limit = settings.AXES_FAILURE_LIMIT
    statuses = _fail(client, user.username, limit, url_name=form)
    assert statuses[:-1] == [200] * (limit - 1)  # the form again, with its error
    assert statuses[-1] == 429
    response = post_login(client, user.username, url_name=form)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    body = response.content.decode()
    assert "登录已锁定" in body and user.username not in body
    # Each failure is an event of its own; the lockout is recorded once, not per refused attempt.
    assert [e.verb for e in events_for(user) if e.verb.startswith("auth.")] == ["auth.locked_out"]
    assert "wrong-password" not in AccessAttempt.objects.get(username=user.username).post_data  # masked


def test_an_unknown_username_is_answered_like_a_known_one(client, alpha):
    limit = settings.AXES_FAILURE_LIMIT
    known = _fail(client, alpha.users[Role.VIEWER].username, limit, address="10.0.0.1")
    unknown = _fail(client, "nobody-here", limit, address="10.0.0.2")
    assert known == unknown
    response = post_login(client, "nobody-here", address="10.0.0.3")
    assert response.status_code == 429 and "登录已锁定" in response.content.decode()


def test_an_address_locks_after_the_limit_across_accounts(client, alpha):
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit):
        post_login(client, f"guess{i}", "wrong-password", address="10.9.9.9")
    viewer = alpha.users[Role.VIEWER].username
    assert post_login(client, viewer, address="10.9.9.9").status_code == 429
    assert post_login(client, viewer, address="10.1.1.1").status_code == 302  # another address still logs in


def test_a_success_before_the_limit_starts_the_count_again(client, alpha):
    user = alpha.users[Role.VIEWER]
    limit = settings.AXES_FAILURE_LIMIT
    _fail(client, user.username, limit - 1)
    assert post_login(client, user.username).status_code == 302
    client.logout()
    assert _fail(client, user.username, limit - 1) == [200] * (limit - 1)


def test_the_security_administrator_sees_and_unlocks_an_account(client, alpha):
    user = alpha.users[Role.VIEWER]
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT)
    officer = security_admin(alpha.hall)
    client.force_login(officer)
    page = client.get(reverse("security", kwargs={"hall": alpha.hall.code}))
    assert page.status_code == 200
    assert [lock.username for lock in page.context["locked_accounts"]] == [user.username]
    assert [lock.address for lock in page.context["locked_addresses"]] == ["127.0.0.1"]
    url = reverse("security_unlock_account", kwargs={"hall": alpha.hall.code, "pk": user.pk})
    assert client.post(url).status_code == 302
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    unlocked = [e for e in events_for(user) if e.verb == "auth.unlocked"]
    assert [(e.actor, e.hall) for e in unlocked] == [(officer, alpha.hall)]
    client.logout()
    assert post_login(client, user.username).status_code == 302


def test_the_security_administrator_unlocks_an_address(client, alpha):
    user = alpha.users[Role.VIEWER]
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT, address="10.2.2.2")
    client.force_login(security_admin(alpha.hall))
    url = reverse("security_unlock_address", kwargs={"hall": alpha.hall.code})
    assert client.post(url, {"address": "10.2.2.2"}).status_code == 302
    assert not AccessAttempt.objects.filter(ip_address="10.2.2.2").exists()
    # An address none of the hall's users failed from is refused with a message, and nothing changes.
    AccessAttempt.objects.create(
        username="stranger", ip_address="10.3.3.3", user_agent="x", get_data="", post_data="", failures_since_start=9
    )
    response = client.post(url, {"address": "10.3.3.3"}, follow=True)
    assert AccessAttempt.objects.filter(ip_address="10.3.3.3").exists()
    assert "没有" in response.content.decode()


@pytest.mark.parametrize("role", [Role.ADMIN, Role.LEADERSHIP, Role.AUDIT_ADMIN])
def test_no_one_but_the_security_administrator_unlocks(client, alpha, beta, role):
    user = alpha.users[Role.VIEWER]
    _fail(client, user.username, settings.AXES_FAILURE_LIMIT)
    actor = alpha.users[role]
    client.force_login(actor)
    url = reverse("security_unlock_account", kwargs={"hall": alpha.hall.code, "pk": user.pk})
    assert client.post(url).status_code == 403
    assert AccessAttempt.objects.filter(username=user.username).exists()
    # Nor does another hall's security administrator, who cannot even see the hall.
    client.force_login(security_admin(beta.hall))
    assert client.post(url).status_code == 404
    assert AccessAttempt.objects.filter(username=user.username).exists()


def test_a_security_administrator_cannot_unlock_another_halls_user(client, alpha, beta):
    stranger = beta.users[Role.VIEWER]
    _fail(client, stranger.username, settings.AXES_FAILURE_LIMIT)
    client.force_login(security_admin(alpha.hall))
    url = reverse("security_unlock_account", kwargs={"hall": alpha.hall.code, "pk": stranger.pk})
    assert client.post(url).status_code == 404
    assert AccessAttempt.objects.filter(username=stranger.username).exists()


def test_the_test_clients_login_without_a_request_still_works(client, alpha):
    assert client.login(username=alpha.users[Role.VIEWER].username, password=PASSWORD)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "address"),
    [
        (0, "10.0.0.5", "", "10.0.0.5"),
        (0, "10.0.0.5", "1.2.3.4", "10.0.0.5"),  # no proxy: a client's header is ignored
        (1, "127.0.0.1", "1.2.3.4", "1.2.3.4"),
        (1, "127.0.0.1", "6.6.6.6, 1.2.3.4", "1.2.3.4"),  # a forged first entry does not count
        (2, "127.0.0.1", "6.6.6.6, 1.2.3.4, 10.0.0.9", "1.2.3.4"),
        (1, "127.0.0.1", "", "127.0.0.1"),
        (1, "127.0.0.1", "not-an-address", "127.0.0.1"),  # a misconfigured proxy: the peer's address
        (0, "", "", None),
    ],
)
def test_client_address(rf, settings, proxies, remote, forwarded, address):
    from hallkeeper.core.middleware import client_address

    settings.HALLKEEPER_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    assert client_address(request) == address
