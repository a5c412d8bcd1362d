"""The optional TOTP second factor (django-otp): enrolment, login with a code, a hall's requirement for its
administrators, and the security administrator's reset."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import HallSecurityPolicy
from hallkeeper.accounts.twofactor import PENDING
from hallkeeper.core.events import events_for

from .factories import PASSWORD, RoleFactory, UserFactory
from .identity_data import post_login, security_admin, totp_code

pytestmark = pytest.mark.django_db


def _enrol(client, user) -> TOTPDevice:
    page = client.get(reverse("otp_enrol"))
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(reverse("otp_enrol"), {"code": totp_code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    return device


def test_enrol_then_log_in_with_a_code(client, alpha):
    user = alpha.users[Role.VIEWER]
    client.force_login(user)
    # A wrong code does not confirm the device.
    client.get(reverse("otp_enrol"))
    assert client.post(reverse("otp_enrol"), {"code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    device = TOTPDevice.objects.get(user=user)
    device.throttling_failure_count = 0  # let the next try through at once
    device.throttling_failure_timestamp = None
    device.save()
    device = _enrol(client, user)
    assert "auth.second_factor_enrolled" in [e.verb for e in events_for(user)]
    client.logout()

    hall = reverse("hall_home", kwargs={"hall": alpha.hall.code})
    assert post_login(client, user.username).status_code == 302
    assert client.session[PENDING] == "verify"
    response = client.get(hall)
    assert response["Location"] == reverse("otp_verify") + f"?next={hall.replace('/', '%2F')}"
    assert client.get(reverse("profile"))["Location"].startswith(reverse("otp_verify"))
    assert client.post(reverse("otp_verify"), {"code": "12345x"}).status_code == 200  # not digits
    assert client.get(hall).status_code == 302
    # The code already used at enrolment is not accepted twice; the next one is.
    answer = client.post(reverse("otp_verify") + f"?next={hall}", {"code": totp_code(device, steps_ahead=1)})
    assert answer["Location"] == hall
    assert client.get(hall).status_code == 200


def test_repeated_wrong_codes_are_throttled(client, alpha):
    user = alpha.users[Role.VIEWER]
    client.force_login(user)
    device = _enrol(client, user)
    client.logout()
    post_login(client, user.username)
    for _ in range(3):
        client.post(reverse("otp_verify"), {"code": "000000"})
    # Even the right code waits until the throttle delay has passed.
    assert client.post(reverse("otp_verify"), {"code": totp_code(device, steps_ahead=1)}).status_code == 200
    assert client.session[PENDING] == "verify"


def test_without_a_device_no_code_is_asked(client, alpha):
    post_login(client, alpha.users[Role.VIEWER].username)
    assert PENDING not in client.session
    assert client.get(reverse("hall_home", kwargs={"hall": alpha.hall.code})).status_code == 200
    assert client.get(reverse("otp_verify"))["Location"] == reverse("home")


@pytest.fixture
def required(alpha):
    HallSecurityPolicy.objects.create(hall=alpha.hall, require_admin_second_factor=True)
    return alpha


@pytest.mark.parametrize(
    ("role", "must_enrol"),
    [
        (Role.ADMIN, True),
        (Role.SECURITY_ADMIN, True),
        (Role.AUDIT_ADMIN, True),
        (Role.LEADERSHIP, False),
        (Role.ZONE_LEAD, False),
        (Role.VIEWER, False),
    ],
)
def test_a_hall_requires_a_second_factor_of_its_administrators(client, required, role, must_enrol):
    user = UserFactory(username=f"alpha-2fa-{role}")
    RoleFactory(user=user, hall=required.hall, role=role)
    post_login(client, user.username)
    hall = reverse("hall_home", kwargs={"hall": required.hall.code})
    response = client.get(hall)
    if not must_enrol:
        assert response.status_code == 200
        return
    assert response["Location"].startswith(reverse("otp_enrol"))
    assert "要求管理员" in client.get(reverse("otp_enrol")).content.decode()
    _enrol(client, user)
    response = client.get(hall)
    # Enrolled: the hall is open (the security and audit administrators land on their own pages).
    assert response.status_code == 200 or not response["Location"].startswith(reverse("otp_enrol"))


def test_the_requirement_of_one_hall_does_not_reach_another(client, required, beta):
    post_login(client, beta.users[Role.ADMIN].username)
    assert client.get(reverse("hall_home", kwargs={"hall": beta.hall.code})).status_code == 200


def test_the_security_administrator_turns_the_requirement_on(client, alpha):
    url = reverse("security_policy", kwargs={"hall": alpha.hall.code})
    # The system administrator may not change it.
    client.force_login(alpha.users[Role.ADMIN])
    assert client.post(url, {"require_admin_second_factor": "on"}).status_code == 403
    assert not HallSecurityPolicy.objects.filter(hall=alpha.hall).exists()
    officer = security_admin(alpha.hall)
    client.force_login(officer)
    assert client.post(url, {"require_admin_second_factor": "on"}).status_code == 302
    policy = HallSecurityPolicy.objects.get(hall=alpha.hall)
    assert policy.require_admin_second_factor
    assert [(e.verb, e.actor, e.to_state) for e in events_for(policy)] == [("security_policy.updated", officer, "true")]
    # The security administrator's own next login requires it too.
    client.force_login(officer)
    assert client.get(reverse("security", kwargs={"hall": alpha.hall.code}))["Location"].startswith(
        reverse("otp_enrol")
    )


def test_the_security_administrator_resets_a_lost_second_factor(client, alpha):
    user = alpha.users[Role.VIEWER]
    client.force_login(user)
    _enrol(client, user)
    url = reverse("security_reset_2fa", kwargs={"hall": alpha.hall.code, "pk": user.pk})
    client.force_login(alpha.users[Role.ADMIN])
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
    officer = security_admin(alpha.hall)
    client.force_login(officer)
    page = client.get(reverse("security", kwargs={"hall": alpha.hall.code}))
    assert (user, True) in page.context["users"]
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    reset = [e for e in events_for(user) if e.verb == "auth.second_factor_reset"]
    assert [(e.actor, e.hall) for e in reset] == [(officer, alpha.hall)]
    client.logout()
    post_login(client, user.username, PASSWORD)
    assert PENDING not in client.session


def test_the_admin_login_also_asks_for_the_code(client, alpha):
    user = alpha.users[Role.ADMIN]
    user.is_staff = True
    user.save()
    client.force_login(user)
    _enrol(client, user)
    client.logout()
    assert post_login(client, user.username, url_name="admin").status_code == 302
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("otp_verify"))
