"""The commendation's forms: they read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import HonourTitle

_month = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MONTH_FORMATS = ["%Y-%m", "%Y-%m-%d"]


class CommendationForm(forms.Form):
    title = forms.CharField(
        label=_("Title of the decision"),
        max_length=200,
        required=False,
        help_text=_("Empty: 关于表彰{months}{hall}现场管理先进典型的决定."),
    )
    from_month = forms.DateField(label=_("From month"), input_formats=MONTH_FORMATS, widget=_month)
    to_month = forms.DateField(label=_("To month"), input_formats=MONTH_FORMATS, widget=_month)


class RankingForm(forms.Form):
    honour = forms.ChoiceField(label=_("Honour title"), choices=HonourTitle.choices)
    top = forms.IntegerField(label=_("How many (ties at the cut-off included)"), min_value=1, max_value=50, initial=3)


class HandForm(forms.Form):
    honour = forms.ChoiceField(label=_("Honour title"), choices=HonourTitle.choices)
    target = forms.ChoiceField(
        label=_("Zone, window or staff member"), widget=forms.Select(attrs={"class": "form-select form-select-sm"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "—"), *targets]

    def clean_target(self):
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        return kind, pk


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
