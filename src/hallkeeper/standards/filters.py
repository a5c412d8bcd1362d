"""Query-string forms of the handbook reader: the rule filters and the choice of two versions to compare."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from hallkeeper.places.choices import AreaKind, PositionKind

from .choices import CheckMethod, Severity
from .clauses import CLAUSES
from .models import HandbookVersion

FILTER_FIELDS = ("q", "area_kind", "position_kind", "clause", "severity", "check_method")


def _choices(blank, choices) -> list[tuple[str, str]]:
    return [("", blank), *choices]


class RuleFilterForm(forms.Form):
    """Search and filters of the reader; a value that is not a valid choice is ignored (and marked)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search the rules"), "autocomplete": "off"}),
    )
    area_kind = forms.ChoiceField(
        label=_("Area kind"), required=False, choices=_choices(_("All area kinds"), AreaKind.choices)
    )
    position_kind = forms.ChoiceField(
        label=_("Position kind"), required=False, choices=_choices(_("All position kinds"), PositionKind.choices)
    )
    clause = forms.ChoiceField(
        label=_("GB/T 36112 clause"),
        required=False,
        choices=_choices(_("All clauses"), [(c.code, c.label) for c in CLAUSES]),
    )
    severity = forms.ChoiceField(
        label=_("Severity"), required=False, choices=_choices(_("All severities"), Severity.choices)
    )
    check_method = forms.ChoiceField(
        label=_("Check method"), required=False, choices=_choices(_("All check methods"), CheckMethod.choices)
    )

    def criteria(self) -> dict[str, str]:
        """The valid, non-empty criteria, as keyword arguments of ``reading.filter_rules``."""
        if not self.is_bound:
            return {}
        self.is_valid()  # fills cleaned_data with the fields that are valid
        return {name: value.strip() for name in FILTER_FIELDS if (value := self.cleaned_data.get(name) or "").strip()}

    @property
    def has_filters(self) -> bool:
        """Is any filter other than the search set (phones then show the filters unfolded)?"""
        return any(self.criteria().get(name) for name in FILTER_FIELDS if name != "q")


class VersionPairForm(forms.Form):
    """Two versions to compare, chosen among the versions the user may open (``from`` → ``to``)."""

    def __init__(self, *args, versions: Sequence[HandbookVersion], **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {v.number: v for v in versions}
        choices = [(v.number, f"{v.label} · {v.get_status_display()} · {v.title}") for v in versions]
        errors = {"invalid_choice": _("There is no version %(value)s that you may open.")}
        self.fields["from"] = forms.TypedChoiceField(
            label=_("From version"), coerce=int, choices=choices, error_messages=errors
        )
        self.fields["to"] = forms.TypedChoiceField(
            label=_("To version"), coerce=int, choices=choices, error_messages=errors
        )

    def clean(self):
        data = super().clean()
        if data.get("from") is not None and data.get("from") == data.get("to"):
            raise forms.ValidationError(_("Choose two different versions."))
        return data

    @property
    def old(self) -> HandbookVersion:
        return self.versions[self.cleaned_data["from"]]

    @property
    def new(self) -> HandbookVersion:
        return self.versions[self.cleaned_data["to"]]
