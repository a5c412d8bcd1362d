"""The event log: every state change of a record is written here, with who, when and from where."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from . import chain
from .changes import cascade_counts, diff, snapshot
from .models import Event

#: The client address of the request being served (set by ``AuditContextMiddleware``).
current_address: ContextVar[str | None] = ContextVar("hallkeeper_event_address", default=None)
#: The time events are recorded at while :func:`recorded_at` is in force (the demo's past).
_clock: ContextVar[tuple[datetime, dict] | None] = ContextVar("hallkeeper_event_clock", default=None)


@contextmanager
def recorded_at(at: datetime, data: dict | None = None) -> Iterator[None]:
    """Record the events written inside the block at ``at``, with ``data`` added to theirs.

    The demo loader builds its past this way, so its events are appended with the right time and
    content in the first place (the chain never needs rewriting)."""
    token = _clock.set((at, data or {}))
    try:
        yield
    finally:
        _clock.reset(token)


def actor_copy(actor, hall) -> dict[str, str]:
    """The actor's display name, username and roles in ``hall``, copied onto the event."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_name": "", "actor_username": "", "actor_roles": ""}
    from .access import get_access

    access = get_access(actor)
    if actor.is_superuser:
        roles = ["superuser"]
    elif hall is not None:
        roles = sorted(access.hall_roles.get(hall.pk, ()))
    else:
        roles = sorted({r for rs in access.hall_roles.values() for r in rs})
    name = actor.get_full_name() or actor.get_username()
    return {"actor_name": name[:150], "actor_username": actor.get_username()[:150], "actor_roles": ",".join(roles)}


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
    address: str | None = None,
    username: str = "",
) -> Event:
    """Append one event about ``target``; ``hall`` defaults to ``target.hall``.

    ``username`` names who was attempted when there is no actor (a failed login)."""
    if hall is None:
        hall = target if target._meta.label == "halls.Hall" else getattr(target, "hall", None)
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    copy = actor_copy(actor, hall)
    clock = _clock.get()
    if clock is not None:
        at = clock[0]  # the block's time wins over the service's own clock
        data = {**(data or {}), **clock[1]}
    if actor is None and username:
        copy["actor_username"] = username[:150]
    event = Event(
        hall=hall,
        actor=actor,
        **copy,
        address=address or current_address.get(),
        verb=verb,
        content_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        object_id=target.pk,
        from_state=from_state or "",
        to_state=to_state or "",
        comment=comment or "",
        data=data or {},
        created_at=at or timezone.now(),
    )
    return chain.append(event)


def record_change(
    *,
    target: models.Model,
    verb: str,
    actor,
    before: dict | None,
    after: dict | None,
    hall=None,
    data: dict | None = None,
    comment: str = "",
) -> Event:
    """An event for a create (``before`` is ``None``), update or delete (``after`` is ``None``) of a record,
    with ``{"changes": {field: [before, after]}}`` for the fields that changed."""
    changes = diff(before or {}, after or {})
    return record_event(
        target=target, verb=verb, actor=actor, hall=hall, comment=comment, data={**(data or {}), "changes": changes}
    )


def record_save(*, target: models.Model, actor, before: dict | None, hall=None, data: dict | None = None) -> Event:
    """``<model>.created`` or ``<model>.changed`` for ``target`` just saved, ``before`` its snapshot or ``None``."""
    name = target._meta.model_name
    verb = f"{name}.created" if before is None else f"{name}.changed"
    return record_change(
        target=target, verb=verb, actor=actor, before=before, after=snapshot(target), hall=hall, data=data
    )


def record_delete(*, target: models.Model, actor, hall=None, data: dict | None = None) -> Event:
    """``<model>.deleted`` for ``target`` about to be deleted, with every field's last value and, under
    ``cascade``, how many records of each kind go with it (the deleted records write no events of their own)."""
    verb = f"{target._meta.model_name}.deleted"
    data = {**(data or {}), **with_cascade(target)}
    return record_change(
        target=target, verb=verb, actor=actor, before=snapshot(target), after=None, hall=hall, data=data
    )


def with_cascade(target: models.Model) -> dict:
    """``{"cascade": {"app.model": count}}`` for a record about to be deleted, ``{}`` if nothing goes with it."""
    counts = cascade_counts(target)
    return {"cascade": counts} if counts else {}


def events_for(target: models.Model) -> models.QuerySet[Event]:
    """The timeline of one record, oldest first (callers have already checked the record is visible)."""
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return (
        Event.objects.filter(content_type=ct, object_id=target.pk).select_related("actor").order_by("created_at", "pk")
    )
