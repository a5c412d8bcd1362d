"""The audit trail's filters: period, actor, action and record type."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .dates import day_bounds
from .models import Event
from .verbs import verb_choices


def hall_choices(model, action="view"):
    """A filter's choice list: the request's hall's rows of ``model`` the user reaches (``visible_to``)."""

    def qs(request):
        if request is None:
            return model.objects.none()
        return model.objects.visible_to(request.user, action).filter(hall=request.hall)

    return qs


class YesNoFilter(django_filters.BooleanFilter):
    """A yes / no / either choice that reads well in Chinese (not Django's "unknown")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", _("All")), ("true", _("Yes")), ("false", _("No"))]))
        super().__init__(*args, **kwargs)


class SearchFilter(django_filters.CharFilter):
    """Free-text search across several fields."""

    def __init__(self, *fields, **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", _("Search"))
        super().__init__(method=self._search, **kwargs)

    def _search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return queryset.filter(q)


class AuditFilter(django_filters.FilterSet):
    # Days compared as local-midnight timestamp ranges (an index range, no per-row date cast).
    since = django_filters.DateFilter(
        method="filter_since",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        method="filter_until",
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

    def filter_since(self, queryset, name, value):
        return queryset.filter(created_at__gte=day_bounds(value)[0])

    def filter_until(self, queryset, name, value):
        return queryset.filter(created_at__lt=day_bounds(value)[1])

    def filter_actor(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(actor_username__icontains=value) | Q(actor_name__icontains=value))

    def filter_verb(self, queryset, name, value):
        return queryset.filter(verb=value) if value else queryset
