"""The budget pages, mounted under /h/<hall>/budget/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
