"""The pages that bring the floors together: the hall overview (places, organization, the site glance of
inspections and notices) and the zone and window pages (with their inspection card and the rules that apply).
Each reads the apps below through their selectors, from ``visible_to``."""

from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import TemplateView

from hallkeeper.campaign.selectors import campaign_progress
from hallkeeper.core.capabilities import staffs_windows
from hallkeeper.core.views import HallMixin, ScopedDetailView
from hallkeeper.inspections.history import place_card
from hallkeeper.org.selectors import group_summaries
from hallkeeper.places import selectors as place_selectors
from hallkeeper.places.models import Window, Zone
from hallkeeper.standards.selectors import rules_for_window

from . import landing
from .overview import site_glance
from .selectors import hall_overview


class ZoneDetailView(ScopedDetailView):
    model = Zone
    template_name = "dashboard/zone_detail.html"

    def get_queryset(self):
        return place_selectors.zones_for_list(self.request.user, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["windows"] = place_selectors.windows_for_list(user, self.hall).filter(zone=self.object)
        positions = place_selectors.positions_for_list(user, self.hall).filter(zone=self.object)
        ctx["positions"] = positions[:200]
        ctx["position_total"] = positions.count()
        ctx["overseers"] = place_selectors.overseers_of_zone(self.object)
        ctx["inspection_card"] = place_card(user, zone=self.object)
        return ctx


class WindowDetailView(ScopedDetailView):
    model = Window
    template_name = "dashboard/window_detail.html"

    def get_queryset(self):
        return place_selectors.windows_for_list(self.request.user, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["positions"] = place_selectors.positions_for_list(self.request.user, self.hall).filter(window=self.object)
        ctx["handbook_version"], ctx["rules_here"] = rules_for_window(self.request.user, self.object)
        ctx["zone_visible"] = Zone.objects.visible_to(self.request.user).filter(pk=self.object.zone_id).exists()
        ctx["inspection_card"] = place_card(self.request.user, window=self.object)
        return ctx


class HallHomeView(HallMixin, TemplateView):
    """The hall at a glance: floor plan, zones with leads and windows, the three groups."""

    template_name = "dashboard/hall_home.html"
    zone_limit = 60

    def refuse_separated_admin(self, request):
        """The security and audit administrators land on their own pages instead of the overview."""
        if self.access.is_audit_admin_of(self.hall.pk):
            return redirect("audit_trail", hall=self.hall.code)
        if self.access.is_security_admin_of(self.hall.pk):
            return redirect("security", hall=self.hall.code)
        return super().refuse_separated_admin(request)

    landing_templates = {
        landing.INSPECTOR: "dashboard/landing_inspector.html",
        landing.ZONE_LEAD: "dashboard/landing_zone_lead.html",
        landing.WINDOW_STAFF: "dashboard/landing_window_staff.html",
    }

    @property
    def landing(self) -> str:
        return landing.landing_for(self.access, self.hall.pk)

    def get_template_names(self):
        return [self.landing_templates.get(self.landing, self.template_name)]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, which = self.request.user, self.landing
        ctx["landing"] = which
        if which == landing.INSPECTOR:
            ctx["work"] = landing.inspector_landing(user, self.hall)
            ctx["glance"] = ctx["work"].glance
            return ctx
        if which == landing.ZONE_LEAD:
            ctx["work"] = landing.lead_landing(user, self.hall)
            return ctx
        if which == landing.WINDOW_STAFF:
            ctx["work"] = landing.staff_landing(user, self.hall)
            return ctx
        places = place_selectors.hall_places(user, self.hall)  # the zones and areas the cards below share
        ctx["overview"] = hall_overview(user, self.hall, places)
        ctx["zones"] = place_selectors.zones_for_overview(user, self.hall, self.zone_limit, places)
        ctx["zone_limit"] = self.zone_limit
        ctx["floor_plans"] = place_selectors.floor_plans(user, self.hall, places)
        ctx["areas"] = place_selectors.root_areas(user, self.hall, places)
        ctx["groups"] = group_summaries(user, self.hall)
        ctx["glance"] = site_glance(user, self.hall, zones=places.zones)
        ctx["campaign_card"] = campaign_progress(user, self.hall, timezone.localdate())
        ctx["my_windows"] = (
            place_selectors.windows_for_list(user, self.hall).filter(staff__user=user)
            if staffs_windows(self.access, self.hall.pk)
            else Window.objects.none()
        )
        return ctx
