"""Backup and restore: one archive (database snapshot, media, manifest of checksums) made, checked and brought
back; tampered archives and non-empty installations refused; the nightly task keeps the newest archives."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from hallkeeper.core.backup import BackupError
from hallkeeper.core.backup.services import archives_in, backup_create, backup_restore, backup_verify
from hallkeeper.core.backup.tasks import scheduled_backup
from hallkeeper.halls.models import Hall

REPO = Path(__file__).resolve().parent.parent
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


# -- the round trip, in separate processes against a real database file or PostgreSQL database ----------------


class Installation:
    """A Hallkeeper installation driven through its console command in separate processes: its own data folder
    (media, backups, and on SQLite the database file) and database."""

    def __init__(self, data_dir: Path, database_url: str):
        self.data_dir = data_dir
        self.media = data_dir / "media"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HALLKEEPER_", "MEDIA_"))}
        self.env.update(
            DJANGO_SETTINGS_MODULE="hallkeeper.settings",
            HALLKEEPER_ENV="dev",
            HALLKEEPER_DATA_DIR=str(data_dir),
            DATABASE_URL=database_url,
        )

    def run(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        result = subprocess.run(
            [sys.executable, *args], cwd=REPO, env=self.env, capture_output=True, text=True, timeout=600, check=False
        )
        if ok:
            assert result.returncode == 0, result.stderr[-3000:]
        return result

    def hallkeeper(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
        return self.run("-m", "hallkeeper", *args, ok=ok)

    def dump(self) -> dict:
        return json.loads(self.run("-m", "tests.backup_scene", "dump").stdout)


@pytest.fixture
def installation(request, tmp_path):
    if connection.vendor == "sqlite":
        inst = Installation(tmp_path / "data", f"sqlite:///{tmp_path / 'data' / 'hallkeeper.sqlite3'}")
        inst.hallkeeper("migrate", "--no-input", "-v", "0")
        return inst
    # PostgreSQL: this test's own (migrated, empty) test database; the transactional test leaves no transaction
    # open here, and pytest-django empties the database afterwards.
    request.getfixturevalue("transactional_db")
    s = connection.settings_dict
    return Installation(
        tmp_path / "data", f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
    )


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_every_media_file(installation):
    installation.run("-m", "tests.backup_scene", "populate")
    before, files_before = installation.dump(), checksums(installation.media)
    assert len(before["halls.Hall"]) == 2 and before["inspections.ItemPhoto"] and before["core.Event"]
    assert any(name.startswith("rectification/") for name in files_before) and "empty.txt" in files_before
    assert any("定置图 (草稿).png" in name for name in files_before)

    out = installation.hallkeeper("backup").stdout
    [archive] = (installation.data_dir / "backups").glob("hallkeeper-backup-*.tar.gz")
    assert str(archive) in out and oct(archive.stat().st_mode & 0o777) == "0o600"
    assert not list((installation.data_dir / "backups").glob(".*"))  # no temporary file left behind
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert manifest["format_version"] == 1 and manifest["product_version"]
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["migrations"]["halls"].startswith("0") and manifest["created_at"]
    assert {f["path"].removeprefix("media/") for f in manifest["files"][1:]} == set(files_before)
    assert all(len(f["sha256"]) == 64 and f["size"] >= 0 for f in manifest["files"])
    assert "every checksum matches" in installation.hallkeeper("backup", "--verify", str(archive)).stdout

    # wipe: empty the database, delete the media folder
    installation.hallkeeper("flush", "--no-input")
    for path in sorted(installation.media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    installation.media.rmdir()
    assert installation.dump()["halls.Hall"] == []

    out = installation.hallkeeper("restore", str(archive)).stdout
    assert "migration state matches" in out and f"{len(files_before)} file(s)" in out
    after = installation.dump()
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert checksums(installation.media) == files_before

    # the installation is no longer empty: a second restore is refused and changes nothing
    refused = installation.hallkeeper("restore", str(archive), ok=False)
    assert refused.returncode != 0 and "already holds data" in refused.stderr and "--force" in refused.stderr
    assert installation.dump() == before


# -- archives made here, then tampered with ------------------------------------------------------------------


def make_media(root: Path) -> Path:
    (root / "standards" / "规则").mkdir(parents=True)
    (root / "standards" / "规则" / "出口.png").write_bytes(b"\x89PNG picture")
    (root / "inspections").mkdir()
    (root / "inspections" / "photo.jpg").write_bytes(b"\xff\xd8 a photo \xff\xd9")
    return root


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = make_media(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(scope="module")
def made(django_db_setup, django_db_blocker, tmp_path_factory) -> tuple[Path, Path]:
    """One archive of the (migrated, empty) test database and a small media folder, made once for the module
    (outside any test's transaction, which an in-memory SQLite database needs): (archive, its media)."""
    folder = tmp_path_factory.mktemp("made")
    media = make_media(folder / "media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        return backup_create(output_dir=folder / "backups").path, media


@pytest.fixture
def archive(db, made) -> Path:
    return made[0]


def rewrite(source: Path, target: Path, change) -> Path:
    """Copy an archive member by member; ``change(name, data)`` returns the new (name, data, tarinfo type) list
    for each member (empty to drop it)."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            for name, data, kind, link in change(member.name, old.extractfile(member).read()):
                info = tarfile.TarInfo(name)
                info.type, info.linkname, info.size = kind, link, len(data)
                new.addfile(info, io.BytesIO(data) if kind == tarfile.REGTYPE else None)
    return target


def listed(manifest: bytes, name: str, data: bytes) -> bytes:
    """The manifest with one more file listed with its true checksum (an attacker fixing up the manifest)."""
    parsed = json.loads(manifest)
    parsed["files"].append({"path": name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)})
    return json.dumps(parsed).encode()


REG = tarfile.REGTYPE


def keep(name, data):
    return [(name, data, REG, "")]


def flip_a_byte(name, data):
    if name == "media/inspections/photo.jpg":
        data = data[:3] + bytes([data[3] ^ 1]) + data[4:]
    return keep(name, data)


def drop_photo(name, data):
    return [] if name == "media/inspections/photo.jpg" else keep(name, data)


def add_unlisted(name, data):
    return keep(name, data) + ([("media/extra.txt", b"extra", REG, "")] if name == "manifest.json" else [])


def hostile(member_name, kind=REG, link=""):
    payload = b"#!/bin/sh\necho owned\n"

    def change(name, data):
        if name != "manifest.json":
            return keep(name, data)
        return [(member_name, payload, kind, link), (name, listed(data, member_name, payload), REG, "")]

    return change


def bad_manifest(name, data):
    if name != "manifest.json":
        return keep(name, data)
    parsed = json.loads(data)
    parsed["files"][1]["sha256"] = "0" * 64
    return keep(name, json.dumps(parsed).encode())


TAMPERING = {
    "a changed byte": (flip_a_byte, "checksum"),
    "a missing file": (drop_photo, "missing from the archive"),
    "a file not in the manifest": (add_unlisted, "not in its manifest"),
    "a wrong checksum in the manifest": (bad_manifest, "checksum"),
    "a ../ member": (hostile("media/../../evil.sh"), "unsafe"),
    "a ../ member at the top": (hostile("../evil.sh"), "unsafe"),
    "an absolute member": (hostile("/tmp/hallkeeper-evil.sh"), "unsafe"),
    "a symbolic link": (hostile("media/link", tarfile.SYMTYPE, "/etc/passwd"), "not a regular file"),
    "a hard link": (hostile("media/hard", tarfile.LNKTYPE, "/etc/passwd"), "not a regular file"),
    "a member outside database/ and media/": (hostile("settings.py"), "unexpected"),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_a_tampered_archive_is_refused_before_anything_changes(case, archive, tmp_path, settings, alpha):
    change, message = TAMPERING[case]
    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", change)
    with pytest.raises(BackupError, match=message):
        backup_verify(tampered)

    target = tmp_path / "target" / "media"
    settings.MEDIA_ROOT = target
    halls = list(Hall.objects.values_list("pk", flat=True))
    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(tampered), "--force")
    assert "Nothing was changed" in str(refused.value)
    assert not target.exists() and os.listdir(target.parent) == []  # no staging folder left, nothing unpacked
    assert not (tmp_path / "evil.sh").exists() and not Path("/tmp/hallkeeper-evil.sh").exists()
    assert list(Hall.objects.values_list("pk", flat=True)) == halls


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda raw: raw[: len(raw) // 2], "truncated"),
        (lambda raw: b"not a gzip at all" * 10, "truncated or not a .tar.gz"),
    ],
)
def test_a_broken_archive_is_refused(archive, tmp_path, damage, message):
    broken = tmp_path / "broken.tar.gz"
    broken.write_bytes(damage(archive.read_bytes()))
    with pytest.raises(BackupError, match=message):
        backup_verify(broken)


def test_an_archive_without_manifest_or_of_another_format_is_refused(archive, tmp_path):
    def no_manifest(name, data):
        return [] if name == "manifest.json" else keep(name, data)

    def future(name, data):
        changed = json.dumps({**json.loads(data), "format_version": 2}).encode() if "manifest" in name else data
        return keep(name, changed)

    with pytest.raises(BackupError, match="no manifest"):
        backup_verify(rewrite(archive, tmp_path / "a.tar.gz", no_manifest))
    with pytest.raises(BackupError, match="format version 2"):
        backup_verify(rewrite(archive, tmp_path / "b.tar.gz", future))
    with pytest.raises(CommandError, match="No archive"):
        call_command("backup", "--verify", str(tmp_path / "nowhere.tar.gz"))


def test_an_archive_from_a_newer_version_or_another_engine_is_refused(archive, tmp_path, settings):
    def newer(name, data):
        if name != "manifest.json":
            return keep(name, data)
        parsed = json.loads(data)
        parsed["migrations"]["halls"] = "9999_from_the_future"
        return keep(name, json.dumps(parsed).encode())

    def other_engine(name, data):
        if name != "manifest.json":
            return keep(name, data)
        parsed = json.loads(data)
        parsed["database"]["engine"] = "postgresql" if connection.vendor == "sqlite" else "sqlite"
        return keep(name, json.dumps(parsed).encode())

    settings.MEDIA_ROOT = tmp_path / "target" / "media"
    with pytest.raises(BackupError, match="newer Hallkeeper.*halls.9999_from_the_future"):
        backup_restore(rewrite(archive, tmp_path / "a.tar.gz", newer))
    with pytest.raises(BackupError, match="same database engine"):
        backup_restore(rewrite(archive, tmp_path / "b.tar.gz", other_engine))
    assert not settings.MEDIA_ROOT.exists()


# -- what a backup holds; refusals of a non-empty installation ---------------------------------------------------


def test_a_backup_holds_the_snapshot_the_media_and_their_checksums(archive, made):
    media_root = made[1]
    manifest = backup_verify(archive)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    assert manifest.database_file == f"database/hallkeeper.{'sqlite3' if connection.vendor == 'sqlite' else 'pgdump'}"
    assert {e.path: e.sha256 for e in manifest.media} == {f"media/{k}": v for k, v in checksums(media_root).items()}
    latest = MigrationRecorder.Migration.objects.filter(app="core").order_by("-id").values_list("name", flat=True)
    assert manifest.migrations["core"] == latest[0]


@pytest.mark.django_db(transaction=True)
def test_links_and_a_backup_folder_inside_the_media_are_not_taken(media_root):
    (media_root / "passwd").symlink_to("/etc/passwd")
    (media_root / "etc").symlink_to("/etc")
    result = backup_create(output_dir=media_root / "backups")
    assert sorted(result.skipped) == ["etc", "passwd"]
    paths = {e.path for e in result.manifest.media}
    assert paths == {"media/standards/规则/出口.png", "media/inspections/photo.jpg"}


def test_restore_into_an_installation_with_data_is_refused(archive, alpha, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "elsewhere"
    with pytest.raises(CommandError, match="already holds data.*--force") as refused:
        call_command("restore", str(archive))
    assert "Nothing was changed" in str(refused.value)
    assert Hall.objects.filter(pk=alpha.hall.pk).exists() and not settings.MEDIA_ROOT.exists()


def test_restore_into_an_installation_with_media_files_is_refused(archive, made, settings):
    media_root = settings.MEDIA_ROOT = made[1]
    before = checksums(media_root)
    with pytest.raises(CommandError, match="media folder .* already holds files"):
        call_command("restore", str(archive))
    assert checksums(media_root) == before


# -- the nightly task and its retention ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_keeps_the_newest_archives_and_nothing_else(media_root, tmp_path, settings):
    folder = tmp_path / "backups"
    folder.mkdir()
    settings.HALLKEEPER_BACKUP_DIR, settings.HALLKEEPER_BACKUP_KEEP = folder, 3
    old = [
        "hallkeeper-backup-20200101-020000.tar.gz",
        "hallkeeper-backup-20200102-020000.tar.gz",
        "hallkeeper-backup-20200103-020000.tar.gz",
        "hallkeeper-backup-20200103-020000-2.tar.gz",
    ]
    for name in [*old, "notes.txt", "hallkeeper-backup-latest.tar.gz"]:
        (folder / name).write_bytes(b"x")
    stale, fresh = folder / ".hallkeeper-backup-1.tar.gz.partial", folder / ".hallkeeper-backup-2.tar.gz.partial"
    stale.write_bytes(b"x")
    fresh.write_bytes(b"x")
    os.utime(stale, (time.time() - 2 * 86400,) * 2)

    first = scheduled_backup.enqueue().return_value
    assert sorted(first["removed"]) == sorted([*old[:2], stale.name])
    second = scheduled_backup.enqueue().return_value  # the same second: a "-2" name, still the newest
    assert second["removed"] == ["hallkeeper-backup-20200103-020000.tar.gz"]
    assert [p.name for p in archives_in(folder)] == [
        Path(second["archive"]).name,
        Path(first["archive"]).name,
        "hallkeeper-backup-20200103-020000-2.tar.gz",
    ]
    assert {"notes.txt", "hallkeeper-backup-latest.tar.gz", fresh.name} <= set(os.listdir(folder))
    backup_verify(Path(second["archive"]))


@pytest.mark.django_db(transaction=True)
def test_the_queued_backup_is_made_by_the_database_worker(media_root, tmp_path, settings):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    settings.HALLKEEPER_BACKUP_DIR = tmp_path / "nightly"
    with override_settings(TASKS=DB_TASKS):
        out = io.StringIO()
        call_command("backup", "--queue", stdout=out)
        assert "Backup queued" in out.getvalue() and not settings.HALLKEEPER_BACKUP_DIR.exists()
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        result = DBTaskResult.objects.get()
        assert result.status == "SUCCESSFUL", result.traceback
    [made] = archives_in(settings.HALLKEEPER_BACKUP_DIR)
    assert backup_verify(made).media


def test_the_postgresql_password_reaches_the_tools_through_the_environment_only():
    from types import SimpleNamespace

    from django.db.backends.postgresql.client import DatabaseClient

    from hallkeeper.core.backup.postgresql import _environment

    settings_dict = {
        "NAME": "hall",
        "USER": "keeper",
        "PASSWORD": "s3cret pass",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    env = _environment(SimpleNamespace(settings_dict=settings_dict, client=DatabaseClient))
    assert env["PGPASSWORD"] == "s3cret pass" and env["PGSSLMODE"] == "require"
    assert (env["PGDATABASE"], env["PGUSER"], env["PGHOST"], env["PGPORT"]) == ("hall", "keeper", "db.internal", "5433")
