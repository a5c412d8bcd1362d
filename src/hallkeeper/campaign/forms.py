"""The campaign's forms: they read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import BoundedDateField, parse_id
from hallkeeper.org.models import Person, Unit, WorkGroup
from hallkeeper.places.models import Zone

from .choices import CampaignState, PublicityKind, TaskStatus

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_text = forms.Textarea(attrs={"rows": 3})


def _day(label) -> BoundedDateField:
    return BoundedDateField(label=label, widget=_date)


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts = _day(_("Starts"))
    ends = _day(_("Ends"))
    goal = forms.CharField(label=_("Goal"), required=False, widget=_text)
    content = forms.CharField(label=_("Main content"), required=False, widget=_text)
    requirements = forms.CharField(label=_("Requirements"), required=False, widget=_text)


class CampaignCreateForm(CampaignForm):
    plan_phases = forms.BooleanField(
        label=_("Add the plan's four phases (动员培训, 对照实施, 评估验收, 总结提高) over these dates"),
        required=False,
        initial=True,
    )


class PhaseForm(forms.Form):
    name = forms.CharField(label=_("Phase"), max_length=60)
    starts = _day(_("Starts"))
    ends = _day(_("Ends"))
    description = forms.CharField(label=_("Work in this phase"), required=False, widget=_text)


def owner_choices(hall) -> list:
    """The hall's work groups, units, people and zones as grouped choices ``group:3``."""
    return [
        ("", "—"),
        (_("Work groups"), [(f"group:{g.pk}", g.name) for g in WorkGroup.objects.filter(hall=hall)]),
        (_("Units"), [(f"unit:{u.pk}", u.name) for u in Unit.objects.filter(hall=hall)]),
        (_("Zones"), [(f"zone:{z.pk}", str(z)) for z in Zone.objects.filter(hall=hall).order_by("order", "code")]),
        (_("People"), [(f"person:{p.pk}", f"{p.name}（{p.code}）") for p in Person.objects.filter(hall=hall)]),
    ]


class TaskForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase"), coerce=int)
    title = forms.CharField(label=_("Task"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ChoiceField(label=_("Owner"))
    due = _day(_("Due on"))

    def __init__(self, *args, phases=(), hall=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.pk, f"{p.name}（{p.starts:%m-%d} – {p.ends:%m-%d}）") for p in phases]
        self.fields["owner"].choices = owner_choices(hall) if hall is not None else []

    def clean_owner(self):
        kind, _sep, pk = self.cleaned_data["owner"].partition(":")
        return kind, parse_id(pk)


class AnnexForm(forms.Form):
    phase = forms.TypedChoiceField(label=_("Phase of the new tasks"), coerce=int)
    due = BoundedDateField(label=_("Due (empty: the phase's end)"), widget=_date, required=False)

    def __init__(self, *args, phases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.pk, p.name) for p in phases]


class TaskUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)
    note = forms.CharField(label=_("Progress note"), required=False, max_length=2000, widget=_text)
    evidence = forms.FileField(
        label=_("Evidence photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class PublicityForm(forms.Form):
    on = _day(_("Date"))
    kind = forms.ChoiceField(label=_("Kind"), choices=PublicityKind.choices)
    description = forms.CharField(label=_("Description"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(
        label=_("Evidence photo"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )


class CopyForm(forms.Form):
    starts = _day(_("The new campaign starts"))
    title = forms.CharField(label=_("Title (empty: the same)"), max_length=200, required=False)


class StateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=CampaignState.choices)


class LessonsForm(forms.Form):
    lessons = forms.CharField(
        label=_("Lessons"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What worked, what did not, what to keep: printed in the summary report, one paragraph a line."),
    )
