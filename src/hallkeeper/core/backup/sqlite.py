"""SQLite: the online backup API both ways (a consistent copy while the site runs; an atomic replacement)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from . import BackupError


def _in_memory(name: str) -> bool:
    return name in ("", ":memory:") or name.startswith("file::memory:") or "mode=memory" in name


def snapshot(connection, target: Path) -> str:
    """Copy the database into ``target`` (a new file, mode 0600) with the online backup API; SQLite's version.

    A database file is read through a connection of its own: in WAL mode it sees the last committed state
    and waits for no writer. An in-memory database (tests) can only be read through Django's connection,
    outside a transaction."""
    name = str(connection.settings_dict["NAME"])
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    copy = sqlite3.connect(target)
    try:
        if _in_memory(name):
            if connection.in_atomic_block:
                raise BackupError("An in-memory database cannot be backed up inside a transaction.")
            connection.ensure_connection()
            with connection.wrap_database_errors:
                connection.connection.backup(copy)
        else:
            source = sqlite3.connect(name, timeout=30)
            try:
                source.backup(copy)
            finally:
                source.close()
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    except sqlite3.Error as exc:
        raise BackupError(f"The database could not be copied ({exc}).") from None
    finally:
        copy.close()
    return sqlite3.sqlite_version


def migration_rows(path: Path) -> list[tuple[str, str]]:
    """The (app, name) rows of the snapshot's migration table, in the order they were applied, after SQLite's
    own integrity check; :class:`BackupError` if the file is not a sound SQLite database."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = db.execute("PRAGMA integrity_check").fetchone()[0]
            if result != "ok":
                raise BackupError(f"The database snapshot fails SQLite's integrity check ({result}).")
            return db.execute("SELECT app, name FROM django_migrations ORDER BY id").fetchall()
        finally:
            db.close()
    except sqlite3.Error as exc:
        raise BackupError(f"The database snapshot cannot be read as SQLite ({exc}).") from None


def restore(connection, snapshot_path: Path) -> None:
    """Replace the configured database's content by the snapshot's, in one transaction of the backup API."""
    name = str(connection.settings_dict["NAME"])
    if _in_memory(name):
        raise BackupError("An in-memory database cannot be restored into; configure a database file.")
    connection.close()
    source = sqlite3.connect(f"file:{snapshot_path}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=30)
    try:
        source.backup(target)
    except sqlite3.Error as exc:
        raise BackupError(
            f"The database could not be replaced ({exc}); it is unchanged. Stop the site and the worker, then retry."
        ) from None
    finally:
        target.close()
        source.close()
