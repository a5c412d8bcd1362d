"""Services' refusals keyed by the field they are about, and the one way a view puts them on its form.

A service that refuses a person's input raises ``field_error(field, message, code)``: a
``ValidationError`` whose ``error_dict`` names the form field (or ``NON_FIELD_ERRORS``). The view
catches it and calls ``apply_service_errors(form, error)``; it never reads the error's code to decide
which field it belongs to (``tests/test_service_errors.py`` fails when a view does). Pages without a
form (the capture endpoints) ask ``error_on(error, field)``.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def field_error(field: str, message, code: str, params: dict | None = None) -> ValidationError:
    """A refusal of ``field`` (``NON_FIELD_ERRORS`` for the whole input) with its message and code.

    The error keeps ``code`` and ``params`` on itself too, so code that asks why (a test, a log line)
    reads them as from a plain ``ValidationError``; its ``messages`` are those of the plain one."""
    error = ValidationError({field: [ValidationError(message, code=code, params=params)]})
    error.code, error.params = code, params
    return error


def error_fields(error: ValidationError) -> set[str]:
    """The fields a service's error is about (``NON_FIELD_ERRORS`` for a plain ``ValidationError``)."""
    return set(error.error_dict) if hasattr(error, "error_dict") else {NON_FIELD_ERRORS}


def error_on(error, field: str) -> bool:
    """Whether ``error`` (a ``ValidationError`` or anything else a service raised) is about ``field``."""
    return isinstance(error, ValidationError) and field in error_fields(error)


def apply_service_errors(form, error: ValidationError, *, shown_elsewhere: dict | None = None) -> None:
    """Put a service's ``ValidationError`` on ``form``: each field's errors on that field when the form
    has it, the others (and a plain error) above the form. Messages, codes and params are kept.

    ``shown_elsewhere`` maps a name whose errors the page already lists outside the form (a publish page's
    list of incomplete rules) to the one line shown above the form in their place."""
    shown_elsewhere = shown_elsewhere or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        if name in shown_elsewhere:
            form.add_error(None, shown_elsewhere[name])
        else:
            form.add_error(name if name in form.fields else None, errors)


class ServiceErrorsMixin:
    """A form view whose service may refuse: ``self.service_refused(form, error)`` shows the refusal."""

    def service_refused(self, form, error: ValidationError, **options):
        apply_service_errors(form, error, **options)
        return self.form_invalid(form)


def form_errors(form) -> list[str]:
    """A form's errors as lines naming their field, for a message above a page whose form posts elsewhere."""
    return [f"{form.fields[name].label}: {e}" if name in form.fields else str(e)
            for name, errors in form.errors.items() for e in errors]  # fmt: skip


def refusal_json(error: ValidationError) -> dict:
    """A service's refusal for a script: ``code`` (the first one given) and each keyed field's message, beside
    the one-line ``error`` the caller adds. Clients may branch on the code; pages never do."""
    if not hasattr(error, "error_dict"):
        return {"code": getattr(error, "code", None)}
    return {
        "code": next((e.code for errors in error.error_dict.values() for e in errors if e.code), None),
        "fields": {key: " ".join(messages) for key, messages in error.message_dict.items()},
    }
