"""Shared pieces of the inspection views: loading an inspection the user may reach."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from hallkeeper.core.views import HallMixin

from .models import Inspection


class InspectionMixin(HallMixin):
    """``self.get_inspection(action)``: the inspection of the URL's ``pk`` in this hall, visible to the user
    for ``action`` ("view" or "change"), or 404."""

    def get_inspection(self, action: str = "view") -> Inspection:
        qs = Inspection.objects.visible_to(self.request.user, action).filter(hall=self.hall)
        return get_object_or_404(
            qs.select_related(
                "hall", "zone__lead", "version__handbook", "inspector", "round", "retake_of__hall", "plan"
            ),
            pk=self.kwargs["pk"],
        )
