"""Filters of the campaign task lists (every task of the hall's campaigns, and "my tasks"): campaign, phase,
status, kind of owner, overdue, open, and a search of the title. Their choice lists start from ``visible_to``, so
another hall's campaign or phase is not a valid value: the list (and its export) then ignores the filters and
the form shows the field's error."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallkeeper.core.filters import SearchFilter, YesNoFilter

from .choices import TaskStatus
from .models import Campaign, Phase, Task
from .selectors import OPEN_STATUSES

#: The kinds of a task's owner, each the name of its foreign key after ``owner_``.
OWNER_KINDS = (("group", _("Group")), ("unit", _("Unit")), ("person", _("Person")), ("zone", _("Zone")))


def _campaigns(request):
    if request is None:
        return Campaign.objects.none()
    return Campaign.objects.visible_to(request.user).filter(hall=request.hall)


def _phases(request):
    if request is None:
        return Phase.objects.none()
    return (
        Phase.objects.visible_to(request.user)
        .filter(campaign__hall=request.hall)
        .select_related("campaign")
        .order_by("-campaign__starts", "campaign_id", "starts", "pk")
    )


class _PhaseField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.campaign.title}）"


class PhaseFilter(django_filters.ModelChoiceFilter):
    field_class = _PhaseField


class TaskFilter(django_filters.FilterSet):
    q = SearchFilter("title")
    campaign = django_filters.ModelChoiceFilter(label=_("Campaign"), queryset=_campaigns)
    phase = PhaseFilter(label=_("Phase"), queryset=_phases)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=TaskStatus.choices)
    owner_kind = django_filters.ChoiceFilter(label=_("Kind of owner"), choices=OWNER_KINDS, method="filter_owner_kind")
    overdue = YesNoFilter(label=_("Overdue"), method="filter_overdue")
    open = YesNoFilter(label=pgettext_lazy("campaign task", "Open"), method="filter_open")

    class Meta:
        model = Task
        fields = ["q", "campaign", "phase", "status", "owner_kind", "overdue", "open"]

    def filter_owner_kind(self, queryset, name, value):
        return queryset.filter(**{f"owner_{value}__isnull": False}) if value else queryset

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": OPEN_STATUSES, "due__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)

    def filter_open(self, queryset, name, value):
        return queryset.exclude(status=TaskStatus.DONE) if value else queryset.filter(status=TaskStatus.DONE)
