"""In-app notifications, each hall's delivery settings (robot webhook, email), and the daily digest log.

Notifications are written only by :func:`hallkeeper.notifications.services.notify`; a user sees only
their own (``Notification.objects.visible_to(user)``), whatever their roles.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.capabilities import halls_administered
from hallkeeper.core.fields import EncryptedTextField
from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet, check_action

from .choices import KIND_ICONS, NotificationKind, WebhookKind


class NotificationQuerySet(VisibleQuerySet):
    """A notification is its recipient's alone: not even a superuser or a hall administrator reads another's."""

    def visibility_q(self, access, action):
        return models.Q(recipient_id=access.user_id) if access.user_id is not None else NOTHING

    def visible_to(self, user, action="view"):
        # Unlike hall data, a notification does not depend on roles: someone whose roles were taken away
        # still reads what was sent to them, and a superuser reads only their own.
        from hallkeeper.accounts.access import get_access

        check_action(action)
        return self.filter(self.visibility_q(get_access(user), action))

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in their notification centre, and emailed when they have an address."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    hall = models.ForeignKey(
        "halls.Hall",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hall"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path on this site."))
    created_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def icon(self) -> str:
        return KIND_ICONS.get(self.kind, ("bell", "secondary"))[0]

    @property
    def colour(self) -> str:
        return KIND_ICONS.get(self.kind, ("bell", "secondary"))[1]


class SettingsQuerySet(VisibleQuerySet):
    """Delivery settings: the hall's administrators read and change them (they hold the robot's key)."""

    def visibility_q(self, access, action):
        halls = halls_administered(access)
        return models.Q(hall__in=halls) if halls else NOTHING


def validate_webhook_url(value: str) -> None:
    """Only an https address on an allowlisted robot host (``settings.HALLKEEPER_WEBHOOK_HOSTS``)."""
    from .outbound import WebhookRefused, allowed_destinations, check_destination

    try:
        check_destination(value)
    except WebhookRefused:
        hosts = sorted(host if port == 443 else f"{host}:{port}" for host, port in allowed_destinations())
        raise ValidationError(
            _("Enter the robot's full webhook address: https:// and one of these hosts: %(hosts)s."),
            code="webhook_host",
            params={"hosts": ", ".join(hosts)},
        ) from None


class HallNotificationSettings(TimeStampedModel):
    """How a hall's notifications go out besides the notification centre: email on or off, and a group robot."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="notification_settings", verbose_name=_("hall")
    )
    email_enabled = models.BooleanField(
        _("send emails"),
        default=True,
        help_text=_("Also email every notification to recipients whose account has an email address."),
    )
    webhook_url = EncryptedTextField(
        _("robot webhook address"),
        max_length=500,
        blank=True,
        validators=[validate_webhook_url],
        help_text=_(
            "The address of a WeCom or DingTalk group robot; the daily summary of overdue notices is posted there. "
            "Leave empty for none."
        ),
    )
    webhook_kind = models.CharField(_("robot"), max_length=10, choices=WebhookKind.choices, default=WebhookKind.WECOM)
    dingtalk_keyword = models.CharField(
        _("DingTalk keyword"),
        max_length=40,
        blank=True,
        help_text=_(
            "If the DingTalk robot's security setting asks for a keyword, the keyword; every message carries it."
        ),
    )
    dingtalk_secret = EncryptedTextField(
        _("DingTalk signing secret"),
        max_length=200,
        blank=True,
        help_text=_("If the DingTalk robot's security setting is “signature” (加签), the secret starting with SEC."),
    )
    last_webhook_at = models.DateTimeField(_("last robot message at"), null=True, blank=True)
    last_webhook_ok = models.BooleanField(_("last robot message delivered"), null=True, blank=True)
    last_webhook_error = models.CharField(_("last robot error"), max_length=500, blank=True)

    objects = SettingsQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(webhook_kind__in=WebhookKind.values), name="notification_webhook_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.hall)

    @property
    def has_webhook(self) -> bool:
        return bool(self.webhook_url)

    @property
    def webhook_display(self) -> str:
        """The robot's address with its key left out (the key is a secret, like the signing secret)."""
        return mask_webhook_url(self.webhook_url)


def mask_webhook_url(url: str) -> str:
    """``https://host/path?key=…``: scheme, host and path of a robot address, never its query (the key)."""
    if not url:
        return ""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError:
        return "…"
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}" + ("?…" if parts.query else "")


class DigestRun(models.Model):
    """The daily digest of a hall ran for this day: it is never sent twice."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="+", verbose_name=_("hall"))
    day = models.DateField(_("day"))
    ran_at = models.DateTimeField(_("ran at"), default=timezone.now)
    reminders = models.PositiveIntegerField(_("notices due soon"), default=0)
    overdue = models.PositiveIntegerField(_("overdue notices"), default=0)
    recipients = models.PositiveIntegerField(_("people notified"), default=0)
    webhook_posted = models.BooleanField(_("robot message queued"), default=False)

    class Meta:
        ordering = ["-day", "hall"]
        verbose_name = _("digest run")
        verbose_name_plural = _("digest runs")
        constraints = [models.UniqueConstraint(fields=["hall", "day"], name="unique_digest_per_hall_day")]

    def __str__(self) -> str:
        return f"{self.hall_id} · {self.day.isoformat()}"
