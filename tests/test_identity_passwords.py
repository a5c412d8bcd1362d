"""The password policy: length, character classes, not the username, not one of the last N, expiry; a forced
change after an administrator made the account or reset its password."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.passwords import character_classes, password_expired
from hallkeeper.core.events import events_for

from .factories import PASSWORD, UserFactory
from .identity_data import GOOD_PASSWORD

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.mark.parametrize(
    ("password", "classes"),
    [("abc", 1), ("abcDEF", 2), ("abc123", 2), ("abc-12", 3), ("aB3-", 4), ("密码Abc1", 4), ("", 0)],
)
def test_character_classes(password, classes):
    assert character_classes(password) == classes


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Ab1-xyz", "password_too_short"),  # 7 < 10
        ("lanternharbour2931", "password_too_simple"),  # two classes
        ("LANTERN-HARBOUR", "password_too_simple"),
        ("Zhangsan-2026x", "password_has_username"),
        ("xx-NASGNAHZ-2026", "password_has_username"),  # backwards, other case
        (GOOD_PASSWORD, None),
        ("Ab1-" + "x" * 6, None),  # exactly ten
    ],
)
def test_password_policy_table(password, code):
    user = UserFactory(username="zhangsan")
    if code is None:
        validate_password(password, user)
        return
    with pytest.raises(ValidationError) as raised:
        validate_password(password, user)
    assert code in [e.code for e in raised.value.error_list]


def test_the_last_five_passwords_may_not_be_used_again():
    user = UserFactory(username="lisi")
    used = [f"Former-pass-{i}x" for i in range(6)]
    for password in used:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for password in used[1:]:  # the current one and the four before it
        with pytest.raises(ValidationError) as raised:
            validate_password(password, user)
        assert [e.code for e in raised.value.error_list] == ["password_reused"]
    validate_password(used[0], user)  # six changes ago: allowed again
    assert user.password_history.count() == 5


def test_a_demo_account_without_history_may_not_keep_its_password():
    user = UserFactory(username="wangwu")
    user.password_history.all().delete()
    with pytest.raises(ValidationError):
        validate_password(PASSWORD, user)


@pytest.mark.parametrize(
    ("age_days", "max_age", "expired"),
    [(89, 90, False), (91, 90, True), (400, 0, False), (1, 1, False), (2, 1, True)],
)
def test_password_expiry_rule(age_days, max_age, expired):
    changed = NOW - timedelta(days=age_days)
    assert password_expired(changed_at=changed, joined_at=NOW, now=NOW, max_age_days=max_age) is expired
    # Never changed: counted from when the account was made.
    assert password_expired(changed_at=None, joined_at=changed, now=NOW, max_age_days=max_age) is expired


def test_an_expired_password_leads_to_the_change_page_until_changed(client, alpha):
    user = alpha.users[Role.VIEWER]
    get_user_model().objects.filter(pk=user.pk).update(password_changed_at=NOW - timedelta(days=91))
    client.force_login(user)
    hall = reverse("hall_home", kwargs={"hall": alpha.hall.code})
    response = client.get(hall)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("password_change"))
    page = client.get(response["Location"])
    assert "密码已过期" in page.content.decode()
    # The policy applies on the change page too.
    change = {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"}
    assert client.post(reverse("password_change"), change).status_code == 200
    assert client.get(hall).status_code == 302
    change = {"old_password": PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    assert client.post(reverse("password_change") + f"?next={hall}", change)["Location"] == hall
    assert client.get(hall).status_code == 200
    assert "auth.password_changed" in [e.verb for e in events_for(user)]


def test_expiry_zero_means_never(client, alpha, settings):
    settings.HALLKEEPER_PASSWORD_MAX_AGE_DAYS = 0
    user = alpha.users[Role.VIEWER]
    get_user_model().objects.filter(pk=user.pk).update(password_changed_at=NOW - timedelta(days=3650))
    client.force_login(user)
    assert client.get(reverse("hall_home", kwargs={"hall": alpha.hall.code})).status_code == 200


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_an_account_made_by_an_administrator_must_change_its_password_at_first_login(client, alpha, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newcomer",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "0",
            "role_assignments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    newcomer = get_user_model().objects.get(username="newcomer")
    assert newcomer.must_change_password
    client.logout()
    assert client.post(reverse("login"), {"username": "newcomer", "password": GOOD_PASSWORD}).status_code == 302
    home = client.get(reverse("home"))
    assert home["Location"].startswith(reverse("password_change"))
    assert "管理员设置" in client.get(reverse("password_change")).content.decode()
    # Logging out is always possible.
    assert client.post(reverse("logout")).status_code == 302


def test_a_password_reset_by_an_administrator_must_be_changed(client, alpha, superuser):
    user = alpha.users[Role.VIEWER]
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[user.pk])
    response = client.post(url, {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password
    assert [(e.verb, e.actor) for e in events_for(user) if e.verb.startswith("auth.")] == [
        ("auth.password_reset", superuser)
    ]
    client.force_login(user)
    assert client.get(reverse("profile"))["Location"].startswith(reverse("password_change"))
    new = "Another-Good-Pass-77"
    client.post(reverse("password_change"), {"old_password": GOOD_PASSWORD, "new_password1": new, "new_password2": new})
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get(reverse("profile")).status_code == 200


def test_factory_and_demo_style_users_are_not_forced():
    user = UserFactory(username="plain")
    assert not user.must_change_password
    assert user.password_changed_at is not None
