"""The notification centre (a user's notifications across halls) and a hall's notification settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import ListView

from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.core.views import HallMixin

from . import services
from .delivery import send_webhook
from .forms import HallNotificationSettingsForm, NotificationFilterForm
from .models import DigestRun, HallNotificationSettings, Notification


def _safe(request, url: str) -> bool:
    """A path on this site (``redirect()`` would read anything else as a view name)."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


class NotificationListView(ListView):
    """The signed-in user's notifications, newest first; unread ones stand out."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"

    def get_paginate_by(self, queryset):
        return settings.HALLKEEPER_PAGE_SIZE

    def get_queryset(self):
        self.mine = Notification.objects.visible_to(self.request.user)
        self.filters = NotificationFilterForm(self.request.GET or None)
        qs = self.mine.select_related("hall")
        if self.filters.is_valid():
            if self.filters.cleaned_data["show"] == "unread":
                qs = qs.unread()
            if self.filters.cleaned_data["kind"]:
                qs = qs.filter(kind=self.filters.cleaned_data["kind"])
        return qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        show = self.request.GET.get("show") or "all"
        ctx.update(
            filters=self.filters,
            show=show if show in {"all", "unread"} else "all",
            querystring=query.urlencode(),
            is_filtered=any(v for k, v in self.request.GET.items() if k not in {"page", "show"}),
            unread_count=self.mine.unread().count(),
            next_url=self.request.get_full_path(),
        )
        return ctx


class NotificationOpenView(View):
    """Open a notification: mark it read and go where it points (the list when it points nowhere)."""

    def get(self, request, pk: int):
        notification = get_object_or_404(Notification.objects.visible_to(request.user), pk=pk)
        services.mark_read(user=request.user, notification=notification)
        if _safe(request, notification.link):
            return redirect(notification.link)
        return redirect("notification_list")


class NotificationReadAllView(View):
    """Mark every unread notification of the user read."""

    def post(self, request):
        count = services.mark_all_read(user=request.user)
        if count:
            message = ngettext("%(count)s notification marked read.", "%(count)s notifications marked read.", count)
            messages.success(request, message % {"count": count})
        target = request.POST.get("next", "")
        return redirect(target if _safe(request, target) else reverse("notification_list"))


class NotificationSettingsView(HallMixin, HallSettingsView):
    """How the hall's notifications go out: email on or off, a WeCom or DingTalk group robot, a test message."""

    hall_admin_required = True
    settings_model = HallNotificationSettings
    fresh_read = True
    form_class = HallNotificationSettingsForm
    template_name = "notifications/settings.html"
    url_name = "notification_settings"
    saved_message = gettext_lazy("Notification settings saved.")

    def save(self, instance) -> None:
        services.settings_save(user=self.request.user, hall_settings=instance)

    def post(self, request, *args, **kwargs):
        if "test" in request.POST:
            return self.test_webhook()
        return super().post(request, *args, **kwargs)

    def test_webhook(self):
        hall_settings = self.get_settings()
        if not hall_settings.pk or not hall_settings.webhook_url:
            messages.error(self.request, _("Save a robot address first, then send a test message."))
            return redirect(self.url())
        result = send_webhook(
            hall_settings,
            _("Hallkeeper test message"),
            _("%(hall)s: the robot is set up; the daily summary of overdue rectification notices will come here.")
            % {"hall": self.hall.display_name},
        )
        if result.ok:
            messages.success(self.request, _("The test message was delivered to the robot."))
        else:
            messages.error(self.request, _("The test message failed: %(reason)s") % {"reason": result.message})
        return redirect(self.url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        saved = self.saved_settings()  # the form may hold refused values; the status shown is the saved one
        users = get_user_model().objects.filter(role_assignments__hall=self.hall, is_active=True).distinct()
        ctx.update(
            saved=saved,
            people=users.count(),
            without_email=users.filter(email="").count(),
            runs=list(DigestRun.objects.filter(hall=self.hall).order_by("-day")[:7]),
        )
        return ctx
