from django import forms
from django.utils.translation import gettext_lazy as _


class DisplayLinkForm(forms.Form):
    label = forms.CharField(
        label=_("Display"),
        max_length=80,
        help_text=_("Where the display is, e.g. 1F entrance screen."),
    )
