"""The archive's ``manifest.json``: what the archive holds and the checksum of every member."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime

from . import BackupError

FORMAT = "hallkeeper-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
MANIFEST_MAX_BYTES = 64 * 1024 * 1024
ENGINES = ("sqlite", "postgresql")

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FileEntry:
    """One member of the archive: its name, SHA-256 (hex) and size in bytes."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    product_version: str
    engine: str
    database_file: str
    migrations: dict[str, str]
    created_at: datetime
    files: tuple[FileEntry, ...]
    format_version: int = FORMAT_VERSION
    database_version: str = ""
    by_path: dict[str, FileEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_path", {entry.path: entry for entry in self.files})

    @property
    def media(self) -> tuple[FileEntry, ...]:
        return tuple(entry for entry in self.files if entry.path != self.database_file)

    @property
    def total_size(self) -> int:
        return sum(entry.size for entry in self.files)

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": self.format_version,
            "product": "hallkeeper",
            "product_version": self.product_version,
            "created_at": self.created_at.isoformat(),
            "database": {"engine": self.engine, "file": self.database_file, "server_version": self.database_version},
            "migrations": dict(sorted(self.migrations.items())),
            "files": [{"path": e.path, "sha256": e.sha256, "size": e.size} for e in self.files],
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode() + b"\n"


def parse_manifest(raw: bytes) -> Manifest:
    """The manifest in ``raw``; :class:`BackupError` if it is not one this version can read."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BackupError(f"The manifest is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This is not a Hallkeeper backup: its manifest has no 'hallkeeper-backup' format.")
    if data.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The archive's format version {data.get('format_version')!r} is not {FORMAT_VERSION}: "
            "restore it with the Hallkeeper version that made it."
        )
    try:
        database = data["database"]
        files = tuple(_entry(item) for item in data["files"])
        migrations = data["migrations"]
        manifest = Manifest(
            product_version=_text(data["product_version"]),
            engine=_text(database["engine"]),
            database_file=_text(database["file"]),
            database_version=_text(database.get("server_version", "")),
            migrations={_text(app): _text(name) for app, name in migrations.items()},
            created_at=datetime.fromisoformat(_text(data["created_at"])),
            files=files,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BackupError(f"The manifest is incomplete or malformed ({exc!r}).") from None
    if manifest.engine not in ENGINES:
        raise BackupError(f"The manifest names an unknown database engine {manifest.engine!r}.")
    if len(manifest.by_path) != len(files):
        raise BackupError("The manifest lists a file twice.")
    if manifest.database_file not in manifest.by_path:
        raise BackupError("The manifest lists no database snapshot.")
    return manifest


def _text(value) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _entry(item) -> FileEntry:
    path, sha256, size = _text(item["path"]), _text(item["sha256"]), item["size"]
    if not _SHA256.match(sha256) or not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError(f"bad checksum or size for {path!r}")
    return FileEntry(path=path, sha256=sha256, size=size)
