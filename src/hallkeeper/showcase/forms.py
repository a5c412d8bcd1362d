"""The model window's forms: they read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.org.models import Person

from .selectors import windows_to_designate


class DesignateForm(forms.Form):
    window = forms.ModelChoiceField(label=_("Window"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = windows_to_designate(hall)


class PhotoForm(forms.Form):
    target = forms.ChoiceField(label=_("Layout standard or rule"))
    image = forms.FileField(
        label=_("Photo"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )
    built_by = forms.ModelChoiceField(label=_("Built by"), queryset=None, required=False)
    built_on = forms.DateField(label=_("Built on"), widget=forms.DateInput(attrs={"type": "date"}))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args, hall, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["built_by"].queryset = Person.objects.filter(hall=hall).order_by("code")
        self.fields["built_on"].initial = timezone.localdate()
        self.fields["target"].choices = [("", "—")] + [
            (f"{row.kind}:{row.key}", f"{'✓ ' if row.photos else ''}{row.label}") for row in sheet.rows
        ]

    def clean_target(self):
        kind, _sep, key = self.cleaned_data["target"].partition(":")
        return kind, key
