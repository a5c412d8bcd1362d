"""Forms of the rectification pages: issuing a notice and the hall's rectification policy.

The transitions of a notice are small posts handled by ``NoticeActionView`` directly; their
rules live in ``services.py`` and ``transitions.py``.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import BoundedDateField
from hallkeeper.inspections.models import Finding, Inspection

from .models import RectificationPolicy
from .services import MAX_TEXT, POLICY_FIELDS


class NoticeIssueForm(forms.Form):
    """The findings (of one zone), the requirement and the deadline of a new notice.

    ``findings`` accepts any finding of the hall the user sees: the service refuses, with its own
    message, a finding of another zone or one already on an open notice.
    """

    findings = forms.ModelMultipleChoiceField(
        label=_("Findings"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("A finding chosen cannot be found; reload the page.")},
    )
    requirement = forms.CharField(
        label=_("Requirement"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the zone must put right, and how; prefilled from the rules' requirements."),
    )
    deadline = BoundedDateField(
        label=_("Deadline"),
        required=False,
        # An <input type=date> takes ISO dates only, whatever the language's date format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    acceptance = forms.ModelChoiceField(queryset=Inspection.objects.none(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, findings, acceptances, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].queryset = findings
        self.fields["acceptance"].queryset = acceptances


class RectificationPolicyForm(forms.ModelForm):
    class Meta:
        model = RectificationPolicy
        fields = list(POLICY_FIELDS)
        widgets = {
            f: forms.NumberInput(attrs={"min": "0", "max": "60", "inputmode": "numeric"})
            for f in ("days_minor", "days_major", "days_veto", "remind_days_before")
        }

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for field in self.fields.values():
                field.disabled = True
