"""``hallkeeper backup``: one archive with the database snapshot, the media and a manifest of checksums.

    hallkeeper backup [--output DIR]     write an archive now (default folder: HALLKEEPER_BACKUP_DIR)
    hallkeeper backup --verify ARCHIVE   check an archive without restoring it
    hallkeeper backup --queue            queue the nightly backup for the worker (with retention), e.g. from cron

Restore with ``hallkeeper restore ARCHIVE``; see docs/deploy.md, "Backup and restore".
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hallkeeper.core.backup import BackupError
from hallkeeper.core.backup.manifest import Manifest
from hallkeeper.core.backup.services import backup_create, backup_verify
from hallkeeper.core.backup.tasks import scheduled_backup


def describe(manifest: Manifest) -> str:
    media = manifest.media
    return (
        f"made {manifest.created_at.isoformat(timespec='seconds')} by Hallkeeper {manifest.product_version}, "
        f"{manifest.engine} {manifest.database_version}, {len(manifest.migrations)} apps' migrations, "
        f"{len(media)} media file(s) ({sum(e.size for e in media):,} bytes)"
    )


class Command(BaseCommand):
    help = (
        "Write one archive (a consistent database snapshot, every media file and a manifest of SHA-256 "
        "checksums), check one with --verify, or queue the nightly backup with retention with --queue."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="Folder of the archive (default: HALLKEEPER_BACKUP_DIR).")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--verify", metavar="ARCHIVE", help="Check this archive's checksums; restore nothing.")
        mode.add_argument(
            "--queue",
            action="store_true",
            help="Queue a backup into HALLKEEPER_BACKUP_DIR keeping the newest HALLKEEPER_BACKUP_KEEP archives.",
        )

    def handle(self, *args, **options):
        try:
            if options["verify"]:
                manifest = backup_verify(Path(options["verify"]))
                self.stdout.write(self.style.SUCCESS(f"{options['verify']}: every checksum matches."))
                self.stdout.write(f"  {describe(manifest)}")
            elif options["queue"]:
                result = scheduled_backup.enqueue()
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Backup queued ({result.id}): into {settings.HALLKEEPER_BACKUP_DIR}, "
                        f"keeping the newest {settings.HALLKEEPER_BACKUP_KEEP}."
                    )
                )
            else:
                output = Path(options["output"]) if options["output"] else None
                result = backup_create(output_dir=output)
                self.stdout.write(self.style.SUCCESS(f"Backup written: {result.path}"))
                self.stdout.write(f"  {describe(result.manifest)}")
                for name in result.skipped:
                    self.stdout.write(self.style.WARNING(f"  not taken (a link or special file): {name}"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
