"""The suggestions pages, mounted under /h/<hall>/suggestions/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
