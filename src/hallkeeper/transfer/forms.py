from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .reading import FileRejected, check_size

XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.FileInput(attrs={"accept": XLSX_ACCEPT}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size, settings.HALLKEEPER_IMPORT_MAX_BYTES)  # before anything reads it
        except FileRejected as exc:
            raise forms.ValidationError(exc.message, code="too_large") from None
        return upload
