"""Data the permission matrix needs for the inspection pages, made once per test on the matrix's hall."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.inspections import services
from hallkeeper.inspections.choices import AssignTo, Frequency, InspectionKind
from hallkeeper.inspections.models import InspectionPlan

from .inspection_data import jpeg_with_gps, start


def _cached(h, name, make):
    if not hasattr(h, name):
        setattr(h, name, make())
    return getattr(h, name)


def patrol(h):
    """A submitted patrol of zone 1 by the supervision group, failing the veto rule once, with a photo."""

    def make():
        inspection = start(h)
        item = inspection.items.get(rule__key="exit-clear")
        services.item_answer(user=inspection.inspector, item=item, result="fail", occurrences=1)
        services.photo_add(
            user=inspection.inspector,
            item=item,
            file=SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        )
        return services.inspection_submit(user=inspection.inspector, inspection=inspection)

    return _cached(h, "_patrol", make)


def photo(h):
    return patrol(h).items.get(rule__key="exit-clear").photos.get()


def draft(h):
    """A draft patrol of zone 1 by the supervision group (only its inspector captures it)."""
    return _cached(h, "_draft", lambda: start(h, zone_index=0))


def draft_item(h):
    return draft(h).items.order_by("order").first()


def draft_photo(h):
    def make():
        item = draft_item(h)
        return services.photo_add(
            user=item.inspection.inspector,
            item=item,
            file=SimpleUploadedFile("d.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        )

    return _cached(h, "_draft_photo", make)


def plan(h):
    def make():
        new = InspectionPlan(
            hall=h.hall,
            name="每日巡查",
            kind=InspectionKind.PATROL,
            frequency=Frequency.DAILY,
            assign_to=AssignTo.NAMED,
            starts_on=timezone.localdate() - timedelta(days=3),
        )
        return services.plan_save(user=h.users[Role.SUPERVISION], plan=new, assignees=[h.users[Role.SUPERVISION]])

    return _cached(h, "_plan", make)


def acceptance_round(h):
    return _cached(
        h,
        "_round",
        lambda: services.round_create(
            user=h.users[Role.SUPERVISION], hall=h.hall, name="第一轮验收", starts_on=timezone.localdate()
        ),
    )


def notice(h):
    """A notice of zone 1 issued by the supervision group and submitted by its lead, with an after-photo."""
    from .inspection_data import notice_in_state

    return _cached(h, "_notice", lambda: notice_in_state(h, "submitted"))


def response_photo(h):
    from hallkeeper.rectification.models import ResponsePhoto

    return ResponsePhoto.objects.filter(response__notice=notice(h)).first()


def pending_extension(h):
    """A request for more time on a notice of zone 1 (its own notice, still rectifying)."""

    def make():
        from hallkeeper.rectification import services as rectification

        from .inspection_data import notice_in_state

        open_notice = notice_in_state(h, "rectifying")
        return rectification.extension_request(
            user=h.users["lead1"],
            notice=open_notice,
            requested_until=open_notice.deadline + timedelta(days=7),
            reason="需要采购新文件盒",
        )

    return _cached(h, "_extension", make)


def assessment_period(h):
    """This month's assessment of the hall, open for appeal."""

    def make():
        from hallkeeper.assessment import services as assessment

        today = timezone.localdate()
        period = assessment.period_create(
            user=h.users[Role.SUPERVISION], hall=h.hall, kind="month", starts_on=today.replace(day=1)
        )
        return assessment.period_open_appeal(
            user=h.users[Role.SUPERVISION], period=period, deadline=today + timedelta(days=5)
        )

    return _cached(h, "_assessment_period", make)


def assessment_published(h):
    """Last month's assessment of the hall, published (its bulletin may be downloaded)."""

    def make():
        from hallkeeper.assessment import services as assessment

        today = timezone.localdate()
        sup, leader = h.users[Role.SUPERVISION], h.users[Role.LEADERSHIP]
        start = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        period = assessment.period_create(user=sup, hall=h.hall, kind="month", starts_on=start)
        period = assessment.period_open_appeal(user=sup, period=period, deadline=today + timedelta(days=5))
        period = assessment.period_approve(user=leader, period=period)
        return assessment.period_publish(user=leader, period=period)

    return _cached(h, "_assessment_published", make)


def assessment_appeal(h):
    """Zone 1's lead's appeal against the zone's result."""

    def make():
        from hallkeeper.assessment import services as assessment

        result = assessment_period(h).results.get(zone=h.zones[0])
        return assessment.appeal_submit(user=h.users["lead1"], result=result, reason="巡查时正在办件")

    return _cached(h, "_assessment_appeal", make)


def assessment_item(h):
    """A letter of thanks for zone 1, with its evidence."""

    def make():
        from hallkeeper.assessment import services as assessment

        return assessment.adjustment_add(
            user=h.users[Role.SUPERVISION],
            hall=h.hall,
            target_type="zone",
            target_id=h.zones[0].pk,
            on=timezone.localdate(),
            kind="thanks",
            points=2,
            reason="群众感谢信",
            evidence=SimpleUploadedFile("letter.jpg", jpeg_with_gps(), content_type="image/jpeg"),
        )

    return _cached(h, "_assessment_item", make)
