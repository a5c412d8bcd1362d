"""Refuse hostile request input before any view reads it.

Query strings and form fields never legitimately hold NUL or other C0 control characters (tab, line
feed and carriage return aside): browsers do not send them, PostgreSQL refuses NUL in text, and
they only ever come from someone probing. ``HostileInputMiddleware`` answers such a request with a
400 page before a view runs, so nothing is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

#: C0 controls except tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


def _hostile_field(items: Iterable[tuple[str, list[str]]]) -> str | None:
    """The name of the first field whose name or one of whose values holds a control character."""
    for key, values in items:
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            return CONTROL_CHARACTERS.sub("?", key)[:80]
    return None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The 400 page with ``message``."""
    return render(request, "400.html", {"message": message}, status=400)


class HostileInputMiddleware:
    """A 400 page for a query string or form field holding a NUL or another control character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = _hostile_field(request.GET.lists())
        if field is None and request.method == "POST":
            try:
                field = _hostile_field(request.POST.lists())
            except MultiPartParserError:
                return bad_request(request, _("The form could not be read; reload the page and try again."))
        if field is not None:
            return bad_request(
                request,
                _("The field “%(field)s” holds control characters (such as NUL), which are not accepted.")
                % {"field": field},
            )
        return self.get_response(request)
