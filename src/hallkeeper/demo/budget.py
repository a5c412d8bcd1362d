"""The plan's budget (做预算): "进行调查摸底，统计需要购置的文具整理盒、隔板等数量及所需费用".

:func:`play_budget` acts through the budget's services as the hall would in the mobilization phase of the
demo's current year: the administrator fills the price list, starts the survey on 3 July, the zone leads of the
first zones confirm what their zones have, the survey is submitted and the leadership group approves it on
8 July; boxes are bought in full, dividers in part, and handed out to the first zones. Events carry the story's
times (``recorded_at``); the timestamps the services stamp with ``timezone.now()`` are set back right after.
A hall that already has a survey keeps it."""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.budget import services
from hallkeeper.budget.models import HandOut, PriceItem, Purchase, Survey, SurveyLine
from hallkeeper.core.events import recorded_at

from .anshan import campaign_year

PRICES = [
    {"name": "文具整理盒", "spec": "抽屉用 四格 320×240×50mm", "unit": "个", "unit_price": "18.50",
     "supplier": "鞍山市铁东区文通办公用品商行", "position_kind": "drawer", "per_position": 1, "order": 1},
    {"name": "抽屉隔板", "spec": "可调节 PP 隔板 400mm", "unit": "块", "unit_price": "4.20",
     "supplier": "鞍山市铁东区文通办公用品商行", "position_kind": "drawer", "per_position": 3, "order": 2},
    {"name": "定位标签", "spec": "PET 哑光 30×10mm", "unit": "张", "unit_price": "0.80",
     "supplier": "鞍山市立山区恒信广告标识", "remark": "台面物品定位", "position_kind": "desk", "per_position": 6,
     "order": 3},
    {"name": "层位标签", "spec": "PET 哑光 300×20mm", "unit": "张", "unit_price": "1.50",
     "supplier": "鞍山市立山区恒信广告标识", "order": 4},
    {"name": "暂停服务牌", "spec": "亚克力 240×100mm", "unit": "块", "unit_price": "35.00",
     "supplier": "鞍山市立山区恒信广告标识", "remark": "按《手册》样式制作", "order": 5},
]  # fmt: skip
TITLE = "文具整理盒、隔板等物品购置预算"
#: Zones whose leads confirm their counts (the rest keep the survey's starting counts).
COUNTING_ZONES = 6
HANDED_ZONES = 3


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _user(hall, role: str):
    assignment = RoleAssignment.objects.filter(hall=hall, role=role).select_related("user").order_by("pk").first()
    return assignment.user if assignment else None


def play_budget(hall, *, today: date | None = None) -> str:
    """Play the plan's budget in ``hall``; the line the loader prints."""
    if Survey.objects.filter(hall=hall).exists():
        return "预算：已有调查摸底，保持不变。"
    keeper, leader = _user(hall, Role.ADMIN), _user(hall, Role.LEADERSHIP)
    if keeper is None or leader is None:
        return "预算：没有系统管理员或领导小组账号，未生成。"
    today = today or timezone.localdate()
    year = campaign_year(today)
    day = lambda d: date(year, 7, d)  # noqa: E731
    with recorded_at(_at(day(1), 15)):
        for row in PRICES:
            if not PriceItem.objects.filter(hall=hall, name=row["name"]).exists():
                services.price_item_save(user=keeper, hall=hall, data=dict(row))
    with recorded_at(_at(day(3), 9)):
        survey = services.survey_create(user=keeper, hall=hall, title=TITLE, surveyed_on=day(3))
    zones = _counting_zones(survey)
    for n, (zone, lines) in enumerate(zones[:COUNTING_ZONES]):
        at = _at(day(4 + n % 3), 10 + n % 6)
        with recorded_at(at):
            counts = {line.pk: _has(line, n) for line in lines}
            services.counts_save(user=zone.lead.user, survey=survey, zone=zone, counts=counts)
        SurveyLine.objects.filter(survey=survey, zone=zone).update(confirmed_at=at)
    with recorded_at(_at(day(7), 9, 30)):
        services.survey_submit(user=keeper, survey=survey)
    with recorded_at(_at(day(8), 10)):
        services.survey_approve(user=leader, survey=survey)
    Survey.objects.filter(pk=survey.pk).update(
        created_at=_at(day(3), 9), submitted_at=_at(day(7), 9, 30), approved_at=_at(day(8), 10),
        updated_at=_at(day(8), 10),
    )  # fmt: skip
    bought = _buy(survey, keeper, day)
    handed = _hand_out(survey, keeper, zones, day)
    total = sum(line.amount for line in survey.lines.all())
    return (
        f"预算：{survey.title}（{survey.lines.count()} 行，合计 {total} 元，{year}年7月8日领导小组审批），"
        f"已购 {bought} 笔，已发放 {handed} 次。"
    )


def _counting_zones(survey) -> list:
    lines = list(survey.lines.select_related("zone__lead__user").order_by("zone__order", "zone__code", "pk"))
    zones: dict = {}
    for line in lines:
        zones.setdefault(line.zone, []).append(line)
    return [(zone, items) for zone, items in zones.items() if zone.lead_id and zone.lead.user_id]


def _has(line, n: int) -> int:
    """What a zone already has: labels and signs partly, now and then a box; dividers never."""
    if line.name == "抽屉隔板":
        return 0
    if line.name == "文具整理盒":
        return line.required // 2 if n % 3 == 0 else 0
    return line.required // 3 + n % 2


def _buy(survey, keeper, day) -> int:
    needed: dict = {}
    for line in survey.lines.select_related("item"):
        needed.setdefault(line.item, 0)
        needed[line.item] += line.need
    plan = [("文具整理盒", 1.0, 12), ("抽屉隔板", 0.6, 13), ("定位标签", 1.0, 14)]
    count = 0
    for name, share, d in plan:
        item = next((i for i in needed if i.name == name), None)
        quantity = int(needed.get(item, 0) * share)
        if item is None or quantity <= 0:
            continue
        with recorded_at(_at(day(d), 14)):
            purchase = services.purchase_record(
                user=keeper, survey=survey, item=item, quantity=quantity, amount=item.unit_price * quantity,
                bought_on=day(d), supplier=item.supplier, note="政府采购小额零星采购",
            )  # fmt: skip
        Purchase.objects.filter(pk=purchase.pk).update(created_at=_at(day(d), 14), updated_at=_at(day(d), 14))
        count += 1
    return count


def _hand_out(survey, keeper, zones, day) -> int:
    stock = {p.item_id: p.quantity for p in survey.purchases.all()}
    count = 0
    for n, (zone, lines) in enumerate(zones[:HANDED_ZONES]):
        for line in lines:
            quantity = min(line.need, stock.get(line.item_id, 0))
            if quantity <= 0 or line.name == "定位标签":
                continue
            stock[line.item_id] -= quantity
            at = _at(day(16 + n % 3), 9, 30)
            with recorded_at(at):
                handout = services.handout_record(
                    user=keeper, survey=survey, zone=zone, item=line.item, quantity=quantity,
                    received_by=zone.lead.name, handed_on=at.date(),
                )  # fmt: skip
            HandOut.objects.filter(pk=handout.pk).update(created_at=at, updated_at=at)
            count += 1
    return count
