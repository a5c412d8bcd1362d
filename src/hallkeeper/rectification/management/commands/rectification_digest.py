"""The daily job: queue the rectification digest (reminders, escalation, the robot's summary) of every hall.

Run it once a day, in the morning, e.g. from cron::

    30 7 * * 1-5  cd /srv/hallkeeper && .venv/bin/hallkeeper rectification_digest

The digests are sent by the background worker (``hallkeeper db_worker``), which must be running. A hall's
digest of a day is sent once: running the job twice the same day sends nothing new.
"""

from __future__ import annotations

from hallkeeper.core.management.daily import DailyHallCommand
from hallkeeper.rectification.tasks import rectification_digest


class Command(DailyHallCommand):
    help = "Queue the daily rectification digest (reminders and escalation of overdue notices) of every hall."
    task = rectification_digest
    what = "digest"
