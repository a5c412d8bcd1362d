"""The honours' pages: the hall's honour rules, the red flag's history and the flag card (PDF)."""

from __future__ import annotations

from urllib.parse import quote

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.halls.documents import issuer_for

from . import bulletin, honours, services
from .choices import HonourKind, PeriodKind, PeriodState, TargetType
from .flag_card import Card, flag_card_pdf
from .forms import HonourRulesForm
from .models import Honour, HonourRules
from .views import AssessmentMixin


class HonourRulesView(AssessmentMixin, HallSettingsView):
    """The hall's honour rules: the supervision group and administrators edit, everyone else reads."""

    settings_model = HonourRules
    form_class = HonourRulesForm
    template_name = "assessment/honour_rules.html"
    url_name = "assessment_honour_rules"
    fresh_read = True
    saved_message = gettext_lazy("Honour rules saved; they apply to periods published from now on.")
    invalid_status = 400

    @property
    def can_edit(self) -> bool:
        return self.can_prepare()

    def post(self, request, *args, **kwargs):
        if not self.can_edit:
            raise PermissionDenied(
                gettext_lazy("Only the supervision group and administrators change the honour rules.")
            )
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["read_only"] = not self.can_edit
        return kwargs

    def save(self, instance) -> None:
        services.honour_rules_save(user=self.request.user, instance=instance)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_edit"] = self.can_edit
        return ctx


class FlagHistoryView(AssessmentMixin, TemplateView):
    """流动红旗: the current holder, month by month who held it, and how many times each unit held it."""

    template_name = "assessment/flag_history.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        months, tally = honours.flag_history(self.hall, self.request.user)
        page = Paginator(months, 24).get_page(self.request.GET.get("page"))
        ctx.update(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.paginator.num_pages > 1,
            months=page.object_list,
            tally=tally,
            current=months[0] if months else None,
            rules=honours.rules_row(self.hall),
        )
        return ctx


def card_filename(period) -> str:
    return f"流动红旗-{bulletin.period_text(period.kind, period.starts_on)}.pdf"


class FlagCardView(AssessmentMixin, View):
    """The printable flag card of a published month (one page per holder); anyone who reads the period's
    honours; a period without a published flag is a 404."""

    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        period = self.get_period()
        if period.state != PeriodState.PUBLISHED or period.kind != PeriodKind.MONTH:
            raise Http404
        holders = list(
            Honour.objects.visible_to(request.user).filter(period=period, kind=HonourKind.RED_FLAG).order_by("name")
        )
        if not holders:
            raise Http404
        issuer = issuer_for(self.hall)
        dated = timezone.localdate(period.published_at or timezone.now())
        labels = {TargetType.ZONE: "责任区", TargetType.WINDOW: "窗口", TargetType.PERSON: "同志"}
        content = flag_card_pdf(
            [
                Card(
                    hall_name=self.hall.name,
                    holder=h.name,
                    starts_on=period.starts_on,
                    score=h.score,
                    issuer=issuer.name,
                    dated=dated,
                    target_label=labels.get(h.target_type, ""),
                )
                for h in holders
            ]
        )
        response = HttpResponse(content, content_type="application/pdf")
        fallback = f"red-flag-{period.starts_on:%Y-%m}-r{period.revision}.pdf"
        disposition = "attachment" if request.GET.get("download") else "inline"
        response["Content-Disposition"] = (
            f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(card_filename(period))}"
        )
        response["Content-Length"] = str(len(content))
        response["Cache-Control"] = "private, no-cache"
        return response


def honours_context(view, period) -> dict:
    """The honours of ``period`` for the period and result pages (frozen once published, else provisional)."""
    shown = honours.shown_for(period, view.request.user)
    return {
        "honours": shown,
        "honour_kinds": HonourKind,
        "can_flag_card": period.state == PeriodState.PUBLISHED and bool(shown.flag),
    }
