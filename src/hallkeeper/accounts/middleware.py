"""Middleware of the identity rules: session lifetime, then the steps a login must finish before anything else
(second factor, a required password change, a required second-factor set-up)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from . import sessions
from .passwords import must_change_password
from .twofactor import PENDING, PENDING_ENROL, PENDING_VERIFY


def _next_query(request) -> str:
    if request.method != "GET" or request.headers.get("HX-Request"):
        return ""
    return "?" + urlencode({"next": request.get_full_path()})


class SessionLifetimeMiddleware:
    """Logs out a session idle for ``HALLKEEPER_SESSION_IDLE_MINUTES`` or older than
    ``HALLKEEPER_SESSION_MAX_HOURS``; the login page then says why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = timezone.now()
            expired = sessions.expiry(request.session, now)
            if expired:
                logout(request)
                query = {"expired": expired}
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    query["next"] = request.get_full_path()
                return redirect(f"{reverse(settings.LOGIN_URL)}?{urlencode(query)}")
            sessions.touch(request.session, now)
        return self.get_response(request)


class AccountGateMiddleware:
    """Until a signed-in user has entered their one-time code, changed a password that must change, and set up a
    second factor their hall requires, every page but that step's (and logging out) leads to it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            step = self.step(request)
            if step and not self.exempt(request, step):
                return redirect(reverse(step) + _next_query(request))
        return self.get_response(request)

    @staticmethod
    def step(request) -> str | None:
        pending = request.session.get(PENDING)
        if pending == PENDING_VERIFY:
            return "otp_verify"
        if must_change_password(request.user, timezone.now()):
            return "password_change"
        if pending == PENDING_ENROL:
            return "otp_enrol"
        return None

    def exempt(self, request, step: str) -> bool:
        path = request.path_info
        if path.startswith(settings.STATIC_URL):
            return True
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.url_name in {step, "logout", "set_language", "password_change_done"}
