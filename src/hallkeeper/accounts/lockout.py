"""Login lockout (django-axes): the client's address, who is locked out in a hall, and unlocking.

django-axes counts failed logins per account and per address (``AXES_LOCKOUT_PARAMETERS``) and refuses a
locked one in the authentication backend; this module reads its records for the hall's security
administrator and removes them when they unlock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from hallkeeper.core.events import record_event


@dataclass(frozen=True)
class Lock:
    """A locked account (``username``) or address (``address``) with its failures and the last one's time."""

    failures: int
    last_failure: datetime
    username: str = ""
    address: str = ""
    user_id: int | None = None
    display_name: str = ""


def _recent_attempts(now: datetime):
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)
    return attempts


def hall_users(hall):
    return get_user_model().objects.filter(role_assignments__hall=hall).distinct()


def locks_in_hall(hall, *, now: datetime | None = None) -> tuple[list[Lock], list[Lock]]:
    """The locked accounts of the hall's users, and the locked addresses from which they failed to log in."""
    now = now or timezone.now()
    limit = settings.AXES_FAILURE_LIMIT
    users = {u.username: u for u in hall_users(hall).only("username", "first_name", "last_name")}
    attempts = _recent_attempts(now)
    accounts = [
        Lock(
            username=row["username"],
            failures=row["failures"],
            last_failure=row["last"],
            user_id=users[row["username"]].pk,
            display_name=users[row["username"]].display_name,
        )
        for row in attempts.filter(username__in=list(users))
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("username")
        if row["failures"] >= limit
    ]
    own_addresses = attempts.filter(username__in=list(users)).values("ip_address")
    addresses = [
        Lock(address=row["ip_address"], failures=row["failures"], last_failure=row["last"])
        for row in attempts.filter(ip_address__in=own_addresses)
        .values("ip_address")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("ip_address")
        if row["failures"] >= limit
    ]
    return accounts, addresses


def lockout_unlock_account(*, actor, hall, user) -> int:
    """Forget the failed logins of one of the hall's users, wherever they came from; records the unlock."""
    if not hall_users(hall).filter(pk=user.pk).exists():
        raise ValueError("not a user of this hall")
    with transaction.atomic():
        removed, _ = AccessAttempt.objects.filter(username=user.username).delete()
        record_event(target=user, verb="auth.unlocked", actor=actor, hall=hall, data={"account": user.username})
    return removed


def lockout_unlock_address(*, actor, hall, address: str) -> int:
    """Forget the failed logins from an address by the hall's users and by unknown usernames (never those of
    another hall's users); records the unlock against each of the hall's users who failed from it."""
    users = hall_users(hall)
    own = AccessAttempt.objects.filter(ip_address=address, username__in=users.values("username"))
    if not own.exists():
        raise ValueError("no failed login of this hall from this address")
    known = get_user_model().objects.values("username")
    with transaction.atomic():
        affected = list(users.filter(username__in=own.values("username")))
        removed, _ = (
            AccessAttempt.objects.filter(ip_address=address)
            .exclude(username__in=known.exclude(pk__in=users.values("pk")))
            .delete()
        )
        for user in affected:
            record_event(target=user, verb="auth.unlocked", actor=actor, hall=hall, data={"address": address})
    return removed


def record_lockout(*, request, username: str | None, ip_address: str | None) -> None:
    """Called when django-axes locks a login out: record it once (when the limit is reached), against the user
    if the username exists; failures during a lockout are counted by axes but not recorded again."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT or not username:
        return
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return
    record_event(target=user, verb="auth.locked_out", data={"address": ip_address or ""})
