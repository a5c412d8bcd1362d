"""The audit trail's filters: period, actor, action and record type."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Event
from .verbs import verb_choices


class AuditFilter(django_filters.FilterSet):
    since = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        field_name="created_at",
        lookup_expr="date__lte",
        label=_("Until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    actor = django_filters.CharFilter(label=_("Actor"), method="filter_actor")
    verb = django_filters.ChoiceFilter(label=_("Action"), choices=(), method="filter_verb")
    record_type = django_filters.ModelChoiceFilter(
        label=_("Record type"), field_name="content_type", queryset=ContentType.objects.none()
    )

    class Meta:
        model = Event
        fields = ["since", "until", "actor", "verb", "record_type"]

    def __init__(self, *args, verbs=(), record_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["verb"].extra["choices"] = verb_choices(verbs)
        self.filters["record_type"].queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in record_types])

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_username__icontains=value) | Q(actor_name__icontains=value))

    def filter_verb(self, queryset, name, value):
        return queryset.filter(verb=value) if value else queryset
