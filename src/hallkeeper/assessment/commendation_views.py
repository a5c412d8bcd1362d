"""The commendation's pages (表彰先进典型): thin views over ``services.py``, every read from ``visible_to``.

The supervision and leadership groups read every commendation of their hall (drafts included); the hall's
other staff read the published ones; another hall's id, or a draft out of scope, is a 404.
"""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.capabilities import approves_assessment, prepares_assessment, sees_whole_hall
from hallkeeper.core.errors import error_text
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import apply_service_errors, form_errors
from hallkeeper.core.views import HallMixin
from hallkeeper.org.models import Person
from hallkeeper.places.models import Window, Zone

from . import commendation, services
from .commendation_forms import CommendationForm, HandForm, RankingForm, ReasonForm
from .models import HONOUR_CN, Commendation, CommendationState, HonourTitle, Nomination
from .views import _UNSAFE, DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE


class CommendationMixin(HallMixin):
    def can_prepare(self) -> bool:
        return prepares_assessment(self.access, self.hall.pk)

    def can_approve(self) -> bool:
        return approves_assessment(self.access, self.hall.pk)

    def commendations(self):
        return Commendation.objects.visible_to(self.request.user).filter(hall=self.hall)

    def get_commendation(self) -> Commendation:
        return get_object_or_404(self.commendations(), pk=parse_id(self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        kwargs["assessment_hall_wide"] = sees_whole_hall(self.access, self.hall.pk)
        return super().get_context_data(**kwargs)


class CommendationListView(CommendationMixin, TemplateView):
    """The hall's commendations, newest first, filtered by state, 20 a page."""

    template_name = "assessment/commendation_list.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = self.commendations()
        state = self.request.GET.get("state", "")
        if state in CommendationState.values:
            rows = rows.filter(state=state)
        page = Paginator(rows, self.paginate_by).get_page(self.request.GET.get("page"))
        ctx.update(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            querystring=f"state={state}" if state in CommendationState.values else "",
            commendations=page.object_list,
            states=CommendationState.choices,
            state=state,
            can_prepare=self.can_prepare(),
        )
        return ctx


class CommendationCreateView(CommendationMixin, TemplateView):
    template_name = "assessment/commendation_form.html"

    def dispatch_allowed(self):
        if not self.can_prepare():
            raise PermissionDenied(_("Only the supervision group prepares a commendation."))

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        initial = {"from_month": today.replace(month=1, day=1), "to_month": today.replace(day=1)}
        ctx["form"] = form or CommendationForm(initial=initial)
        ctx["cancel_url"] = reverse("commendation_list", kwargs={"hall": self.hall.code})
        return ctx

    def get(self, request, *args, **kwargs):
        self.dispatch_allowed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.dispatch_allowed()
        form = CommendationForm(request.POST)
        if form.is_valid():
            try:
                created = services.commendation_create(
                    user=request.user,
                    hall=self.hall,
                    title=form.cleaned_data["title"],
                    from_month=form.cleaned_data["from_month"],
                    to_month=form.cleaned_data["to_month"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Commendation created; nominate from the ranking or by hand."))
                return redirect(created.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def hall_targets(hall) -> list[tuple[str, list[tuple[str, str]]]]:
    """The hall's zones, windows and window staff as grouped choices ``zone:12``."""
    zones = [(f"zone:{z.pk}", str(z)) for z in Zone.objects.filter(hall=hall).order_by("order", "code")]
    windows = [
        (f"window:{w.pk}", str(w))
        for w in Window.objects.filter(hall=hall).select_related("zone").order_by("zone__order", "number")
    ]
    people = [
        (f"person:{p.pk}", str(p))
        for p in Person.objects.filter(hall=hall, windows__isnull=False).distinct().order_by("code", "pk")
    ]
    return [(_("Zones"), zones), (_("Windows"), windows), (_("Window staff"), people)]


class CommendationDetailView(CommendationMixin, TemplateView):
    template_name = "assessment/commendation_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = self.get_commendation()
        nominations = list(
            Nomination.objects.visible_to(self.request.user).filter(commendation=item).select_related("added_by")
        )
        groups = [
            (HONOUR_CN[h], label, [n for n in nominations if n.honour == h])
            for h, label in HonourTitle.choices
            if any(n.honour == h for n in nominations)
        ]
        prepare, approve = self.can_prepare(), self.can_approve()
        editable = prepare and item.editable
        ctx.update(
            commendation=item,
            groups=groups,
            nominations=nominations,
            editable=editable,
            published_months=[p.label for p in services.published_months(item.hall, item.from_month, item.to_month)]
            if editable
            else [],
            span=commendation.span_text(item.from_month, item.to_month),
            can_submit=editable,
            can_review=approve and item.state == CommendationState.SUBMITTED,
            can_publish=approve and item.state == CommendationState.APPROVED,
            ranking_form=RankingForm(),
            hand_form=HandForm(targets=hall_targets(self.hall)),
            reason_form=ReasonForm(),
        )
        return ctx


class CommendationActionView(CommendationMixin, View):
    """POST one step: nominate (ranking, hand), submit, approve, reject, publish."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_commendation()
        action, user = kwargs["action"], request.user
        try:
            if action == "rank":
                form = RankingForm(request.POST)
                added = services.nominate_from_ranking(
                    user=user, commendation=item, honour=form.data.get("honour", ""), top=form.data.get("top", "")
                )
                done = _("%(count)s nominated from the ranking.") % {"count": len(added)}
            elif action == "hand":
                form = HandForm(request.POST, targets=hall_targets(self.hall))
                if not form.is_valid():
                    raise ValidationError(form_errors(form))
                target_type, target_id = form.cleaned_data["target"]
                services.nomination_add(
                    user=user,
                    commendation=item,
                    honour=form.cleaned_data["honour"],
                    target_type=target_type,
                    target_id=parse_id(target_id),
                    reason=form.cleaned_data["reason"],
                )
                done = _("Nominated.")
            elif action == "submit":
                services.commendation_submit(user=user, commendation=item)
                done = _("Submitted to the leadership group.")
            elif action == "approve":
                services.commendation_approve(user=user, commendation=item)
                done = _("Approved.")
            elif action == "reject":
                services.commendation_reject(user=user, commendation=item, reason=request.POST.get("reason", ""))
                done = _("Sent back to draft.")
            elif action == "publish":
                item = services.commendation_publish(user=user, commendation=item)
                done = _("Published as %(number)s.") % {"number": item.decision_number}
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
            return redirect(item.get_absolute_url())
        messages.success(request, done)
        return redirect(item.get_absolute_url())


class NominationActionView(CommendationMixin, View):
    """POST on one nomination: remove it, or rewrite its reason."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        item = self.get_commendation()
        nomination = get_object_or_404(
            Nomination.objects.visible_to(request.user).filter(commendation=item), pk=parse_id(kwargs["nomination"])
        )
        try:
            if kwargs["action"] == "remove":
                services.nomination_remove(user=request.user, nomination=nomination)
                done = _("Nomination removed.")
            elif kwargs["action"] == "reason":
                services.nomination_reason(
                    user=request.user, nomination=nomination, reason=request.POST.get("reason", "")
                )
                done = _("Reason saved.")
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
        return redirect(item.get_absolute_url())


def decision_filename(item: Commendation, extension: str) -> str:
    """``鞍审批发〔2026〕3号-表彰决定-2026年度.pdf``."""
    parts = (item.decision_number, "表彰决定", commendation.span_text(item.from_month, item.to_month))
    return f"{_UNSAFE.sub('', '-'.join(p for p in parts if p))}.{extension}"


class DecisionView(CommendationMixin, View):
    """The 表彰决定 as Word or PDF, for whoever reads the commendation (a draft prints without a number)."""

    http_method_names = ["get"]
    extension = "pdf"

    def get(self, request, *args, **kwargs):
        item = self.get_commendation()
        if self.extension == "docx":
            content, content_type = commendation.decision_docx(item, request.user), DOCX_CONTENT_TYPE
            disposition = "attachment"
        else:
            content, content_type = commendation.decision_pdf(item, request.user), PDF_CONTENT_TYPE
            disposition = "attachment" if request.GET.get("download") else "inline"
        response = HttpResponse(content, content_type=content_type)
        fallback = f"commendation-{item.pk}.{self.extension}"
        name = quote(decision_filename(item, self.extension))
        response["Content-Disposition"] = f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{name}"
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = "private, no-cache"
        return response
