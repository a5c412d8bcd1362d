"""The showcase pages, mounted under /h/<hall>/showcase/."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
