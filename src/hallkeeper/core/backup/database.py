"""What the backup needs from the database, whatever the engine: the snapshot, its migration state, and
whether an installation already holds business data."""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from . import BackupError, postgresql, sqlite

ENGINES = {"sqlite": sqlite, "postgresql": postgresql}
SNAPSHOT_NAMES = {"sqlite": "hallkeeper.sqlite3", "postgresql": "hallkeeper.pgdump"}


def engine_of(connection) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def snapshot(connection, target: Path) -> str:
    """A consistent snapshot of the database into ``target``; the server's version."""
    return ENGINES[engine_of(connection)].snapshot(connection, target)


def restore(connection, engine: str, path: Path) -> None:
    ENGINES[engine].restore(connection, path)


def latest_per_app(rows: list[tuple[str, str]]) -> dict[str, str]:
    """The last migration applied of every app, from (app, name) rows in the order they were applied."""
    latest: dict[str, str] = {}
    for app, name in rows:
        latest[app] = name
    return dict(sorted(latest.items()))


def migration_state(connection) -> dict[str, str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    return latest_per_app(list(recorder.migration_qs.order_by("id").values_list("app", "name")))


def snapshot_migration_state(engine: str, path: Path) -> dict[str, str]:
    """The migration state recorded inside a snapshot file (which also proves the file is readable)."""
    return latest_per_app(ENGINES[engine].migration_rows(path))


def unknown_migrations(state: dict[str, str]) -> list[str]:
    """The migrations of ``state`` this code does not have (the archive comes from a newer version)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [f"{app}.{name}" for app, name in state.items() if (app, name) not in known]


def pending_migrations(connection) -> list[str]:
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


#: Rows every installation has from its first migration on, whatever it holds: the audit chain's head.
BOOKKEEPING = {"core.auditchain"}


def business_data(connection) -> list[str]:
    """The kinds of Hallkeeper records (halls, users, zones, …) the database holds any row of."""
    tables = set(connection.introspection.table_names())
    found = []
    for model in apps.get_models():
        opts = model._meta
        if not opts.app_config.name.startswith("hallkeeper.") or opts.proxy or not opts.managed:
            continue
        if opts.label_lower in BOOKKEEPING:
            continue
        if opts.db_table in tables and model._base_manager.using(connection.alias).exists():
            found.append(str(opts.verbose_name_plural))
    return found
