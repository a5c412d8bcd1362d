"""The hash chain over the event log (tamper evidence).

Every event stores the SHA-256 of the previous event (``prev_hash``) and its own hash over a canonical
serialization of its content (``hash``). Appends lock the one :class:`AuditChain` row first, so two
requests never build on the same previous hash, on SQLite (the first write takes the database's write
lock) as on PostgreSQL (a row lock). The retention command removes old events only after archiving
them and stores the hash of the last removed event as the chain's anchor.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F

from .models import AuditChain, Event

#: The fields an event's hash covers, in this order. ``actor`` (the foreign key) is left out on purpose:
#: deleting a user empties it, and the copied name, username and roles keep the record.
HASHED_FIELDS = (
    "prev_hash",
    "created_at",
    "hall_id",
    "actor_username",
    "actor_name",
    "actor_roles",
    "address",
    "verb",
    "content_type_id",
    "object_id",
    "from_state",
    "to_state",
    "comment",
    "data",
)


def normalized(data: dict) -> dict:
    """``data`` as it reads back from a JSON column (dates as text, tuples as lists)."""
    return json.loads(json.dumps(data or {}, cls=DjangoJSONEncoder))


def event_hash(event: Event) -> str:
    values = {}
    for name in HASHED_FIELDS:
        value = getattr(event, name)
        if name == "created_at":
            value = value.astimezone(UTC).isoformat()
        elif name == "address":
            value = value or ""
        values[name] = value
    text = json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _lock_chain() -> AuditChain:
    """Take the chain's lock (an update of its row) and return the row."""
    if not AuditChain.objects.filter(pk=1).update(appends=F("appends") + 1):
        AuditChain.objects.get_or_create(pk=1)
        AuditChain.objects.filter(pk=1).update(appends=F("appends") + 1)
    return AuditChain.objects.get(pk=1)


def append(event: Event) -> Event:
    """Save a new event at the end of the chain."""
    event.data = normalized(event.data)
    with transaction.atomic():
        chain = _lock_chain()
        event.prev_hash = chain.head_hash
        event.hash = event_hash(event)
        event.save(force_insert=True)
        AuditChain.objects.filter(pk=1).update(head_hash=event.hash)
    return event


@dataclass(frozen=True)
class Verification:
    checked: int
    broken: Event | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken is None and not self.reason


def verify(*, chunk_size: int = 2000) -> Verification:
    """Walk the chain in append order; the first event whose links or content do not match breaks it.

    The head recorded in :class:`AuditChain` when the walk starts must be met on the way: otherwise the
    last events were removed (events appended during the walk do not disturb this)."""
    chain = AuditChain.objects.filter(pk=1).first()
    expected = chain.anchor_hash if chain else ""
    head = chain.head_hash if chain else ""
    checked, head_seen = 0, not head or head == expected
    for event in Event.objects.order_by("pk").iterator(chunk_size=chunk_size):
        if event.prev_hash != expected:
            return Verification(checked, event, "previous hash does not match the event before it")
        if event.hash != event_hash(event):
            return Verification(checked, event, "content does not match its hash")
        expected = event.hash
        head_seen = head_seen or event.hash == head
        checked += 1
    if not head_seen:
        return Verification(checked, None, "the last events of the chain are missing")
    return Verification(checked)
