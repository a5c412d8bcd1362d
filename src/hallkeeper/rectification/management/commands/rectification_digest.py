"""The daily job: queue the rectification digest (reminders, escalation, the robot's summary) of every hall.

Run it once a day, in the morning, e.g. from cron::

    30 7 * * 1-5  cd /srv/hallkeeper && .venv/bin/hallkeeper rectification_digest

The digests are sent by the background worker (``hallkeeper db_worker``), which must be running. A hall's
digest of a day is sent once: running the job twice the same day sends nothing new.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hallkeeper.halls.models import Hall
from hallkeeper.rectification.tasks import rectification_digest


class Command(BaseCommand):
    help = "Queue the daily rectification digest (reminders and escalation of overdue notices) of every hall."

    def add_arguments(self, parser):
        parser.add_argument("--hall", help="Only this hall (its code).")
        parser.add_argument("--date", help="The day of the digest (YYYY-MM-DD) instead of today.")

    def handle(self, *args, **options):
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
            result = rectification_digest.enqueue(hall.pk, day.isoformat())
            count += 1
            self.stdout.write(f"{hall.code}: digest of {day.isoformat()} queued ({result.id})")
        self.stdout.write(self.style.SUCCESS(f"{count} digest(s) queued."))
