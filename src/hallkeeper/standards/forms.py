"""Forms of the handbook editor. They only check and translate input; every write goes through ``services``."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.uploads import max_image_bytes, validate_image
from hallkeeper.places.choices import AreaKind, PositionKind

from .choices import DEFAULT_POINTS, ImageKind
from .clauses import CLAUSES
from .layouts import SlotBox
from .models import HandbookVersion, Layout, Part, Rule, Section
from .services import quantity_duplicates

STEP = Decimal("0.1")
MAX_POINTS = Decimal("999.9")
COLOUR_RE = r"^#[0-9a-fA-F]{6}$"
#: Keys that would clash with the editor's URLs (``v<n>/rules/new/``).
RESERVED_KEYS = frozenset({"new"})


def _points_field(label, help_text=""):
    """Points are entered in steps of 0.1 (checked in ``_check_points`` with a message of our own)."""
    return forms.DecimalField(
        label=label,
        required=False,
        max_value=MAX_POINTS,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1"}),
    )


def _check_points(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if value <= 0:
        raise forms.ValidationError(_("Enter more than 0 points."), code="not_positive")
    if value % STEP:
        raise forms.ValidationError(_("Enter points in steps of 0.1 (for example 0.5 or 2)."), code="step")
    return value.quantize(STEP)


class RuleForm(forms.ModelForm):
    """Every field of a rule. Check method, deduction and applicability may stay empty in a draft:
    publishing refuses a version until each rule has them."""

    points = _points_field(
        _("Points"),
        _(
            "What the rule is worth on the 100-point sheet; a failed rule loses at most its points. "
            "Left empty, the rule keeps its points (2 for a new rule)."
        ),
    )
    deduction = _points_field(_("Deduction per occurrence"))
    cap = _points_field(_("Cap per inspection"), _("Leave empty for no cap."))
    area_kinds = forms.MultipleChoiceField(
        label=_("Area kinds"), choices=AreaKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    position_kinds = forms.MultipleChoiceField(
        label=_("Position kinds"), choices=PositionKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    clauses = forms.MultipleChoiceField(
        label=_("GB/T 36112 clauses"),
        choices=[(c.code, c.label) for c in CLAUSES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every clause the rule serves; a click adds or removes one clause."),
    )

    class Meta:
        model = Rule
        fields = [
            "section",
            "key",
            "code",
            "title",
            "requirement",
            "check_method",
            "points",
            "deduction",
            "cap",
            "severity",
            "area_kinds",
            "position_kinds",
            "clauses",
            "example",
            "counter_example",
        ]
        widgets = {
            "requirement": forms.Textarea(attrs={"rows": 4}),
            "example": forms.Textarea(attrs={"rows": 3}),
            "counter_example": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, version: HandbookVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.instance.version = version
        self.fields["section"].queryset = version.sections.select_related("part").order_by("part__order", "order")
        self.fields["check_method"].required = False
        if self.instance.pk:
            # The key ties a rule to itself across versions (the diff matches on it): it never changes.
            self.fields["key"].disabled = True

    def clean_key(self):
        key = self.cleaned_data["key"]
        if key in RESERVED_KEYS:
            raise forms.ValidationError(
                _("“%(key)s” is reserved; choose another key."), code="reserved", params={"key": key}
            )
        if self.version.rules.filter(key=key).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another rule of this version already has this key."), code="key_taken")
        return key

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if self.version.rules.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another rule of this version already has this code."), code="code_taken")
        return code

    def clean_points(self):
        """Left empty: the rule keeps its points (a new rule gets the default points)."""
        points = _check_points(self.cleaned_data.get("points"))
        return points if points is not None else (self.instance.points or DEFAULT_POINTS)

    def clean_deduction(self):
        return _check_points(self.cleaned_data.get("deduction"))

    def clean_cap(self):
        return _check_points(self.cleaned_data.get("cap"))

    def clean(self):
        cleaned = super().clean()
        deduction, cap = cleaned.get("deduction"), cleaned.get("cap")
        if cap is not None and deduction is not None and cap < deduction:
            self.add_error(
                "cap",
                forms.ValidationError(
                    _("The cap must be at least one deduction (%(deduction)s points)."),
                    code="cap_below_deduction",
                    params={"deduction": deduction},
                ),
            )
        return cleaned


class PublishForm(forms.Form):
    note = forms.CharField(
        label=_("Revision note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What this revision changes and why; readers see it beside the version."),
    )

    def __init__(self, *args, version: HandbookVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].required = bool(version.based_on_id)


class VersionForm(forms.ModelForm):
    """The draft's title and preface."""

    class Meta:
        model = HandbookVersion
        fields = ["title", "preface"]
        widgets = {"preface": forms.Textarea(attrs={"rows": 12})}


class PartForm(forms.ModelForm):
    class Meta:
        model = Part
        fields = ["title", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 6})}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["code", "title"]

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if Section.objects.filter(version_id=self.instance.version_id, code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another section of this version already has this code."), code="taken")
        return code


class RuleImageForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ImageKind.choices, initial=ImageKind.REFERENCE)
    image = forms.FileField(
        label=_("Picture"),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _(
            "A JPEG, PNG or WebP photo up to %(limit)s MB. Location data (EXIF) is removed and large photos are "
            "reduced to 2000 pixels."
        ) % {"limit": max_image_bytes() // (1024 * 1024)}

    def clean_image(self):
        """The clean copy to store (see ``uploads.validate_image``), never the uploaded file itself."""
        return validate_image(self.cleaned_data["image"])


class LayoutForm(forms.ModelForm):
    class Meta:
        model = Layout
        fields = ["name", "position_kind", "width", "depth", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, version: HandbookVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.instance.version = version

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.version.layouts.filter(name=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another layout standard of this version has this name."), code="taken")
        return name


class SlotForm(forms.Form):
    """One item on a layout standard, in millimetres from the surface's top-left corner."""

    item = forms.CharField(label=_("Item"), max_length=60)
    x = forms.IntegerField(label=_("X (mm)"), min_value=0)
    y = forms.IntegerField(label=_("Y (mm)"), min_value=0)
    width = forms.IntegerField(label=_("Width (mm)"), min_value=1)
    depth = forms.IntegerField(label=_("Depth (mm)"), min_value=1)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    colour = forms.CharField(
        label=_("Colour"),
        initial="#e9ecef",
        validators=[RegexValidator(COLOUR_RE, _("Choose a colour such as #e9ecef."))],
        widget=forms.TextInput(attrs={"type": "color"}),
    )

    def box(self) -> SlotBox:
        d = self.cleaned_data
        return SlotBox(d["item"].strip(), d["x"], d["y"], d["width"], d["depth"], d["quantity"], d["colour"].lower())


class RowsFormSet(forms.BaseFormSet):
    """A table of rows: the rows shown when the page was opened, plus the extra rows that were filled in.

    Bind it without ``initial``: an extra row then counts as soon as anything in it differs from the
    fields' defaults, and a row that was shown counts unless it is marked for deletion.
    """

    def kept_forms(self) -> list[forms.Form]:
        """The rows to save, in order (call after ``is_valid``)."""
        shown = self.initial_form_count()
        return [
            f for i, f in enumerate(self.forms) if (i < shown or f.has_changed()) and not self._should_delete_form(f)
        ]


class BaseSlotFormSet(RowsFormSet):
    def boxes(self) -> list[SlotBox]:
        return [f.box() for f in self.kept_forms()]

    def preview_boxes(self) -> list[SlotBox]:
        """The rows that are complete and valid so far (for the live diagram while typing)."""
        shown = self.initial_form_count()
        boxes = []
        for i, form in enumerate(self.forms):
            if (i < shown or form.has_changed()) and form.is_valid() and not self._should_delete_form(form):
                boxes.append(form.box())
        return boxes


SlotFormSet = forms.formset_factory(SlotForm, formset=BaseSlotFormSet, extra=2, can_delete=True)


class QuantityForm(forms.Form):
    """One row of the standard quantity table."""

    position_kind = forms.ChoiceField(label=_("Position kind"), choices=[("", "---------"), *PositionKind.choices])
    item = forms.CharField(label=_("Item"), max_length=60)
    quantity = forms.IntegerField(label=_("Standard quantity"), min_value=1)
    unit = forms.CharField(label=_("Unit of measure"), max_length=10, required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class BaseQuantityFormSet(RowsFormSet):
    def rows(self) -> list[dict]:
        return [
            {k: f.cleaned_data.get(k, "") for k in ("position_kind", "item", "quantity", "unit", "note")}
            for f in self.kept_forms()
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        problems = quantity_duplicates(self.rows())
        if problems:
            raise forms.ValidationError(problems, code="duplicate")


QuantityFormSet = forms.formset_factory(QuantityForm, formset=BaseQuantityFormSet, extra=3, can_delete=True)
