"""The form that starts an inspection: kind, zone, optional windows/positions, rules, round."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.input import parse_id
from hallkeeper.places.models import Position, Window, Zone
from hallkeeper.standards.models import HandbookVersion

from .choices import InspectionKind, InspectionStatus
from .kinds import ACCEPTANCE_KINDS, is_acceptance, takes_chosen_rules
from .models import AcceptanceRound, DueInspection, Inspection
from .permissions import inspectable_zones, kinds_for, limited_to_own_windows, staffed_windows


class ZoneChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Zone) -> str:
        return f"{obj.code} {obj.name}"


class InspectionStartForm(forms.Form):
    """Choices depend on one another: the zones on the kind, the windows and positions on the zone.

    The page reloads the dependent part (htmx) when the kind or the zone changes; the form is
    built from the submitted (or prefilled) kind and zone either way.
    """

    kind = forms.ChoiceField(label=_("Kind of inspection"))
    zone = ZoneChoiceField(label=_("Zone"), queryset=Zone.objects.none(), empty_label=_("Choose a zone"))
    windows = forms.ModelMultipleChoiceField(
        label=_("Windows"),
        queryset=Window.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to check the whole zone."),
    )
    positions = forms.ModelMultipleChoiceField(
        label=_("Positions"),
        queryset=Position.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to check every position of the zone (or of the windows chosen)."),
    )
    rule_keys = forms.MultipleChoiceField(
        label=_("Rules to check"), required=False, widget=forms.CheckboxSelectMultiple
    )
    round = forms.ModelChoiceField(
        label=_("Acceptance round"),
        queryset=AcceptanceRound.objects.none(),
        required=False,
        empty_label=_("Not part of a round"),
    )
    retake_of = forms.ModelChoiceField(queryset=Inspection.objects.none(), required=False, widget=forms.HiddenInput)
    due = forms.ModelChoiceField(queryset=DueInspection.objects.none(), required=False, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Remarks"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why this check, who came along, anything the report should say."),
    )

    def __init__(self, *args, user, hall, version: HandbookVersion | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.hall, self.version = user, hall, version
        self.kinds = kinds_for(user, hall)
        self.fields["kind"].choices = [(k, InspectionKind(k).label) for k in self.kinds]
        self.kind = self._value("kind")
        if self.kind not in self.kinds:
            self.kind = self.kinds[0] if self.kinds else ""
        zones = (
            inspectable_zones(user, hall, self.kind).select_related("lead").order_by("order", "code")
            if self.kind
            else Zone.objects.none()
        )
        self.fields["zone"].queryset = zones
        self.zone = self._zone(zones)
        if self.zone is None and not self._value("zone"):
            self._choose_the_only_zone(zones)
        if self.zone is not None:
            if limited_to_own_windows(user, self.zone, self.kind):
                windows = staffed_windows(user, self.zone).order_by("number")
                positions = Position.objects.filter(zone=self.zone, window__in=windows)
                self.fields["windows"].help_text = _("You self-check the windows you staff; leave unticked for all.")
                only_windows = list(windows[:2])
                if len(only_windows) == 1 and not self.is_bound and not self.initial.get("windows"):
                    self.initial["windows"] = [only_windows[0].pk]  # one window: it is the one checked
            else:
                windows = Window.objects.filter(zone=self.zone).order_by("number")
                positions = Position.objects.filter(zone=self.zone)
            self.fields["windows"].queryset = windows
            self.fields["positions"].queryset = positions.select_related("window").order_by("code")
        self.fields["round"].queryset = AcceptanceRound.objects.visible_to(user, "view").filter(hall=hall)
        self.fields["retake_of"].queryset = Inspection.objects.visible_to(user, "view").filter(
            hall=hall, kind__in=ACCEPTANCE_KINDS, status=InspectionStatus.SUBMITTED, passed=False
        )
        self.fields["due"].queryset = DueInspection.objects.visible_to(user, "view").filter(hall=hall, inspection=None)
        self.rules = list(version.rules.select_related("section__part")) if version is not None else []
        self.fields["rule_keys"].choices = [(r.key, f"{r.code} {r.title}") for r in self.rules]
        url = reverse("inspection_start", kwargs={"hall": hall.code})
        reload = {
            "hx-get": url,
            "hx-target": "#start-choices",
            "hx-select": "#start-choices",
            "hx-swap": "outerHTML",
            "hx-include": "#start-form",
            "hx-push-url": "false",
        }
        self.fields["kind"].widget.attrs.update(reload)
        self.fields["zone"].widget.attrs.update(reload)

    def _value(self, name: str) -> str:
        if self.is_bound:
            return self.data.get(name) or ""
        value = self.initial.get(name)
        return str(getattr(value, "pk", value) or "")

    def _choose_the_only_zone(self, zones) -> None:
        """Someone who may inspect exactly one zone finds it already chosen."""
        only = list(zones[:2])
        if len(only) != 1:
            return
        self.zone = only[0]
        if self.is_bound:
            self.data = self.data.copy()
            self.data["zone"] = str(self.zone.pk)
        else:
            self.initial["zone"] = self.zone.pk

    def _zone(self, zones) -> Zone | None:
        pk = parse_id(self._value("zone"))
        return zones.filter(pk=pk).first() if pk else None

    @property
    def is_special(self) -> bool:
        return takes_chosen_rules(self.kind)

    @property
    def is_acceptance(self) -> bool:
        return is_acceptance(self.kind)

    def chosen_keys(self) -> set[str]:
        if self.is_bound:
            return set(self.data.getlist("rule_keys")) if hasattr(self.data, "getlist") else set()
        return set(self.initial.get("rule_keys") or [])

    def rule_groups(self) -> list[dict]:
        """The version's rules as part → section → rules, with the ticked ones, for the rule picker."""
        chosen = self.chosen_keys()
        parts: dict[int, dict] = {}
        for rule in self.rules:
            section = rule.section
            part = parts.setdefault(section.part_id, {"part": section.part, "sections": {}})
            group = part["sections"].setdefault(section.pk, {"section": section, "rules": []})
            group["rules"].append({"rule": rule, "checked": rule.key in chosen})
        result = []
        for part in sorted(parts.values(), key=lambda p: (p["part"].order, p["part"].code)):
            sections = sorted(part["sections"].values(), key=lambda s: (s["section"].order, s["section"].code))
            result.append({"part": part["part"], "sections": sections})
        return result

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not takes_chosen_rules(kind):
            data["rule_keys"] = []
        elif not data.get("rule_keys"):
            self.add_error("rule_keys", _("Choose the rules a special check looks at."))
        if not is_acceptance(kind):
            data["round"] = None
            data["retake_of"] = None
        return data
