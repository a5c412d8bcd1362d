"""The daily job: queue the campaign digest (tasks due soon, overdue tasks escalated) of every hall.

Run it once a day beside ``rectification_digest``, e.g. from cron::

    35 7 * * 1-5  cd /srv/hallkeeper && .venv/bin/hallkeeper campaign_digest

A hall's digest of a day is sent once: running the job twice the same day sends nothing new.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hallkeeper.campaign.tasks import campaign_digest
from hallkeeper.halls.models import Hall


class Command(BaseCommand):
    help = "Queue the daily campaign digest (tasks due soon, overdue tasks escalated) of every hall."

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
        for hall in halls:
            result = campaign_digest.enqueue(hall.pk, day.isoformat())
            self.stdout.write(f"{hall.code}: campaign digest of {day.isoformat()} queued ({result.id})")
