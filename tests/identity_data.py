"""Users and one-time codes for the identity tests (login security, password policy, second factor)."""

from __future__ import annotations

import time

from django.urls import reverse
from django_otp.oath import TOTP

from hallkeeper.accounts.choices import Role

from .factories import PASSWORD, RoleFactory, UserFactory

#: A password that meets the policy (length, four classes, not a username).
GOOD_PASSWORD = "Lantern-harbour-2931"


def security_admin(hall, username: str | None = None):
    """A security administrator of ``hall``: the one make_hall made, or a new one."""
    from hallkeeper.accounts.models import RoleAssignment

    existing = RoleAssignment.objects.filter(hall=hall, role=Role.SECURITY_ADMIN).select_related("user").first()
    if existing is not None and username is None:
        return existing.user
    user = UserFactory(username=username or f"{hall.code}-security")
    RoleFactory(user=user, hall=hall, role=Role.SECURITY_ADMIN)
    return user


def totp_code(device, *, steps_ahead: int = 0) -> str:
    """The code the user's authenticator app shows (``steps_ahead`` periods later: a code is accepted once)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def post_login(client, username: str, password: str = PASSWORD, *, url_name: str = "login", address="127.0.0.1"):
    url = reverse("admin:login") if url_name == "admin" else reverse(url_name)
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)
