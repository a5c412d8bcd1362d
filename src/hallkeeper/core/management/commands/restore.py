"""``hallkeeper restore ARCHIVE``: bring a backup back into an empty installation and check the result.

Stop the site and the worker first. Every checksum is checked before anything changes; a tampered,
incomplete or foreign archive is refused. ``--force`` replaces the data of an installation that is not empty
(its media files are moved aside into ``<media>.before-restore-<time>``).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hallkeeper.core.backup import BackupError
from hallkeeper.core.backup.services import backup_restore

from .backup import describe


class Command(BaseCommand):
    help = "Restore a backup archive (from `hallkeeper backup`) into this installation, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("archive", metavar="ARCHIVE")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the database and media of an installation that already holds data.",
        )

    def handle(self, *args, **options):
        try:
            result = backup_restore(Path(options["archive"]), force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = result.manifest
        self.stdout.write(self.style.SUCCESS(f"Restored {options['archive']}"))
        self.stdout.write(f"  {describe(manifest)}")
        apps = len(manifest.migrations)
        self.stdout.write(f"  database: restored; migration state matches the archive ({apps} apps)")
        self.stdout.write(f"  media: {len(manifest.media)} file(s) in {result.media_root}, every checksum matches")
        if result.moved_aside:
            self.stdout.write(self.style.WARNING(f"  the media present before were moved to {result.moved_aside}"))
        if result.pending_migrations:
            self.stdout.write(
                self.style.WARNING(
                    f"  this version has {len(result.pending_migrations)} newer migration(s): "
                    "run `hallkeeper migrate` now."
                )
            )
