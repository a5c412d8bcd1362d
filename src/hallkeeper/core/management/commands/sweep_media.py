"""List (and with ``--delete`` remove) files under MEDIA_ROOT that no record refers to.

Files are written with their rows and removed again when the write fails (``core/uploads.py:
files_for_transaction``); a process killed between the two, or a transaction rolled back after the service
returned, can still leave one behind. Only files older than the grace period are considered, so an upload in
progress is never touched. Stored handbook documents (``cache/``) are rebuilt on demand and managed by their
store; they are left alone.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import models

#: Folders under MEDIA_ROOT that hold no uploads (rebuilt caches).
SKIPPED_FOLDERS = ("cache/",)


@dataclass(frozen=True)
class Orphan:
    name: str  # relative to MEDIA_ROOT, with forward slashes
    size: int
    age_hours: float


def referenced_names() -> set[str]:
    """Every file name stored in a file or image field of any model."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._default_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
                names.update(rows.values_list(field.attname, flat=True).iterator(chunk_size=5000))
    return names


def find_orphans(root: Path, grace_hours: float, now: float | None = None) -> list[Orphan]:
    """Files under ``root`` older than ``grace_hours`` that no row refers to, by name."""
    now = time.time() if now is None else now
    referenced = referenced_names()
    orphans = []
    for folder, _dirs, files in os.walk(root):
        for filename in files:
            path = Path(folder) / filename
            name = path.relative_to(root).as_posix()
            if name.startswith(SKIPPED_FOLDERS) or name in referenced:
                continue
            stat = path.stat()
            age = (now - stat.st_mtime) / 3600
            if age >= grace_hours:
                orphans.append(Orphan(name=name, size=stat.st_size, age_hours=age))
    return sorted(orphans, key=lambda o: o.name)


class Command(BaseCommand):
    help = (
        "List the files under MEDIA_ROOT that no record refers to (older than a grace period); --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove the files listed (default: only list).")
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=24.0,
            help="Leave files younger than this many hours alone (default 24).",
        )

    def handle(self, *args, delete: bool = False, grace_hours: float = 24.0, **options):
        if grace_hours < 0:
            raise CommandError("--grace-hours must not be negative.")
        root = Path(settings.MEDIA_ROOT)
        if not root.is_dir():
            self.stdout.write(f"{root} does not exist: nothing to sweep.")
            return
        orphans = find_orphans(root, grace_hours)
        for orphan in orphans:
            self.stdout.write(f"{orphan.name}\t{orphan.size} bytes\t{orphan.age_hours:.0f} h")
            if delete:
                (root / orphan.name).unlink(missing_ok=True)
        total = sum(o.size for o in orphans)
        if delete:
            self.stdout.write(f"{len(orphans)} file(s) no record refers to removed ({total} bytes).")
        else:
            self.stdout.write(
                f"{len(orphans)} file(s) no record refers to ({total} bytes); run with --delete to remove them."
            )
