"""Plans, due inspections, patrol coverage, acceptance rounds and the scoring policy.

Views stay thin: reads come from ``planning.py`` (all from ``visible_to``), writes go through
``services.py``; a ``ValidationError`` is shown on the form, a ``PermissionDenied`` is a 403.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from hallkeeper.core.exports import Column, build_workbook, export_filename, xlsx_response
from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.core.validation import ServiceErrorsMixin
from hallkeeper.core.views import AdminEditsMixin, HallMixin, ScopedListView
from hallkeeper.places.models import Zone

from . import kinds, planning, services
from .choices import (
    DUE_STATE_COLOURS,
    GRADE_COLOURS,
    WEEKDAYS,
    AssignTo,
    DueState,
    Frequency,
    InspectionKind,
)
from .forms import PlanFilter, PlanForm, RoundForm, ScoringPolicyForm
from .models import AcceptanceRound, DueInspection, InspectionPlan, ScoringPolicy
from .permissions import can_manage_inspections, inspectable_zones
from .services import RoundState

_lazy = gettext_lazy


def _weekday_label(number: int | None) -> str:
    return str(dict(WEEKDAYS).get(number, "")) if number is not None else ""


def plan_schedule(plan: InspectionPlan) -> str:
    """ "Every week, by Friday" / "Every month, by the 25th" / "Every working day"."""
    if plan.frequency == Frequency.WEEKLY and plan.weekday is not None:
        return _("%(frequency)s, by %(weekday)s") % {
            "frequency": plan.get_frequency_display(),
            "weekday": _weekday_label(plan.weekday),
        }
    if plan.frequency == Frequency.MONTHLY and plan.day_of_month:
        return _("%(frequency)s, by day %(day)s") % {
            "frequency": plan.get_frequency_display(),
            "day": plan.day_of_month,
        }
    return str(plan.get_frequency_display())


def plan_assigned(plan: InspectionPlan) -> str:
    if plan.assign_to == AssignTo.ZONE_LEADS:
        return _("Each zone's lead")
    return "、".join(u.display_name for u in plan.assignees.all()) or "—"


def plan_zones_label(plan: InspectionPlan) -> str:
    count = getattr(plan, "zone_count", None)
    if count is None:
        count = plan.zones.count()
    return str(count) if count else _("All zones")


# -- my inspections ------------------------------------------------------------------


class MyInspectionsView(HallMixin, TemplateView):
    """ "My inspections today": what the logged-in user is due to inspect, their drafts, today's work.

    GET is free of side effects: due inspections are made when a plan is saved (``services.plan_save``
    makes two weeks ahead) and by the nightly ``plan_inspections`` command, not by opening this page.
    """

    template_name = "inspections/plans/my_inspections.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["day"] = planning.my_day(self.request.user, self.hall)
        ctx["can_manage"] = can_manage_inspections(self.request.user, self.hall)
        ctx["can_start"] = any(inspectable_zones(self.request.user, self.hall, k).exists() for k in InspectionKind)
        return ctx


def _cell_value(index: int, attr: str):
    return lambda row: getattr(row.cells[index], attr)


# -- coverage ------------------------------------------------------------------------


class CoverageView(HallMixin, TemplateView):
    """Which zones were patrolled in a week: zones × days, with the week's due checks done or not."""

    template_name = "inspections/plans/coverage.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        self.coverage = planning.coverage(
            request.user, self.hall, planning.parse_week(request.GET.get("week"), today), today
        )
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        cov = self.coverage
        day_headers = [date_format(d, "m-d") + " " + _weekday_label(d.weekday()) for d in cov.days]

        def sheet(attr: str, total_header: str):
            columns = [
                Column(_("Zone code"), lambda r: r.zone.code, 10),
                Column(_("Zone"), lambda r: r.zone.name, 24),
                *[Column(h, _cell_value(i, attr), 10) for i, h in enumerate(day_headers)],
                Column(total_header, lambda r: sum(getattr(c, attr) for c in r.cells), 10),
            ]
            return columns

        title = _("Patrol coverage %(from)s – %(to)s") % {"from": cov.monday.isoformat(), "to": cov.sunday.isoformat()}
        content = build_workbook(
            [
                (_("Patrols"), sheet("patrols", _("Patrols this week")), cov.rows),
                (_("Self-checks"), sheet("self_checks", _("Self-checks this week")), cov.rows),
            ]
        )
        return xlsx_response(content, export_filename(self.hall.display_name, title))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["coverage"] = self.coverage
        ctx["day_columns"] = [(d, _weekday_label(d.weekday())) for d in self.coverage.days]
        return ctx


# -- plans ---------------------------------------------------------------------------


class PlanListView(ScopedListView):
    model = InspectionPlan
    filterset_class = PlanFilter
    template_name = "inspections/plans/plan_list.html"
    export_title = _lazy("Inspection plans")
    export_columns = (
        Column(_lazy("Name"), lambda p: p.name, 24),
        Column(_lazy("Kind"), lambda p: p.get_kind_display(), 12),
        Column(_lazy("Frequency"), plan_schedule, 20),
        Column(_lazy("Zones"), plan_zones_label, 10),
        Column(_lazy("Assigned to"), plan_assigned, 24),
        Column(_lazy("Active"), lambda p: p.active, 8),
        Column(_lazy("Starts on"), lambda p: p.starts_on, 12),
        Column(_lazy("Ends on"), lambda p: p.ends_on, 12),
        Column(_lazy("Next due"), lambda p: p.next_due, 12),
        Column(_lazy("Done, last 30 days"), lambda p: p.recent_done, 12),
        Column(_lazy("Overdue, last 30 days"), lambda p: p.recent_overdue, 12),
        Column(_lazy("Note"), lambda p: p.note, 30),
    )

    def base_queryset(self, for_export=False):
        return planning.plans_for_list(self.request.user, self.hall)

    def decorate_page(self, objects):
        for plan in objects:
            plan.schedule = plan_schedule(plan)
            plan.assigned = plan_assigned(plan)
            plan.kind_colour = kinds.colour(plan.kind)
        return objects

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = can_manage_inspections(self.request.user, self.hall)
        return ctx


class PlanFormView(HallMixin, ServiceErrorsMixin, FormView):
    """Create (no pk) or change a plan: managers only; saved through ``services.plan_save``."""

    form_class = PlanForm
    template_name = "inspections/plans/plan_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        if not can_manage_inspections(self.request.user, self.hall):
            raise PermissionDenied
        if "pk" in self.kwargs:
            self.object = get_object_or_404(
                InspectionPlan.objects.visible_to(self.request.user, "change").filter(hall=self.hall),
                pk=self.kwargs["pk"],
            )
        kwargs = super().get_form_kwargs()
        kwargs["hall"] = self.hall
        if self.object is not None:
            kwargs["instance"] = self.object
        else:
            kwargs["initial"] = {
                "starts_on": timezone.localdate(),
                "active": True,
                "kind": self.request.GET.get("kind") or InspectionKind.PATROL,
                "frequency": Frequency.DAILY,
            }
        return kwargs

    def get(self, request, *args, **kwargs):
        if not can_manage_inspections(request.user, self.hall):
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        plan = form.instance
        try:
            plan = services.plan_save(
                user=self.request.user,
                plan=plan,
                zones=form.cleaned_data["zones"],
                assignees=form.cleaned_data["assignees"],
            )
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(self.request, _("Plan %(plan)s saved; its due inspections are planned.") % {"plan": plan})
        return redirect(plan.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["object"] = self.object
        ctx["selected_rules"] = set(ctx["form"]["rule_keys"].value() or [])
        if self.object is None:
            ctx["title"] = _("New inspection plan")
            ctx["cancel_url"] = reverse("plan_list", kwargs={"hall": self.hall.code})
        else:
            ctx["title"] = _("Edit plan %(plan)s") % {"plan": self.object}
            ctx["cancel_url"] = self.object.get_absolute_url()
        return ctx


class PlanDetailView(HallMixin, TemplateView):
    template_name = "inspections/plans/plan_detail.html"
    upcoming_limit = 10

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        plan = get_object_or_404(
            InspectionPlan.objects.visible_to(user, "view").filter(hall=self.hall).prefetch_related("zones"),
            pk=self.kwargs["pk"],
        )
        plan.schedule, plan.assigned = plan_schedule(plan), plan_assigned(plan)
        plan.kind_colour = kinds.colour(plan.kind)
        due = (
            DueInspection.objects.visible_to(user, "view")
            .filter(plan=plan)
            .select_related("zone", "assignee", "inspection")
        )
        upcoming = list(
            due.filter(opens_on__gt=today).order_by("due_on", "zone__order", "zone__code")[: self.upcoming_limit]
        )
        recent = Paginator(due.filter(opens_on__lte=today).order_by("-due_on", "zone__order", "zone__code"), 25)
        page = recent.get_page(self.request.GET.get("page"))
        for row in [*upcoming, *page.object_list]:
            row.current_state = row.state(today)
            row.state_colour = DUE_STATE_COLOURS.get(row.current_state, "secondary")
            row.state_label = DueState(row.current_state).label
        ctx.update(
            object=plan,
            plan=plan,
            upcoming=upcoming,
            page_obj=page,
            paginator=recent,
            is_paginated=page.has_other_pages(),
            completion_rows=[
                (_("Last 30 days"), planning.plan_completion(user, plan, today, days=planning.RECENT_DAYS)),
                (_("Since the plan started"), planning.plan_completion(user, plan, today)),
            ],
            can_change=InspectionPlan.objects.visible_to(user, "change").filter(pk=plan.pk).exists(),
            zones=list(plan.zones.all()),
            today=today,
        )
        return ctx


# -- acceptance rounds ---------------------------------------------------------------


class RoundListView(ScopedListView):
    model = AcceptanceRound
    template_name = "inspections/plans/round_list.html"
    select_related = ("hall",)
    export_title = _lazy("Acceptance rounds")
    export_columns = (
        Column(_lazy("Name"), lambda r: r.name, 24),
        Column(_lazy("Starts on"), lambda r: r.starts_on, 12),
        Column(_lazy("Ends on"), lambda r: r.ends_on, 12),
        Column(_lazy("Zones"), lambda r: r.summary.zones, 8),
        Column(_lazy("Checked"), lambda r: r.summary.checked, 8),
        Column(_lazy("Passed"), lambda r: r.summary.passed, 8),
        Column(_lazy("Failed"), lambda r: r.summary.failed, 8),
        Column(_lazy("Note"), lambda r: r.note, 30),
    )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            rounds = self.decorate_page(list(self.get_queryset()))
            title = str(self.export_title)
            content = build_workbook([(title, self.export_columns, rounds)])
            return xlsx_response(content, export_filename(self.hall.display_name, title))
        return super().get(request, *args, **kwargs)

    def decorate_page(self, objects):
        zone_ids = set(
            Zone.objects.visible_to(self.request.user, "view").filter(hall=self.hall).values_list("pk", flat=True)
        )
        summaries = planning.round_summaries(objects, zone_ids)
        for acceptance_round in objects:
            acceptance_round.summary = summaries[acceptance_round.pk]
        return objects

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_manage"] = can_manage_inspections(self.request.user, self.hall)
        return ctx


class RoundCreateView(HallMixin, ServiceErrorsMixin, FormView):
    form_class = RoundForm
    template_name = "inspections/plans/round_form.html"

    def get_form(self, form_class=None):
        if not can_manage_inspections(self.request.user, self.hall):
            raise PermissionDenied
        return super().get_form(form_class)

    def get_initial(self):
        return {"starts_on": timezone.localdate()}

    def form_valid(self, form):
        try:
            acceptance_round = services.round_create(user=self.request.user, hall=self.hall, **form.cleaned_data)
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(self.request, _("Acceptance round %(round)s created.") % {"round": acceptance_round})
        return redirect(acceptance_round.get_absolute_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("New acceptance round")
        ctx["cancel_url"] = reverse("round_list", kwargs={"hall": self.hall.code})
        return ctx


class RoundDetailView(HallMixin, TemplateView):
    template_name = "inspections/plans/round_detail.html"

    def get(self, request, *args, **kwargs):
        self.round = get_object_or_404(
            AcceptanceRound.objects.visible_to(request.user, "view").filter(hall=self.hall), pk=kwargs["pk"]
        )
        visible = set(Zone.objects.visible_to(request.user, "view").filter(hall=self.hall).values_list("pk", flat=True))
        progress = services.round_progress(self.round)
        self.progress = services.RoundProgress(zones=[z for z in progress.zones if z.zone.pk in visible])
        for zp in self.progress.zones:
            zp.label, zp.colour = planning.ROUND_STATE_LABELS[zp.state]
            for inspection in zp.chain:
                inspection.hall = self.hall  # for get_absolute_url, without a query per row
        if request.GET.get("export") == "xlsx":
            return self.export()
        return super().get(request, *args, **kwargs)

    def export(self):
        def score(zp, which):
            inspection = getattr(zp, which)
            return inspection.score if inspection is not None and inspection.score is not None else ""

        columns = (
            Column(_("Zone code"), lambda zp: zp.zone.code, 10),
            Column(_("Zone"), lambda zp: zp.zone.name, 24),
            Column(_("State"), lambda zp: str(zp.label), 16),
            Column(
                _("First check score"), lambda zp: float(score(zp, "first")) if score(zp, "first") != "" else "", 12
            ),
            Column(_("First check grade"), lambda zp: zp.first.get_grade_display() if zp.first else "", 12),
            Column(_("Inspector"), lambda zp: zp.first.inspector.display_name if zp.first else "", 14),
            Column(_("Checked on"), lambda zp: zp.first.submitted_at if zp.first else "", 18),
            Column(_("Re-acceptance checks"), lambda zp: max(len(zp.chain) - 1, 0), 10),
            Column(
                _("Last score"),
                lambda zp: float(score(zp, "last_submitted")) if score(zp, "last_submitted") != "" else "",
                12,
            ),
            Column(_("Passed"), lambda zp: zp.last_submitted.passed if zp.last_submitted else "", 8),
        )
        title = str(self.round.name)
        content = build_workbook([(title, columns, self.progress.zones)])
        return xlsx_response(content, export_filename(self.hall.display_name, title))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        progress = self.progress
        may_accept = set(inspectable_zones(user, self.hall, InspectionKind.ACCEPTANCE).values_list("pk", flat=True))
        start = reverse("inspection_start", kwargs={"hall": self.hall.code})
        for zp in progress.zones:
            zp.action_url = zp.action_label = ""
            last = zp.last
            if last is not None and last.is_draft:
                if last.inspector_id == user.pk:
                    zp.action_url = reverse("inspection_capture", kwargs={"hall": self.hall.code, "pk": last.pk})
                    zp.action_label = _("Continue")
            elif zp.zone.pk in may_accept:
                if zp.state == RoundState.UNCHECKED:
                    zp.action_url = f"{start}?kind=acceptance&zone={zp.zone.pk}&round={self.round.pk}"
                    zp.action_label = _("Start acceptance")
                elif zp.state == RoundState.FAILED:
                    zp.action_url = (
                        f"{start}?kind=acceptance&zone={zp.zone.pk}&round={self.round.pk}&retake_of={last.pk}"
                    )
                    zp.action_label = _("Start re-acceptance")
        unchecked = progress.count(RoundState.UNCHECKED)
        in_progress = progress.count(RoundState.IN_PROGRESS)
        chart = [
            {"name": _("Passed first time"), "value": progress.passed_first_time, "colour": "#198754"},
            {
                "name": _("Passed on re-acceptance"),
                "value": progress.count(RoundState.PASSED_ON_RETAKE),
                "colour": "#20c997",
            },
            {"name": _("Failed"), "value": progress.failed, "colour": "#dc3545"},
            {"name": _("Check in progress"), "value": in_progress, "colour": "#0dcaf0"},
            {"name": _("Not checked yet"), "value": unchecked, "colour": "#adb5bd"},
        ]
        ctx.update(
            round=self.round,
            object=self.round,
            progress=progress,
            unchecked=unchecked,
            in_progress=in_progress,
            percent=round(100 * progress.checked / progress.total) if progress.total else 0,
            chart=[c for c in chart if c["value"]],
            grade_colours=GRADE_COLOURS,
            can_accept=bool(may_accept),
        )
        return ctx


# -- scoring policy ------------------------------------------------------------------


class ScoringPolicyView(AdminEditsMixin, HallMixin, HallSettingsView):
    """The hall's grade bands and acceptance pass line: administrators edit, everyone else reads."""

    settings_model = ScoringPolicy
    form_class = ScoringPolicyForm
    template_name = "inspections/plans/scoring_policy.html"
    url_name = "scoring_policy"
    saved_message = gettext_lazy("Scoring policy saved; it applies to inspections submitted from now on.")

    def save(self, instance) -> None:
        services.scoring_policy_save(user=self.request.user, policy=instance)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        policy = self.saved_settings()  # the bands shown are the saved ones, not the refused ones
        ctx["policy"] = policy
        ctx["can_edit"] = self.can_edit
        ctx["bands"] = [
            (_("Excellent"), GRADE_COLOURS["excellent"], policy.excellent_min, None),
            (_("Good"), GRADE_COLOURS["good"], policy.good_min, policy.excellent_min),
            (_("Qualified"), GRADE_COLOURS["qualified"], policy.qualified_min, policy.good_min),
            (_("Unqualified"), GRADE_COLOURS["unqualified"], None, policy.qualified_min),
        ]
        return ctx


__all__ = [
    "CoverageView",
    "MyInspectionsView",
    "PlanDetailView",
    "PlanFormView",
    "PlanListView",
    "RoundCreateView",
    "RoundDetailView",
    "RoundListView",
    "ScoringPolicyView",
]
