"""Per-hall settings: one row per hall (a one-to-one ``hall`` field), the defaults until it is saved.

The scoring policy, the rectification policy, the notification settings, the security policy and the document
settings all follow one pattern, kept here:

* :func:`settings_for` reads the hall's row, or an unsaved row holding the defaults when there is none;
* :func:`settings_save` is the save service of a settings row that only administrators change: it checks,
  validates, saves and records the change (before/after) under the given verb;
* :class:`HallSettingsView` is the settings page: a form on the row, the app's save service on submit, a
  message and a redirect back to the page; ``saved_settings()`` gives the stored values (not the refused
  ones a bound form may hold).
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from .access import get_access
from .changes import snapshot, stored_snapshot
from .events import record_change
from .validation import apply_service_errors

M = TypeVar("M", bound=models.Model)


def settings_for(model: type[M], hall, *, fresh: bool = False) -> M:
    """The hall's ``model`` row; the defaults (unsaved) when it has none, or when ``hall`` is ``None``.

    By default the row is read through the hall's one-to-one accessor (so it is cached on ``hall``);
    ``fresh=True`` reads it from the database every time.
    """
    if hall is None:
        return model()
    if fresh:
        return model._default_manager.filter(hall=hall).first() or model(hall=hall)
    accessor = model._meta.get_field("hall").remote_field.get_accessor_name()
    try:
        return getattr(hall, accessor)
    except model.DoesNotExist:
        return model(hall=hall)


@transaction.atomic
def settings_save(*, user, instance: M, verb: str, refused: str) -> M:
    """Administrators of the row's hall save it; the change is recorded as ``verb`` (before and after)."""
    if not get_access(user).is_admin_of(instance.hall_id):
        raise PermissionDenied(refused)
    instance.full_clean()
    before = stored_snapshot(instance)
    instance.save()
    record_change(target=instance, hall=instance.hall, actor=user, verb=verb, before=before, after=snapshot(instance))
    return instance


class HallSettingsView(FormView):
    """The settings page of one per-hall row. Combine with ``HallMixin`` (which sets ``self.hall``).

    Subclasses name ``settings_model``, ``url_name`` and ``saved_message`` and implement :meth:`save`
    (the app's save service; a ``ValidationError`` it raises goes back to the form)."""

    settings_model: type[models.Model]
    #: Read the row from the database on every call of :func:`settings_for` (not through the hall's cache).
    fresh_read = False
    url_name = ""
    saved_message = ""
    #: The status of a page whose form was refused.
    invalid_status = 200

    def get_settings(self):
        """The row the form edits (read once per request)."""
        if not hasattr(self, "_settings"):
            self._settings = settings_for(self.settings_model, self.hall, fresh=self.fresh_read)
        return self._settings

    def saved_settings(self):
        """The values as stored (the form may hold refused ones); the defaults when nothing is saved."""
        saved = settings_for(self.settings_model, self.hall, fresh=self.fresh_read)
        if self.fresh_read:
            return saved  # just read: the stored values, or the defaults
        if saved.pk:
            saved.refresh_from_db()
            return saved
        return self.settings_model(hall=self.hall)

    def url(self) -> str:
        return reverse(self.url_name, kwargs={"hall": self.hall.code})

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_settings()
        return kwargs

    def save(self, instance) -> None:
        """Store ``instance`` through the page's service (each settings page names its own)."""
        raise TypeError(f"{type(self).__name__} must define save()")

    def form_valid(self, form):
        try:
            self.save(form.instance)
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, self.saved_message)
        return redirect(self.url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = self.invalid_status
        return response
