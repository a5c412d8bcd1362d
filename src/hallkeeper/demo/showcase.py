"""The plan's model window (设立示范窗口，由政务服务中心按《手册》要求设计实施), set up in the first weeks of July.

:func:`play_model_window` acts through the showcase services, as the service centre would: the window with the
most kinds of positions becomes the model window; each layout standard and each rule that applies there gets a
reference photo, drawn here (the layout from its slots; a rule's photo as a desk top in order with the rule's
code, title and its example, 正例), built by the window's zone lead in the week of 7–11 July of the campaign's
year. A few rules are still to do, as on a real sheet (:data:`LEFT_TO_DO`: the after-hours rules, photographed
once the hall has closed, and the device tags, which come with the budget's purchase), so the page shows what
remains. When the handbook has a draft revision (the accepted suggestions start one), the rules' photos of the
first four days become its reference pictures (图文并茂); Friday's are still to be looked at. A hall that has a
model window keeps it. The photos are small JPEGs (480×320), so the demo stays quick to load.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.events import recorded_at
from hallkeeper.core.roles import Role
from hallkeeper.places.models import Window
from hallkeeper.showcase import services
from hallkeeper.showcase.models import ModelWindow, SetupKind
from hallkeeper.showcase.selectors import draft_version, setup_targets

from .anshan import campaign_year

#: The rules that apply at the model window but have no photo yet: photographed after hours, or waiting for the
#: labels of the budget's purchase. When none of them applies, the handbook's last rule there is left to do.
LEFT_TO_DO = ("clear-desk", "power-off", "device-tags")
#: The photos are taken over the five working days from 7 July; those of the last day are not adopted yet.
BUILD_DAYS = 5
#: A picture's size: small JPEGs, drawn quickly and light to serve.
SIZE = (480, 320)
JPEG_QUALITY = 72


@cache
def _font(size: int):
    from hallkeeper.core.fonts import pillow_font

    return pillow_font(size)


def _jpeg(image) -> ContentFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name="model-window.jpg")


def layout_picture(layout) -> ContentFile:
    """The layout drawn from its slots, as the desk looks when set up to it."""
    from PIL import Image, ImageDraw

    width, height = SIZE
    image = Image.new("RGB", (width, height), (236, 232, 224))
    draw = ImageDraw.Draw(image)
    scale = min((width - 40) / max(layout.width, 1), (height - 90) / max(layout.depth, 1))
    draw.rectangle((20, 20, 20 + layout.width * scale, 20 + layout.depth * scale), fill=(196, 160, 118), width=3,
                   outline=(110, 80, 50))  # fmt: skip
    for slot in layout.slot_list:
        x, y = 20 + slot.x * scale, 20 + slot.y * scale
        box = (x, y, x + max(slot.width * scale, 6), y + max(slot.depth * scale, 6))
        draw.rectangle(box, fill=slot.colour, outline=(40, 40, 40))
        draw.text((box[0] + 3, box[1] + 2), slot.item[:6], fill=(20, 20, 20), font=_font(13))
    draw.rectangle((0, height - 56, width, height), fill=(255, 255, 255))
    draw.text((12, height - 46), f"示范窗口 · {layout.name}"[:30], fill=(30, 60, 140), font=_font(20))
    return _jpeg(image)


def _wrapped(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]


def rule_picture(rule, index: int) -> ContentFile:
    """A desk top in order (each item in its marked place, a green tick), the rule's code and title below and the
    start of its example (正例)."""
    from PIL import Image, ImageDraw

    width, height = SIZE
    image = Image.new("RGB", (width, height), (214, 218, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, width - 20, height - 110), fill=(188, 150, 108), outline=(100, 70, 45), width=3)
    colours = [(52, 101, 164), (78, 154, 6), (245, 245, 245), (46, 52, 54), (237, 212, 0), (117, 80, 123)]
    count = 3 + index % 3
    slot = (width - 80) // count
    for n in range(count):
        w, h = slot - 24, 60 + (index + n) % 3 * 14
        x, y = 40 + n * slot + 6, 40 + (index * 7 + n * 11) % 20
        draw.rectangle((x - 5, y - 5, x + w + 5, y + h + 5), outline=(250, 220, 40), width=2)  # the marked place
        draw.rectangle((x, y, x + w, y + h), fill=colours[(index + n) % len(colours)], outline=(30, 30, 30))
    draw.line((width - 90, height - 150, width - 70, height - 130, width - 38, height - 170), fill=(20, 150, 60),
              width=7)  # fmt: skip
    draw.rectangle((0, height - 100, width, height), fill=(255, 255, 255))
    draw.text((12, height - 94), f"{rule.code} {rule.title}"[:24], fill=(20, 110, 50), font=_font(19))
    for line, text in enumerate(_wrapped(rule.example or rule.requirement, 32)[:3]):
        draw.text((12, height - 64 + line * 20), text, fill=(70, 70, 70), font=_font(13))
    return _jpeg(image)


def _window(hall) -> Window | None:
    return (
        Window.objects.filter(hall=hall, zone__isnull=False)
        .annotate(kinds=Count("positions__kind", distinct=True))
        .order_by("-kinds", "number")
        .select_related("zone__lead", "area__parent")
        .first()
    )


def play_model_window(hall, *, year: int | None = None) -> str:
    """Designate and photograph the model window (the week of 7–11 July of ``year``, the campaign's year by
    default, :func:`~hallkeeper.demo.anshan.campaign_year`); returns the line the loader prints."""
    if ModelWindow.objects.filter(hall=hall).exists():
        return "示范窗口：已有，保留。"
    admins = [a.user for a in RoleAssignment.objects.filter(hall=hall, role=Role.ADMIN).select_related("user")]
    window = _window(hall)
    if not admins or window is None:
        return "示范窗口：没有窗口或管理员，跳过。"
    admin, today = admins[0], timezone.localdate()
    year = year or campaign_year(today)
    start = min(dt.date(year, 7, 7), today)
    builder = window.zone.lead
    with transaction.atomic():
        with recorded_at(timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=3), dt.time(10)))):
            record = services.model_window_designate(
                user=admin, hall=hall, window=window, note="按《手册》要求设计实施，供各窗口负责人参观学习。"
            )
        _version, layouts, rules = setup_targets(admin, window)
        to_do = {r.key for r in rules if r.key in LEFT_TO_DO} or {r.key for r in rules[-1:]}
        targets = [(SetupKind.LAYOUT, layout.name, layout_picture(layout)) for layout in layouts]
        targets += [(SetupKind.RULE, r.key, rule_picture(r, i)) for i, r in enumerate(rules) if r.key not in to_do]
        photos = []
        for index, (kind, key, picture) in enumerate(targets):
            built_on = min(start + dt.timedelta(days=index * BUILD_DAYS // len(targets)), today)
            at = timezone.make_aware(dt.datetime.combine(built_on, dt.time(9 + index % 8, index % 60)))
            with recorded_at(at):
                photo = services.setup_photo_add(
                    user=admin, model_window=record, kind=kind, target_key=key, image=picture,
                    built_on=built_on, built_by=builder, caption=f"示范窗口 {window.number} 实景",
                )  # fmt: skip
            photos.append(photo)
        adopted = 0
        draft = draft_version(hall)
        if draft is not None:
            last_day = start + dt.timedelta(days=BUILD_DAYS - 1)
            with recorded_at(timezone.make_aware(dt.datetime.combine(min(last_day, today), dt.time(17, 30)))):
                for photo in photos:
                    if photo.kind == SetupKind.RULE and photo.built_on < last_day:
                        services.setup_photo_adopt(user=admin, photo=photo)
                        adopted += 1
    total = len(layouts) + len(rules)
    return f"示范窗口：{window}，已拍 {len(photos)}/{total} 项（{adopted} 张用作手册修订稿配图）。"
