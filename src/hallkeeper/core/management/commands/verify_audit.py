"""``hallkeeper verify_audit``: check the event chain; exit non-zero at the first broken link."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hallkeeper.core.chain import verify


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail and report the first broken link (exit code 1)."

    def handle(self, *args, **options):
        result = verify()
        if result.ok:
            self.stdout.write(self.style.SUCCESS(f"审计日志完整：已校验 {result.checked} 条事件。"))
            return
        if result.broken is None:
            raise CommandError(f"审计日志不完整：已校验 {result.checked} 条事件之后，{result.reason}。")
        event = result.broken
        at = timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M:%S")
        raise CommandError(
            f"审计日志在事件 #{event.pk} 处断开（{at} {event.verb}）：{result.reason}；"
            f"此前 {result.checked} 条事件校验通过。"
        )
