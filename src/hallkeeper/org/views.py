from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from hallkeeper.core.exports import Column, build_workbook, export_filename, xlsx_response
from hallkeeper.core.views import HallMixin, ScopedListView

from . import selectors
from .filters import PersonFilter, UnitFilter
from .models import Person, Unit


def _names(items) -> str:
    return "、".join(p.name for p in items)


BREAKDOWN_COLUMNS = (
    Column(_("Organization"), lambda r: r[0], 16),
    Column(_("Position in group"), lambda r: r[1], 12),
    Column(_("Members"), lambda r: r[2], 36),
    Column(_("Responsibilities"), lambda r: r[3], 70),
)


def breakdown_rows(breakdown):
    for bg in breakdown:
        for row in bg.rows:
            members = _names(row.members)
            if bg.group.composition and row.role_label == str(_("Member")):
                members = f"{bg.group.composition}：{members}" if members else bg.group.composition
            yield (bg.group.name, row.role_label, members, row.duty)


class OrganizationView(HallMixin, TemplateView):
    """The task breakdown table of the plan annex, generated from the organization data."""

    template_name = "org/organization.html"

    def get(self, request, *args, **kwargs):
        breakdown = selectors.task_breakdown(request.user, self.hall)
        if request.GET.get("export") == "xlsx":
            content = build_workbook(
                [
                    (str(_("Task breakdown")), BREAKDOWN_COLUMNS, breakdown_rows(breakdown)),
                    (str(_("Units")), UnitListView.export_columns, self._units()),
                    (str(_("People")), PersonListView.export_columns, self._people()),
                ]
            )
            return xlsx_response(content, export_filename(self.hall.display_name, str(_("Task breakdown"))))
        return self.render_to_response(self.get_context_data(breakdown=breakdown))

    def _units(self):
        return Unit.objects.visible_to(self.request.user).filter(hall=self.hall)

    def _people(self):
        return Person.objects.visible_to(self.request.user).filter(hall=self.hall).select_related("unit", "user")


class UnitListView(ScopedListView):
    model = Unit
    filterset_class = UnitFilter
    template_name = "org/unit_list.html"
    export_columns = (
        Column(_("Code"), lambda u: u.code, 10),
        Column(_("Name"), lambda u: u.name, 28),
        Column(_("Short name"), lambda u: u.short_name, 14),
        Column(_("Kind"), lambda u: u.get_kind_display(), 12),
        Column(_("Parent organization"), lambda u: u.parent_organization, 24),
    )

    def base_queryset(self, for_export=False):
        # The zones serving a unit are named through the relation the places app declares (places builds on org).
        Zone = Unit._meta.get_field("zones").related_model
        zones = Zone.objects.visible_to(self.request.user).order_by("order", "code")
        return super().base_queryset().prefetch_related(Prefetch("zones", queryset=zones))


class PersonListView(ScopedListView):
    model = Person
    filterset_class = PersonFilter
    template_name = "org/person_list.html"
    select_related = ("unit", "user")
    export_columns = (
        Column(_("Staff number"), lambda p: p.code, 12),
        Column(_("Full name"), lambda p: p.name, 12),
        Column(_("Unit"), lambda p: p.unit.name if p.unit else "", 24),
        Column(_("Post"), lambda p: p.title, 16),
        Column(_("Phone"), lambda p: p.phone, 16),
        Column(_("Login"), lambda p: p.user.username if p.user else "", 14),
        Column(_("Post responsibility"), lambda p: p.duty, 40),
    )
