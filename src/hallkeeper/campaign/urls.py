"""The campaign pages, mounted under /h/<hall>/campaign/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
