"""``hallkeeper prune_audit``: archive, then remove, events older than the retention period."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hallkeeper.core.retention import default_archive_dir, prune


class Command(BaseCommand):
    help = (
        "Archive the audit events older than HALLKEEPER_AUDIT_RETENTION_DAYS (at least 180) to a JSON Lines "
        "file, then remove them; the chain keeps verifying from the stored anchor hash."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Retention in days (at least 180).")
        parser.add_argument("--archive-dir", type=Path, default=None, help="Where the archive file is written.")

    def handle(self, *args, days=None, archive_dir=None, **options):
        try:
            result = prune(archive_dir=archive_dir or default_archive_dir(), days=days)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if not result.archived:
            self.stdout.write("没有超过保存期限的审计事件。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"已归档并清理 {result.archived} 条审计事件至 {result.archive}（锚点事件 #{result.anchor_id}）。"
            )
        )
