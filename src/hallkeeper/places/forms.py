from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Position, Window, Zone


class ZoneForm(forms.ModelForm):
    class Meta:
        model = Zone
        fields = ["name", "description"]


class PositionForm(forms.ModelForm):
    """Create or edit a position; the zone and window choices are limited to what the user may change."""

    class Meta:
        model = Position
        fields = ["code", "name", "kind", "zone", "window", "parent", "note"]

    def __init__(self, *args, user, hall, **kwargs):
        super().__init__(*args, **kwargs)
        self.hall = hall
        self.instance.hall = hall
        zones = Zone.objects.visible_to(user, "change").filter(hall=hall)
        windows = Window.objects.visible_to(user, "change").filter(hall=hall)
        # Window staff change their windows' positions: they may pick their windows' zones.
        self.fields["zone"].queryset = Zone.objects.filter(pk__in=zones.values("pk")) | Zone.objects.filter(
            pk__in=windows.values("zone_id")
        )
        self.fields["window"].queryset = windows.select_related("zone")
        self.fields["parent"].queryset = Position.objects.visible_to(user, "change").filter(hall=hall)
        self.user_zone_ids = set(zones.values_list("pk", flat=True))
        self.user_window_ids = set(windows.values_list("pk", flat=True))

    def clean_code(self):
        code = self.cleaned_data["code"]
        clash = Position.objects.filter(hall=self.hall, code=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Another position of this hall already has this code."))
        return code

    def clean(self):
        cleaned = super().clean()
        zone, window = cleaned.get("zone"), cleaned.get("window")
        if zone and zone.pk not in self.user_zone_ids and (window is None or window.pk not in self.user_window_ids):
            # Staff may only place positions on their own windows.
            self.add_error("window", _("Choose one of your windows for a position in this zone."))
        return cleaned
