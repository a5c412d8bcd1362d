"""Thin view base classes: every page of a hall starts from ``visible_to``."""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View
from django.views.generic import DetailView, ListView

from .access import get_access
from .exports import build_workbook, export_filename, xlsx_response


def hall_model():
    """The hall model, named by the same string as :class:`~hallkeeper.core.models.HallScopedModel`'s foreign
    key: the halls app builds on core, so core reaches it through the app registry, never by import."""
    return apps.get_model("halls", "Hall")


class HallMixin:
    """Resolves ``self.hall`` from the URL among the halls the user may see (404 otherwise)."""

    hall_admin_required = False
    #: Pages of the security and audit administrators set this; every other hall page refuses a user whose
    #: only roles in the hall are those two (they never reach the business data).
    for_separated_admins = False

    def dispatch(self, request, *args, **kwargs):
        self.access = get_access(request.user)
        self.hall = get_object_or_404(hall_model().objects.visible_to(request.user, "view"), code=kwargs["hall"])
        request.hall = self.hall
        if not self.for_separated_admins and not self.access.reaches_business_data(self.hall.pk):
            return self.refuse_separated_admin(request)
        if self.hall_admin_required and not self.access.is_admin_of(self.hall.pk):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def refuse_separated_admin(self, request):
        raise PermissionDenied

    def get_context_data(self, **kwargs):
        kwargs["hall"] = self.hall  # the Hall, not the slug from the URL
        return super().get_context_data(**kwargs)


class ScopedQuerysetMixin(HallMixin):
    """The model's rows of this hall that the user may ``action``."""

    model = None
    action = "view"

    def scoped_queryset(self, action: str | None = None):
        return self.model.objects.visible_to(self.request.user, action or self.action).filter(hall=self.hall)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """A paginated, filterable, exportable list.

    Subclasses set ``filterset_class`` (django-filter) and ``export_columns``; ``?export=xlsx``
    downloads every row matching the current filters.
    """

    filterset_class = None
    export_columns = ()
    export_title = ""
    select_related = ()
    prefetch_related = ()

    def get_paginate_by(self, queryset):
        return settings.HALLKEEPER_PAGE_SIZE

    def base_queryset(self, for_export: bool = False):
        """The rows before filtering; ``for_export`` may add per-row work a page does in ``decorate_page``."""
        qs = self.scoped_queryset()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        if self.prefetch_related:
            qs = qs.prefetch_related(*self.prefetch_related)
        return qs

    def decorate_page(self, objects: list) -> list:
        """Per-page additions (e.g. counts) for the rows shown; exports get them from ``base_queryset``."""
        return objects

    def get_queryset(self, for_export: bool = False):
        qs = self.base_queryset(for_export=for_export)
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(self.request.GET or None, queryset=qs, request=self.request)
            qs = self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else qs
        else:
            self.filterset = None
        return qs

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx" and self.export_columns:
            title = str(self.export_title or self.model._meta.verbose_name_plural)
            rows = self.get_queryset(for_export=True).iterator(chunk_size=2000)
            content = build_workbook([(title, self.export_columns, rows)])
            return xlsx_response(content, export_filename(self.hall.display_name, title))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object_list"] = self.decorate_page(list(ctx["object_list"]))
        if ctx.get("page_obj") is not None:
            ctx["page_obj"].object_list = ctx["object_list"]
        ctx["filterset"] = self.filterset
        ctx.update(filter_context(self.request))
        return ctx


def filter_context(request) -> dict:
    """The current filters as a query string (for pagination and export links) and whether any is set."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("export", None)
    return {
        "querystring": query.urlencode(),
        "filter_count": (count := sum(1 for k, v in request.GET.items() if k not in {"page", "export"} and v)),
        "is_filtered": bool(count),
    }


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    def get_queryset(self):
        return self.scoped_queryset()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_change"] = (
            self.model.objects.visible_to(self.request.user, "change").filter(pk=self.object.pk).exists()
        )
        return ctx


def get_to_change(changeable, visible, **lookup):
    """The one object of ``lookup`` in ``changeable`` (a ``visible_to(user, "change")`` queryset).

    An object outside ``visible`` (the same user's ``"view"`` queryset) answers 404, so its existence is not
    revealed; one the user sees but may not change answers 403, the friendly refusal page."""
    try:
        return changeable.get(**lookup)
    except changeable.model.DoesNotExist:
        if visible.filter(**lookup).exists():
            raise PermissionDenied from None
        raise Http404 from None


class AdminEditsMixin:
    """A hall settings page: every role reads it; administrators change it (a POST by anyone else is a 403).
    The form takes ``read_only`` and the page gets ``can_edit``."""

    edit_refused_message = ""

    @property
    def can_edit(self) -> bool:
        return self.access.is_admin_of(self.hall.pk)

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(self.edit_refused_message or None)
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["read_only"] = not self.can_edit
        return kwargs


#: How long a browser may keep a private photo (a day; photos never change once stored).
PHOTO_MAX_AGE = 60 * 60 * 24


def private_file_response(
    field, *, filename: str, max_age: int = PHOTO_MAX_AGE, download_as: str = "", content_type: str = ""
) -> HttpResponse:
    """Answer with a stored file after the caller checked access: streamed by Django, or — when
    ``HALLKEEPER_MEDIA_ACCEL_PREFIX`` names an ``internal`` nginx location over ``MEDIA_ROOT`` — handed to
    nginx with ``X-Accel-Redirect``. Pictures go out as pictures, anything else as a download.

    ``download_as`` (a whole file name, in any script) and ``content_type`` send a generated document (an
    export) as an attachment of that name and type."""
    if not field.name:
        raise Http404
    if download_as:
        content_type = content_type or "application/octet-stream"
    else:
        content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
        if not content_type.startswith("image/") or content_type == "image/svg+xml":
            content_type = "application/octet-stream"
    prefix = getattr(settings, "HALLKEEPER_MEDIA_ACCEL_PREFIX", "")
    if prefix:
        if not field.storage.exists(field.name):
            raise Http404
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(field.name.lstrip("/"))
    else:
        try:
            handle = field.storage.open(field.name, "rb")
        except (FileNotFoundError, OSError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = f"private, max-age={max_age}"
    response["X-Content-Type-Options"] = "nosniff"
    if download_as:
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(download_as)}"
        return response
    disposition = "inline" if content_type.startswith("image/") else "attachment"
    extension = mimetypes.guess_extension(content_type) or ""
    response["Content-Disposition"] = f'{disposition}; filename="{filename}{extension}"'
    return response


class PrivatePhotoView(HallMixin, View):
    """A stored photo (or its thumbnail) served only to someone who may see its record — never from /media.

    Subclasses say which photos the user may see in ``photos()`` (starting from ``visible_to``)."""

    thumbnail = False
    filename_prefix = "photo"

    def photos(self):
        raise TypeError(f"{type(self).__name__} must define photos()")

    def get(self, request, *args, **kwargs):
        photo = get_object_or_404(self.photos(), pk=kwargs["pk"])
        field = photo.thumbnail if self.thumbnail else photo.image
        suffix = "-thumb" if self.thumbnail else ""
        return private_file_response(field, filename=f"{self.filename_prefix}-{photo.pk}{suffix}")
