"""Session lifetime: an idle timeout and an absolute lifetime, kept as timestamps in the session."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

LOGIN_AT = "hk_login_at"
SEEN_AT = "hk_seen_at"
#: Activity is written back at most this often, so that most requests do not save the session.
TOUCH_EVERY = timedelta(seconds=60)

IDLE = "idle"
ABSOLUTE = "absolute"


def start(session, now: datetime) -> None:
    session[LOGIN_AT] = session[SEEN_AT] = now.timestamp()


def expiry(session, now: datetime) -> str | None:
    """``IDLE`` or ``ABSOLUTE`` when the session has run out, else ``None``."""
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return None
    ts = now.timestamp()
    if ts - login_at > settings.HALLKEEPER_SESSION_MAX_HOURS * 3600:
        return ABSOLUTE
    if ts - seen_at > settings.HALLKEEPER_SESSION_IDLE_MINUTES * 60:
        return IDLE
    return None


def touch(session, now: datetime) -> None:
    """Note activity (a session from before these rules starts counting now)."""
    if session.get(LOGIN_AT) is None:
        start(session, now)
    elif now.timestamp() - session.get(SEEN_AT, 0) >= TOUCH_EVERY.total_seconds():
        session[SEEN_AT] = now.timestamp()
