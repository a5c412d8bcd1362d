"""Writes of places made on the hall's pages: each saves and records an event with before/after values."""

from __future__ import annotations

from django.db import transaction

from hallkeeper.core.changes import stored_snapshot
from hallkeeper.core.events import record_save

from .models import Position, Zone


@transaction.atomic
def zone_save(*, zone: Zone, user) -> Zone:
    """Save a zone edited by ``user`` (the view checked they may change it)."""
    before = stored_snapshot(zone)
    zone.save()
    record_save(target=zone, actor=user, before=before)
    return zone


@transaction.atomic
def position_save(*, position: Position, user) -> Position:
    """Create or update a position (the form limited zone and window to what ``user`` may change)."""
    before = stored_snapshot(position)
    position.save()
    record_save(target=position, actor=user, before=before)
    return position
