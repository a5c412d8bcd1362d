"""The plan's opinions and suggestions (汇总收集各责任区的意见和建议) during its campaign, July–August of this year.

:func:`play_suggestions` acts through the suggestion services, as the zone leads, the window staff and the
promotion group would: a dozen suggestions from the zones (on the handbook, the layout, the process), most of them
answered and tagged a few days later; one accepted for the handbook, answered by a rule of the handbook's draft
revision (started here when none is under way, the rule rewritten through ``standards.services.rule_save``).
Nobody is notified of the past (``notifications.services.suppressed``); events carry the story's times
(``recorded_at``). A hall that has suggestions keeps them.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.events import recorded_at
from hallkeeper.core.roles import Role
from hallkeeper.notifications.services import suppressed
from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.org.models import Membership
from hallkeeper.places.models import Window, Zone
from hallkeeper.standards import services as handbook_services
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import Handbook, HandbookVersion, Rule
from hallkeeper.suggestions import services
from hallkeeper.suggestions.models import Suggestion

from .anshan import campaign_year

#: (day in the campaign: month, day; subject; rule keyword or ""; text; answer or "" (waiting); reply; tags)
STORY = [
    ((7, 3), "handbook", "台面", "台面物品白名单没有写明老花镜、号码牌能否摆放，窗口理解不一，建议补充。",
     "accepted", "采纳。修订台面物品白名单，明确老花镜、叫号牌可放于台面右侧指定位置。", "台面，手册修订"),
    ((7, 6), "layout", "", "综合受理区第三排窗口的电源线从台面下穿出，容易绊脚，建议加装线槽。",
     "accepted", "采纳，已请后勤在7月底前统一加装线槽。", "线缆，安全"),
    ((7, 9), "process", "", "交接班时印章、票据交接没有登记表，建议增加交接登记。",
     "noted", "已记录，交接登记表纳入下一阶段对照实施内容统一印发。", "交接"),
    ((7, 13), "handbook", "标识", "窗口标识牌的字号要求过小，群众在等候区看不清，建议放大。",
     "not_adopted", "标识牌字号按全市统一视觉规范执行，暂不调整；等候区另设电子叫号屏。", "标识"),
    ((7, 17), "layout", "", "自助服务区打印机旁缺少废纸篓，群众随手丢弃打印件。",
     "accepted", "采纳，每台打印设备旁增配一个带盖废纸篓。", "自助服务区"),
    ((7, 21), "other", "", "建议推进小组每周在工作群通报一次各责任区整改情况，便于互相学习。",
     "noted", "已记录，自8月起在周例会上通报。", "通报"),
    ((7, 25), "process", "", "帮办代办专区的预约登记与窗口叫号没有衔接，群众需要重复排队。",
     "accepted", "采纳，预约群众凭预约号直接到帮办代办专区办理。", "帮办代办，流程"),
    ((7, 29), "layout", "", "休息等候区座椅摆放挡住了母婴室指引标识，建议调整。",
     "accepted", "采纳，座椅后移一排，指引标识不再被遮挡。", "标识，等候区"),
    ((8, 4), "handbook", "抽屉", "抽屉定置要求中文件盒数量与实际办件量不符，高峰期不够用。",
     "noted", "已记录，评估验收后结合各窗口办件量统一修订数量标准。", "定置，手册修订"),
    ((8, 11), "process", "", "督查发现问题后的整改通知能否同时抄送科室负责人？",
     "not_adopted", "整改通知已按规定送达责任区负责人，逾期自动上报分管领导，不再另行抄送。", "整改"),
    ((8, 19), "layout", "", "商务服务区复印机位置靠近出口，排队时影响通行。", "", "", ""),
    ((8, 26), "other", "", "建议总结阶段评选“最美窗口”并在大厅展示照片。", "", "", ""),
]  # fmt: skip
#: The rule's new wording in the draft revision (the accepted handbook suggestion).
REVISED_NOTE = "老花镜、叫号牌可放于台面右侧指定位置（采纳窗口意见修订）。"


@cache
def _font(size: int):
    from hallkeeper.core.fonts import pillow_font

    return pillow_font(size)


def _photo(text: str) -> ContentFile:
    """A small JPEG drawn for the suggestion: a grey scene with the concern written across it."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (205, 208, 212))
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 40, 450, 230), fill=(160, 120, 80), outline=(90, 60, 40), width=3)
    draw.ellipse((300, 120, 400, 210), outline=(220, 20, 20), width=4)
    draw.rectangle((0, 260, 480, 320), fill=(255, 255, 255))
    draw.text((12, 272), text[:22], fill=(200, 0, 0), font=_font(20))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78)
    return ContentFile(out.getvalue(), name="suggestion.jpg")


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _users_with(hall, *roles):
    return [a.user for a in RoleAssignment.objects.filter(hall=hall, role__in=roles).select_related("user")]


def _answerer(hall):
    """The promotion group's leader or deputy with a login, else the leadership group, else an administrator."""
    seat = (
        Membership.objects.filter(group__hall=hall, group__kind=GroupKind.PROMOTION, person__user__isnull=False)
        .exclude(role=MemberRole.MEMBER)
        .select_related("person__user")
        .order_by("role", "order")
        .first()
    )
    if seat is not None:
        return seat.person.user
    users = _users_with(hall, Role.LEADERSHIP) or _users_with(hall, Role.ADMIN)
    return users[0] if users else None


def _submitters(hall) -> list[tuple]:
    """(user, zone) of the zone leads with a login, then window staff with the zone of their window."""
    result = [
        (z.lead.user, z) for z in Zone.objects.filter(hall=hall, lead__user__isnull=False).select_related("lead__user")
    ]
    for window in Window.objects.filter(hall=hall, zone__isnull=False).prefetch_related("staff__user")[:40]:
        for person in window.staff.all():
            if person.user_id and len(result) < 40:
                result.append((person.user, window.zone))
    return result


def _rule(version, keyword: str) -> Rule | None:
    if version is None or not keyword:
        return None
    return version.rules.filter(title__contains=keyword).order_by("order", "code").first() or version.rules.first()


def _draft_rule(hall, editor, key: str) -> Rule | None:
    """The rule of ``key`` in the handbook's draft revision, rewritten (the revision answering the suggestion)."""
    handbook = Handbook.objects.filter(hall=hall).first()
    if handbook is None or editor is None:
        return None
    draft = handbook.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        draft = handbook_services.handbook_version_revise(handbook=handbook, user=editor)
    rule = draft.rules.filter(key=key).first()
    if rule is None:
        return None
    if REVISED_NOTE not in rule.requirement:
        rule.requirement = f"{rule.requirement}{REVISED_NOTE}"
        handbook_services.rule_save(rule=rule, user=editor)
    return rule


def play_suggestions(hall, *, year: int | None = None) -> str:
    """A dozen suggestions of the plan's campaign months (July–August of ``year``, this year by default) and the
    promotion group's answers; returns the line the loader prints."""
    if Suggestion.objects.filter(hall=hall).exists():
        return "意见建议：已有，保留。"
    today = timezone.localdate()
    year = year or campaign_year(today)
    submitters, answerer = _submitters(hall), _answerer(hall)
    editors = _users_with(hall, Role.LEADERSHIP, Role.ADMIN)
    if not submitters or answerer is None:
        return "意见建议：没有可提交或答复的账号，跳过。"
    version = HandbookVersion.objects.filter(handbook__hall=hall, status=VersionStatus.PUBLISHED).first()
    answered, linked = 0, 0
    with suppressed(), transaction.atomic():
        for index, ((month, day), subject, keyword, text, answer, reply, tags) in enumerate(STORY):
            on = min(dt.date(year, month, day), today)
            user, zone = submitters[(index * 3) % len(submitters)]
            submitted_at = _at(on, 9 + index % 7, 10 + index)
            with recorded_at(submitted_at):
                item = services.suggestion_submit(
                    user=user,
                    hall=hall,
                    subject=subject,
                    text=text,
                    zone=zone,
                    rule=_rule(version, keyword) if subject == "handbook" else None,
                    photo=_photo(text) if subject == "layout" and index < 5 else None,
                )
            Suggestion.objects.filter(pk=item.pk).update(created_at=submitted_at, updated_at=submitted_at)
            if not answer:
                continue
            answered_at = _at(min(on + dt.timedelta(days=2 + index % 4), today), 16, 30)
            revised = None
            if index == 0 and item.rule is not None and editors:
                with recorded_at(answered_at - dt.timedelta(hours=2)):
                    revised = _draft_rule(hall, editors[0], item.rule.key)
            with recorded_at(answered_at):
                services.suggestion_tag(user=answerer, suggestion=item, tags=tags)
                services.suggestion_answer(
                    user=answerer, suggestion=item, outcome=answer, reply=reply, revised_rule=revised
                )
            Suggestion.objects.filter(pk=item.pk).update(answered_at=answered_at, updated_at=answered_at)
            answered += 1
            linked += revised is not None
    return f"意见建议：{len(STORY)} 条（已答复 {answered} 条，{linked} 条采纳并关联手册修订稿）。"
