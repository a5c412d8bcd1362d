"""A hall's notification settings, mounted under ``/h/<hall>/``:
``path("notifications/", include("hallkeeper.notifications.urls_hall"))``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.NotificationSettingsView.as_view(), name="notification_settings"),
]
