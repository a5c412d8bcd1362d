"""The campaign's background task: the daily digest of campaign tasks, delivered through notifications."""

from __future__ import annotations

import logging
from datetime import date

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def campaign_digest(hall_id: int, day_iso: str) -> dict:
    """Send the hall's daily campaign digest for ``day_iso`` (YYYY-MM-DD), once."""
    from hallkeeper.halls.models import Hall

    from .digest import run_task_digest

    hall = Hall.objects.filter(pk=hall_id).first()
    if hall is None:
        logger.warning("Campaign digest for hall %s skipped: no such hall", hall_id)
        return {"hall": hall_id, "day": day_iso, "skipped": True}
    return run_task_digest(hall, date.fromisoformat(day_iso))
