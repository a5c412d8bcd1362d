"""Make, verify, restore and prune backup archives (see the package's docstring for the archive's layout)."""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from . import BackupError, database, media
from .archive import ARCHIVE_PREFIX, ARCHIVE_SUFFIX, PARTIAL_SUFFIX, ArchiveWriter, archive_stamp, read_checked
from .manifest import Manifest

logger = logging.getLogger("hallkeeper.backup")

_ARCHIVE_NAME = re.compile(rf"^{ARCHIVE_PREFIX}(\d{{8}})-(\d{{6}})(?:-(\d+))?{re.escape(ARCHIVE_SUFFIX)}$")
_PARTIAL_MAX_AGE = 24 * 3600


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: Manifest
    skipped: tuple[str, ...] = ()  # media entries not taken: symbolic links, devices, unreadable names


@dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    media_root: Path
    moved_aside: Path | None = None
    pending_migrations: tuple[str, ...] = field(default_factory=tuple)


def product_version() -> str:
    try:
        return version("hallkeeper")
    except PackageNotFoundError:
        return "unknown"


def backup_create(*, output_dir: Path | None = None) -> BackupResult:
    """Write one archive into ``output_dir`` (default ``HALLKEEPER_BACKUP_DIR``): a consistent snapshot of the
    database, then every media file, then the manifest; the archive appears under its final name only when
    complete."""
    output_dir = Path(output_dir or settings.HALLKEEPER_BACKUP_DIR)
    output_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database.engine_of(connection)
    created_at = timezone.now()
    media_root = Path(settings.MEDIA_ROOT)
    skipped: list[str] = []
    with tempfile.TemporaryDirectory(prefix=".hallkeeper-backup-", dir=output_dir) as scratch:
        snapshot = Path(scratch) / database.SNAPSHOT_NAMES[engine]
        migrations = database.migration_state(connection)
        database_version = database.snapshot(connection, snapshot)
        if database.migration_state(connection) != migrations:
            raise BackupError("The database was migrated while the backup ran; run the backup again.")
        writer = ArchiveWriter(output_dir, archive_stamp(timezone.localtime(created_at)))
        try:
            database_file = f"database/{snapshot.name}"
            with snapshot.open("rb") as handle:
                stat = os.fstat(handle.fileno())
                writer.add_file(database_file, handle, stat.st_size, stat.st_mtime)
            for item in media.walk(media_root, skip=skipped, exclude=(output_dir,)):
                try:
                    handle = item.path.open("rb")
                except FileNotFoundError:  # deleted since the folder was listed
                    skipped.append(item.name)
                    continue
                with handle:
                    stat = os.fstat(handle.fileno())
                    writer.add_file(item.name, handle, stat.st_size, stat.st_mtime)
            manifest = Manifest(
                product_version=product_version(),
                engine=engine,
                database_file=database_file,
                database_version=database_version,
                migrations=migrations,
                created_at=created_at,
                files=tuple(writer.entries),
            )
            path = writer.commit(manifest)
        except BaseException:
            writer.discard()
            raise
    logger.info("Backup written: %s (%d files, %d bytes)", path, len(manifest.files), path.stat().st_size)
    return BackupResult(path=path, manifest=manifest, skipped=tuple(skipped))


def backup_verify(path: Path) -> Manifest:
    """Check an archive without restoring it: every member against the manifest (name, type, size, SHA-256),
    and the database snapshot readable with the manifest's migration state. Its manifest, or BackupError."""
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="hallkeeper-verify-") as scratch:
        manifest = read_checked(path, extract_to=Path(scratch), extract=lambda name: name.startswith("database/"))
        _check_snapshot(manifest, Path(scratch))
    return manifest


def _check_snapshot(manifest: Manifest, folder: Path) -> None:
    state = database.snapshot_migration_state(manifest.engine, folder / manifest.database_file)
    if state != manifest.migrations:
        raise BackupError("The database snapshot's migration state differs from the manifest's.")


def backup_restore(path: Path, *, force: bool = False) -> RestoreResult:
    """Bring an archive back into this installation (``MEDIA_ROOT`` and the configured database).

    Everything is checked first — every checksum (the files are unpacked into a staging folder beside the
    media as they are checked), the snapshot itself, the engine, that this code knows the archive's
    migrations, and that the installation is empty (no business record, no media file) unless ``force`` —
    and nothing changes if any check fails. Then the database is replaced, the media are moved into place
    (with ``force``, the media present before are moved aside, not deleted), and the result is checked again:
    every media file's checksum and the migration state."""
    path = Path(path)
    connection = connections[DEFAULT_DB_ALIAS]
    engine = database.engine_of(connection)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".hallkeeper-restore-", dir=media_root.parent))
    try:
        manifest = _verified_into(path, staging, engine)
        _refuse_unless_empty(connection, media_root, force)
        database.restore(connection, engine, staging / manifest.database_file)
        connections.close_all()
        moved_aside = None
        if media.has_files(media_root):
            moved_aside = media.move_aside(media_root, archive_stamp(timezone.localtime()))
        media.place(staging, media_root, manifest.media)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _check_restored(connection, media_root, manifest)
    logger.info("Backup restored: %s (%d files)", path, len(manifest.files))
    return RestoreResult(
        manifest=manifest,
        media_root=media_root,
        moved_aside=moved_aside,
        pending_migrations=tuple(database.pending_migrations(connection)),
    )


def _verified_into(path: Path, staging: Path, engine: str) -> Manifest:
    try:
        manifest = read_checked(path, extract_to=staging)
        if manifest.engine != engine:
            raise BackupError(
                f"The archive holds a {manifest.engine} database; this installation uses {engine}. "
                "Restore into an installation configured with the same database engine."
            )
        unknown = database.unknown_migrations(manifest.migrations)
        if unknown:
            raise BackupError(
                f"The archive comes from a newer Hallkeeper (migration {unknown[0]} is unknown here): "
                "upgrade this installation first."
            )
        _check_snapshot(manifest, staging)
    except BackupError as exc:
        raise BackupError(f"{exc} Nothing was changed.") from None
    return manifest


def _refuse_unless_empty(connection, media_root: Path, force: bool) -> None:
    if force:
        return
    kinds = database.business_data(connection)
    if kinds:
        raise BackupError(
            f"The database already holds data ({', '.join(kinds[:5])}{', …' if len(kinds) > 5 else ''}). "
            "Restore only into an empty installation, or pass --force to replace its data. Nothing was changed."
        )
    if media.has_files(Path(media_root)):
        raise BackupError(
            f"The media folder {media_root} already holds files. Restore only into an empty installation, "
            "or pass --force (the files present are then moved aside). Nothing was changed."
        )


def _check_restored(connection, media_root: Path, manifest: Manifest) -> None:
    wrong = media.mismatches(media_root, manifest.media)
    if wrong:
        raise BackupError(
            f"The restore finished but {len(wrong)} media file(s) differ from the manifest, e.g. {wrong[0]!r}."
        )
    state = database.migration_state(connection)
    if state != manifest.migrations:
        raise BackupError("The restore finished but the database's migration state differs from the manifest's.")


def archives_in(directory: Path) -> list[Path]:
    """The archives in ``directory`` (by their name), newest first."""
    found = []
    for path in Path(directory).iterdir() if Path(directory).is_dir() else ():
        match = _ARCHIVE_NAME.match(path.name)
        if match and path.is_file() and not path.is_symlink():
            found.append(((match.group(1), match.group(2), int(match.group(3) or 1)), path))
    return [path for _key, path in sorted(found, reverse=True)]


def backup_prune(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` archives in ``directory`` (and partial files of backups that broke off
    more than a day ago); the paths deleted. Other files are never touched."""
    if keep < 1:
        raise BackupError("At least one archive must be kept.")
    removed = archives_in(directory)[keep:]
    for path in Path(directory).glob(f".{ARCHIVE_PREFIX}*{PARTIAL_SUFFIX}"):
        if time.time() - path.stat().st_mtime > _PARTIAL_MAX_AGE:
            removed.append(path)
    for path in removed:
        path.unlink(missing_ok=True)
        logger.info("Old backup removed: %s", path)
    return removed
