"""Receivers of Django's login signal and django-axes' lockout signal (connected in ``AccountsConfig.ready``)."""

from django.utils import timezone

from . import sessions
from .lockout import record_lockout
from .twofactor import PENDING, pending_step


def on_login(sender, request, user, **kwargs):
    """A fresh session: start its clocks and note the second-factor step it still owes."""
    if request is None or not hasattr(request, "session"):
        return
    sessions.start(request.session, timezone.now())
    step = pending_step(user)
    if step:
        request.session[PENDING] = step
    else:
        request.session.pop(PENDING, None)


def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    record_lockout(request=request, username=username, ip_address=ip_address)
