"""Reading request input that may be hostile.

Query strings and form fields never legitimately hold NUL or other C0 control characters (tab, line
feed and carriage return aside): browsers do not send them, PostgreSQL refuses NUL in text, and
they only ever come from someone probing. ``HostileInputMiddleware`` answers such a request with a
400 page before a view runs, so nothing is read or written.

Views that read a parameter themselves (outside a form) use ``parse_id`` for ids and numbers, and
forms and filters use ``BoundedDateField`` / ``BoundedDateFilter`` for dates: a number beyond the
database's integers, or a date before 2000 or after 2099, is refused with a message (or ignored, for
an optional page parameter) instead of overflowing a query or a date calculation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from urllib.parse import unquote_plus

import django_filters
from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

#: The largest id or count a request may name: PostgreSQL's bigint (SQLite's integer too).
MAX_INT = 2**63 - 1
#: The dates the product works with: anything outside is a typing error or a probe.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)

#: C0 controls except tab, line feed and carriage return, and DEL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_DIGITS_OR_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|[0-9]{19}")


def has_control_characters(text: str) -> bool:
    return CONTROL_CHARACTERS.search(text) is not None


#: A whole number written with more digits than any database integer holds.
_HUGE_NUMBER = re.compile(r"\s*[+-]?0*[0-9]{20,}\s*")


def is_huge_number(text: str) -> bool:
    """A whole number beyond the database's integers (PostgreSQL's bigint): never an id, a count or a page."""
    if _HUGE_NUMBER.fullmatch(text):
        return True
    stripped = text.strip().lstrip("+-").lstrip("0")
    return len(stripped) == 19 and stripped.isascii() and stripped.isdigit() and int(stripped) > MAX_INT


def _hostile_field(items: Iterable[tuple[str, list[str]]]) -> tuple[str, str] | None:
    """The first field whose name or a value holds a control character, or whose value is a number beyond
    the database's integers: ``(field name, reason)``."""
    for key, values in items:
        name = CONTROL_CHARACTERS.sub("?", key)[:80]
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            return name, "control"
        if any(is_huge_number(v) for v in values):
            return name, "number"
    return None


def parse_id(value: object) -> int | None:
    """A positive whole number written in ASCII digits and within the database's range, else ``None``."""
    text = str(value if value is not None else "").strip()
    if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_INT else None


def parse_int(value: object, default: int = 0) -> int:
    """A whole number (optionally negative) in ASCII digits within the database's range, else ``default``."""
    text = str(value if value is not None else "").strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits or len(digits) > 19 or not (digits.isascii() and digits.isdigit()):
        return default
    number = int(text)
    return number if -MAX_INT <= number <= MAX_INT else default


def date_in_range(day: date | None) -> bool:
    return day is None or EARLIEST_DATE <= day <= LATEST_DATE


def date_range_error() -> forms.ValidationError:
    return forms.ValidationError(
        _("Enter a date between %(earliest)s and %(latest)s.")
        % {"earliest": EARLIEST_DATE.isoformat(), "latest": LATEST_DATE.isoformat()},
        code="date_range",
    )


class BoundedDateField(forms.DateField):
    """A date between 2000 and 2099 (ISO ``YYYY-MM-DD`` as ``<input type=date>`` sends it, or the locale's)."""

    def validate(self, value):
        super().validate(value)
        if not date_in_range(value):
            raise date_range_error()


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """The 400 page with ``message``."""
    return render(request, "400.html", {"message": message}, status=400)


class HostileInputMiddleware:
    """A 400 page for a query string or form field holding a NUL or another control character."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        found = None
        if query and _DIGITS_OR_CONTROL.search(unquote_plus(query, errors="replace")):  # parsed only when needed
            found = _hostile_field(request.GET.lists())
        if found is None and request.method == "POST":
            try:
                found = _hostile_field(request.POST.lists())
            except MultiPartParserError:
                return bad_request(request, _("The form could not be read; reload the page and try again."))
        if found is None:
            return self.get_response(request)
        field, reason = found
        if reason == "number":
            message = _("The field “%(field)s” holds a number too large to be an id, a count or a page.")
        else:
            message = _("The field “%(field)s” holds control characters (such as NUL), which are not accepted.")
        return bad_request(request, message % {"field": field})
