"""The read side of inspections: lists with Excel exports, the report and its PDF, zone and window history."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from hallkeeper.core.events import events_for
from hallkeeper.core.links import attach_hall
from hallkeeper.core.views import HallMixin, ScopedListView
from hallkeeper.exports.views import export_or_offer
from hallkeeper.places.models import Window, Zone

from . import followups, history
from .choices import InspectionKind
from .filters import FindingFilter, HistoryFilterForm, InspectionFilter
from .kinds import is_acceptance
from .models import Finding, Inspection
from .permissions import can_inspect, may_start_any
from .views_common import InspectionMixin

EVENT_LABELS = {
    "inspection.started": gettext_lazy("Started the inspection"),
    "inspection.submitted": gettext_lazy("Submitted the inspection"),
    "inspection.discarded": gettext_lazy("Discarded the draft"),
}


class InspectionListView(ScopedListView):
    model = Inspection
    filterset_class = InspectionFilter
    template_name = "inspections/reports/inspection_list.html"

    def base_queryset(self, for_export=False):
        return history.inspections_for_list(self.request.user, self.hall)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return export_or_offer(request, self.hall, "inspections")
        return super().get(request, *args, **kwargs)

    def decorate_page(self, objects):
        return attach_hall(objects, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_start"] = may_start_any(self.request.user, self.hall)
        return ctx


class FindingListView(ScopedListView):
    model = Finding
    filterset_class = FindingFilter
    template_name = "inspections/reports/finding_list.html"

    def base_queryset(self, for_export=False):
        return history.findings_for_list(self.request.user, self.hall)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return export_or_offer(request, self.hall, "findings")
        return super().get(request, *args, **kwargs)

    def decorate_page(self, objects):
        return history.attach_photos(objects)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_issue"] = followups.may_follow_up(self.request.user, self.hall)
        ctx["held"] = followups.held_for(self.request.user, ctx["object_list"])
        ctx["held_badge"] = followups.badge_template()
        return ctx


class InspectionDetailView(InspectionMixin, TemplateView):
    """The report of a submitted inspection; a draft sends its inspector back to the capture page."""

    def get(self, request, *args, **kwargs):
        self.inspection = self.get_inspection("view")
        if self.inspection.is_draft and self.inspection.inspector_id == request.user.pk:
            return redirect("inspection_capture", hall=self.hall.code, pk=self.inspection.pk)
        return super().get(request, *args, **kwargs)

    def get_template_names(self):
        if self.inspection.is_draft:
            return ["inspections/reports/inspection_in_progress.html"]
        return ["inspections/reports/inspection_detail.html"]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = self.inspection
        ctx["inspection"] = inspection
        if inspection.is_draft:
            return ctx
        ctx["report"] = history.report(self.request.user, inspection)
        ctx["can_issue"] = followups.may_follow_up(self.request.user, self.hall)
        ctx["held"] = followups.held_for(self.request.user, ctx["report"].findings)
        ctx["held_badge"] = followups.badge_template()
        ctx["events"] = events = list(events_for(inspection))
        for event in events:
            event.label = EVENT_LABELS.get(event.verb, event.verb)
        ctx["zone_visible"] = Zone.objects.visible_to(self.request.user).filter(pk=inspection.zone_id).exists()
        ctx["can_retake"] = (
            is_acceptance(inspection.kind)
            and inspection.passed is False
            and ctx["report"].retake is None
            and not Inspection.objects.filter(retake_of=inspection).exists()
            and can_inspect(self.request.user, inspection.zone, inspection.kind)
        )
        if ctx["can_retake"]:
            ctx["retake_url"] = reverse("inspection_start", kwargs={"hall": self.hall.code}) + (
                f"?kind=acceptance&zone={inspection.zone_id}&retake_of={inspection.pk}"
            )
        return ctx


class InspectionPdfView(InspectionMixin, View):
    def get(self, request, *args, **kwargs):
        from .documents import inspection_pdf

        inspection = self.get_inspection("view")
        if inspection.is_draft:
            return redirect(inspection.get_absolute_url())
        content = inspection_pdf(history.report(request.user, inspection))
        stamp = timezone.localtime(inspection.submitted_at).strftime("%Y%m%d")
        name = f"{_('Inspection record')}-{inspection.zone.code}-{stamp}-{inspection.pk}.pdf"
        response = HttpResponse(content, content_type="application/pdf")
        disposition = "attachment" if request.GET.get("download") else "inline"
        response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(name)}"
        return response


class _HistoryView(HallMixin, TemplateView):
    """Shared by the zone and window history pages: the period form, the paginated list, the trend."""

    def get_place(self):
        raise TypeError(f"{type(self).__name__} must define get_place()")

    def get_history(self, period, kind):
        raise TypeError(f"{type(self).__name__} must define get_history()")

    def get(self, request, *args, **kwargs):
        self.place = self.get_place()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = HistoryFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        period = history.Period.from_dates(data.get("date_from"), data.get("date_to"))
        kind = data.get("kind") or ""
        hist = self.get_history(period, kind)
        # The summary has counted the same inspections: the paginator need not count them again.
        paginator = CountedPaginator(hist.inspections, settings.HALLKEEPER_PAGE_SIZE, count=hist.summary["total"])
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        ctx.update(
            place=self.place,
            form=form,
            period=period,
            kind=kind,
            history=hist,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            querystring=query.urlencode(),
            is_filtered=bool(data) and any(data.values()),
            kinds=InspectionKind.choices,
        )
        return ctx


class CountedPaginator(Paginator):
    """A paginator given its list's length, counted already, instead of counting it again."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


class ZoneHistoryView(_HistoryView):
    template_name = "inspections/reports/zone_history.html"

    def get_place(self):
        zones = Zone.objects.visible_to(self.request.user, "view").filter(hall=self.hall)
        return get_object_or_404(zones.select_related("lead", "hall"), pk=self.kwargs["pk"])

    def get_history(self, period, kind):
        return history.zone_history(self.request.user, self.place, period=period, kind=kind)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["zone"] = self.place
        ctx["can_self_check"] = can_inspect(self.request.user, self.place, InspectionKind.SELF_CHECK)
        ctx["can_patrol"] = can_inspect(self.request.user, self.place, InspectionKind.PATROL)
        return ctx


class WindowHistoryView(_HistoryView):
    template_name = "inspections/reports/window_history.html"

    def get_place(self):
        windows = Window.objects.visible_to(self.request.user, "view").filter(hall=self.hall)
        return get_object_or_404(windows.select_related("zone", "unit", "hall"), pk=self.kwargs["pk"])

    def get_history(self, period, kind):
        return history.window_history(self.request.user, self.place, period=period, kind=kind)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["window"] = self.place
        ctx["zone_visible"] = Zone.objects.visible_to(self.request.user).filter(pk=self.place.zone_id).exists()
        return ctx
