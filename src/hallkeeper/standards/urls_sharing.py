"""Sharing handbook versions between halls, mounted at /h/<hall>/handbook/."""

from django.urls import path

from . import views_sharing as views

urlpatterns = [
    path("v<int:number>/share.zip", views.ExportView.as_view(), name="handbook_export"),
    path("import/", views.ImportView.as_view(), name="handbook_import"),
]
