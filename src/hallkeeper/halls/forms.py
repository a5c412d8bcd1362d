"""The hall's document settings form."""

from __future__ import annotations

from django import forms

from .models import DocumentSettings
from .services import DOCUMENT_SETTINGS_FIELDS


class DocumentSettingsForm(forms.ModelForm):
    class Meta:
        model = DocumentSettings
        fields = list(DOCUMENT_SETTINGS_FIELDS)

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for field in self.fields.values():
                field.disabled = True
