"""Background tasks of notifications (Django's tasks API through the django-tasks backport).

With the database backend (the default) they run in the worker: ``hallkeeper db_worker``. Each task
logs its failures instead of raising to whoever queued it; rectification's daily digest (``rectification/tasks.py``) is
idempotent per hall and day.
"""

from __future__ import annotations

import logging

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def deliver_email(notification_ids: list[int]) -> int:
    """Email these notifications to their recipients (each at most once); how many were sent."""
    from .delivery import send_emails

    return send_emails(notification_ids)


@task()
def post_webhook(hall_id: int, text: str, title: str = "") -> bool:
    """Post a markdown message to the hall's group robot; whether the robot took it (failures are logged)."""
    from .delivery import send_webhook
    from .models import HallNotificationSettings

    hall_settings = HallNotificationSettings.objects.select_related("hall").filter(hall_id=hall_id).first()
    if hall_settings is None or not hall_settings.webhook_url:
        logger.info("Hall %s has no robot; message dropped", hall_id)
        return False
    return send_webhook(hall_settings, title or hall_settings.hall.display_name, text).ok
