"""Sharing a handbook version between halls: download it as a file, import such a file as a draft.

Whoever may open a version may download it; only administrators and the leadership group import
(403 for other roles, 404 for another hall). The import itself is made by ``sharing.import_version``.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View

from hallkeeper.core.validation import ServiceErrorsMixin
from hallkeeper.core.views import HallMixin

from . import sharing
from .selectors import version_or_404
from .views_editor import EditorMixin, version_url

ZIP_CONTENT_TYPE = "application/zip"


def zip_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ZIP_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


class ExportView(HallMixin, View):
    """Download a version as a handbook file (.hkhandbook.zip) for another hall to import."""

    def get(self, request, *args, **kwargs):
        version = version_or_404(request.user, self.hall, kwargs["number"])
        return zip_response(sharing.export_version(version), sharing.export_filename(version))


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Handbook file"),
        help_text=gettext_lazy("A .hkhandbook.zip file downloaded from the versions page of another hall."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class ImportView(EditorMixin, ServiceErrorsMixin, FormView):
    """Import a handbook file as a new draft of this hall (editors only)."""

    form_class = ImportForm
    template_name = "standards/sharing/import.html"
    title = gettext_lazy("Import a handbook")

    def form_valid(self, form):
        try:
            draft = sharing.import_version(hall=self.hall, file=form.cleaned_data["file"], user=self.request.user)
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(
            self.request,
            _("The handbook was imported as draft %(label)s. Review it, then publish it with a revision note.")
            % {"label": draft.label},
        )
        return redirect(version_url(draft))
