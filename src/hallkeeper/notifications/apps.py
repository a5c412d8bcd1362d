from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db import apps as task_queue_apps


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "hallkeeper.notifications"
    label = "notifications"
    verbose_name = _("Notifications")


class TaskQueueConfig(task_queue_apps.TasksAppConfig):
    """django-tasks' database backend (the notifications' delivery queue) under a translated name;
    its label and models are unchanged. Its admin is in ``task_admin.py``."""

    default = False  # named in INSTALLED_APPS; NotificationsConfig stays this package's configuration

    verbose_name = _("Background tasks")
