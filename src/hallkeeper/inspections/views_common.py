"""Shared pieces of the inspection views: loading an inspection the user may reach."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from hallkeeper.core.views import HallMixin, get_to_change

from .models import Inspection


class InspectionMixin(HallMixin):
    """``self.get_inspection(action)``: the inspection of the URL's ``pk`` in this hall, visible to the user
    for ``action`` ("view" or "change"): 404 outside the user's view, 403 for a reader asking to change it."""

    def get_inspection(self, action: str = "view") -> Inspection:
        qs = Inspection.objects.visible_to(self.request.user, action).filter(hall=self.hall)
        qs = qs.select_related(
            "hall", "zone__lead", "version__handbook", "inspector", "round", "retake_of__hall", "plan"
        )
        if action == "change":  # someone who reads the inspection but may not change it is refused (403)
            visible = Inspection.objects.visible_to(self.request.user, "view").filter(hall=self.hall)
            return get_to_change(qs, visible, pk=self.kwargs["pk"])
        return get_object_or_404(qs, pk=self.kwargs["pk"])
