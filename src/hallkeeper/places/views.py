from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from hallkeeper.core.exports import Column
from hallkeeper.core.views import HallMixin, ScopedDetailView, ScopedListView, get_to_change

from . import selectors, services
from .filters import AreaFilter, PositionFilter, WindowFilter, ZoneFilter
from .forms import PositionForm, ZoneForm
from .models import Area, Position, Window, Zone


def _names(items) -> str:
    return "、".join(str(getattr(i, "name", i)) for i in items)


class AreaListView(ScopedListView):
    model = Area
    filterset_class = AreaFilter
    template_name = "places/area_list.html"
    export_columns = (
        Column(_("Code"), lambda a: a.code, 12),
        Column(_("Name"), lambda a: a.name, 24),
        Column(_("Kind"), lambda a: a.get_kind_display(), 18),
        Column(_("Floor"), lambda a: a.floor.name, 10),
        Column(_("Part of"), lambda a: a.parent.name if a.parent else "", 18),
        Column(_("Windows"), lambda a: a.window_count, 8),
        Column(_("Description"), lambda a: a.description, 40),
    )

    def base_queryset(self, for_export=False):
        return selectors.areas_for_list(self.request.user, self.hall)


class AreaDetailView(ScopedDetailView):
    model = Area
    template_name = "places/area_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["zones"] = selectors.zones_for_list(user, self.hall).filter(
            pk__in=Zone.areas.through.objects.filter(area=self.object).values("zone_id")
        )
        ctx["windows"] = selectors.windows_for_list(user, self.hall).filter(area=self.object)
        ctx["children"] = self.object.children.all()
        return ctx


class ZoneListView(ScopedListView):
    model = Zone
    filterset_class = ZoneFilter
    template_name = "places/zone_list.html"
    export_columns = (
        Column(_("Code"), lambda z: z.code, 10),
        Column(_("Name"), lambda z: z.name, 28),
        Column(_("Responsible units"), lambda z: _names(z.units.all()), 32),
        Column(_("Zone lead"), lambda z: z.lead.name if z.lead else "", 12),
        Column(_("Lead's phone"), lambda z: z.lead.phone if z.lead else "", 14),
        Column(_("Areas"), lambda z: _names(z.areas.all()), 28),
        Column(_("Windows"), lambda z: z.window_count, 8),
        Column(_("Positions"), lambda z: z.position_count, 8),
        Column(_("Scope and notes"), lambda z: z.description, 40),
    )

    def base_queryset(self, for_export=False):
        return selectors.zones_for_list(self.request.user, self.hall, counts=for_export)

    def decorate_page(self, objects):
        return selectors.attach_zone_counts(objects)


class ZoneEditView(HallMixin, FormView):
    form_class = ZoneForm
    template_name = "places/form.html"

    def get_form_kwargs(self):
        self.object = get_to_change(
            Zone.objects.visible_to(self.request.user, "change").filter(hall=self.hall),
            Zone.objects.visible_to(self.request.user, "view").filter(hall=self.hall),
            pk=self.kwargs["pk"],
        )
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_valid(self, form):
        services.zone_save(zone=form.save(commit=False), user=self.request.user)
        messages.success(self.request, _("Zone %(zone)s saved.") % {"zone": self.object})
        return redirect(self.object.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)  # builds the form, which loads self.object
        ctx["title"] = _("Edit zone %(zone)s") % {"zone": self.object}
        ctx["cancel_url"] = self.object.get_absolute_url()
        return ctx


class WindowListView(ScopedListView):
    model = Window
    filterset_class = WindowFilter
    template_name = "places/window_list.html"
    export_columns = (
        Column(_("Window number"), lambda w: w.number, 10),
        Column(_("Name"), lambda w: w.name, 24),
        Column(_("Unit"), lambda w: w.unit.name, 24),
        Column(_("Stationed"), lambda w: w.is_stationed, 8),
        Column(_("Zone"), lambda w: str(w.zone), 24),
        Column(_("Area"), lambda w: w.area.name if w.area else "", 16),
        Column(_("Staff"), lambda w: _names(w.staff.all()), 28),
        Column(_("Model window"), lambda w: w.is_model, 8),
        Column(_("Positions"), lambda w: w.position_count, 8),
    )

    def base_queryset(self, for_export=False):
        return selectors.windows_for_list(self.request.user, self.hall, counts=for_export)

    def decorate_page(self, objects):
        return selectors.attach_counts(objects, Position, "window", "position_count")


class PositionListView(ScopedListView):
    model = Position
    filterset_class = PositionFilter
    template_name = "places/position_list.html"
    export_columns = (
        Column(_("Code"), lambda p: p.code, 16),
        Column(_("Name"), lambda p: p.name, 24),
        Column(_("Kind"), lambda p: p.get_kind_display(), 12),
        Column(_("Zone"), lambda p: p.zone.code, 10),
        Column(_("Window"), lambda p: p.window.number if p.window else "", 10),
        Column(_("Inside"), lambda p: p.parent.code if p.parent else "", 16),
        Column(_("Note"), lambda p: p.note, 30),
    )

    def base_queryset(self, for_export=False):
        return selectors.positions_for_list(self.request.user, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_add"] = (
            Zone.objects.visible_to(self.request.user, "change").filter(hall=self.hall).exists()
            or Window.objects.visible_to(self.request.user, "change").filter(hall=self.hall).exists()
        )
        return ctx


class PositionDetailView(ScopedDetailView):
    model = Position
    template_name = "places/position_detail.html"

    def get_queryset(self):
        return selectors.positions_for_list(self.request.user, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["children"] = Position.objects.visible_to(self.request.user).filter(parent=self.object)
        ctx["zone_visible"] = Zone.objects.visible_to(self.request.user).filter(pk=self.object.zone_id).exists()
        return ctx


class PositionFormView(HallMixin, FormView):
    """Create (no pk) or edit a position the user may change."""

    form_class = PositionForm
    template_name = "places/form.html"

    def get_object(self):
        if "pk" not in self.kwargs:
            return None
        return get_to_change(
            Position.objects.visible_to(self.request.user, "change").filter(hall=self.hall),
            Position.objects.visible_to(self.request.user, "view").filter(hall=self.hall),
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        self.object = self.get_object()
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, hall=self.hall)
        if self.object is not None:
            kwargs["instance"] = self.object
        else:
            kwargs["initial"] = {
                k: self.request.GET.get(k) for k in ("zone", "window", "kind") if self.request.GET.get(k)
            }
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.object is None and not form.fields["zone"].queryset.exists():
            raise PermissionDenied  # nothing this user may add positions to
        return form

    def form_valid(self, form):
        position = services.position_save(position=form.save(commit=False), user=self.request.user)
        messages.success(self.request, _("Position %(position)s saved.") % {"position": position})
        return redirect(position.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)  # builds the form, which loads self.object
        if self.object is None:
            ctx["title"] = _("New position")
            ctx["cancel_url"] = reverse("position_list", kwargs={"hall": self.hall.code})
        else:
            ctx["title"] = _("Edit position %(position)s") % {"position": self.object}
            ctx["cancel_url"] = self.object.get_absolute_url()
        return ctx
