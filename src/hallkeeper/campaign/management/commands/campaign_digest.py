"""The daily job: queue the campaign digest (tasks due soon, overdue tasks escalated) of every hall.

Run it once a day beside ``rectification_digest``, e.g. from cron::

    35 7 * * 1-5  cd /srv/hallkeeper && .venv/bin/hallkeeper campaign_digest

A hall's digest of a day is sent once: running the job twice the same day sends nothing new.
"""

from __future__ import annotations

from hallkeeper.campaign.tasks import campaign_digest
from hallkeeper.core.management.daily import DailyHallCommand


class Command(DailyHallCommand):
    help = "Queue the daily campaign digest (tasks due soon, overdue tasks escalated) of every hall."
    task = campaign_digest
    what = "campaign digest"
