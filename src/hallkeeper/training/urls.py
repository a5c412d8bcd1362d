"""The training pages, mounted under /h/<hall>/training/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
