"""The budget's forms: bounded numbers and dates; the services check the rest and refuse field by field."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import BoundedDateField
from hallkeeper.places.choices import PositionKind

from .choices import MAX_PRICE, MAX_QUANTITY

_date = {"widget": forms.DateInput(attrs={"type": "date"})}


class PriceItemForm(forms.Form):
    name = forms.CharField(label=_("Item"), max_length=60)
    spec = forms.CharField(label=_("Specification"), max_length=120, required=False)
    unit = forms.CharField(label=_("Unit of measure"), max_length=10)
    unit_price = forms.DecimalField(label=_("Unit price (yuan)"), max_digits=12, decimal_places=2, max_value=MAX_PRICE)
    supplier = forms.CharField(label=_("Supplier"), max_length=120, required=False)
    remark = forms.CharField(label=_("Remark"), max_length=200, required=False)
    handbook_item = forms.CharField(
        label=_("Handbook item"),
        max_length=60,
        required=False,
        help_text=_("The item of the handbook's standard quantities and layouts this counts against; empty: the name."),
    )
    position_kind = forms.ChoiceField(
        label=_("Or: needed per position of kind"),
        choices=[("", "—"), *PositionKind.choices],
        required=False,
    )
    per_position = forms.IntegerField(
        label=_("Quantity per position"), required=False, max_value=MAX_QUANTITY, initial=0
    )
    order = forms.IntegerField(label=_("Order"), required=False, max_value=MAX_QUANTITY, initial=0)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    surveyed_on = BoundedDateField(label=_("Survey date"), **_date)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Why it goes back"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class CountsForm(forms.Form):
    """One number field per line of a zone: what the zone has."""

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"has_{line.pk}"] = forms.IntegerField(
                label=line.name,
                max_value=MAX_QUANTITY,
                initial=line.has,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control"}),
            )

    def counts(self) -> dict[int, object]:
        return {line.pk: self.cleaned_data[f"has_{line.pk}"] for line in self.lines}

    def rows(self):
        return [(line, self[f"has_{line.pk}"]) for line in self.lines]


class PurchaseForm(forms.Form):
    item = forms.TypedChoiceField(label=_("Item"), coerce=int)
    quantity = forms.IntegerField(label=_("Quantity"), max_value=MAX_QUANTITY)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2, max_value=MAX_PRICE)
    bought_on = BoundedDateField(label=_("Date bought"), **_date)
    supplier = forms.CharField(label=_("Supplier"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    evidence = forms.FileField(label=_("Invoice photo"), required=False)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [(i.pk, f"{i.name} {i.spec}".strip()) for i in items]


class HandOutForm(forms.Form):
    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int)
    item = forms.TypedChoiceField(label=_("Item"), coerce=int)
    quantity = forms.IntegerField(label=_("Quantity received"), max_value=MAX_QUANTITY)
    received_by = forms.CharField(label=_("Received by"), max_length=60)
    handed_on = BoundedDateField(label=_("Date handed out"), **_date)

    def __init__(self, *args, zones=(), items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.pk, str(z)) for z in zones]
        self.fields["item"].choices = [(i.pk, f"{i.name} {i.spec}".strip()) for i in items]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
