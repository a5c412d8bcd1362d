from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import SessionKind

_when = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHEN_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SessionKind.choices)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), input_formats=WHEN_FORMATS, widget=_when)
    ends_at = forms.DateTimeField(label=_("Ends at"), input_formats=WHEN_FORMATS, widget=_when)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    trainer = forms.CharField(label=_("Trainer"), max_length=100, required=False)
    parts = forms.ModelMultipleChoiceField(
        label=_("Handbook parts covered"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units that must attend"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A make-up session takes the absentees of the session it makes up for."),
    )
    model_window = forms.ModelChoiceField(label=_("Model window (for a visit)"), queryset=None, required=False)
    makes_up = forms.ModelChoiceField(label=_("Make-up for"), queryset=None, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, parts, units, windows, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].queryset = parts
        self.fields["units"].queryset = units
        self.fields["model_window"].queryset = windows
        self.fields["makes_up"].queryset = sessions


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File (PDF or picture)"))


class QuizForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_at = forms.DateTimeField(label=_("Opens at"), input_formats=WHEN_FORMATS, widget=_when)
    closes_at = forms.DateTimeField(label=_("Closes at"), input_formats=WHEN_FORMATS, widget=_when)
    count = forms.IntegerField(label=_("Number of questions"), min_value=1, max_value=30, initial=10)
