"""Filters of the inspection lists, the findings list and the history pages (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.dates import day_bounds
from hallkeeper.core.input import BoundedDateField, BoundedDateFilter
from hallkeeper.places.filters import SearchFilter, YesNoFilter, _hall_qs
from hallkeeper.places.models import Window, Zone
from hallkeeper.standards.choices import Severity

from .choices import Grade, InspectionKind, InspectionStatus
from .models import AcceptanceRound, Finding, Inspection

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # ISO, as <input type=date> needs


def _inspectors(request):
    """People who carried out an inspection the user can see in this hall."""
    User = get_user_model()
    if request is None:
        return User.objects.none()
    # EXISTS per user (an index probe on the inspector) rather than IN over every inspection of the hall.
    done = Inspection.objects.visible_to(request.user).filter(hall=request.hall, inspector_id=OuterRef("pk"))
    return User.objects.filter(Exists(done)).order_by("last_name", "first_name", "username")


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class InspectorFilter(django_filters.ModelChoiceFilter):
    field_class = _PersonChoiceField


class InspectionFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=_hall_qs(Zone))
    inspector = InspectorFilter(label=_("Inspector"), queryset=_inspectors)
    grade = django_filters.ChoiceFilter(label=_("Grade"), choices=Grade.choices)
    passed = YesNoFilter(label=_("Passed"))
    date_from = BoundedDateFilter(label=_("From"), method="filter_from", widget=DATE_WIDGET)
    date_to = BoundedDateFilter(label=_("To"), method="filter_to", widget=DATE_WIDGET)
    round = django_filters.ModelChoiceFilter(label=_("Acceptance round"), queryset=_hall_qs(AcceptanceRound))

    class Meta:
        model = Inspection
        fields = ["kind", "status", "zone", "inspector", "grade", "passed", "date_from", "date_to", "round"]

    # The date of an inspection: when it was submitted, or (a draft) when it was started. Compared with the
    # local-midnight bounds of the day (an index range, no per-row date cast).
    def filter_from(self, queryset, name, value):
        start, _end = day_bounds(value)
        return queryset.filter(Q(submitted_at__gte=start) | Q(submitted_at__isnull=True, started_at__gte=start))

    def filter_to(self, queryset, name, value):
        _start, end = day_bounds(value)
        return queryset.filter(Q(submitted_at__lt=end) | Q(submitted_at__isnull=True, started_at__lt=end))


class FindingFilter(django_filters.FilterSet):
    rule = SearchFilter("rule__code", "rule__title", "rule_key", label=_("Rule"))
    zone = django_filters.ModelChoiceFilter(label=_("Zone"), queryset=_hall_qs(Zone))
    window = django_filters.ModelChoiceFilter(label=_("Window"), queryset=_hall_qs(Window))
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=Severity.choices)
    kind = django_filters.ChoiceFilter(
        label=_("Kind of inspection"), field_name="inspection__kind", choices=InspectionKind.choices
    )
    date_from = BoundedDateFilter(label=_("From"), method="filter_from", widget=DATE_WIDGET)
    date_to = BoundedDateFilter(label=_("To"), method="filter_to", widget=DATE_WIDGET)

    class Meta:
        model = Finding
        fields = ["rule", "zone", "window", "severity", "kind", "date_from", "date_to"]

    def filter_from(self, queryset, name, value):
        return queryset.filter(found_at__gte=day_bounds(value)[0])

    def filter_to(self, queryset, name, value):
        return queryset.filter(found_at__lt=day_bounds(value)[1])


class HistoryFilterForm(forms.Form):
    """The history pages: a kind and a period (by default the last 90 days, at most a year)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *InspectionKind.choices], required=False)
    date_from = BoundedDateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = BoundedDateField(label=_("To"), required=False, widget=DATE_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period must start before it ends."), code="period_order")
        return data
