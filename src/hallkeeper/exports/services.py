"""Requesting a background export and writing it (the task body). Every state change records an event."""

from __future__ import annotations

import logging
import secrets
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from hallkeeper.core.events import record_event
from hallkeeper.core.exports import export_filename, write_workbook
from hallkeeper.halls.models import Hall

from .models import ExportJob, ExportStatus
from .registry import builder_for

logger = logging.getLogger(__name__)

#: Query parameters that are not filters of the list.
NOT_FILTERS = ("page", "export")


def clean_params(params: QueryDict) -> str:
    """The list's filters as a query string (without the page and the export switch)."""
    query = params.copy()
    for name in NOT_FILTERS:
        query.pop(name, None)
    return query.urlencode()


def direct_limit() -> int:
    return settings.HALLKEEPER_EXPORT_DIRECT_MAX_ROWS


def purge_expired(now=None) -> int:
    """Delete finished exports (and their files) older than ``HALLKEEPER_EXPORT_KEEP_HOURS``; how many."""
    now = now or timezone.now()
    old = ExportJob.objects.filter(created_at__lt=now - timedelta(hours=settings.HALLKEEPER_EXPORT_KEEP_HOURS))
    count = 0
    for job in old.select_related("hall"):
        if job.file:
            job.file.delete(save=False)
        record_event(target=job, verb="export.purged", hall=job.hall, data={"kind": job.kind, "rows": job.rows_written})
        job.delete()
        count += 1
    return count


def request_export(*, user, hall, kind: str, params: QueryDict) -> ExportJob:
    """Queue an export of ``kind`` with the list's filters for ``user``; the same one still waiting or being
    written is returned instead of a second. Raises ``LookupError`` for a kind nobody registered."""
    builder = builder_for(kind)
    if builder is None:
        raise LookupError(kind)
    query = clean_params(params)
    pending = (
        ExportJob.objects.visible_to(user)
        .filter(hall=hall, kind=kind, params=query, status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])
        .first()
    )
    if pending is not None:
        return pending
    purge_expired()
    plan = builder(user, hall, QueryDict(query))
    with transaction.atomic():
        job = ExportJob.objects.create(
            hall=hall,
            requested_by=user,
            kind=kind,
            title=plan.title[:120],
            params=query,
            language=translation.get_language() or "",
            total_rows=plan.count(),
            token=secrets.token_hex(16),
        )
        record_event(
            target=job, verb="export.requested", actor=user, hall=hall, data={"kind": kind, "rows": job.total_rows}
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from .tasks import build_export

    try:
        build_export.enqueue(job_id)
    except Exception:
        logger.exception("Could not queue export %s", job_id)
        _finish(job_id, ExportStatus.FAILED, error="not queued")


def _finish(job_id: int, status: str, **fields) -> None:
    job = ExportJob.objects.select_related("hall").get(pk=job_id)
    for name, value in fields.items():
        setattr(job, name, value)
    job.status = status
    job.finished_at = timezone.now()
    job.save()
    record_event(target=job, verb=f"export.{status}", hall=job.hall, data={"rows": job.rows_written})


def run_export(job_id: int) -> str:
    """Write the export of a queued job to its file; the job's final status. Never raises: a failure is
    logged and recorded on the job."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING, updated_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    job = ExportJob.objects.select_related("hall", "requested_by").get(pk=job_id)
    try:
        user, hall = job.requested_by, job.hall
        builder = builder_for(job.kind)
        if builder is None or not user.is_active or not Hall.objects.visible_to(user).filter(pk=hall.pk).exists():
            _finish(job.pk, ExportStatus.FAILED, error="no longer allowed")
            return ExportStatus.FAILED
        with translation.override(job.language or settings.LANGUAGE_CODE):
            plan = builder(user, hall, QueryDict(job.params))
            filename = export_filename(hall.display_name, plan.title)

            def progress(rows: int) -> None:
                ExportJob.objects.filter(pk=job.pk).update(rows_written=rows)

            with tempfile.TemporaryFile() as handle:
                rows = write_workbook(plan.sheets, handle, progress=progress)
                handle.seek(0)
                job.file.save(f"{job.token}.xlsx", File(handle), save=False)
        _finish(job.pk, ExportStatus.DONE, rows_written=rows, filename=filename, file=job.file.name)
        return ExportStatus.DONE
    except Exception:
        logger.exception("Export %s failed", job_id)
        _finish(job.pk, ExportStatus.FAILED, error="error while writing")
        return ExportStatus.FAILED
