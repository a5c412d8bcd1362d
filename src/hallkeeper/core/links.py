"""Links to a hall's objects (``/h/<hall>/…/<pk>/``) without a full ``reverse()`` for every row.

A page that links each of its rows (the overview's windows, zones and areas, a list's inspections) would
otherwise resolve the same URL pattern once per row. :func:`hall_object_url` reverses each pattern once per
hall, URL configuration and script prefix, and puts the row's primary key into it: the same text
``reverse(name, kwargs={"hall": code, "pk": pk})`` gives.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

#: A primary key the reversed pattern holds exactly where the row's goes (split at its last occurrence).
_PLACEHOLDER = 987654321


def hall_object_url(name: str, hall_code: str, pk: int) -> str:
    """``reverse(name, kwargs={"hall": hall_code, "pk": pk})`` for an ``<int:pk>`` pattern under a hall."""
    if not isinstance(pk, int):  # an unsaved row, or a key that is not an integer: let reverse() judge it
        return reverse(name, kwargs={"hall": hall_code, "pk": pk})
    head, tail = _pattern(name, hall_code, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    return f"{head}{pk}{tail}"


@lru_cache(maxsize=1024)
def _pattern(name: str, hall_code: str, urlconf: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, urlconf=urlconf, kwargs={"hall": hall_code, "pk": _PLACEHOLDER})
    head, _sep, tail = url.rpartition(str(_PLACEHOLDER))
    return head, tail


def attach_hall(objects, hall) -> list:
    """The rows, each holding ``hall`` as its hall: the rows of one hall's page link to it (``get_absolute_url``
    reads ``hall.code``) without joining the hall's row into every query."""
    objects = list(objects)
    for obj in objects:
        obj.hall = hall
    return objects
