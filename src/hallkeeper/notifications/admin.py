"""Admin for notifications, read-only: notifications are written by ``notify`` and each is its recipient's
alone (so even a superuser lists only their own here); the settings change on the hall's settings page,
which logs the change and never shows the robot's key or the DingTalk secret."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.admin import ReadOnlyAdmin

from .models import DigestRun, HallNotificationSettings, Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "hall", "kind", "title", "read_at", "emailed_at"]
    list_filter = ["kind", "hall"]
    list_select_related = ["recipient", "hall"]
    search_fields = ["title", "body"]
    date_hierarchy = "created_at"


@admin.register(HallNotificationSettings)
class HallNotificationSettingsAdmin(ReadOnlyAdmin):
    list_display = ["hall", "email_enabled", "webhook_kind", "last_webhook_at", "last_webhook_ok"]
    list_select_related = ["hall"]
    exclude = ["webhook_url", "dingtalk_secret"]
    readonly_fields = ["robot_address"]

    @admin.display(description=_("robot webhook address"))
    def robot_address(self, obj):
        return obj.webhook_display


@admin.register(DigestRun)
class DigestRunAdmin(ReadOnlyAdmin):
    list_display = ["day", "hall", "reminders", "overdue", "recipients", "webhook_posted", "ran_at"]
    list_filter = ["hall"]
    list_select_related = ["hall"]
    date_hierarchy = "day"

    def get_queryset(self, request):
        from hallkeeper.halls.models import Hall

        qs = admin.ModelAdmin.get_queryset(self, request)
        return qs.filter(hall__in=Hall.objects.visible_to(request.user, "view").values("pk"))


from . import task_admin  # noqa: E402,F401 — the task queue's admin, translated
