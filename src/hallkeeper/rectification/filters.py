"""Filters of the notices list (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import BoundedDateField, BoundedDateFilter
from hallkeeper.inspections.filters import DATE_WIDGET, InspectorFilter
from hallkeeper.places.filters import SearchFilter, YesNoFilter, _hall_qs
from hallkeeper.places.models import Zone

from .choices import AWAITING_ZONE_STATES, OPEN_STATES, NoticeState
from .models import Notice
from .numbering import parse_notice_number


def _issuers(request):
    """People who issued a notice the user can see in this hall."""
    User = get_user_model()
    if request is None:
        return User.objects.none()
    issued = Notice.objects.visible_to(request.user).filter(hall=request.hall).values("issued_by_id")
    return User.objects.filter(pk__in=issued).order_by("last_name", "first_name", "username")


class NoticeNumberSearch(SearchFilter):
    """The notice search: text in the number or the requirement, or — when the text is a notice number, in the
    current form (鞍审批整改〔2026〕24号) or the old one (〔2026〕第 024 号) — the notice of that year and
    running number."""

    def _search(self, queryset, name, value):
        parsed = parse_notice_number(value)
        if parsed is None:
            return super()._search(queryset, name, value)
        q = Q(year=parsed.year, seq=parsed.seq)
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(q)


class NoticeFilter(django_filters.FilterSet):
    q = NoticeNumberSearch("number", "requirement", label=_("Number"))
    state = django_filters.ChoiceFilter(label=_("State"), choices=NoticeState.choices)
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=_hall_qs(Zone))
    open = YesNoFilter(label=_("Open"), method="filter_open")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    issuer = InspectorFilter(label=_("Issued by"), field_name="issued_by", queryset=_issuers)
    date_from = BoundedDateFilter(
        label=_("Issued from"), field_name="issued_at", lookup_expr="date__gte", widget=DATE_WIDGET
    )
    date_to = BoundedDateFilter(
        label=_("Issued to"), field_name="issued_at", lookup_expr="date__lte", widget=DATE_WIDGET
    )

    class Meta:
        model = Notice
        fields = ["q", "state", "zone", "open", "overdue", "issuer", "date_from", "date_to"]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(state__in=OPEN_STATES) if value else queryset.exclude(state__in=OPEN_STATES)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        overdue = {"state__in": AWAITING_ZONE_STATES, "deadline__lt": timezone.localdate()}
        return queryset.filter(**overdue) if value else queryset.exclude(**overdue)


class PeriodForm(forms.Form):
    """The statistics page: a period (by default the last 90 days, at most a year)."""

    date_from = BoundedDateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = BoundedDateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must start before it ends."), code="period_order")
        return data
