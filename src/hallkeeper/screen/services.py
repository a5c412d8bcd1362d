"""Writes of display links: issue and revoke (each records an event), and the screen's last-seen mark."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import administers
from hallkeeper.core.events import record_event

from .models import DisplayLink

#: Random bytes of a token (43 URL-safe characters).
TOKEN_BYTES = 32
#: The last-seen time is written at most this often per link (the screen asks for data every half minute).
SEEN_EVERY = dt.timedelta(minutes=1)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _ensure_admin(user, hall) -> None:
    if not administers(get_access(user), hall.pk):
        raise PermissionDenied(_("Only the hall's administrators manage display links."))


@transaction.atomic
def display_link_issue(*, user, hall, label: str) -> tuple[DisplayLink, str]:
    """Issue a display link for ``hall``; returns the link and its token (shown once, never stored)."""
    _ensure_admin(user, hall)
    label = (label or "").strip()
    if not label:
        raise ValidationError({"label": _("Name the display, e.g. 1F entrance screen.")}, code="label")
    if len(label) > DisplayLink._meta.get_field("label").max_length:
        raise ValidationError({"label": _("The label is too long.")}, code="label")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = DisplayLink.objects.create(
        hall=hall, label=label, token_hash=token_hash(token), issued_by=user, issued_at=timezone.now()
    )
    record_event(target=link, verb="display_link.issued", actor=user, data={"label": label})
    return link, token


@transaction.atomic
def display_link_revoke(*, user, link: DisplayLink) -> DisplayLink:
    """Revoke a link: the screen showing it goes blank at its next refresh. Revoking twice is refused."""
    _ensure_admin(user, link.hall)
    link = DisplayLink.objects.select_for_update().get(pk=link.pk)
    if link.revoked_at is not None:
        raise ValidationError({"link": _("This display link is already revoked.")}, code="revoked")
    link.revoked_at = timezone.now()
    link.revoked_by = user
    link.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    record_event(target=link, verb="display_link.revoked", actor=user, data={"label": link.label})
    return link


def display_link_for_token(token: str) -> DisplayLink | None:
    """The live link of ``token`` (with its hall), or ``None`` for an unknown or revoked one."""
    if not token or len(token) > 100:
        return None
    return DisplayLink.objects.live().select_related("hall").filter(token_hash=token_hash(token)).first()


def display_link_seen(link: DisplayLink, now: dt.datetime | None = None) -> None:
    """Mark the link as seen now, at most once per :data:`SEEN_EVERY` (one UPDATE, no event: a display
    showing the screen is not a change of the hall's data; issuing and revoking are recorded)."""
    now = now or timezone.now()
    if link.last_seen_at is not None and now - link.last_seen_at < SEEN_EVERY:
        return
    DisplayLink.objects.filter(pk=link.pk, revoked_at__isnull=True).update(last_seen_at=now)
    link.last_seen_at = now
