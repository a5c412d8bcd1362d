"""The plan's model window (设立示范窗口，由政务服务中心按《手册》要求设计实施), set up in the first weeks of July.

:func:`play_model_window` acts through the showcase services, as the service centre would: the window with the
most kinds of positions becomes the model window; each layout standard and the first rules that apply there (in
the handbook's order, :data:`RULE_PHOTOS` of them, to keep the demo quick) get a reference photo, drawn here (the
layout from its slots, a rule's photo with the rule's words), built by the window's zone lead in the week of
7–11 July; the other rules are left without a photo, so the page shows what is still to do. When
the handbook has a draft revision (the accepted suggestions start one), the first rules' photos become its
reference pictures. A hall that has a model window keeps it.
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

#: Rules photographed at most (the rest stay to do), and how many of them illustrate the draft handbook.
RULE_PHOTOS = 10
ADOPTED = 3


@cache
def _font(size: int):
    from hallkeeper.core.fonts import pillow_font

    return pillow_font(size)


def _jpeg(image) -> ContentFile:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return ContentFile(out.getvalue(), name="model-window.jpg")


def layout_picture(layout) -> ContentFile:
    """The layout drawn from its slots, as the desk looks when set up to it."""
    from PIL import Image, ImageDraw

    width, height = 560, 360
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


def rule_picture(rule, index: int) -> ContentFile:
    """A desk top in order, with the rule's code and title written below."""
    from PIL import Image, ImageDraw

    width, height = 560, 360
    image = Image.new("RGB", (width, height), (214, 218, 222))
    draw = ImageDraw.Draw(image)
    draw.rectangle((24, 24, width - 24, height - 90), fill=(188, 150, 108), outline=(100, 70, 45), width=3)
    colours = [(52, 101, 164), (78, 154, 6), (245, 245, 245), (46, 52, 54), (237, 212, 0)]
    for n in range(4):
        x = 50 + n * 120
        draw.rectangle((x, 60 + (index + n) % 3 * 10, x + 90, 150 + (index + n) % 3 * 10),
                       fill=colours[(index + n) % len(colours)], outline=(30, 30, 30))  # fmt: skip
    draw.ellipse((width - 120, 170, width - 60, 230), outline=(20, 150, 60), width=5)
    draw.rectangle((0, height - 80, width, height), fill=(255, 255, 255))
    draw.text((12, height - 72), f"{rule.code} {rule.title}"[:26], fill=(20, 110, 50), font=_font(20))
    draw.text((12, height - 40), rule.requirement[:34], fill=(70, 70, 70), font=_font(14))
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
    """Designate and photograph the model window (the week of 7–11 July of ``year``, this year by default);
    returns the line the loader prints."""
    if ModelWindow.objects.filter(hall=hall).exists():
        return "示范窗口：已有，保留。"
    admins = [a.user for a in RoleAssignment.objects.filter(hall=hall, role=Role.ADMIN).select_related("user")]
    window = _window(hall)
    if not admins or window is None:
        return "示范窗口：没有窗口或管理员，跳过。"
    admin, today = admins[0], timezone.localdate()
    year = year or today.year
    start = min(dt.date(year, 7, 7), today)
    builder = window.zone.lead
    with transaction.atomic():
        with recorded_at(timezone.make_aware(dt.datetime.combine(start - dt.timedelta(days=3), dt.time(10)))):
            record = services.model_window_designate(
                user=admin, hall=hall, window=window, note="按《手册》要求设计实施，供各窗口负责人参观学习。"
            )
        _version, layouts, rules = setup_targets(admin, window)
        targets = [(SetupKind.LAYOUT, layout.name, layout_picture(layout)) for layout in layouts]
        targets += [(SetupKind.RULE, r.key, rule_picture(r, i)) for i, r in enumerate(rules[:RULE_PHOTOS])]
        photos = []
        for index, (kind, key, picture) in enumerate(targets):
            built_on = min(start + dt.timedelta(days=index % 5), today)
            at = timezone.make_aware(dt.datetime.combine(built_on, dt.time(15, index % 60)))
            with recorded_at(at):
                photo = services.setup_photo_add(
                    user=admin, model_window=record, kind=kind, target_key=key, image=picture,
                    built_on=built_on, built_by=builder, caption=f"示范窗口 {window.number} 实景",
                )  # fmt: skip
            photos.append(photo)
        adopted = 0
        if draft_version(hall) is not None:
            for photo in [p for p in photos if p.kind == SetupKind.RULE][:ADOPTED]:
                services.setup_photo_adopt(user=admin, photo=photo)
                adopted += 1
    total = len(layouts) + len(rules)
    return f"示范窗口：{window}，已拍 {len(photos)}/{total} 项（{adopted} 张用作手册修订稿配图）。"
