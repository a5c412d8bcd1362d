"""The assessment's forms: they read input; the services decide."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import BoundedDateField

from .choices import AdjustmentKind, PeriodKind, TargetType
from .models import IndicatorWeights

_date = forms.DateInput(attrs={"type": "date"})


def period_start(kind: str, day: dt.date) -> dt.date:
    """The first day of the month, quarter or year holding ``day``."""
    if kind == PeriodKind.YEAR:
        return day.replace(month=1, day=1)
    if kind == PeriodKind.QUARTER:
        return day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1)
    return day.replace(day=1)


class PeriodCreateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PeriodKind.choices, initial=PeriodKind.MONTH)
    day = BoundedDateField(label=_("A day in the period"), widget=_date)

    def clean(self):
        data = super().clean()
        if data.get("kind") and data.get("day"):
            data["starts_on"] = period_start(data["kind"], data["day"])
        return data


class OpenAppealForm(forms.Form):
    deadline = BoundedDateField(label=_("Appeals until"), widget=_date)


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the result is wrong"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("upheld", _("Uphold")), ("dismissed", _("Dismiss"))], widget=forms.RadioSelect
    )
    answer = forms.CharField(label=_("Answer"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    points = forms.DecimalField(
        label=_("Points to add (upheld only)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=-100,
        max_value=100,
    )


class CorrectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AdjustmentForm(forms.Form):
    target = forms.ChoiceField(label=_("For"))
    on = BoundedDateField(label=_("Date"), widget=_date)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in AdjustmentKind.choices if c[0] != AdjustmentKind.APPEAL]
    )
    points = forms.DecimalField(
        label=_("Points"),
        max_digits=4,
        decimal_places=1,
        min_value=-100,
        max_value=100,
        help_text=_("Positive for a bonus, negative for a penalty."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.ImageField(label=_("Evidence (photo or scan)"), required=False)

    def __init__(self, *args, zones=(), windows=(), people=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["evidence"].label = _("New evidence (photo or scan)")
            self.fields["evidence"].help_text = _("Leave empty to keep the evidence stored with the item.")
        self.fields["target"].choices = [
            (str(_("Zones")), [(f"zone:{z.pk}", str(z)) for z in zones]),
            (str(_("Windows")), [(f"window:{w.pk}", f"{w.zone.code} · {w}") for w in windows]),
            (str(_("Window staff")), [(f"person:{p.pk}", f"{p.code} {p.name}") for p in people]),
        ]

    def clean_target(self):
        kind, _sep, pk = self.cleaned_data["target"].partition(":")
        if kind not in TargetType.values or not pk.isdigit():
            raise forms.ValidationError(_("Choose a zone, a window or a staff member."))
        return kind, int(pk)

    def service_values(self) -> dict:
        """The cleaned values as the item services take them."""
        target_type, target_id = self.cleaned_data["target"]
        values = {name: self.cleaned_data[name] for name in ("on", "kind", "points", "reason")}
        return {"target_type": target_type, "target_id": target_id, **values, "evidence": self.cleaned_data["evidence"]}

    @classmethod
    def initial_for(cls, item) -> dict:
        """The form's values for changing ``item``."""
        target = item.zone_id or item.window_id or item.person_id
        fields = ("on", "kind", "points", "reason")
        return {"target": f"{item.target_type}:{target}", **{name: getattr(item, name) for name in fields}}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WeightsForm(forms.ModelForm):
    class Meta:
        model = IndicatorWeights
        fields = [
            "patrol",
            "self_check",
            "acceptance",
            "rectification",
            "service",
            "overdue_points",
            "rejected_points",
            "repeat_points",
            "repeat_days",
            "veto_cap",
        ]

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for f in self.fields.values():
                f.disabled = True


class HonourRulesForm(forms.ModelForm):
    """The hall's honour rules (the model's ``clean`` refuses overlapping thresholds)."""

    class Meta:
        from .models import HonourRules

        model = HonourRules
        fields = [
            "red_size",
            "red_min",
            "black_size",
            "black_below",
            "flag_target",
            "flag_min",
            "red_windows",
            "red_window_min",
            "service_stars",
            "service_star_min",
        ]

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for f in self.fields.values():
                f.disabled = True
