"""The background task writing a large export (Django's tasks API; ``hallkeeper db_worker`` runs it)."""

from __future__ import annotations

from django_tasks import task


@task()
def build_export(job_id: int) -> str:
    from .services import run_export

    return run_export(job_id)
