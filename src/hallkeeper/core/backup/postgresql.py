"""PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists --no-owner`` in one transaction.

Connection parameters come from ``settings.DATABASES`` (through Django's own psql client mapping); the
password reaches the tools through the environment (``PGPASSWORD``), never on the command line.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from . import BackupError


def _environment(connection) -> dict[str, str]:
    settings_dict = connection.settings_dict
    _args, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(extra or {}), "PGAPPNAME": "hallkeeper-backup"}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _tool(name: str, server_major: int | None = None) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools (Debian: postgresql-client).")
    if server_major is not None:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, check=False).stdout
        match = re.search(r"\)\s*(\d+)", version)
        if match is None or int(match.group(1)) < server_major:
            raise BackupError(
                f"{name} ({version.strip() or 'unknown version'}) is older than the PostgreSQL server "
                f"({server_major}): install postgresql-client-{server_major}."
            )
    return path


def _run(args: list[str], env: dict[str, str] | None, what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip() or result.returncode}")
    return result


def _server_major(connection) -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def snapshot(connection, target: Path) -> str:
    """Dump the configured database into ``target`` (custom format, mode 0600); the server's version."""
    server_major = _server_major(connection)
    pg_dump = _tool("pg_dump", server_major)
    _run([pg_dump, "--format=custom", "--no-password", f"--file={target}"], _environment(connection), "pg_dump")
    os.chmod(target, 0o600)
    major, minor = divmod(connection.pg_version, 10000)
    return f"{major}.{minor}"


def migration_rows(path: Path) -> list[tuple[str, str]]:
    """The (app, name) rows of the dump's migration table in the order they were applied, read from the dump
    file alone (``pg_restore`` without a database writes the table's data as SQL text)."""
    pg_restore = _tool("pg_restore")
    args = [pg_restore, "--data-only", "--table=django_migrations", "--file=-", str(path)]
    text = _run(args, None, "Reading the database dump (pg_restore)").stdout
    rows, inside = [], False
    for line in text.splitlines():
        if line.startswith("COPY ") and "django_migrations" in line:
            inside = True
        elif inside and line == "\\.":
            break
        elif inside:
            ident, app, name = line.split("\t")[:3]
            rows.append((int(ident), app, name))
    return [(app, name) for _ident, app, name in sorted(rows)]


def restore(connection, dump_path: Path) -> None:
    """Restore the dump into the configured database: drop what it holds and recreate it, all in one transaction
    (on any error nothing changes). Ownership and grants are left to the configured user."""
    pg_restore = _tool("pg_restore", _server_major(connection))
    env = _environment(connection)
    connection.close()
    dbname = str(connection.settings_dict["NAME"]).replace("\\", "\\\\").replace("'", "\\'")
    args = [
        pg_restore,
        "--clean",
        "--if-exists",
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        f"--dbname=dbname='{dbname}'",
        str(dump_path),
    ]
    _run(args, env, "pg_restore (the database is unchanged)")
