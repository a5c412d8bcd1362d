"""Reads of the hall overview: counts of what the user can see, from ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, fields

from django.db.models import Count, IntegerField, Q, Subquery, Value
from django.db.models.functions import Coalesce

from hallkeeper.halls.models import Hall
from hallkeeper.org.choices import UnitKind
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.models import Area, Position, Window, Zone


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


def _counts(qs, **counts) -> dict[str, Coalesce]:
    """Scalar subqueries of ``qs``, named ``n_<name>``: each count over all its rows (``Count("pk", filter=...)``),
    0 when there are none."""
    grouped = qs.order_by().annotate(_one=Value(1)).values("_one")
    return {
        f"n_{name}": Coalesce(Subquery(grouped.annotate(n=count).values("n")[:1], output_field=IntegerField()), 0)
        for name, count in counts.items()
    }


def hall_overview(user, hall) -> HallOverview:
    """Counts of what the user can see in the hall, in one query (a scalar subquery per count)."""
    zones = Zone.objects.visible_to(user, "view").filter(hall=hall)
    windows = Window.objects.visible_to(user, "view").filter(hall=hall)
    row = (
        Hall.objects.filter(pk=hall.pk)
        .annotate(
            **_counts(zones, zones=Count("pk"), zones_without_lead=Count("pk", filter=Q(lead__isnull=True))),
            **_counts(
                windows,
                windows=Count("pk"),
                stationed_windows=Count("pk", filter=Q(unit__kind=UnitKind.STATIONED)),
                model_windows=Count("pk", filter=Q(is_model=True)),
            ),
            **_counts(Area.objects.visible_to(user, "view").filter(hall=hall), areas=Count("pk")),
            **_counts(Position.objects.visible_to(user, "view").filter(hall=hall), positions=Count("pk")),
            **_counts(Unit.objects.visible_to(user, "view").filter(hall=hall), units=Count("pk")),
            # reference data: every hall role sees the directory
            **_counts(Person.objects.filter(hall=hall), people=Count("pk")),
        )
        .values(*(f"n_{f.name}" for f in fields(HallOverview)))
        .get()
    )
    return HallOverview(**{name.removeprefix("n_"): n for name, n in row.items()})
