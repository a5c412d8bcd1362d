"""Retention of the audit trail: archive events older than the retention period, then remove them.

Events are kept at least :data:`MINIMUM_DAYS` days (等保 2.0 level 3). Removal runs only after the
archive file (JSON Lines: every hashed field and the hash of each event, so the archive verifies on its
own) is written and synced; the hash of the last removed event becomes the chain's anchor, so what
remains still verifies with ``hallkeeper verify_audit``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .chain import HASHED_FIELDS
from .models import AuditChain, Event

MINIMUM_DAYS = 180


def retention_days(days: int | None = None) -> int:
    """The retention period in days: ``days`` or the setting; fewer than 180 days is refused."""
    days = settings.HALLKEEPER_AUDIT_RETENTION_DAYS if days is None else days
    if days < MINIMUM_DAYS:
        raise ValidationError(
            _("The audit trail is kept at least %(minimum)d days; %(days)d is too short.")
            % {"minimum": MINIMUM_DAYS, "days": days}
        )
    return days


@dataclass(frozen=True)
class PruneResult:
    archived: int
    archive: Path | None
    anchor_id: int


def _expired_through(cutoff: datetime) -> int:
    """The highest id such that this event and every earlier one were recorded before ``cutoff``."""
    first_kept = Event.objects.filter(created_at__gte=cutoff).order_by("pk").values_list("pk", flat=True).first()
    older = Event.objects.all() if first_kept is None else Event.objects.filter(pk__lt=first_kept)
    return older.order_by("-pk").values_list("pk", flat=True).first() or 0


def _archive(events, path: Path) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for event in events.iterator(chunk_size=2000):
            row = {"id": event.pk, **{name: getattr(event, name) for name in HASHED_FIELDS}, "hash": event.hash}
            handle.write(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True) + "\n")
            count += 1
        handle.flush()
        os.fsync(handle.fileno())
    return count


def prune(*, archive_dir: Path, days: int | None = None, now: datetime | None = None) -> PruneResult:
    """Archive, then remove, the events older than the retention period."""
    days = retention_days(days)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    through = _expired_through(cutoff)
    chain = AuditChain.objects.filter(pk=1).first()
    if not through or (chain is not None and through <= chain.anchor_id):
        return PruneResult(0, None, chain.anchor_id if chain else 0)
    events = Event.objects.filter(pk__lte=through).order_by("pk")
    archive_dir.mkdir(parents=True, exist_ok=True)
    path = archive_dir / f"audit-{timezone.localtime(now or timezone.now()):%Y%m%d-%H%M%S}-through-{through}.jsonl"
    archived = _archive(events, path)
    last = events.last()
    with transaction.atomic():
        AuditChain.objects.get_or_create(pk=1)
        # The anchor is written first: the database lets only anchored (archived) events go.
        AuditChain.objects.filter(pk=1).update(anchor_id=last.pk, anchor_hash=last.hash, anchor_at=timezone.now())
        Event.objects.filter(pk__lte=through)._raw_delete(Event.objects.db)
    return PruneResult(archived, path, last.pk)


def default_archive_dir() -> Path:
    return Path(settings.DATA_DIR) / "audit-archive"
