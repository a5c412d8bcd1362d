"""The direct download or the offer to prepare it in the background; the progress page; the finished file."""

from __future__ import annotations

from django.http import Http404, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.exports import XLSX_CONTENT_TYPE, build_workbook, export_filename, xlsx_response
from hallkeeper.core.views import HallMixin, private_file_response

from . import services
from .models import ExportJob, ExportStatus
from .registry import builder_for

MAX_PARAMS = 2000  # characters of a list's filters


def export_or_offer(request, hall, kind: str):
    """``?export=xlsx`` of a list: the file at once while it has at most ``HALLKEEPER_EXPORT_DIRECT_MAX_ROWS``
    rows; above that a page that refuses the direct download and offers to prepare it in the background."""
    plan = builder_for(kind)(request.user, hall, request.GET)
    rows, limit = plan.count(), services.direct_limit()
    if rows > limit:
        context = {
            "hall": hall,
            "kind": kind,
            "title": plan.title,
            "rows": rows,
            "limit": limit,
            "params": services.clean_params(request.GET),
            "recent": ExportJob.objects.visible_to(request.user).filter(hall=hall, kind=kind)[:5],
        }
        return render(request, "exports/refused.html", context)
    return xlsx_response(build_workbook(plan.sheets), export_filename(hall.display_name, plan.title))


class ExportStartView(HallMixin, View):
    """POST: queue a background export of a list with its filters, then show its progress."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        if builder_for(kind) is None:
            return HttpResponseBadRequest(_("Unknown export."))
        params = request.POST.get("params", "")
        if len(params) > MAX_PARAMS:
            return HttpResponseBadRequest(_("Unknown export."))
        job = services.request_export(user=request.user, hall=self.hall, kind=kind, params=QueryDict(params))
        return redirect(job.get_absolute_url())


class _JobMixin(HallMixin):
    def get_job(self) -> ExportJob:
        return get_object_or_404(
            ExportJob.objects.visible_to(self.request.user).filter(hall=self.hall).select_related("hall"),
            pk=self.kwargs["pk"],
        )


class ExportStatusView(_JobMixin, TemplateView):
    """The progress of one's export; htmx polls the card until the file is ready."""

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["exports/partials/status_card.html"]
        return ["exports/status.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["job"] = self.get_job()
        ctx["statuses"] = ExportStatus
        return ctx


class ExportDownloadView(_JobMixin, View):
    def get(self, request, *args, **kwargs):
        job = self.get_job()
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404
        return private_file_response(
            job.file,
            filename=job.token,
            max_age=0,
            download_as=job.filename or f"{job.token}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
