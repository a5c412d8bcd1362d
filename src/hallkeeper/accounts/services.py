"""Writes of the accounts app that are not about lockout or the second factor."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.db import transaction

from hallkeeper.core.events import record_event


def password_change(*, request, form) -> None:
    """The user chose a new password (the form has checked the old one and the policy): it no longer has to
    change, the session stays signed in, the change is recorded."""
    user = form.user
    with transaction.atomic():
        user.must_change_password = False
        form.save()  # set_password notes the time; Django's validators keep the history
        record_event(target=user, verb="auth.password_changed", actor=user)
    update_session_auth_hash(request, user)
