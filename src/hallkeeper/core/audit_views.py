"""The audit trail page: audit administrators of the hall read and export its events, nothing else."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.views.generic import ListView

from .audit import changes_text, export_response, hall_events, record_types, roles_text
from .exports import export_filename
from .filters import AuditFilter
from .verbs import cascade_text, verb_label
from .views import HallMixin, filter_context


class AuditTrailView(HallMixin, ListView):
    template_name = "core/audit_trail.html"
    for_separated_admins = True

    def get_paginate_by(self, queryset):
        return settings.HALLKEEPER_PAGE_SIZE

    def get_queryset(self):
        if not self.access.is_audit_admin_of(self.hall.pk):
            raise PermissionDenied
        events = hall_events(self.hall)
        verbs = sorted(set(events.order_by().values_list("verb", flat=True).distinct()))
        self.filterset = AuditFilter(
            self.request.GET or None,
            queryset=events,
            request=self.request,
            verbs=verbs,
            record_types=record_types(events),
        )
        return self.filterset.qs if self.filterset.is_bound and self.filterset.is_valid() else events

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            events = self.get_queryset().iterator(chunk_size=2000)
            return export_response(events, export_filename(self.hall.display_name, "审计日志"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        for event in ctx["object_list"]:
            event.changes_text = "\n".join(t for t in (changes_text(event), cascade_text(event.data)) if t)
            event.roles_text = roles_text(event)
            event.verb_label = verb_label(event.verb, event.content_type.name if event.content_type_id else "")
        ctx["filterset"] = self.filterset
        ctx.update(filter_context(self.request))
        return ctx
