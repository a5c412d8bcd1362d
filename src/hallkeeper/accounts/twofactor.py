"""The optional second factor: a TOTP app (django-otp), required of a hall's administrators when its security
policy says so. At login the session notes the step still owed (``PENDING``); the gate middleware leads there."""

from __future__ import annotations

import segno
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallkeeper.core.events import record_event
from hallkeeper.core.hall_settings import settings_for
from hallkeeper.core.validation import field_error

from .choices import ADMINISTRATOR_ROLES
from .models import HallSecurityPolicy, RoleAssignment

PENDING = "hk_second_factor"
PENDING_VERIFY = "verify"
PENDING_ENROL = "enrol"


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def second_factor_required(user) -> bool:
    """Whether a hall where the user holds an administrator role requires administrators to use a second factor."""
    admin_halls = RoleAssignment.objects.filter(user=user, role__in=ADMINISTRATOR_ROLES).values("hall_id")
    return HallSecurityPolicy.objects.filter(hall_id__in=admin_halls, require_admin_second_factor=True).exists()


def pending_step(user) -> str | None:
    """The step a fresh login owes: its one-time code, a required set-up, or nothing."""
    if confirmed_device(user) is not None:
        return PENDING_VERIFY
    if second_factor_required(user):
        return PENDING_ENROL
    return None


def qr_svg(device: TOTPDevice) -> str:
    """The device's set-up address as an inline SVG QR code."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#212529")


def totp_enrolment(*, user) -> TOTPDevice:
    """The user's unconfirmed device, made if needed (a confirmed one is never replaced here)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def totp_confirm(*, request, device: TOTPDevice, token: str) -> None:
    """Confirm a new device with a code from the app; the session counts as verified; records the event.
    A wrong code raises a ``ValidationError`` on the form's ``code`` field."""
    user = request.user
    if device.user_id != user.pk or device.confirmed or not device.verify_token(token):
        raise field_error(
            "code", _("This code is not valid. Check the time on your phone and try the next one."), "invalid_code"
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        record_event(target=user, verb="auth.second_factor_enrolled", actor=user)
    otp_login(request, device)
    request.session.pop(PENDING, None)


def totp_verify(*, request, token: str) -> None:
    """Check the login's one-time code (django-otp throttles repeated failures); a wrong code raises a
    ``ValidationError`` on the form's ``code`` field."""
    device = confirmed_device(request.user)
    if device is None or not device.verify_token(token):
        raise field_error("code", _("This code is not valid. Wait for the next one and try again."), "invalid_code")
    otp_login(request, device)
    request.session.pop(PENDING, None)


def second_factor_reset(*, actor, hall, user) -> int:
    """The security administrator removes a user's second factor (a lost phone); the user sets up a new one
    when their hall requires it. Records the event."""
    if not RoleAssignment.objects.filter(user=user, hall=hall).exists():
        raise ValueError("not a user of this hall")
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        record_event(target=user, verb="auth.second_factor_reset", actor=actor, hall=hall)
    return removed


def security_policy_for(hall) -> HallSecurityPolicy:
    return settings_for(HallSecurityPolicy, hall, fresh=True)


def security_policy_update(*, actor, hall, require_admin_second_factor: bool) -> HallSecurityPolicy:
    with transaction.atomic():
        policy, _ = HallSecurityPolicy.objects.select_for_update().get_or_create(hall=hall)
        before = policy.require_admin_second_factor
        policy.require_admin_second_factor = require_admin_second_factor
        policy.save()
        record_event(
            target=policy,
            verb="security_policy.updated",
            actor=actor,
            hall=hall,
            from_state=str(before).lower(),
            to_state=str(require_admin_second_factor).lower(),
            data={"require_admin_second_factor": [before, require_admin_second_factor]},
        )
    return policy
