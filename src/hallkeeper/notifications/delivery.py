"""Getting notifications out of Hallkeeper: emails, and messages to a WeCom or DingTalk group robot.

Both run in the background worker (``tasks.py``); nothing here raises to a user. A failure is logged
(logger ``hallkeeper.notifications.delivery``) and, for the robot, recorded on the hall's settings so the
administrators see it on the settings page.

The robots' formats:

* WeCom (企业微信) group robot: ``POST {"msgtype": "markdown", "markdown": {"content": "…"}}`` to the
  robot's address (``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``); content at most 4096 bytes.
* DingTalk (钉钉) custom robot: ``POST {"msgtype": "markdown", "markdown": {"title": "…", "text": "…"}}``
  to ``https://oapi.dingtalk.com/robot/send?access_token=…``. With the "signature" (加签) security
  setting the address also carries ``timestamp`` (milliseconds) and ``sign`` = URL-encoded
  base64(HmacSHA256(key=secret, message="{timestamp}\\n{secret}")); with the "keyword" setting the
  message must contain the keyword.

Both answer ``{"errcode": 0, "errmsg": "ok"}`` when they took the message.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import WebhookKind
from .models import HallNotificationSettings, Notification
from .outbound import WebhookRefused, post_json

logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT = 5  # seconds
WECOM_MAX_BYTES = 4000
DINGTALK_MAX_BYTES = 18000
RESPONSE_MAX_BYTES = 64 * 1024


# -- email ------------------------------------------------------------------------------------------


def _email_text(notification: Notification) -> str:
    from .services import absolute

    parts = [notification.body.strip()] if notification.body.strip() else []
    if notification.link:
        parts.append(_("Open it in Hallkeeper: %(link)s") % {"link": absolute(notification.link)})
    parts.append(
        "—\n"
        + _(
            "You receive this because of your role in %(hall)s. "
            "Every message is also in your notification centre in Hallkeeper."
        )
        % {"hall": notification.hall.display_name if notification.hall else _("Hallkeeper")}
    )
    return "\n\n".join(parts)


def send_emails(notification_ids: list[int]) -> int:
    """Email the given notifications to their recipients (each at most once); how many were sent."""
    rows = list(
        Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True)
        .select_related("recipient", "hall")
        .order_by("pk")
    )
    enabled = dict(
        HallNotificationSettings.objects.filter(hall_id__in={n.hall_id for n in rows if n.hall_id}).values_list(
            "hall_id", "email_enabled"
        )
    )
    claimed, messages = [], []
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        for n in rows:
            user = n.recipient
            if not user.email or not user.is_active or not enabled.get(n.hall_id, True):
                continue
            # Claim the row first, so two workers never send the same email twice.
            if not Notification.objects.filter(pk=n.pk, emailed_at__isnull=True).update(emailed_at=now):
                continue
            claimed.append(n.pk)
            prefix = f"[{n.hall.display_name}] " if n.hall else ""
            messages.append(mail.EmailMessage(subject=f"{prefix}{n.title}", body=_email_text(n), to=[user.email]))
    if not messages:
        return 0
    try:
        with mail.get_connection() as connection:
            sent = connection.send_messages(messages) or 0
    except Exception:
        logger.exception("Could not send %s notification email(s); they stay in the notification centre", len(messages))
        Notification.objects.filter(pk__in=claimed).update(emailed_at=None)
        return 0
    return sent


# -- group robots ---------------------------------------------------------------------------------


def _truncate_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[: limit - 3].decode("utf-8", errors="ignore") + "…"


def webhook_payload(kind: str, title: str, text: str, keyword: str = "") -> dict:
    """The JSON a robot of ``kind`` accepts for a markdown message with ``title`` and body ``text`` (markdown)."""
    if kind == WebhookKind.DINGTALK:
        if keyword and keyword not in title:
            title = f"{title} · {keyword}"
        content = _truncate_bytes(f"#### {title}\n\n{text}", DINGTALK_MAX_BYTES)
        return {"msgtype": "markdown", "markdown": {"title": title, "text": content}}
    return {"msgtype": "markdown", "markdown": {"content": _truncate_bytes(f"**{title}**\n{text}", WECOM_MAX_BYTES)}}


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature of a request: base64(HmacSHA256(secret, "{timestamp}\\n{secret}")), not yet URL-encoded."""
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """``url`` with DingTalk's ``timestamp`` and ``sign`` parameters added."""
    timestamp_ms = timestamp_ms if timestamp_ms is not None else int(time.time() * 1000)
    query = urllib.parse.urlencode({"timestamp": timestamp_ms, "sign": dingtalk_sign(secret, timestamp_ms)})
    return f"{url}{'&' if '?' in url else '?'}{query}"


@dataclass(frozen=True)
class WebhookResult:
    ok: bool
    message: str


#: What an administrator is told when a robot message did not get through, whatever the reason: why (an
#: address refused, a name that does not resolve, a port that does not answer) is written to the log only.
NOT_DELIVERED = gettext_lazy(
    "The robot could not be reached with this address. Check the address the group chat gives for the robot; "
    "the server log has the details."
)


def _post(url: str, payload: dict) -> WebhookResult:
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        answer = post_json(url, data, timeout=WEBHOOK_TIMEOUT, max_bytes=RESPONSE_MAX_BYTES)
    except WebhookRefused as error:
        logger.warning("Robot address refused: %s", error)
        return WebhookResult(False, str(NOT_DELIVERED))
    except (OSError, http.client.HTTPException, ValueError) as error:
        logger.warning("Robot could not be reached: %r", error)
        return WebhookResult(False, str(NOT_DELIVERED))
    if answer.status != 200:
        logger.warning("Robot answered HTTP %s", answer.status)
        return WebhookResult(False, str(NOT_DELIVERED))
    try:
        parsed = json.loads(answer.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return WebhookResult(True, _("Delivered."))
    if isinstance(parsed, dict) and parsed.get("errcode") not in (None, 0):
        code = parsed.get("errcode")
        logger.warning("Robot refused the message: %r %r", code, str(parsed.get("errmsg", ""))[:200])
        code = code if isinstance(code, int) else "?"
        return WebhookResult(
            False,
            _("The robot refused the message (error code %(code)s): check its key, keyword or signing secret.")
            % {"code": code},
        )
    return WebhookResult(True, _("Delivered."))


def send_webhook(hall_settings: HallNotificationSettings, title: str, text: str) -> WebhookResult:
    """Post a markdown message to the hall's robot now; record the outcome on the settings; never raises."""
    if not hall_settings.webhook_url:
        return WebhookResult(False, _("No robot address is set."))
    url = hall_settings.webhook_url
    if hall_settings.webhook_kind == WebhookKind.DINGTALK and hall_settings.dingtalk_secret:
        url = signed_url(url, hall_settings.dingtalk_secret)
    payload = webhook_payload(hall_settings.webhook_kind, title, text, keyword=hall_settings.dingtalk_keyword)
    try:
        result = _post(url, payload)
    except Exception:  # a robot must never break anything
        logger.exception("Robot message of hall %s failed", hall_settings.hall_id)
        result = WebhookResult(False, str(NOT_DELIVERED))
    if not result.ok:
        logger.warning("Robot message of hall %s not delivered: %s", hall_settings.hall_id, result.message)
    if hall_settings.pk:
        try:
            with transaction.atomic():
                HallNotificationSettings.objects.filter(pk=hall_settings.pk).update(
                    last_webhook_at=timezone.now(),
                    last_webhook_ok=result.ok,
                    last_webhook_error=result.message[:500] if not result.ok else "",
                )
        except Exception:
            logger.exception("Could not record the robot outcome of hall %s", hall_settings.hall_id)
    return result
