"""Rectification's background task: the daily digest, delivered through the notifications channel."""

from __future__ import annotations

import logging
from datetime import date

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def rectification_digest(hall_id: int, day_iso: str) -> dict:
    """Send the hall's daily rectification digest for ``day_iso`` (YYYY-MM-DD), once."""
    from hallkeeper.halls.models import Hall

    from .digest import run_digest

    hall = Hall.objects.filter(pk=hall_id).first()
    if hall is None:
        logger.warning("Digest for hall %s skipped: no such hall", hall_id)
        return {"hall": hall_id, "day": day_iso, "skipped": True}
    return run_digest(hall, date.fromisoformat(day_iso))
