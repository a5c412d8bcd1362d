"""The event log: every state change of a record is written here, with who and when."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from .models import Event


def record_event(
    *,
    target: models.Model,
    verb: str,
    actor=None,
    hall=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict | None = None,
    at=None,
) -> Event:
    """Append one event about ``target``; ``hall`` defaults to ``target.hall``."""
    if hall is None:
        hall = getattr(target, "hall", None)
    return Event.objects.create(
        hall=hall,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        data=data or {},
        created_at=at or timezone.now(),
    )


def events_for(target: models.Model) -> models.QuerySet[Event]:
    """The timeline of one record, oldest first (callers have already checked the record is visible)."""
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return (
        Event.objects.filter(content_type=ct, object_id=target.pk).select_related("actor").order_by("created_at", "pk")
    )
