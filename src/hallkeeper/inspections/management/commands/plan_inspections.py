"""The nightly job: make the due inspections of every active plan, two weeks ahead.

Run it once a night (it is idempotent: running it twice makes nothing new), e.g. from cron::

    15 2 * * *  cd /srv/hallkeeper && .venv/bin/hallkeeper plan_inspections --quiet-if-none

or from a systemd timer calling ``hallkeeper plan_inspections``. Saving a plan already plans its
next two weeks; this job keeps every plan planned as the days go by.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from hallkeeper.halls.models import Hall
from hallkeeper.inspections import services


class Command(BaseCommand):
    help = "Make the due inspections of every active inspection plan up to two weeks ahead (the nightly job)."

    def add_arguments(self, parser):
        parser.add_argument("--hall", help="Only this hall (its code).")
        parser.add_argument(
            "--until",
            help=f"Plan up to this day (YYYY-MM-DD) instead of {services.PLAN_HORIZON_DAYS} days ahead.",
        )
        parser.add_argument("--quiet-if-none", action="store_true", help="Print nothing when nothing new was made.")

    def handle(self, *args, **options):
        until = None
        if options["until"]:
            try:
                until = date.fromisoformat(options["until"])
            except ValueError:
                raise CommandError("--until must be a date written YYYY-MM-DD.") from None
        halls = Hall.objects.order_by("code")
        if options["hall"]:
            halls = halls.filter(code=options["hall"])
            if not halls.exists():
                raise CommandError(f"No hall with the code {options['hall']!r}.")
        until = until or timezone.localdate() + timedelta(days=services.PLAN_HORIZON_DAYS)
        total = 0
        for hall in halls:
            made = services.due_generate(hall=hall, until=until)
            total += made
            if made or not options["quiet_if_none"]:
                self.stdout.write(f"{hall.code}: {made} due inspection(s) made up to {until.isoformat()}")
        if total or not options["quiet_if_none"]:
            self.stdout.write(self.style.SUCCESS(f"{total} due inspection(s) made in all."))
