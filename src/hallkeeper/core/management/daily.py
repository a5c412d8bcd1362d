"""The shape of a daily job that queues one background task per hall (the rectification digest, the campaign
digest): ``--hall CODE`` for one hall, ``--date YYYY-MM-DD`` for another day than today."""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class DailyHallCommand(BaseCommand):
    """Subclasses set ``task`` (a django-tasks task taking ``hall_id, day_iso``) and ``what`` (its name in the
    lines written)."""

    task = None
    what = "job"

    def add_arguments(self, parser):
        parser.add_argument("--hall", help="Only this hall (its code).")
        parser.add_argument("--date", help="The day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
        Hall = apps.get_model("halls", "Hall")  # noqa: N806 — core reaches the halls app through the registry
        day = timezone.localdate()
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be a date written YYYY-MM-DD.") from None
        halls = Hall.objects.order_by("code")
        if options["hall"]:
            halls = halls.filter(code=options["hall"])
            if not halls.exists():
                raise CommandError(f"No hall with the code {options['hall']!r}.")
        count = 0
        for hall in halls:
            result = self.task.enqueue(hall.pk, day.isoformat())
            count += 1
            self.stdout.write(f"{hall.code}: {self.what} of {day.isoformat()} queued ({result.id})")
        self.stdout.write(self.style.SUCCESS(f"{count} {self.what}(s) queued."))
