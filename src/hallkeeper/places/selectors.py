"""Reads of the places of a hall, always starting from ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from hallkeeper.core.links import attach_hall, hall_object_url
from hallkeeper.org.models import Membership, Unit

from .choices import AreaKind
from .models import Area, Floor, Position, Window, Zone


def _count_subquery(model, fk: str, **filters) -> Coalesce:
    sub = (
        model.objects.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), Value(0))


def attach_counts(objects, model, fk: str, attr: str) -> list:
    """Set ``attr`` on each object to the number of ``model`` rows pointing at it, in one query.

    Used for a page of a list: counting only the rows shown keeps a page's cost independent of
    how many rows the whole list has (a count subquery would be evaluated for every row before
    sorting and slicing).
    """
    objects = list(objects)
    rows = (
        model.objects.filter(**{f"{fk}__in": [o.pk for o in objects]})
        .order_by()
        .values_list(fk)
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    for obj in objects:
        setattr(obj, attr, counts.get(obj.pk, 0))
    return objects


def attach_zone_counts(zones) -> list[Zone]:
    zones = attach_counts(zones, Window, "zone", "window_count")
    return attach_counts(zones, Position, "zone", "position_count")


def zones_for_list(user, hall, *, counts: bool = True, areas: bool = True) -> QuerySet[Zone]:
    """Zones the user may see, with lead, units and areas, in a fixed number of queries.

    ``counts`` annotates window and position counts on every row (for exports); pages leave it
    off and call :func:`attach_zone_counts` on the rows they show. ``areas=False`` leaves out the
    zones' areas (a query) for a page that does not show them.
    """
    qs = (
        Zone.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("hall", "lead", "lead__unit")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("order", "code")))
    )
    if areas:
        qs = qs.prefetch_related(
            Prefetch("areas", queryset=Area.objects.select_related("hall").order_by("order", "code"))
        )
    if counts:
        qs = qs.annotate(
            window_count=_count_subquery(Window, "zone"),
            position_count=_count_subquery(Position, "zone"),
        )
    return qs


@dataclass(frozen=True)
class HallPlaces:
    """Every zone (with its lead) and every area (with its floor) of a hall that a user may see, in their
    lists' order, each holding the hall: what the overview's zone table, floor plan, area list and counts
    share (two queries) instead of reading the same rows once for each."""

    zones: list[Zone]
    areas: list[Area]

    @property
    def zones_without_lead(self) -> int:
        return sum(1 for z in self.zones if z.lead_id is None)


#: What the overview shows of its zones and areas (names, leads, floors, plan rectangles): their other columns
#: are left unread.
_PLAN = ("plan_x", "plan_y", "plan_width", "plan_depth")
_ZONE_FIELDS = ("hall", "code", "name", "order", "lead", "lead__name", "plan_floor", *_PLAN)
_AREA_FIELDS = ("hall", "floor", "floor__name", "floor__level", "parent", "kind", "code", "name", "order", *_PLAN)


def hall_places(user, hall) -> HallPlaces:
    zones = (
        Zone.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("lead")
        .only(*_ZONE_FIELDS)
        .order_by("order", "code")
    )
    areas = (
        Area.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("floor")
        .only(*_AREA_FIELDS)
        .order_by("floor__level", "order", "code")  # the model's ordering within one hall
    )
    return HallPlaces(zones=attach_hall(zones, hall), areas=attach_hall(areas, hall))


def zones_for_overview(user, hall, limit: int, places: HallPlaces | None = None) -> list[Zone]:
    """The first ``limit`` zones the user may see, in the list's order, with their lead (holding ``hall`` itself
    for their links), and what the overview's zone table shows of their units and windows: ``unit_names``
    (the units' short names in the units' order, joined by 、) and ``window_badges`` (a linked badge per window
    by number, the model windows green; empty when the zone has none). Three queries, two when ``places``
    holds the zones already; the units and windows are read as values and the cells built here, not by
    template loops over model instances."""
    if places is not None:
        zones = places.zones[:limit]
    else:
        zones = attach_hall(
            Zone.objects.visible_to(user, "view")
            .filter(hall=hall)
            .select_related("lead")
            .order_by("order", "code")[:limit],  # the model's ordering within one hall
            hall,
        )
    ids = [zone.pk for zone in zones]
    units: dict[int, list[str]] = {}
    for zone_id, name, short_name in (
        Zone.units.through.objects.filter(zone_id__in=ids)
        .order_by("unit__order", "unit__code")
        .values_list("zone_id", "unit__name", "unit__short_name")
    ):
        units.setdefault(zone_id, []).append(short_name or name)  # Unit.display_name
    windows: dict[int, list[tuple[str, str, str]]] = {}
    for zone_id, pk, number, is_model in (
        Window.objects.filter(zone_id__in=ids).order_by("number").values_list("zone_id", "pk", "number", "is_model")
    ):
        link = hall_object_url("window_detail", hall.code, pk)  # Window.get_absolute_url
        windows.setdefault(zone_id, []).append((link, _MODEL_BADGE if is_model else _PLAIN_BADGE, number))
    for zone in zones:
        zone.unit_names = "、".join(units.get(zone.pk, ()))
        zone.window_badges = format_html_join(
            "", '<a href="{}" class="badge {} text-decoration-none">{}</a> ', windows.get(zone.pk, ())
        )
    return zones


_MODEL_BADGE, _PLAIN_BADGE = "text-bg-success", "text-bg-light border"


def windows_for_list(user, hall, *, counts: bool = True) -> QuerySet[Window]:
    """Windows the user may see; ``counts`` as for :func:`zones_for_list`."""
    qs = (
        Window.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("hall", "zone", "area", "unit")
        .prefetch_related("staff")
    )
    return qs.annotate(position_count=_count_subquery(Position, "window")) if counts else qs


def positions_for_list(user, hall) -> QuerySet[Position]:
    return (
        Position.objects.visible_to(user, "view").filter(hall=hall).select_related("hall", "zone", "window", "parent")
    )


def areas_for_list(user, hall) -> QuerySet[Area]:
    return (
        Area.objects.visible_to(user, "view")
        .filter(hall=hall)
        .select_related("hall", "floor", "parent")
        .annotate(window_count=_count_subquery(Window, "area"))
    )


def root_areas(user, hall, places: HallPlaces | None = None) -> list[Area]:
    """The hall's top-level areas the user may see, with their floors, in the list's order (one query, none
    with ``places``; for a page that shows their names and floors only)."""
    if places is not None:
        return [a for a in places.areas if a.parent_id is None]
    areas = (
        Area.objects.visible_to(user, "view")
        .filter(hall=hall, parent__isnull=True)
        .select_related("floor")
        .order_by("floor__level", "order", "code")  # the model's ordering within one hall
    )
    return attach_hall(areas, hall)


@dataclass(frozen=True)
class FloorPlan:
    floor: Floor
    areas: list[Area]
    zones: list[Zone] = field(default_factory=list)
    windows: list[Window] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        """SVG viewBox with a half-metre margin around the floor."""
        return f"-0.5 -0.5 {self.floor.width + 1} {self.floor.depth + 1}"

    def shapes(self) -> SafeString:
        """The plan's areas, zones and windows as SVG links, built here rather than by template loops: the
        floor plan is the overview's largest piece of markup, and a template spends some thousand calls on
        each shape. Every text is escaped (``format_html``)."""
        kinds = dict(AreaKind.choices)  # what get_kind_display() gives, without rebuilding the choices per area
        areas = (
            format_html(
                '<a href="{}">\n      <title>{} · {}</title>\n      <rect class="area" x="{}" y="{}" width="{}" '
                'height="{}" fill="{}" {}/>\n      <text x="{}" y="{}" dx="0.5">{}</text>\n    </a>',
                a.get_absolute_url(),
                a.name,
                kinds.get(a.kind, a.kind),
                a.plan_x,
                a.plan_y,
                a.plan_width,
                a.plan_depth,
                a.colour,
                _SUB_AREA if a.parent_id else "",
                a.plan_x,
                a.label_y,
                a.label,
            )
            for a in self.areas
        )
        zones = (
            format_html(
                '<a href="{}" data-testid="plan-zone">\n      <title>{} {}</title>\n      <rect class="zone" x="{}" '
                'y="{}" width="{}" height="{}"/>\n      <text class="zone-code" x="{}" y="{}" text-anchor="middle">{}'
                "</text>\n    </a>",
                z.get_absolute_url(),
                z.code,
                z.name,
                z.plan_x,
                z.plan_y,
                z.plan_width,
                z.plan_depth,
                z.label_x,
                z.label_y,
                z.code,
            )
            for z in self.zones
        )
        windows = (
            format_html(
                '<a href="{}" data-testid="plan-window">\n      <title>{}</title>\n      {}\n    </a>',
                w.get_absolute_url(),
                str(w),
                format_html(
                    '<rect class="window" x="{}" y="{}" width="{}" height="{}"/>',
                    w.plan_x,
                    w.plan_y,
                    w.plan_width,
                    w.plan_depth,
                )
                if w.plan_width and w.plan_depth
                else format_html('<circle class="window" cx="{}" cy="{}" r="0.5"/>', w.plan_x, w.plan_y),
            )
            for w in self.windows
        )
        return mark_safe("\n    ".join(chain(areas, zones, windows)))  # noqa: S308 - each piece is format_html's


#: A sub-area's rectangle is drawn lighter and dashed over its parent.
_SUB_AREA = mark_safe('fill-opacity="0.85" stroke-dasharray="0.4 0.3"')  # noqa: S308 - a constant


#: Width of one CJK character of the plan's labels, in metres (matches hallkeeper.css).
LABEL_CHAR_WIDTH = Decimal("1.15")


def _fit_label(name: str, width: Decimal) -> str:
    """The area's name, shortened with an ellipsis when it would overflow its rectangle."""
    fits = int((width - 1) / LABEL_CHAR_WIDTH)
    if len(name) <= fits:
        return name
    return name[: max(fits - 1, 1)] + "…"


def floor_plans(user, hall, places: HallPlaces | None = None) -> list[FloorPlan]:
    """Each floor with the areas, zones and windows drawn on it (Annex A), in four queries (two with
    ``places``, which holds the areas and zones): only the zones and windows the user may see."""
    floors = list(Floor.objects.visible_to(user, "view").filter(hall=hall).order_by("level"))
    if places is not None:
        areas = [a for a in places.areas if a.plan_width > 0 and a.plan_depth > 0]
        drawn_zones = [z for z in places.zones if z.plan_floor_id is not None and z.plan_width > 0 and z.plan_depth > 0]
    else:
        areas = attach_hall(
            Area.objects.visible_to(user, "view").filter(hall=hall, plan_width__gt=0, plan_depth__gt=0), hall
        )
        drawn_zones = attach_hall(
            Zone.objects.visible_to(user, "view")
            .filter(hall=hall, plan_floor__isnull=False, plan_width__gt=0, plan_depth__gt=0)
            .order_by("order", "code"),
            hall,
        )
    by_floor: dict[int, list[Area]] = {}
    parents = {a.parent_id for a in areas if a.parent_id is not None}
    # Parents first so their sub-areas are drawn on top; a parent's label goes to its bottom edge.
    for area in sorted(areas, key=lambda a: (a.parent_id is not None, a.order, a.code)):
        area.label_y = (
            area.plan_y + area.plan_depth - Decimal("0.6") if area.pk in parents else area.plan_y + Decimal("1.6")
        )
        area.label = _fit_label(area.name, area.plan_width)
        by_floor.setdefault(area.floor_id, []).append(area)
    zones: dict[int, list[Zone]] = {}
    for zone in drawn_zones:
        zone.label_x, zone.label_y = zone.plan_x + zone.plan_width / 2, zone.plan_y + zone.plan_depth - Decimal("0.6")
        zones.setdefault(zone.plan_floor_id, []).append(zone)
    windows: dict[int, list[Window]] = {}
    for window in attach_hall(
        Window.objects.visible_to(user, "view")
        .filter(hall=hall, plan_x__isnull=False, plan_y__isnull=False)
        .select_related("area", "zone")
        .only("hall", "number", "name", "area", "area__floor", "zone", "zone__plan_floor", *_PLAN),
        hall,
    ):
        floor_id = window.area.floor_id if window.area_id else window.zone.plan_floor_id
        windows.setdefault(floor_id, []).append(window)
    return [
        FloorPlan(floor=f, areas=by_floor.get(f.pk, []), zones=zones.get(f.pk, []), windows=windows.get(f.pk, []))
        for f in floors
        if by_floor.get(f.pk) or zones.get(f.pk)
    ]


# -- who oversees what (the organization's oversight of places) -------------------------------------


def zones_overseen(membership: Membership):
    """Zones a group member oversees: named zones, zones of overseen units, zones on overseen areas."""
    zone_through = Zone.units.through.objects.filter(unit__in=membership.oversees_units.all()).values("zone_id")
    area_through = Zone.areas.through.objects.filter(area__in=membership.oversees_areas.all()).values("zone_id")
    return Zone.objects.filter(hall=membership.group.hall_id).filter(
        Q(pk__in=membership.oversees_zones.all().values("pk")) | Q(pk__in=zone_through) | Q(pk__in=area_through)
    )


def overseers_of_zone(zone) -> QuerySet[Membership]:
    """The group members (usually deputy leaders) who oversee a zone, directly or by unit or area."""
    unit_ids = Zone.units.through.objects.filter(zone=zone).values("unit_id")
    area_ids = Zone.areas.through.objects.filter(zone=zone).values("area_id")
    return (
        Membership.objects.filter(group__hall_id=zone.hall_id)
        .filter(
            Q(oversees_zones=zone)
            | Q(pk__in=Membership.oversees_units.through.objects.filter(unit_id__in=unit_ids).values("membership_id"))
            | Q(pk__in=Membership.oversees_areas.through.objects.filter(area_id__in=area_ids).values("membership_id"))
        )
        .select_related("person", "group")
        .distinct()
    )
