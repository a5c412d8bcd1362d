"""Inspections for tests, made through the same services users call."""

from __future__ import annotations

from hallkeeper.inspections import services
from hallkeeper.inspections.choices import InspectionKind, ItemResult


def start(small, user_key: str = "supervision", zone_index: int = 0, kind: str = InspectionKind.PATROL, **kwargs):
    """A draft inspection of ``small.zones[zone_index]`` by ``small.users[user_key]``."""
    return services.inspection_start(user=small.users[user_key], zone=small.zones[zone_index], kind=kind, **kwargs)


def answer(inspection, fails: dict[str, int] | None = None, na: tuple[str, ...] = (), rest: str = ItemResult.PASS):
    """Fail the rules in ``fails`` (key → occurrences), mark ``na`` not applicable, the rest ``rest``."""
    fails = fails or {}
    user = inspection.inspector
    for item in inspection.items.select_related("rule"):
        if item.rule.key in fails:
            services.item_answer(user=user, item=item, result=ItemResult.FAIL, occurrences=fails[item.rule.key])
        elif item.rule.key in na:
            services.item_answer(user=user, item=item, result=ItemResult.NOT_APPLICABLE)
        elif rest:
            services.item_answer(user=user, item=item, result=rest)
    return inspection


def submitted(small, fails: dict[str, int] | None = None, **kwargs):
    """A submitted inspection (see :func:`start`), failing the rules in ``fails``."""
    inspection = answer(start(small, **kwargs), fails)
    return services.inspection_submit(user=inspection.inspector, inspection=inspection)


# -- added for the inspection domain tests (new functions only) --------------------------------


def add_service_window(small, zone_index: int = 0, staff_user=None):
    """A window in a coaching sub-area (part of ``small.area``) of ``small.zones[zone_index]``, with a
    counter and a drawer position, so every rule of the tiny handbook applies to the zone.

    Returns ``(window, counter, drawer)``. ``staff_user`` (optional) is made staff of the window.
    """
    from hallkeeper.places.choices import AreaKind, PositionKind

    from .factories import AreaFactory, PersonFactory, PositionFactory, WindowFactory

    hall = small.hall
    zone = small.zones[zone_index]
    coaching = AreaFactory(hall=hall, floor=small.area.floor, kind=AreaKind.COACHING, parent=small.area)
    window = WindowFactory(hall=hall, zone=zone, area=coaching)
    if staff_user is not None:
        from hallkeeper.org.models import Person

        person = Person.objects.filter(hall=hall, user=staff_user).first() or PersonFactory(hall=hall, user=staff_user)
        window.staff.add(person)
    counter = PositionFactory(hall=hall, zone=zone, window=window, kind=PositionKind.COUNTER)
    drawer = PositionFactory(hall=hall, zone=zone, window=window, kind=PositionKind.DRAWER)
    return window, counter, drawer


def jpeg_with_gps(size=(600, 400), colour="blue") -> bytes:
    """A JPEG photo carrying EXIF camera make and a GPS location."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (41.0, 7.0, 30.0), 3: "E", 4: (122.0, 59.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def upload(data: bytes, name: str = "IMG_0001.jpg", content_type: str = "image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


# -- added for the rectification tests (new functions only) ------------------------------------


def photo_file(colour: str = "green", name: str = "after.jpg"):
    """An uploaded JPEG (an after-photo); each colour gives different bytes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), colour).save(out, "JPEG")
    return upload(out.getvalue(), name=name)


def findings_of(small, zone_index: int = 0, user_key: str = "supervision", fails: dict[str, int] | None = None):
    """The findings of a fresh submitted patrol of ``small.zones[zone_index]`` (by default: exit-clear failed once;
    the tiny handbook must be installed)."""
    inspection = submitted(small, fails or {"exit-clear": 1}, user_key=user_key, zone_index=zone_index)
    return list(inspection.findings.order_by("pk"))


def issued_notice(small, zone_index: int = 0, user_key: str = "supervision", findings=None, **kwargs):
    """A notice issued by ``small.users[user_key]`` to ``small.zones[zone_index]`` through the service."""
    from hallkeeper.rectification import services as rectification

    if findings is None:
        findings = findings_of(small, zone_index=zone_index)
    kwargs.setdefault("requirement", "立即清理安全出口堆放物品。")
    return rectification.notice_issue(
        user=small.users[user_key], zone=small.zones[zone_index], findings=findings, **kwargs
    )


def notice_in_state(small, state: str, zone_index: int = 0, issuer: str = "supervision", lead: str | None = None):
    """A notice of ``small.zones[zone_index]`` moved to ``state`` through the services (the lead acts for the zone,
    the issuer verifies, rejects and cancels). Writes photos: set ``settings.MEDIA_ROOT`` first."""
    from hallkeeper.rectification import services as rectification
    from hallkeeper.rectification.choices import NoticeState

    lead_user = small.users[lead or f"lead{zone_index + 1}"]
    inspector = small.users[issuer]
    notice = issued_notice(small, zone_index=zone_index, user_key=issuer)
    if state == NoticeState.ISSUED:
        return notice
    if state == NoticeState.CANCELLED:
        return rectification.notice_cancel(user=inspector, notice=notice, reason="重复下发")
    notice = rectification.notice_acknowledge(user=lead_user, notice=notice)
    if state == NoticeState.ACKNOWLEDGED:
        return notice
    notice = rectification.notice_start(user=lead_user, notice=notice)
    if state == NoticeState.RECTIFYING:
        return notice
    rectification.notice_submit(user=lead_user, notice=notice, answers=answers_for(notice, "已清理通道。"))
    notice.refresh_from_db()
    if state == NoticeState.SUBMITTED:
        return notice
    if state == NoticeState.VERIFIED:
        return rectification.notice_verify(user=inspector, notice=notice, comment="复查合格")
    raise ValueError(state)


def answers_for(notice, text: str = "已整改。", colour: str = "green"):
    """An answer for every finding ``notice`` holds: ``text`` and one after-photo each (its own bytes)."""
    from hallkeeper.rectification.services import FindingAnswer

    colours = [colour, *(c for c in ("blue", "yellow", "purple", "orange", "white", "cyan", "magenta") if c != colour)]
    items = notice.items.filter(active=True).order_by("order", "pk")
    return [
        FindingAnswer(item=item.pk, text=text, photos=(photo_file(colours[n % len(colours)]),))
        for n, item in enumerate(items)
    ]
