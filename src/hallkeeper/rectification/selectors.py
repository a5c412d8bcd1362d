"""Read-side summaries of notices: counts per zone, time to close, the timeline. Bounded queries only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Prefetch, Q
from django.utils import timezone

from hallkeeper.core.capabilities import leads_zones
from hallkeeper.core.events import events_for
from hallkeeper.core.models import Event
from hallkeeper.inspections.models import Finding
from hallkeeper.inspections.querysets import staffed_zone_ids
from hallkeeper.places.models import Zone

from .choices import AWAITING_ZONE_STATES, OPEN_STATES, NoticeState
from .models import FindingResponse, Notice, NoticeItem, ResponsePhoto


@dataclass(frozen=True)
class ZoneCounts:
    zone: Zone
    open: int
    overdue: int


def _open_and_overdue(today: date, via: str = "") -> dict[str, Count]:
    """The two counts of a zone's notices, ``open`` and ``overdue``, over notices reached through ``via``
    (``"notices__"`` from zones, ``""`` on notices themselves): one definition for both readers below."""
    return {
        "open_notices": Count(f"{via}pk", filter=Q(**{f"{via}state__in": OPEN_STATES})),
        "overdue_notices": Count(
            f"{via}pk", filter=Q(**{f"{via}state__in": AWAITING_ZONE_STATES, f"{via}deadline__lt": today})
        ),
    }


def zone_counts(hall, zones: models.QuerySet[Zone] | None = None, today: date | None = None) -> list[ZoneCounts]:
    """Each zone's open and overdue notices (one query); ``zones`` narrows to the zones a user sees."""
    today = today or timezone.localdate()
    zones = zones if zones is not None else Zone.objects.all()
    rows = zones.filter(hall=hall).annotate(**_open_and_overdue(today, "notices__")).order_by("order", "code")
    return [ZoneCounts(zone=z, open=z.open_notices, overdue=z.overdue_notices) for z in rows]


def zone_counts_of(hall, zones: list[Zone], today: date | None = None) -> list[ZoneCounts]:
    """:func:`zone_counts` for zones the caller has read already (the user's visible zones of ``hall``, in their
    order): one grouped query over the hall's notices, no zone read again."""
    today = today or timezone.localdate()
    counts = {
        row["zone_id"]: row
        for row in Notice.objects.filter(zone__hall=hall)
        .order_by()
        .values("zone_id")
        .annotate(**_open_and_overdue(today))
    }
    none = {"open_notices": 0, "overdue_notices": 0}
    return [
        ZoneCounts(
            zone=z, open=counts.get(z.pk, none)["open_notices"], overdue=counts.get(z.pk, none)["overdue_notices"]
        )
        for z in zones
    ]


def state_counts(notices: models.QuerySet[Notice], today: date | None = None) -> dict[str, int]:
    """How many of ``notices`` are in each state, plus ``overdue`` and ``open`` (one query)."""
    today = today or timezone.localdate()
    aggregates = {state: Count("pk", filter=Q(state=state)) for state in NoticeState.values}
    aggregates["open"] = Count("pk", filter=Q(state__in=OPEN_STATES))
    aggregates["overdue"] = Count("pk", filter=Q(state__in=AWAITING_ZONE_STATES, deadline__lt=today))
    return notices.order_by().aggregate(**aggregates)


def _day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz),
    )


@dataclass(frozen=True)
class ZoneCloseTime:
    zone_id: int
    closed: int
    average: timedelta | None

    @property
    def average_days(self) -> float | None:
        return None if self.average is None else round(self.average.total_seconds() / 86400, 1)


def days_to_close(hall, start: date, end: date, zones: models.QuerySet[Zone] | None = None) -> dict[int, ZoneCloseTime]:
    """Per zone: notices closed (verified) from ``start`` to ``end`` inclusive and their average time
    from issue to close, computed by the database. Zones with none closed are absent."""
    since, until = _day_bounds(start, end)
    notices = Notice.objects.filter(hall=hall, state=NoticeState.VERIFIED, closed_at__gte=since, closed_at__lt=until)
    if zones is not None:
        notices = notices.filter(zone__in=zones)
    rows = (
        notices.order_by()
        .values("zone_id")
        .annotate(
            closed=Count("pk"),
            average=Avg(ExpressionWrapper(F("closed_at") - F("issued_at"), output_field=DurationField())),
        )
    )
    return {r["zone_id"]: ZoneCloseTime(zone_id=r["zone_id"], closed=r["closed"], average=r["average"]) for r in rows}


def timeline(notice: Notice):
    """The notice's events, oldest first (callers have checked the notice is visible)."""
    return events_for(notice)


def hall_wide(access, hall) -> bool:
    """Whether the user reads every zone's notices of the hall."""
    return hall.pk in access.halls_hall_wide("view")


def notice_zones(user, access, hall):
    """The zones whose notices the user sees (every zone for hall-wide roles)."""
    zones = Zone.objects.filter(hall=hall)
    if hall_wide(access, hall):
        return zones
    q = Q(pk__in=[])
    if leads_zones(access, hall.pk):
        q |= Q(lead__user_id=user.pk)
    staffed = staffed_zone_ids(access)
    if staffed is not None:
        q |= Q(pk__in=staffed)
    return zones.filter(q)


def held_notices(user, findings) -> dict:
    """``{finding id or check item id: notice}``: the open or closed (not cancelled) notice of each finding the
    user may see, in one query. Findings may be ``Finding`` rows or a report's failed ``CheckItem`` rows."""
    rows = list(findings or [])
    if not rows:
        return {}
    items = NoticeItem.objects.visible_to(user, "view").filter(active=True).select_related("notice__hall")
    if isinstance(rows[0], Finding):
        items = items.filter(finding_id__in=[f.pk for f in rows])
        return {i.finding_id: i.notice for i in items}
    items = items.filter(finding__item_id__in=[r.pk for r in rows]).annotate(check_item_id=F("finding__item_id"))
    return {i.check_item_id: i.notice for i in items}


#: The events that decide whether a notice's latest rectification stands rejected.
VERDICT_VERBS = ("notice.submitted", "notice.verified", "notice.rejected")


def current_rejection(events) -> Event | None:
    """The rejection that still stands: the latest submit/verify/reject event when it is a rejection (the zone
    has not submitted again since), else ``None``. ``events`` is the notice's timeline, oldest first."""
    last = None
    for event in events:
        if event.verb in VERDICT_VERBS:
            last = event
    return last if last is not None and last.verb == "notice.rejected" else None


def current_rejections(notices) -> dict[int, Event]:
    """``{notice id: the rejection that still stands}`` for a list of notices, in one query (none when no notice
    has ever been rejected). Callers pass notices they have read through ``visible_to``."""
    ids = [n.pk for n in notices if n.times_rejected]
    if not ids:
        return {}
    ct = ContentType.objects.get_for_model(Notice, for_concrete_model=False)
    latest: dict[int, Event] = {}
    for event in (
        Event.objects.filter(content_type=ct, object_id__in=ids, verb__in=VERDICT_VERBS)
        .select_related("actor")
        .order_by("created_at", "pk")
    ):
        latest[event.object_id] = event
    return {pk: event for pk, event in latest.items() if event.verb == "notice.rejected"}


def rounds(notice: Notice) -> list:
    """The notice's rectification rounds, oldest first, in three queries: each round's answers
    (``answer_list``, by the findings' order) with their after-photos (``photo_list``), and the photos of
    a round submitted for the whole notice at once (the round's ``photo_list``)."""
    photos = ResponsePhoto.objects.order_by("order", "pk")
    return list(
        notice.responses.select_related("by")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=FindingResponse.objects.select_related("item__finding__rule")
                .prefetch_related(Prefetch("photos", queryset=photos, to_attr="photo_list"))
                .order_by("item__order", "item__pk"),
                to_attr="answer_list",
            ),
            Prefetch("photos", queryset=photos.filter(answer__isnull=True), to_attr="photo_list"),
        )
        .order_by("at", "pk")
    )
