"""The tar.gz itself: written at a temporary name and linked into place when complete; read back only after
every member's name, type, size and SHA-256 has been checked against the manifest."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import os
import shutil
import tarfile
import zlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from . import BackupError
from .manifest import MANIFEST_MAX_BYTES, MANIFEST_NAME, FileEntry, Manifest, parse_manifest

ARCHIVE_PREFIX = "hallkeeper-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
PARTIAL_SUFFIX = ".partial"
TOP_FOLDERS = ("database", "media")
_CHUNK = 1024 * 1024
_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error, gzip.BadGzipFile)


def copy_hashing(source: BinaryIO, target: BinaryIO | None = None) -> tuple[str, int]:
    """Read ``source`` to its end (writing it to ``target`` if given); its SHA-256 (hex) and size."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
        if target is not None:
            target.write(chunk)
    return digest.hexdigest(), size


def check_member_name(name: str) -> str:
    """``name`` if it is a safe member name (relative, no ``..``, under database/ or media/)."""
    parts = name.split("/")
    unsafe = name.startswith("/") or "\x00" in name or any(part in ("", ".", "..") for part in parts)
    if unsafe or (name != MANIFEST_NAME and (len(parts) < 2 or parts[0] not in TOP_FOLDERS)):
        raise BackupError(f"The archive holds an unsafe or unexpected member name {name!r}.")
    return name


class _HashingReader:
    """A file wrapper that hashes what tarfile reads from it."""

    def __init__(self, source: BinaryIO):
        self.source = source
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        return chunk


class ArchiveWriter:
    """Writes a new archive into ``directory`` under a hidden temporary name (mode 0600); :meth:`commit` moves
    it to ``hallkeeper-backup-<stamp>.tar.gz`` (never over an existing file), :meth:`discard` removes it."""

    def __init__(self, directory: Path, stamp: str):
        self.directory = directory
        self.stamp = stamp
        self.partial = directory / f".{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}{PARTIAL_SUFFIX}"
        fd = os.open(self.partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.fchmod(fd, 0o600)
        self._raw = os.fdopen(fd, "wb")
        self._tar = tarfile.open(  # noqa: SIM115 - closed by commit() or discard()
            fileobj=self._raw, mode="w:gz", format=tarfile.PAX_FORMAT, compresslevel=6
        )
        self.entries: list[FileEntry] = []

    def add_file(self, name: str, source: BinaryIO, size: int, mtime: float) -> FileEntry:
        """Add ``size`` bytes of ``source`` as member ``name``; its manifest entry (hashed as written)."""
        info = tarfile.TarInfo(check_member_name(name))
        info.size, info.mtime, info.mode = size, int(mtime), 0o600
        reader = _HashingReader(source)
        self._tar.addfile(info, reader)
        entry = FileEntry(path=name, sha256=reader.digest.hexdigest(), size=size)
        self.entries.append(entry)
        return entry

    def commit(self, manifest: Manifest) -> Path:
        """Write the manifest last, flush everything to disk and move the archive into place; its path."""
        data = manifest.to_json()
        info = tarfile.TarInfo(MANIFEST_NAME)
        info.size, info.mtime, info.mode = len(data), int(manifest.created_at.timestamp()), 0o600
        self._tar.addfile(info, io.BytesIO(data))
        self._tar.close()
        self._raw.flush()
        os.fsync(self._raw.fileno())
        self._raw.close()
        n = 1
        while True:
            suffix = "" if n == 1 else f"-{n}"
            final = self.directory / f"{ARCHIVE_PREFIX}{self.stamp}{suffix}{ARCHIVE_SUFFIX}"
            try:
                os.link(self.partial, final)  # fails if the name is taken: never overwrites an archive
            except FileExistsError:
                n += 1
                continue
            break
        self.partial.unlink()
        _fsync_directory(self.directory)
        return final

    def discard(self) -> None:
        for closing in (self._tar.close, self._raw.close):
            with contextlib.suppress(Exception):  # already failing; the partial file goes below
                closing()
        self.partial.unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def archive_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def read_checked(
    path: Path, *, extract_to: Path | None = None, extract: Callable[[str], bool] = lambda name: True
) -> Manifest:
    """The archive's manifest, after checking every member against it: a safe name, a regular file, listed
    once in the manifest with the same size and SHA-256, and nothing listed missing. With ``extract_to``, the
    members ``extract`` accepts are written there as they are checked (the caller removes the folder when this
    raises). Raises :class:`BackupError` on the first problem."""
    try:
        with tarfile.open(path, mode="r:gz") as tar:
            members = _checked_members(tar)
            manifest = _read_manifest(tar, members)
            _compare_listing(manifest, members)
            if extract_to is not None:
                _check_free_space(extract_to, sum(e.size for e in manifest.files if extract(e.path)))
            for member in members:
                if member.name == MANIFEST_NAME:
                    continue
                entry = manifest.by_path[member.name]
                target = extract_to / member.name if extract_to is not None and extract(member.name) else None
                _check_member_data(tar, member, entry, target)
    except FileNotFoundError:
        raise BackupError(f"No archive at {path}.") from None
    except _READ_ERRORS as exc:
        raise BackupError(f"The archive cannot be read: it is truncated or not a .tar.gz ({exc}).") from None
    return manifest


def _checked_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members, seen = [], set()
    for member in tar:
        name = check_member_name(member.name)
        if member.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
            raise BackupError(f"The archive member {name!r} is not a regular file (a link or a device?).")
        if name in seen:
            raise BackupError(f"The archive holds {name!r} twice.")
        seen.add(name)
        members.append(member)
    return members


def _read_manifest(tar: tarfile.TarFile, members: list[tarfile.TarInfo]) -> Manifest:
    member = next((m for m in members if m.name == MANIFEST_NAME), None)
    if member is None:
        raise BackupError("The archive has no manifest.json: it is not a complete Hallkeeper backup.")
    if member.size > MANIFEST_MAX_BYTES:
        raise BackupError("The archive's manifest is implausibly large.")
    manifest = parse_manifest(tar.extractfile(member).read())
    for entry in manifest.files:
        check_member_name(entry.path)
    if not manifest.database_file.startswith("database/"):
        raise BackupError("The manifest's database snapshot is not under database/.")
    return manifest


def _compare_listing(manifest: Manifest, members: list[tarfile.TarInfo]) -> None:
    present = {m.name: m for m in members if m.name != MANIFEST_NAME}
    missing = sorted(set(manifest.by_path) - set(present))
    extra = sorted(set(present) - set(manifest.by_path))
    if missing:
        raise BackupError(f"{len(missing)} file(s) of the manifest are missing from the archive, e.g. {missing[0]!r}.")
    if extra:
        raise BackupError(f"{len(extra)} file(s) in the archive are not in its manifest, e.g. {extra[0]!r}.")
    for name, member in present.items():
        if member.size != manifest.by_path[name].size:
            raise BackupError(f"{name!r} has {member.size} bytes; the manifest says {manifest.by_path[name].size}.")


def _check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if needed > free:
        raise BackupError(f"Unpacking needs {needed} bytes but {folder} has {free} free.")


def _check_member_data(tar: tarfile.TarFile, member: tarfile.TarInfo, entry: FileEntry, target: Path | None) -> None:
    source = tar.extractfile(member)
    if target is None:
        sha256, size = copy_hashing(source)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = 0o600 if member.name.startswith("database/") else 0o644
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        with os.fdopen(fd, "wb") as out:
            sha256, size = copy_hashing(source, out)
        os.utime(target, (member.mtime, member.mtime))
    if sha256 != entry.sha256 or size != entry.size:
        raise BackupError(f"The checksum of {member.name!r} does not match the manifest: the archive was altered.")
