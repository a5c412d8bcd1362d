"""Handbook URLs, mounted at /h/<hall>/handbook/: reading, editing drafts, documents."""

from django.urls import include, path

urlpatterns = [
    path("", include("hallkeeper.standards.urls_reader")),
    path("", include("hallkeeper.standards.urls_editor")),
    path("", include("hallkeeper.standards.urls_documents")),
    path("", include("hallkeeper.standards.urls_sharing")),
]
