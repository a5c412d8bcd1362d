"""An installation to back up, and a deterministic dump of it, run in a separate process against the database and
data folder its environment names (``python -m tests.backup_scene populate|dump``; see tests/test_backup.py)."""

from __future__ import annotations

import json
import os
import sys

import django


def populate() -> None:
    """Two halls with a login for every role, a handbook, a verified notice with its after-photo, a draft
    inspection with a photo, and media files with awkward names."""
    from django.conf import settings

    from hallkeeper.inspections import services
    from hallkeeper.rectification.choices import NoticeState

    from .factories import make_hall
    from .inspection_data import jpeg_with_gps, notice_in_state, start, upload
    from .standards_data import install_tiny_handbook

    small = make_hall("alpha")
    make_hall("beta")
    install_tiny_handbook(small.hall)
    notice_in_state(small, NoticeState.VERIFIED)
    inspection = start(small, zone_index=1)
    services.photo_add(user=inspection.inspector, item=inspection.items.first(), file=upload(jpeg_with_gps()))
    odd = settings.MEDIA_ROOT / "standards" / "规则图片" / "第 1 版"
    odd.mkdir(parents=True)
    (odd / "定置图 (草稿).png").write_bytes(b"\x89PNG" + bytes(range(256)) * 40)
    (settings.MEDIA_ROOT / "empty.txt").write_bytes(b"")


def dump() -> dict:
    """Every row of every model (all apps, many-to-many tables too) ordered by primary key, and the migration
    table."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    tables = {}
    for model in sorted(apps.get_models(include_auto_created=True), key=lambda m: m._meta.label):
        columns = [field.attname for field in model._meta.concrete_fields]
        tables[model._meta.label] = [list(row) for row in model._base_manager.order_by("pk").values_list(*columns)]
    migrations = MigrationRecorder(connection).migration_qs.order_by("id").values_list("id", "app", "name", "applied")
    tables["django_migrations"] = [list(row) for row in migrations]
    return tables


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallkeeper.settings")
    django.setup()
    if sys.argv[1] == "populate":
        populate()
    else:
        json.dump(dump(), sys.stdout, default=str, ensure_ascii=False, sort_keys=True)
