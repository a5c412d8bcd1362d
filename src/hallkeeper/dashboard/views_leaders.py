"""The leaders' pages: one hall's dashboard for a month, the halls compared side by side, and the site-wide
star-rating thresholds. The figures come from ``leaders.py`` and ``comparison.py``; a bad month parameter is a
message on the page (status 400), never a 500."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from hallkeeper.assessment import heatmap
from hallkeeper.core.access import get_access
from hallkeeper.core.capabilities import edits_star_thresholds, reads_leaders_dashboard, sees_whole_hall
from hallkeeper.core.context_processors import compares_halls
from hallkeeper.core.exports import Column, build_workbook, export_filename, xlsx_response
from hallkeeper.core.validation import ServiceErrorsMixin
from hallkeeper.core.views import HallMixin

from . import comparison, leaders, services
from .models import StarThresholds


def _score(value) -> str:
    return "" if value is None else str(value)


class MonthMixin:
    """Reads ``?month=YYYY-MM``: ``self.month`` (the current month by default) and ``self.month_error``."""

    def read_month(self, request) -> None:
        today = timezone.localdate()
        self.today = today
        self.month_error = ""
        try:
            self.month = leaders.parse_month(request.GET.get("month"), today)
        except ValueError as error:
            self.month_error = str(error)
            self.month = today.replace(day=1)

    def render_month_page(self, context):
        return self.render_to_response(context, status=400 if self.month_error else 200)


class LeadersDashboardView(MonthMixin, HallMixin, TemplateView):
    """The hall's trend, movement, failed rules, recurring problems and inspector workload for a month."""

    template_name = "dashboard/leaders.html"

    def get(self, request, *args, **kwargs):
        if not reads_leaders_dashboard(self.access, self.hall.pk):
            raise PermissionDenied(_("The leaders' dashboard is for the leadership and supervision groups."))
        self.read_month(request)
        self.board = leaders.leaders_dashboard(request.user, self.hall, self.month, today=self.today)
        if request.GET.get("export") == "xlsx" and not self.month_error:
            return self.export()
        return self.render_month_page(self.get_context_data())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        board = self.board
        ctx.update(
            board=board,
            month_value=f"{self.month:%Y-%m}",
            month_last=leaders.month_end(self.month),
            month_error=self.month_error,
            current_month=f"{self.today:%Y-%m}",
            provisional_months=[m for m, p in zip(board.scores.months, board.scores.provisional, strict=True) if p],
            trend_chart=board.scores.chart(_("Hall")),
            pareto_chart=board.pareto_chart,
            compares_halls=compares_halls(self.access),
            # the floor plan coloured by the month's zone scores, for those who see the whole hall
            heat=heatmap.heat_map(self.hall, self.month, today=self.today)
            if sees_whole_hall(self.access, self.hall.pk)
            else None,
            link_zones=True,
        )
        return ctx

    def export(self):
        board, month = self.board, f"{self.month:%Y-%m}"
        sheets = [
            (
                _("Movement"),
                [
                    Column(_("Zone"), lambda r: f"{r.code} {r.name}", 30),
                    Column(_("Previous month"), lambda r: _score(r.before)),
                    Column(_("This month"), lambda r: _score(r.now)),
                    Column(_("Change"), lambda r: _score(r.delta)),
                ],
                board.movement.rows,
            ),
            (
                _("Failed rules"),
                [
                    Column(_("Rule"), lambda r: r.rule.code),
                    Column(_("Title"), lambda r: r.rule.title, 50),
                    Column(_("Findings"), lambda r: r.count),
                    Column(_("Cumulative %"), lambda r: str(r.cumulative)),
                ],
                board.pareto,
            ),
            (
                _("Recurring problems"),
                [
                    Column(_("Zone"), lambda r: f"{r.zone_code} {r.zone_name}", 30),
                    Column(_("Rule"), lambda r: f"{r.rule.code} {r.rule.title}", 50),
                    Column(_("Repeats"), lambda r: r.repeats),
                    Column(_("Last found"), lambda r: r.last_found.isoformat()),
                ],
                board.recurring,
            ),
            (
                _("Inspector workload"),
                [
                    Column(_("Inspector"), lambda r: r.name, 20),
                    Column(_("Checks"), lambda r: r.checks),
                    Column(_("Zones checked"), lambda r: r.zones),
                    Column(_("Findings"), lambda r: r.findings),
                    Column(_("Findings per check"), lambda r: _score(r.findings_per_check)),
                ],
                board.workload,
            ),
        ]
        title = _("Leaders' dashboard")
        return xlsx_response(build_workbook(sheets), export_filename(self.hall.display_name, title, month))


class HallComparisonView(MonthMixin, TemplateView):
    """The halls the user reads whole, compared for a month, with their stars; sortable, exportable."""

    template_name = "dashboard/hall_comparison.html"

    def get(self, request, *args, **kwargs):
        access = get_access(request.user)
        if not compares_halls(access):
            raise PermissionDenied(_("Comparing halls needs access to more than one hall."))
        self.read_month(request)
        self.sort = request.GET.get("sort") or comparison.DEFAULT_SORT
        rows = comparison.compare_halls(request.user, self.month, today=self.today)
        self.rows = comparison.sort_rows(rows, self.sort)
        if request.GET.get("export") == "xlsx" and not self.month_error:
            return self.export()
        return self.render_month_page(self.get_context_data())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            rows=self.rows,
            sort=self.sort,
            month=self.month,
            month_value=f"{self.month:%Y-%m}",
            month_error=self.month_error,
            current_month=f"{self.today:%Y-%m}",
            thresholds=StarThresholds.current(),
            can_edit_thresholds=edits_star_thresholds(get_access(self.request.user)),
            compares_halls=True,
        )
        return ctx

    def export(self):
        columns = [
            Column(_("Hall"), lambda r: r.hall.name, 30),
            Column(_("Stars"), lambda r: r.stars if r.stars is not None else _("Not rated")),
            Column(_("Mean zone score"), lambda r: _score(r.mean)),
            Column(_("Excellent zones"), lambda r: r.excellent),
            Column(_("Failing zones"), lambda r: r.failing),
            Column(_("On-time closure %"), lambda r: _score(r.on_time_rate)),
            Column(_("Overdue notices"), lambda r: r.overdue),
            Column(_("Checks"), lambda r: r.checks),
            Column(_("Findings per check"), lambda r: _score(r.findings_per_check)),
        ]
        title = _("Halls compared")
        return xlsx_response(
            build_workbook([(title, columns, self.rows)]), export_filename(title, f"{self.month:%Y-%m}")
        )


class StarThresholdsForm(forms.Form):
    two_stars = forms.DecimalField(label=gettext_lazy("Two stars from"), max_digits=4, decimal_places=1)
    three_stars = forms.DecimalField(label=gettext_lazy("Three stars from"), max_digits=4, decimal_places=1)
    four_stars = forms.DecimalField(label=gettext_lazy("Four stars from"), max_digits=4, decimal_places=1)
    five_stars = forms.DecimalField(label=gettext_lazy("Five stars from"), max_digits=4, decimal_places=1)

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for f in self.fields.values():
            f.widget.attrs.update({"step": "0.1", "min": "0", "max": "100"})
            f.disabled = read_only


class StarThresholdsView(ServiceErrorsMixin, FormView):
    """The site-wide star thresholds: everyone who compares halls reads them; a superuser or bureau
    administrator changes them."""

    template_name = "dashboard/star_thresholds.html"
    form_class = StarThresholdsForm

    def dispatch(self, request, *args, **kwargs):
        self.access = get_access(request.user)
        if not compares_halls(self.access):
            raise PermissionDenied(_("Comparing halls needs access to more than one hall."))
        self.can_edit = edits_star_thresholds(self.access)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(_("Only a superuser or a bureau administrator changes the star thresholds."))
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        current = StarThresholds.current()
        return {name: getattr(current, name) for name in StarThresholds.FIELDS}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["read_only"] = not self.can_edit
        return kwargs

    def form_valid(self, form):
        try:
            services.star_thresholds_save(user=self.request.user, lines=form.cleaned_data)
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(self.request, _("Star thresholds saved; the comparison uses them now."))
        return redirect("star_thresholds")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.can_edit
        ctx["thresholds"] = StarThresholds.current()
        ctx["compares_halls"] = True
        return ctx
