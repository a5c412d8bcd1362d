"""The suggestion forms: they read input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import ANSWERS, Subject
from .models import TEXT_MAX
from .selectors import draft_rules, rules_to_suggest_on, zones_for


class RuleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.title}"


class SuggestionForm(forms.Form):
    subject = forms.ChoiceField(label=_("About"), choices=Subject.choices, initial=Subject.HANDBOOK)
    rule = RuleChoiceField(
        label=_("Rule of the handbook"),
        queryset=None,
        required=False,
        help_text=_("Optional: the rule the suggestion is about."),
    )
    zone = forms.ModelChoiceField(label=_("Zone"), queryset=None, required=False)
    text = forms.CharField(
        label=_("Opinion or suggestion"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp", "capture": "environment"}),
    )

    def __init__(self, *args, user, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = rules_to_suggest_on(hall)
        self.fields["zone"].queryset = zones_for(user, hall)


class AnswerForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Answer"), choices=[(a.value, a.label) for a in ANSWERS])
    reply = forms.CharField(label=_("Reply"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))
    revised_rule = RuleChoiceField(
        label=_("Rule of the draft revision that answers it"),
        queryset=None,
        required=False,
        help_text=_("For a suggestion accepted for the handbook."),
    )

    def __init__(self, *args, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revised_rule"].queryset = draft_rules(hall)


class TagForm(forms.Form):
    tags = forms.CharField(label=_("Tags"), max_length=200, required=False, help_text=_("Separated by commas."))


class LinkForm(forms.Form):
    revised_rule = RuleChoiceField(label=_("Rule of the draft revision"), queryset=None)

    def __init__(self, *args, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revised_rule"].queryset = draft_rules(hall)
