"""Session lifetime: an idle timeout and an absolute lifetime, checked by moving the session's own clocks."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts import sessions
from hallkeeper.accounts.choices import Role

pytestmark = pytest.mark.django_db

MINUTE = 60
HOUR = 3600


def _age(client, *, login_ago: float, seen_ago: float) -> None:
    session = client.session
    now = timezone.now().timestamp()
    session[sessions.LOGIN_AT] = now - login_ago
    session[sessions.SEEN_AT] = now - seen_ago
    session.save()


@pytest.mark.parametrize(
    ("login_ago", "seen_ago", "idle_minutes", "max_hours", "expired"),
    [
        (10 * MINUTE, 29 * MINUTE, 30, 12, None),
        (40 * MINUTE, 31 * MINUTE, 30, 12, "idle"),
        (40 * MINUTE, 6 * MINUTE, 5, 12, "idle"),  # HALLKEEPER_SESSION_IDLE_MINUTES=5
        (11 * HOUR, 1 * MINUTE, 30, 12, None),
        (12 * HOUR + MINUTE, 1 * MINUTE, 30, 12, "absolute"),  # active all day, still ends
        (2 * HOUR + MINUTE, 1 * MINUTE, 30, 2, "absolute"),
    ],
)
def test_session_lifetime(client, alpha, settings, login_ago, seen_ago, idle_minutes, max_hours, expired):
    settings.HALLKEEPER_SESSION_IDLE_MINUTES = idle_minutes
    settings.HALLKEEPER_SESSION_MAX_HOURS = max_hours
    client.force_login(alpha.users[Role.VIEWER])
    _age(client, login_ago=login_ago, seen_ago=seen_ago)
    hall = reverse("hall_home", kwargs={"hall": alpha.hall.code})
    response = client.get(hall)
    if expired is None:
        assert response.status_code == 200
        return
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + f"?expired={expired}")
    assert "_auth_user_id" not in client.session
    login_page = client.get(response["Location"])
    message = {"idle": "长时间未操作", "absolute": "最长时限"}[expired]
    assert message in login_page.content.decode()
    assert login_page.context["form"]["username"] is not None
    # The next login comes back to the page.
    assert login_page.context["next"] == hall


def test_activity_moves_the_idle_clock_but_not_the_login_clock(client, alpha):
    client.force_login(alpha.users[Role.VIEWER])
    _age(client, login_ago=20 * MINUTE, seen_ago=20 * MINUTE)
    before = dict(client.session)
    assert client.get(reverse("profile")).status_code == 200
    after = client.session
    assert after[sessions.LOGIN_AT] == before[sessions.LOGIN_AT]
    assert after[sessions.SEEN_AT] > before[sessions.SEEN_AT] + 19 * MINUTE


def test_a_login_starts_both_clocks(client, alpha):
    from .factories import PASSWORD

    client.post(reverse("login"), {"username": alpha.users[Role.VIEWER].username, "password": PASSWORD})
    now = timezone.now().timestamp()
    assert now - client.session[sessions.LOGIN_AT] < 5
    assert now - client.session[sessions.SEEN_AT] < 5


def test_the_cookie_lasts_no_longer_than_the_session(settings):
    assert settings.SESSION_COOKIE_AGE == settings.HALLKEEPER_SESSION_MAX_HOURS * HOUR


def test_identity_settings_come_from_the_environment(tmp_path):
    import os
    import subprocess
    import sys

    code = (
        "import hallkeeper.settings.base as s; print(s.HALLKEEPER_SESSION_IDLE_MINUTES, s.SESSION_COOKIE_AGE, "
        "s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.HALLKEEPER_PASSWORD_MAX_AGE_DAYS, "
        "s.AUTH_PASSWORD_VALIDATORS[0]['OPTIONS']['min_length'], s.HALLKEEPER_PASSWORD_HISTORY)"
    )
    env = {
        **os.environ,
        "HALLKEEPER_DATA_DIR": str(tmp_path),
        "HALLKEEPER_SESSION_IDLE_MINUTES": "15",
        "HALLKEEPER_SESSION_MAX_HOURS": "8",
        "HALLKEEPER_LOGIN_FAILURE_LIMIT": "3",
        "HALLKEEPER_LOCKOUT_MINUTES": "0",
        "HALLKEEPER_PASSWORD_MAX_AGE_DAYS": "0",
        "HALLKEEPER_PASSWORD_MIN_LENGTH": "12",
        "HALLKEEPER_PASSWORD_HISTORY": "8",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["15", str(8 * HOUR), "3", "None", "0", "12", "8"]
