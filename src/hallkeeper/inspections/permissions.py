"""Who may carry out which kind of inspection, of which zone.

* self-check: the zone's lead (the whole zone or part of it), or window staff for the windows they
  staff; administrators too;
* patrol and special check: the supervision group, the leadership group and administrators;
* acceptance: the leadership group, the supervision group and administrators.
"""

from __future__ import annotations

from django.db.models import QuerySet

from hallkeeper.accounts.access import get_access
from hallkeeper.core.capabilities import administers, leads_zones, manages_inspections, staffs_windows
from hallkeeper.places.models import Window, Zone

from .choices import InspectionKind
from .kinds import limits_to_own_windows, spec


def can_manage_inspections(user, hall) -> bool:
    """Plans, acceptance rounds and the scoring policy."""
    return manages_inspections(get_access(user), hall.pk)


def staffed_windows(user, zone: Zone) -> QuerySet[Window]:
    access = get_access(user)
    if not staffs_windows(access, zone.hall_id):
        return Window.objects.none()
    return Window.objects.filter(zone=zone, staff__user_id=user.pk).distinct()


def inspectable_zones(user, hall, kind: str) -> QuerySet[Zone]:
    """Zones of ``hall`` the user may inspect with ``kind``."""
    access = get_access(user)
    zones = Zone.objects.filter(hall=hall)
    row = spec(kind)
    if row is None:
        return zones.none()
    if row.run_by is not None:
        return zones if row.run_by(access, hall.pk) else zones.none()
    # Decided zone by zone (the self-check): the zones led, the windows staffed.
    if administers(access, hall.pk):
        return zones
    led = zones.none()
    if leads_zones(access, hall.pk):
        led = zones.filter(lead__user_id=user.pk)
    if staffs_windows(access, hall.pk):
        staffed = Window.objects.filter(hall=hall, staff__user_id=user.pk).values("zone_id")
        return zones.filter(pk__in=staffed) | led
    return led


def can_inspect(user, zone: Zone, kind: str) -> bool:
    return inspectable_zones(user, zone.hall, kind).filter(pk=zone.pk).exists()


def kinds_for(user, hall) -> list[str]:
    """The kinds of inspection the user may start in ``hall`` (for menus and forms)."""
    return [k for k in InspectionKind.values if inspectable_zones(user, hall, k).exists()]


def may_start_any(user, hall) -> bool:
    """Whether the user may start an inspection of some kind in ``hall``: :func:`kinds_for` is not empty (it
    stops at the first kind that has a zone)."""
    return any(inspectable_zones(user, hall, k).exists() for k in InspectionKind.values)


def self_check_needs_windows(user, zone: Zone) -> bool:
    """Window staff who do not lead the zone self-check only their own windows."""
    access = get_access(user)
    if administers(access, zone.hall_id):
        return False
    leads = leads_zones(access, zone.hall_id) and zone.lead is not None and zone.lead.user_id == user.pk
    return not leads


def limited_to_own_windows(user, zone: Zone, kind: str) -> bool:
    """Whether ``user`` may run ``kind`` in ``zone`` only on the windows they staff."""
    return limits_to_own_windows(kind) and self_check_needs_windows(user, zone)
