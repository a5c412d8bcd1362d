"""Reads of the hall overview: counts of what the user can see, from ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from hallkeeper.org.choices import UnitKind
from hallkeeper.org.models import Unit
from hallkeeper.places.models import Area, Position, Window, Zone
from hallkeeper.places.selectors import HallPlaces


@dataclass(frozen=True)
class HallOverview:
    areas: int
    zones: int
    zones_without_lead: int
    windows: int
    stationed_windows: int
    model_windows: int
    positions: int
    units: int
    people: int


def hall_overview(user, hall, places: HallPlaces | None = None) -> HallOverview:
    """Counts of what the user can see in the hall (a handful of aggregate queries; the zones and areas are
    counted from ``places`` when the page has read them already)."""
    if places is not None:
        zone_counts = {"total": len(places.zones), "no_lead": places.zones_without_lead}
        areas = len(places.areas)
    else:
        zones = Zone.objects.visible_to(user, "view").filter(hall=hall)
        zone_counts = zones.aggregate(total=Count("pk"), no_lead=Count("pk", filter=Q(lead__isnull=True)))
        areas = Area.objects.visible_to(user, "view").filter(hall=hall).count()
    windows = Window.objects.visible_to(user, "view").filter(hall=hall)
    window_counts = windows.aggregate(
        total=Count("pk"),
        stationed=Count("pk", filter=Q(unit__kind=UnitKind.STATIONED)),
        model=Count("pk", filter=Q(is_model=True)),
    )
    return HallOverview(
        areas=areas,
        zones=zone_counts["total"],
        zones_without_lead=zone_counts["no_lead"],
        windows=window_counts["total"],
        stationed_windows=window_counts["stationed"],
        model_windows=window_counts["model"],
        positions=Position.objects.visible_to(user, "view").filter(hall=hall).count(),
        units=Unit.objects.visible_to(user, "view").filter(hall=hall).count(),
        people=hall.people.count(),  # reference data: every hall role sees the directory
    )
