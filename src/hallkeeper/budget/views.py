"""The budget's pages: thin views over ``services.py``; every read starts from ``visible_to``.

Everyone working in the hall reads the price list; the hall-wide readers and the budget's keepers read every
survey whole, a zone lead only the lines and hand-outs of their zones (another zone's page is a 404); the keepers
(administrators, the leadership group) change the budget, the leadership group approves it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.capabilities import approves_budget, manages_budget, reads_whole_budget
from hallkeeper.core.errors import error_text
from hallkeeper.core.exports import export_filename, xlsx_response
from hallkeeper.core.input import parse_id
from hallkeeper.core.uploads import validate_image
from hallkeeper.core.validation import apply_service_errors, field_error
from hallkeeper.core.views import HallMixin, PrivatePhotoView, private_file_response
from hallkeeper.places.models import Zone

from . import exports, imports, selectors, services
from .choices import SurveyState
from .forms import CountsForm, HandOutForm, ImportForm, PriceItemForm, PurchaseForm, ReasonForm, SurveyForm
from .models import PriceItem, Purchase, Survey


class BudgetMixin(HallMixin):
    def can_manage(self) -> bool:
        return manages_budget(self.access, self.hall.pk)

    def must_manage(self) -> None:
        if not self.can_manage():
            raise PermissionDenied(_("Only administrators and the leadership group keep the budget."))

    def get_survey(self) -> Survey:
        return get_object_or_404(selectors.surveys_for(self.request.user, self.hall), pk=parse_id(self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        kwargs["can_manage"] = self.can_manage()
        return super().get_context_data(**kwargs)


class FormPage(BudgetMixin, TemplateView):
    """A page with one form whose POST goes to a service; a refusal is shown on the form (status 400)."""

    template_name = "budget/form.html"
    form_class = None
    title = ""

    def allowed(self) -> None:
        self.must_manage()

    def make_form(self, data=None, files=None):
        return self.form_class(data, files)

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(form=form or self.make_form(), title=self.title, cancel_url=self.cancel_url())
        return ctx

    def cancel_url(self) -> str:
        return reverse("budget_home", kwargs={"hall": self.hall.code})

    def get(self, request, *args, **kwargs):
        self.allowed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.allowed()
        form = self.make_form(request.POST, request.FILES)
        if form.is_valid():
            try:
                return self.save(form)
            except ValidationError as error:
                apply_service_errors(form, error)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def save(self, form):
        """Hand the valid form to the page's service and answer with where to go next (each page defines it)."""
        raise TypeError(f"{type(self).__name__} must define save()")


# -- surveys ------------------------------------------------------------------------------------------------


class SurveyListView(BudgetMixin, TemplateView):
    template_name = "budget/survey_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = selectors.surveys_for(self.request.user, self.hall)
        state = self.request.GET.get("state", "")
        if state in SurveyState.values:
            rows = rows.filter(state=state)
        page = Paginator(rows, 20).get_page(self.request.GET.get("page"))
        ctx.update(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            querystring=f"state={state}" if state in SurveyState.values else "",
            surveys=page.object_list,
            states=SurveyState.choices,
            state=state,
            has_prices=PriceItem.objects.visible_to(self.request.user).filter(hall=self.hall).exists(),
        )
        return ctx


class SurveyCreateView(FormPage):
    form_class = SurveyForm

    @property
    def title(self):
        return _("New budget survey")

    def make_form(self, data=None, files=None):
        initial = {"surveyed_on": timezone.localdate(), "title": _("Budget for organizer boxes and dividers")}
        return SurveyForm(data, initial=initial)

    def save(self, form):
        survey = services.survey_create(user=self.request.user, hall=self.hall, **form.cleaned_data)
        messages.success(self.request, _("Survey started: %(count)s lines.") % {"count": survey.lines.count()})
        return redirect(survey.get_absolute_url())


class SurveyDetailView(BudgetMixin, TemplateView):
    template_name = "budget/survey_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        survey = self.get_survey()
        view = selectors.survey_view(self.request.user, survey)
        manage = self.can_manage()
        by_pk = {line.zone_id: line.zone for line in view.lines}
        led = {pk for pk, zone in by_pk.items() if services.may_count(self.request.user, zone)}
        ctx.update(
            survey=survey,
            view=view,
            zones=[(group, int(group.key) in led) for group in view.by_zone],
            can_count=survey.is_draft and bool(led),
            can_edit=manage and survey.is_draft,
            can_review=approves_budget(self.access, self.hall.pk) and survey.state == SurveyState.SUBMITTED,
            can_track=manage and survey.is_approved,
            can_export=reads_whole_budget(self.access, self.hall.pk),
            reason_form=ReasonForm(),
        )
        return ctx


class SurveyActionView(BudgetMixin, View):
    """POST one step: recompute, submit, approve, reject."""

    http_method_names = ["post"]
    steps = {
        "recompute": (services.survey_recompute, gettext_lazy("Requirements and prices read again.")),
        "submit": (services.survey_submit, gettext_lazy("Submitted to the leadership group.")),
        "approve": (services.survey_approve, gettext_lazy("Budget approved; its lines are frozen.")),
    }

    def post(self, request, *args, **kwargs):
        survey = self.get_survey()
        action = kwargs["action"]
        try:
            if action == "reject":
                services.survey_reject(user=request.user, survey=survey, reason=request.POST.get("reason", ""))
                done = _("Sent back to draft.")
            elif action in self.steps:
                step, done = self.steps[action]
                step(user=request.user, survey=survey)
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
        return redirect(survey.get_absolute_url())


class CountsView(FormPage):
    """The zone lead's phone form: what the zone has of each item it needs."""

    template_name = "budget/counts.html"

    @property
    def title(self):
        return _("What %(zone)s has") % {"zone": self.zone}

    def setup_objects(self):
        self.survey = self.get_survey()
        lines = selectors.lines_for(self.request.user, self.survey)
        self.lines = list(lines.filter(zone_id=parse_id(self.kwargs["zone"])))
        if not self.lines:
            raise Http404
        self.zone = self.lines[0].zone

    def allowed(self) -> None:
        self.setup_objects()
        if not services.may_count(self.request.user, self.zone):
            raise PermissionDenied(_("Only the zone's lead (or the budget's keepers) enters what it has."))

    def make_form(self, data=None, files=None):
        return CountsForm(data, lines=self.lines)

    def cancel_url(self) -> str:
        return self.survey.get_absolute_url()

    def get_context_data(self, **kwargs):
        kwargs.update(survey=self.survey, zone=self.zone)
        return super().get_context_data(**kwargs)

    def save(self, form):
        count = services.counts_save(user=self.request.user, survey=self.survey, zone=self.zone, counts=form.counts())
        messages.success(self.request, _("%(count)s counts saved for %(zone)s.") % {"count": count, "zone": self.zone})
        return redirect(self.survey.get_absolute_url())


class SurveyExportView(BudgetMixin, View):
    """The finance office's workbook of the whole survey."""

    def get(self, request, *args, **kwargs):
        survey = self.get_survey()
        if not reads_whole_budget(self.access, self.hall.pk):
            raise PermissionDenied(_("The budget workbook holds every zone; ask the leadership group for it."))
        content = exports.workbook(self.hall, survey, selectors.survey_view(request.user, survey))
        return xlsx_response(content, export_filename(self.hall.display_name, survey.title))


# -- purchases and hand-outs ------------------------------------------------------------------------------


class TrackPage(FormPage):
    def allowed(self) -> None:
        self.must_manage()
        self.survey = self.get_survey()

    def cancel_url(self) -> str:
        return self.survey.get_absolute_url()

    def done(self, message: str):
        messages.success(self.request, message)
        return redirect(self.survey.get_absolute_url() + "#tracking")


class PurchaseCreateView(TrackPage):
    @property
    def title(self):
        return _("Record a purchase")

    def make_form(self, data=None, files=None):
        return PurchaseForm(
            data, files, items=selectors.survey_items(self.survey), initial={"bought_on": timezone.localdate()}
        )

    def save(self, form):
        data = dict(form.cleaned_data)
        upload = data.pop("evidence")
        try:
            evidence = validate_image(upload) if upload else None
        except ValidationError as error:  # the picture's own check, shown on its field
            raise field_error("evidence", " ".join(error.messages), "evidence") from None
        item = PriceItem.objects.filter(hall=self.hall, pk=data.pop("item")).first()
        services.purchase_record(user=self.request.user, survey=self.survey, item=item, evidence=evidence, **data)
        return self.done(_("Purchase recorded."))


class HandOutCreateView(TrackPage):
    @property
    def title(self):
        return _("Record a hand-out")

    def make_form(self, data=None, files=None):
        zones = Zone.objects.filter(pk__in=self.survey.lines.values("zone_id")).order_by("order", "code")
        return HandOutForm(
            data,
            zones=zones,
            items=selectors.survey_items(self.survey),
            initial={"handed_on": timezone.localdate()},
        )

    def save(self, form):
        data = dict(form.cleaned_data)
        zone = Zone.objects.filter(hall=self.hall, pk=data.pop("zone")).first()
        item = PriceItem.objects.filter(hall=self.hall, pk=data.pop("item")).first()
        services.handout_record(user=self.request.user, survey=self.survey, zone=zone, item=item, **data)
        return self.done(_("Hand-out recorded."))


class EvidenceView(PrivatePhotoView):
    filename_prefix = "invoice"

    def photos(self):
        return Purchase.objects.visible_to(self.request.user).filter(survey__hall=self.hall)

    def get(self, request, *args, **kwargs):
        purchase = get_object_or_404(self.photos(), pk=parse_id(kwargs["pk"]))
        return private_file_response(purchase.evidence, filename=f"invoice-{purchase.pk}")


# -- the price list -----------------------------------------------------------------------------------------


class PriceListView(BudgetMixin, TemplateView):
    template_name = "budget/prices.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["items"] = PriceItem.objects.visible_to(self.request.user).filter(hall=self.hall)
        return ctx


class PriceItemView(FormPage):
    """Add an item (``pk`` absent) or change one."""

    def item(self) -> PriceItem | None:
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            PriceItem.objects.visible_to(self.request.user).filter(hall=self.hall), pk=parse_id(self.kwargs["pk"])
        )

    @property
    def title(self):
        return _("Price list item")

    def cancel_url(self) -> str:
        return reverse("budget_prices", kwargs={"hall": self.hall.code})

    def make_form(self, data=None, files=None):
        item = self.item()
        initial = {name: getattr(item, name) for name in services.PRICE_FIELDS} if item else {}
        return PriceItemForm(data, initial=initial)

    def save(self, form):
        services.price_item_save(user=self.request.user, hall=self.hall, data=form.cleaned_data, item=self.item())
        messages.success(self.request, _("Price list saved."))
        return redirect(self.cancel_url())


class PriceImportView(FormPage):
    template_name = "budget/import.html"
    form_class = ImportForm

    @property
    def title(self):
        return _("Import the price list")

    def cancel_url(self) -> str:
        return reverse("budget_prices", kwargs={"hall": self.hall.code})

    def get(self, request, *args, **kwargs):
        if request.GET.get("template"):
            self.allowed()
            return xlsx_response(imports.template_workbook(), export_filename(_("price list template")))
        return super().get(request, *args, **kwargs)

    def save(self, form):
        result = services.price_list_import(user=self.request.user, hall=self.hall, file=form.cleaned_data["file"])
        if not result.ok:
            return self.render_to_response(self.get_context_data(form=form, result=result), status=400)
        messages.success(
            self.request,
            _("Price list imported: %(created)s added, %(updated)s changed.")
            % {"created": result.created, "updated": result.updated},
        )
        return redirect(self.cancel_url())
