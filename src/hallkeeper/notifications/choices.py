"""What a notification is about, and where a hall's robot messages go."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    NOTICE_ISSUED = "notice_issued", _("Notice issued")
    NOTICE_SUBMITTED = "notice_submitted", _("Rectification submitted")
    NOTICE_REJECTED = "notice_rejected", _("Rectification rejected")
    NOTICE_VERIFIED = "notice_verified", _("Notice closed")
    NOTICE_CANCELLED = "notice_cancelled", _("Notice cancelled")
    EXTENSION_REQUESTED = "extension_requested", _("More time asked for")
    EXTENSION_DECIDED = "extension_decided", _("More time decided")
    DEADLINE_REMINDER = "deadline_reminder", _("Deadline reminder")
    OVERDUE_ESCALATION = "overdue_escalation", _("Overdue notices")
    DIGEST = "digest", _("Daily digest")
    SUGGESTION_ANSWERED = "suggestion_answered", _("Suggestion answered")
    SUGGESTION_SUBMITTED = "suggestion_submitted", _("Suggestion submitted")


#: A bootstrap-icons name and a colour per kind, for the notification centre.
KIND_ICONS = {
    NotificationKind.NOTICE_ISSUED: ("file-earmark-text", "primary"),
    NotificationKind.NOTICE_SUBMITTED: ("send-check", "dark"),
    NotificationKind.NOTICE_REJECTED: ("arrow-counterclockwise", "warning"),
    NotificationKind.NOTICE_VERIFIED: ("check-circle", "success"),
    NotificationKind.NOTICE_CANCELLED: ("x-circle", "secondary"),
    NotificationKind.EXTENSION_REQUESTED: ("hourglass-split", "warning"),
    NotificationKind.EXTENSION_DECIDED: ("calendar-check", "info"),
    NotificationKind.DEADLINE_REMINDER: ("alarm", "warning"),
    NotificationKind.OVERDUE_ESCALATION: ("exclamation-triangle", "danger"),
    NotificationKind.DIGEST: ("list-check", "primary"),
    NotificationKind.SUGGESTION_ANSWERED: ("chat-left-text", "info"),
    NotificationKind.SUGGESTION_SUBMITTED: ("chat-left-dots", "primary"),
}


class WebhookKind(models.TextChoices):
    WECOM = "wecom", _("WeCom group robot (企业微信)")
    DINGTALK = "dingtalk", _("DingTalk group robot (钉钉)")
