from django.urls import path

from . import views

urlpatterns = [
    path("", views.ExportStartView.as_view(), name="export_start"),
    path("<int:pk>/", views.ExportStatusView.as_view(), name="export_status"),
    path("<int:pk>/download/", views.ExportDownloadView.as_view(), name="export_download"),
]
