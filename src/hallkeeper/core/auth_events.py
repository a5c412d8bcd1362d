"""Logins, logouts and failed logins as events (Django's auth signals; the password is never recorded)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from .events import record_event
from .middleware import client_address

#: The credential keys Django passes to ``user_login_failed`` that name who was tried.
USERNAME_KEYS = ("username", "email")


def _address(request) -> str | None:
    return client_address(request) if request is not None else None


def on_login(sender, request, user, **kwargs) -> None:
    record_event(target=user, verb="user.logged_in", actor=user, address=_address(request))


def on_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # the session had already expired: nobody to name
        return
    record_event(target=user, verb="user.logged_out", actor=user, address=_address(request))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """``credentials`` has its password already masked by Django; only the username is kept."""
    attempted = next((str(credentials[k]) for k in USERNAME_KEYS if credentials.get(k)), "")[:150]
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: attempted}).first() if attempted else None
    record_event(
        target=user or User(pk=0),
        verb="user.login_failed",
        username=attempted,
        address=_address(request),
        data={"username": attempted, "known": user is not None},
    )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="hallkeeper.audit.login")
    user_logged_out.connect(on_logout, dispatch_uid="hallkeeper.audit.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="hallkeeper.audit.login_failed")
