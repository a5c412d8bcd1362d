"""The nightly backup as a background task: ``hallkeeper backup --queue`` (from cron) queues it, the worker
(``hallkeeper db_worker``) runs it."""

from __future__ import annotations

import logging

from django.conf import settings
from django_tasks import task

logger = logging.getLogger("hallkeeper.backup")


@task()
def scheduled_backup() -> dict:
    """Write an archive into ``HALLKEEPER_BACKUP_DIR``, check it, then keep the newest
    ``HALLKEEPER_BACKUP_KEEP`` archives there. A failure is logged and fails the task; old archives are only
    deleted after the new one has been verified."""
    from .services import backup_create, backup_prune, backup_verify

    try:
        result = backup_create(output_dir=settings.HALLKEEPER_BACKUP_DIR)
        backup_verify(result.path)
        removed = backup_prune(settings.HALLKEEPER_BACKUP_DIR, keep=settings.HALLKEEPER_BACKUP_KEEP)
    except Exception:
        logger.exception("The scheduled backup failed")
        raise
    return {
        "archive": str(result.path),
        "files": len(result.manifest.files),
        "bytes": result.path.stat().st_size,
        "skipped": list(result.skipped),
        "removed": [path.name for path in removed],
    }
