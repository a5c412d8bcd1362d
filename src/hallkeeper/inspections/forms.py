"""Forms of the planning pages: inspection plans, acceptance rounds, the scoring policy, the plan filter.

The forms only collect and check input; saving goes through ``services.py``.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.capabilities import takes_part, taking_part_q
from hallkeeper.core.input import BoundedDateField
from hallkeeper.places.filters import YesNoFilter
from hallkeeper.places.models import Zone
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, Rule

from .choices import WEEKDAYS, AssignTo, Frequency, InspectionKind
from .kinds import assignable_to_zone_leads, takes_chosen_rules
from .models import InspectionPlan, ScoringPolicy
from .permissions import inspectable_zones

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def hall_users(hall):
    """Users holding a role in ``hall`` (viewers excluded: they do not inspect), by name."""
    User = get_user_model()
    ids = RoleAssignment.objects.filter(hall=hall).filter(taking_part_q()).values("user_id")
    return User.objects.filter(pk__in=ids, is_active=True).order_by("last_name", "first_name", "username")


def published_rule_choices(hall) -> list[tuple[str, list[tuple[str, str]]]]:
    """The published handbook's rules as choices grouped by "part · section" (two queries)."""
    version = HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.PUBLISHED).first()
    if version is None:
        return []
    groups: dict[str, list[tuple[str, str]]] = {}
    for rule in Rule.objects.filter(version=version).select_related("section__part"):
        label = f"{rule.section.part.code} {rule.section.part.title} · {rule.section.code} {rule.section.title}"
        groups.setdefault(label, []).append((rule.key, f"{rule.code} {rule.title}"))
    return list(groups.items())


class PlanForm(forms.ModelForm):
    weekday = forms.TypedChoiceField(
        label=_("Due on weekday"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Weekly plans: the day of the week by which the check is due (Friday when left empty)."),
    )
    zones = forms.ModelMultipleChoiceField(
        label=_("Zones"),
        queryset=Zone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave every box empty for all zones of the hall, including zones added later."),
    )
    assignees = forms.ModelMultipleChoiceField(
        label=_("Inspectors"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("When named people inspect, the zones are shared out among them in turn, day by day."),
    )
    rule_keys = forms.MultipleChoiceField(
        label=_("Rules checked"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Special checks only: the rules of the published handbook the check looks at."),
    )

    class Meta:
        model = InspectionPlan
        fields = [
            "name",
            "kind",
            "frequency",
            "weekday",
            "day_of_month",
            "zones",
            "assign_to",
            "assignees",
            "rule_keys",
            "starts_on",
            "ends_on",
            "active",
            "note",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"starts_on": BoundedDateField, "ends_on": BoundedDateField}

    def __init__(self, *args, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.hall = hall
        self.instance.hall = hall
        self.fields["zones"].queryset = Zone.objects.filter(hall=hall).order_by("order", "code")
        self.fields["assignees"].queryset = hall_users(hall)
        roles: dict[int, list[str]] = {}
        for user_id, role in RoleAssignment.objects.filter(hall=hall).values_list("user_id", "role"):
            if takes_part(role):
                roles.setdefault(user_id, []).append(str(Role(role).label))
        self.fields["assignees"].label_from_instance = lambda u: f"{u.display_name}（{'、'.join(roles.get(u.pk, []))}）"
        choices = published_rule_choices(hall)
        known = {key for _group, rules in choices for key, _label in rules}
        stale = [k for k in (self.instance.rule_keys or []) if k not in known]
        if stale:
            choices.append((str(_("Not in the published handbook")), [(k, k) for k in stale]))
        self.fields["rule_keys"].choices = choices
        self.rule_groups = choices
        self.fields["day_of_month"].help_text = _(
            "Monthly plans: the day (1–28) by which the check is due (25th when empty)."
        )
        self.fields["starts_on"].input_formats = ["%Y-%m-%d"]
        self.fields["ends_on"].input_formats = ["%Y-%m-%d"]

    def clean(self):
        data = super().clean()
        frequency, kind = data.get("frequency"), data.get("kind")
        name = data.get("name")
        if name and InspectionPlan.objects.filter(hall=self.hall, name=name).exclude(pk=self.instance.pk).exists():
            self.add_error("name", _("A plan with this name already exists."))
        if frequency != Frequency.WEEKLY:
            data["weekday"] = None
        if frequency != Frequency.MONTHLY:
            data["day_of_month"] = None
        if not takes_chosen_rules(kind):
            data["rule_keys"] = []
        elif not data.get("rule_keys"):
            self.add_error("rule_keys", _("Choose the rules a special check looks at."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The plan cannot end before it starts."))
        if data.get("assign_to") == AssignTo.ZONE_LEADS:
            data["assignees"] = []
            if kind and not assignable_to_zone_leads(kind):
                self.add_error("assign_to", _("Only self-checks are assigned to the zone leads."))
        elif kind and data.get("assignees"):
            unable = [u.display_name for u in data["assignees"] if not inspectable_zones(u, self.hall, kind).exists()]
            if unable:
                self.add_error(
                    "assignees",
                    _("%(names)s may not carry out this kind of inspection.") % {"names": "、".join(unable)},
                )
        elif kind:
            self.add_error("assignees", _("Name at least one inspector, or assign the checks to the zone leads."))
        return data

    def _post_clean(self):
        # ``rule_keys`` is a JSON list on the model; keep it sorted and free of duplicates.
        if "rule_keys" in self.cleaned_data:
            self.cleaned_data["rule_keys"] = sorted(set(self.cleaned_data["rule_keys"]))
        super()._post_clean()


class RoundForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    starts_on = BoundedDateField(label=_("Starts on"), widget=DATE, input_formats=["%Y-%m-%d"])
    ends_on = BoundedDateField(label=_("Ends on"), widget=DATE, input_formats=["%Y-%m-%d"], required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ScoringPolicyForm(forms.ModelForm):
    class Meta:
        model = ScoringPolicy
        fields = [
            "excellent_min",
            "good_min",
            "qualified_min",
            "acceptance_pass_line",
            "weight_patrol",
            "weight_special",
            "weight_self_check",
        ]
        widgets = {
            **{
                f: forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "100", "inputmode": "decimal"})
                for f in ("excellent_min", "good_min", "qualified_min", "acceptance_pass_line")
            },
            **{
                f: forms.NumberInput(attrs={"step": "1", "min": "0", "max": "100", "inputmode": "numeric"})
                for f in ("weight_patrol", "weight_special", "weight_self_check")
            },
        }

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for f in self.fields.values():
                f.disabled = True


class PlanFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=InspectionKind.choices)
    frequency = django_filters.ChoiceFilter(label=_("Frequency"), choices=Frequency.choices)
    active = YesNoFilter(label=_("Active"))

    class Meta:
        model = InspectionPlan
        fields = ["kind", "frequency", "active"]
