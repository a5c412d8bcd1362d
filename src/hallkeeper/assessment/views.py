"""The assessment's pages: thin views over ``services.py``, every read from ``visible_to``."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.capabilities import (
    approves_assessment,
    leads_zones,
    prepares_assessment,
    reads_assessment_bulletin,
    sees_whole_hall,
)
from hallkeeper.core.errors import error_text
from hallkeeper.core.exports import export_filename, xlsx_response
from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import apply_service_errors
from hallkeeper.core.views import AdminEditsMixin, HallMixin
from hallkeeper.org.models import Person
from hallkeeper.places.models import Window, Zone
from hallkeeper.transfer.forms import ImportForm

from . import bulletin, imports, services
from .choices import LOCKED_STATES, AppealState, PeriodKind, PeriodState, TargetType
from .exports import results_workbook
from .forms import (
    AdjustmentForm,
    AnswerForm,
    AppealForm,
    CorrectForm,
    OpenAppealForm,
    PeriodCreateForm,
    WeightsForm,
    WithdrawForm,
)
from .models import AdjustmentItem, Appeal, AssessmentPeriod, AssessmentResult, ImportedIndicator, IndicatorWeights


class AssessmentMixin(HallMixin):
    def can_prepare(self) -> bool:
        return prepares_assessment(self.access, self.hall.pk)

    def can_approve(self) -> bool:
        return approves_assessment(self.access, self.hall.pk)

    def periods(self):
        return AssessmentPeriod.objects.visible_to(self.request.user).filter(hall=self.hall)

    def get_period(self) -> AssessmentPeriod:
        return get_object_or_404(self.periods(), pk=self.kwargs["pk"])

    def hall_wide(self) -> bool:
        return sees_whole_hall(self.access, self.hall.pk)

    def get_context_data(self, **kwargs):
        kwargs["assessment_hall_wide"] = self.hall_wide()
        return super().get_context_data(**kwargs)


class HallWideMixin(AssessmentMixin):
    """Pages of the hall-wide roles only (bonus and penalty items, indicators): anyone else gets a 404."""

    def get(self, request, *args, **kwargs):
        if not self.hall_wide():
            raise Http404
        return super().get(request, *args, **kwargs)


class PeriodListView(AssessmentMixin, TemplateView):
    """Periods by kind and state; the supervision group creates one."""

    template_name = "assessment/period_list.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        periods = self.periods()
        kind, state = self.request.GET.get("kind", ""), self.request.GET.get("state", "")
        if kind in PeriodKind.values:
            periods = periods.filter(kind=kind)
        if state in PeriodState.values:
            periods = periods.filter(state=state)
        ctx.update(
            periods=periods.select_related("corrects"),
            kinds=PeriodKind.choices,
            states=PeriodState.choices,
            kind=kind,
            state=state,
            can_prepare=self.can_prepare(),
            form=form or PeriodCreateForm(initial={"day": timezone.localdate()}),
            led_results=self._led_results(),
        )
        return ctx

    def _led_results(self):
        if not leads_zones(self.access, self.hall.pk):
            return []
        return (
            AssessmentResult.objects.visible_to(self.request.user)
            .filter(hall=self.hall, target_type=TargetType.ZONE, zone__lead__user=self.request.user)
            .select_related("period")
            .order_by("-period__starts_on", "-period__revision")[:24]
        )

    def post(self, request, *args, **kwargs):
        if not self.can_prepare():
            raise PermissionDenied(_("Only the supervision group prepares assessments."))
        form = PeriodCreateForm(request.POST)
        if form.is_valid():
            try:
                period = services.period_create(
                    user=request.user,
                    hall=self.hall,
                    kind=form.cleaned_data["kind"],
                    starts_on=form.cleaned_data["starts_on"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Period %(period)s computed.") % {"period": period.label})
                return redirect(period.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PeriodDetailView(AssessmentMixin, TemplateView):
    template_name = "assessment/period_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        period = self.get_period()
        results = sorted(
            AssessmentResult.objects.visible_to(self.request.user).filter(period=period),
            key=lambda r: (r.rank is None, r.rank or 0, r.name),
        )
        by_type = [
            (label, value, [r for r in results if r.target_type == value]) for value, label in TargetType.choices
        ]
        appeals = (
            Appeal.objects.visible_to(self.request.user)
            .filter(result__period=period)
            .select_related("result", "appealed_by", "answered_by")
        )
        revisions = self.periods().filter(kind=period.kind, starts_on=period.starts_on).order_by("revision")
        prepare, approve = self.can_prepare(), self.can_approve()
        ctx.update(
            period=period,
            by_type=by_type,
            appeals=appeals,
            revisions=revisions,
            can_compute=prepare and period.state == PeriodState.DRAFT,
            can_open=prepare and period.state == PeriodState.DRAFT,
            can_answer=prepare and period.state == PeriodState.APPEAL,
            can_approve=approve and period.state == PeriodState.APPEAL,
            can_publish=approve and period.state == PeriodState.APPROVED,
            can_correct=prepare and period.state == PeriodState.PUBLISHED and not services.has_later_revision(period),
            can_bulletin=period.state in LOCKED_STATES and reads_assessment_bulletin(self.access, self.hall.pk),
            open_form=OpenAppealForm(initial={"deadline": timezone.localdate() + timezone.timedelta(days=5)}),
            correct_form=CorrectForm(),
            answer_form=AnswerForm(),
            pending=AppealState.PENDING,
        )
        ctx.update(_honours_context(self, period))
        return ctx


class PeriodActionView(AssessmentMixin, View):
    """POST one step of a period: compute, open, approve, publish, correct."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        period = self.get_period()
        action = kwargs["action"]
        user = request.user
        target = period
        try:
            if action == "compute":
                services.period_compute(user=user, period=period)
                done = _("Computed again from the current data.")
            elif action == "open":
                form = OpenAppealForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(form.errors["deadline"])
                services.period_open_appeal(user=user, period=period, deadline=form.cleaned_data["deadline"])
                done = _("Open for appeal; the zone leads see their results.")
            elif action == "approve":
                services.period_approve(user=user, period=period)
                done = _("Approved.")
            elif action == "publish":
                services.period_publish(user=user, period=period)
                done = _("Published; the period is frozen.")
            elif action == "correct":
                form = CorrectForm(request.POST)
                reason = form.data.get("reason", "")
                target = services.period_correct(user=user, period=period, reason=reason)
                done = _("Revision %(revision)s started as a draft.") % {"revision": target.revision}
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(period.get_absolute_url())
        messages.success(request, done)
        return redirect(target.get_absolute_url())


class AppealAnswerView(AssessmentMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        appeal = get_object_or_404(
            Appeal.objects.visible_to(request.user).filter(hall=self.hall).select_related("result__period"),
            pk=kwargs["pk"],
        )
        form = AnswerForm(request.POST)
        period = appeal.result.period
        if not form.is_valid():
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
            return redirect(period.get_absolute_url())
        try:
            services.appeal_answer(
                user=request.user,
                appeal=appeal,
                upheld=form.cleaned_data["decision"] == "upheld",
                answer=form.cleaned_data["answer"],
                points=form.cleaned_data["points"],
            )
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Appeal answered."))
        return redirect(period.get_absolute_url())


class ResultView(AssessmentMixin, TemplateView):
    """One result with its breakdown; the zone's lead appeals from here (a phone-sized page)."""

    template_name = "assessment/result.html"

    def get_result(self) -> AssessmentResult:
        return get_object_or_404(
            AssessmentResult.objects.visible_to(self.request.user)
            .filter(hall=self.hall)
            .select_related("period", "zone"),
            pk=self.kwargs["pk"],
        )

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        result = self.get_result()
        ctx.update(
            result=result,
            period=result.period,
            indicators=indicator_rows(result),
            appeals=Appeal.objects.visible_to(self.request.user).filter(result=result),
            may_appeal=services.may_appeal(self.request.user, result),
            form=form or AppealForm(),
        )
        ctx.update(_honours_context(self, result.period))
        ctx["result_honours"] = ctx["honours"].kinds_of(
            (result.target_type, result.zone_id or result.window_id or result.person_id)
        )
        return ctx

    def post(self, request, *args, **kwargs):
        result = self.get_result()
        form = AppealForm(request.POST)
        if form.is_valid():
            try:
                services.appeal_submit(user=request.user, result=result, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Appeal sent; the supervision group will answer it."))
                return redirect("assessment_result", hall=self.hall.code, pk=result.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


INDICATOR_LABELS = {
    "patrol": gettext_lazy("Average inspection score"),
    "self_check": gettext_lazy("Self-check completion"),
    "acceptance": gettext_lazy("Acceptance result"),
    "rectification": gettext_lazy("Rectification"),
    "service": gettext_lazy("Service indicators"),
}


def indicator_rows(result: AssessmentResult) -> list[tuple[str, str | None, int]]:
    found = result.breakdown.get("indicators", {})
    return [
        (INDICATOR_LABELS[name], (found.get(name) or {}).get("value"), (found.get(name) or {}).get("weight"))
        for name in INDICATOR_LABELS
        if name in found
    ]


class PeriodExportView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        period = self.get_period()
        results = (
            AssessmentResult.objects.visible_to(request.user)
            .filter(period=period)
            .select_related("window__unit", "person__unit", "zone")
            .prefetch_related("zone__units")
            .order_by("target_type", models.F("rank").asc(nulls_last=True), "name")
        )
        content = results_workbook(period, results)
        return xlsx_response(content, export_filename(self.hall.display_name, _("Assessment"), period.label))


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def bulletin_filename(period: AssessmentPeriod, extension: str) -> str:
    """A Chinese download name: ``鞍审批〔2026〕7号-考核通报-2026年7月.docx`` (``-第2版`` for a revision)."""
    name = "-".join(
        part
        for part in (
            period.bulletin_number,
            "考核通报",
            bulletin.period_text(period.kind, period.starts_on),
            f"第{period.revision}版" if period.revision > 1 else "",
        )
        if part
    )
    return f"{_UNSAFE.sub('', name)}.{extension}"


def bulletin_ascii_filename(period: AssessmentPeriod, extension: str) -> str:
    return f"bulletin-{period.starts_on:%Y-%m}-{period.kind}-r{period.revision}.{extension}"


class BulletinView(AssessmentMixin, View):
    """The period's bulletin (考核通报) as Word or PDF: for the hall-wide roles (anyone else: 404), once the
    period is approved; a draft or a period open for appeal is refused with a message on the period's page.
    The first download takes the bulletin's number (``services.bulletin_number``)."""

    http_method_names = ["get"]
    extension = "pdf"

    def get(self, request, *args, **kwargs):
        period = self.get_period()
        if not reads_assessment_bulletin(self.access, self.hall.pk):
            raise Http404
        try:
            period = services.bulletin_number(user=request.user, period=period)
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(period.get_absolute_url())
        if self.extension == "docx":
            content, content_type, disposition = (
                bulletin.bulletin_docx(period, request.user),
                DOCX_CONTENT_TYPE,
                "attachment",
            )
        else:
            content, content_type = bulletin.bulletin_pdf(period, request.user), PDF_CONTENT_TYPE
            disposition = "attachment" if request.GET.get("download") else "inline"
        response = HttpResponse(content, content_type=content_type)
        name, fallback = bulletin_filename(period, self.extension), bulletin_ascii_filename(period, self.extension)
        response["Content-Disposition"] = f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = "private, no-cache"
        return response


def adjustment_form(hall, *args, **kwargs) -> AdjustmentForm:
    """The item form with the hall's zones, windows and window staff to choose from."""
    return AdjustmentForm(
        *args,
        zones=Zone.objects.filter(hall=hall).order_by("order", "code"),
        windows=Window.objects.filter(hall=hall).select_related("zone").order_by("zone__order", "number"),
        people=Person.objects.filter(hall=hall, windows__isnull=False).distinct().order_by("code"),
        **kwargs,
    )


class AdjustmentListView(HallWideMixin, TemplateView):
    """Bonus and penalty items, newest first; the supervision group enters them."""

    template_name = "assessment/adjustments.html"

    paginate_by = 50

    def make_form(self, *args, **kwargs):
        return adjustment_form(self.hall, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        items = AdjustmentItem.objects.visible_to(self.request.user).filter(hall=self.hall)
        page = Paginator(
            items.select_related("hall", "zone", "window", "person", "entered_by"), self.paginate_by
        ).get_page(self.request.GET.get("page"))
        page.object_list = list(page.object_list)
        can_prepare = self.can_prepare()
        if can_prepare:
            locked = services.locked_months(self.hall, [item.on.replace(day=1) for item in page.object_list])
            for item in page.object_list:
                item.changeable = not services.adjustment_change_refusal(item, locked)
        ctx.update(
            items=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            can_prepare=can_prepare,
            form=form or self.make_form(),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can_prepare():
            raise PermissionDenied(_("Only the supervision group enters bonus and penalty items."))
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.adjustment_add(user=request.user, hall=self.hall, **form.service_values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Item entered."))
                return redirect("assessment_adjustments", hall=self.hall.code)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AdjustmentItemMixin(AssessmentMixin, TemplateView):
    """One bonus or penalty item of the hall: a 404 outside the hall-wide roles or for an item they do not see,
    a 403 for a hall-wide role that does not prepare the assessment; an item that may no longer change sends
    back to the list with the reason."""

    refused = gettext_lazy("Only the supervision group changes bonus and penalty items.")

    def get_item(self) -> AdjustmentItem:
        if not self.hall_wide():
            raise Http404
        item = get_object_or_404(
            AdjustmentItem.objects.visible_to(self.request.user).filter(hall=self.hall).select_related("hall"),
            pk=parse_id(self.kwargs["pk"]),
        )
        if not self.can_prepare():
            raise PermissionDenied(self.refused)
        return item

    def get(self, request, *args, **kwargs):
        self.item = self.get_item()
        refusal = services.adjustment_change_refusal(self.item)
        if refusal:
            messages.error(request, refusal)
            return redirect("assessment_adjustments", hall=self.hall.code)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(item=self.item, form=form or self.blank_form())
        return ctx

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect("assessment_adjustments", hall=self.hall.code)


class AdjustmentChangeView(AdjustmentItemMixin):
    template_name = "assessment/adjustment_change.html"

    def blank_form(self):
        return adjustment_form(self.hall, initial=AdjustmentForm.initial_for(self.item), editing=True)

    def post(self, request, *args, **kwargs):
        self.item = self.get_item()
        form = adjustment_form(self.hall, request.POST, request.FILES, editing=True)
        if form.is_valid():
            try:
                services.adjustment_change(user=request.user, item=self.item, **form.service_values())
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return self.done(_("Item changed."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AdjustmentWithdrawView(AdjustmentItemMixin):
    """Asks for the reason and a confirmation before withdrawing the item (a POST)."""

    template_name = "assessment/adjustment_withdraw.html"
    refused = gettext_lazy("Only the supervision group withdraws bonus and penalty items.")

    def blank_form(self):
        return WithdrawForm()

    def post(self, request, *args, **kwargs):
        self.item = self.get_item()
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.adjustment_withdraw(user=request.user, item=self.item, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return self.done(_("Item withdrawn."))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class EvidenceView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        from hallkeeper.core.views import private_file_response

        item = get_object_or_404(
            AdjustmentItem.objects.visible_to(request.user).filter(hall=self.hall).exclude(evidence=""),
            pk=parse_id(kwargs["pk"]),
        )
        return private_file_response(item.evidence, filename=item.evidence.name.rsplit("/", 1)[-1])


class IndicatorImportView(HallWideMixin, TemplateView):
    template_name = "assessment/indicators.html"

    def get_context_data(self, form=None, result=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            form=form or ImportForm(),
            result=result,
            can_prepare=self.can_prepare(),
            indicators=ImportedIndicator.objects.visible_to(self.request.user)
            .filter(hall=self.hall)
            .select_related("window", "person")[:200],
            max_rows=settings.HALLKEEPER_IMPORT_MAX_ROWS,
        )
        return ctx

    def post(self, request, *args, **kwargs):
        if not self.can_prepare():
            raise PermissionDenied(_("Only the supervision group imports indicators."))
        form = ImportForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            result = services.indicators_import(user=request.user, hall=self.hall, file=form.cleaned_data["file"])
            if result.ok:
                messages.success(
                    request,
                    _("Indicators imported: %(created)s new, %(updated)s replaced.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("assessment_indicators", hall=self.hall.code)
        return self.render_to_response(self.get_context_data(form=form, result=result), status=400)


class IndicatorTemplateView(AssessmentMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(imports.template_workbook(), export_filename(_("Indicators"), _("import template")))


class WeightsView(AdminEditsMixin, AssessmentMixin, HallSettingsView):
    """The hall's weights: administrators edit, everyone else reads."""

    settings_model = IndicatorWeights
    form_class = WeightsForm
    template_name = "assessment/weights.html"
    url_name = "assessment_weights"
    fresh_read = True
    saved_message = gettext_lazy("Assessment weights saved; they apply to periods computed from now on.")
    edit_refused_message = gettext_lazy("Only administrators change the assessment weights.")
    invalid_status = 400

    def save(self, instance) -> None:
        services.weights_save(user=self.request.user, instance=instance)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.can_edit
        ctx["weights"] = self.saved_settings()
        return ctx


def _honours_context(view, period) -> dict:
    from .honour_views import honours_context

    return honours_context(view, period)


class HeatMapView(HallWideMixin, TemplateView):
    """The floor plan coloured by each zone's score of a month (``?month=YYYY-MM``): the published result, or the
    live provisional score of a month not published; for the hall-wide roles (anyone else: 404)."""

    template_name = "assessment/heatmap.html"

    def get_context_data(self, **kwargs):
        from . import heatmap

        ctx = super().get_context_data(**kwargs)
        asked = self.request.GET.get("month")
        month = heatmap.parse_month(asked)
        heat = heatmap.heat_map(self.hall, month)
        months = (
            self.periods()
            .filter(kind=PeriodKind.MONTH, state=PeriodState.PUBLISHED)
            .order_by("-starts_on")
            .values_list("starts_on", flat=True)
            .distinct()[:24]
        )
        current = timezone.localdate().replace(day=1)
        ctx.update(
            heat=heat,
            link_zones=True,
            bad_month=bool(asked) and month is None,
            months=[current, *[m for m in months if m != current]],
        )
        return ctx
