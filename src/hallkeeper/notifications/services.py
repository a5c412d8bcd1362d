"""Every write to notifications: :func:`notify` (and :func:`suppressed`), reading them, and the hall's settings.

``notify`` writes the in-app notifications at once, in the caller's transaction, and queues the email
delivery to run after that transaction commits: a slow or failing mail server never holds up or undoes
the action that caused the notification, and a rolled-back action sends nothing.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.accounts.access import get_access
from hallkeeper.core.events import record_event
from hallkeeper.core.hall_settings import settings_for as hall_settings_for

from .choices import NotificationKind
from .models import HallNotificationSettings, Notification

logger = logging.getLogger(__name__)

_suppressed: contextvars.ContextVar[int] = contextvars.ContextVar("hallkeeper_notifications_suppressed", default=0)

TITLE_MAX = 200
BODY_MAX = 8000


@contextmanager
def suppressed() -> Iterator[None]:
    """Within this block :func:`notify` does nothing (the demo loader makes months of history with it)."""
    token = _suppressed.set(_suppressed.get() + 1)
    try:
        yield
    finally:
        _suppressed.reset(token)


def is_suppressed() -> bool:
    return _suppressed.get() > 0


def settings_for(hall) -> HallNotificationSettings:
    """The hall's delivery settings; the defaults (unsaved: email on, no robot) when it has none."""
    return hall_settings_for(HallNotificationSettings, hall, fresh=True)


def _recipients(recipients: Iterable, actor) -> list:
    seen, users = set(), []
    for user in recipients:
        if user is None or user.pk is None or not user.is_active or user.pk in seen:
            continue
        if actor is not None and user.pk == actor.pk:
            continue  # nobody is told about what they did themselves
        seen.add(user.pk)
        users.append(user)
    return users


def enqueue_on_commit(task, *args) -> None:
    """Queue ``task`` once the current transaction commits; a queue that fails is logged, never raised."""

    def _enqueue():
        try:
            task.enqueue(*args)
        except Exception:
            logger.exception("Could not queue %s%r", task.name, args)

    transaction.on_commit(_enqueue)


def notify(
    *,
    recipients: Iterable,
    hall,
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    actor=None,
) -> list[Notification]:
    """Tell ``recipients`` (users) something: one in-app notification each, and an email to those with an address.

    Inactive users, duplicates and ``actor`` (whoever caused it) are skipped. Never raises a database error
    into the caller's transaction: a notification that cannot be written is logged and dropped.
    """
    if is_suppressed():
        return []
    if kind not in NotificationKind.values:
        raise ValueError(f"unknown notification kind {kind!r}")
    users = _recipients(recipients, actor)
    if not users:
        return []
    title, body = str(title)[:TITLE_MAX], str(body)[:BODY_MAX]
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a failure here leaves the caller's transaction usable
            created = Notification.objects.bulk_create(
                [
                    Notification(
                        recipient=user, hall=hall, kind=kind, title=title, body=body, link=link, created_at=now
                    )
                    for user in users
                ]
            )
    except DatabaseError:
        logger.exception("Could not write %s notification(s) %r", len(users), title)
        return []
    if settings_for(hall).email_enabled:
        to_email = [n.pk for n, user in zip(created, users, strict=True) if user.email]
        if to_email:
            from .tasks import deliver_email

            enqueue_on_commit(deliver_email, to_email)
    return created


# -- reading ----------------------------------------------------------------------------------------


def mark_read(*, user, notification: Notification) -> Notification:
    """Mark the user's own notification read (opening it does)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def mark_all_read(*, user) -> int:
    """Mark every unread notification of the user read; how many were."""
    return Notification.objects.visible_to(user).unread().update(read_at=timezone.now())


# -- settings -----------------------------------------------------------------------------------------

SETTINGS_FIELDS = ("email_enabled", "webhook_kind", "dingtalk_keyword")


def _settings_record(hall_settings: HallNotificationSettings) -> dict:
    """What the event log keeps of the settings: the robot's address without its key, never the secret."""
    return {f: getattr(hall_settings, f) for f in SETTINGS_FIELDS} | {"webhook": hall_settings.webhook_display}


@transaction.atomic
def settings_save(*, user, hall_settings: HallNotificationSettings) -> HallNotificationSettings:
    """Administrators change how the hall's notifications go out. The secret is logged as changed, never shown."""
    if not get_access(user).is_admin_of(hall_settings.hall_id):
        raise PermissionDenied(_("Only administrators change the notification settings."))
    hall_settings.full_clean()
    before, secret_before, webhook_before = {}, "", ""
    if hall_settings.pk:
        old = HallNotificationSettings.objects.select_for_update().get(pk=hall_settings.pk)
        before = _settings_record(old)
        secret_before, webhook_before = old.dingtalk_secret, old.webhook_url
    hall_settings.save()
    record_event(
        target=hall_settings,
        hall=hall_settings.hall,
        actor=user,
        verb="notification_settings.saved",
        data={
            "before": before,
            "after": _settings_record(hall_settings),
            "secret_changed": secret_before != hall_settings.dingtalk_secret,
            "webhook_changed": webhook_before != hall_settings.webhook_url,
        },
    )
    return hall_settings


def base_url() -> str:
    """Where the site is served (``HALLKEEPER_BASE_URL``), for links in emails and robot messages; may be empty."""
    return (getattr(settings, "HALLKEEPER_BASE_URL", "") or "").rstrip("/")


def absolute(link: str) -> str:
    return f"{base_url()}{link}" if link.startswith("/") else link
