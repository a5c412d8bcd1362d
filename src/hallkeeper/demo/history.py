"""The demo hall's inspection history, on the plan's dates, made through the inspection services.

The demo hall runs the plan's campaign in 1 July – 31 August of :func:`hallkeeper.demo.anshan.campaign_year`
(the phases of :data:`hallkeeper.demo.anshan.PHASES`), and the routine it leaves behind (形成长效机制) goes on up
to today. :func:`load_inspection_history` gives it:

* three plans, saved with ``services.plan_save`` a few days before the implementation phase (对照标准实施阶段,
  from mid-July: "督查考核科对各责任区实施情况进行督促检查") and running ever since: the supervision group's
  patrol that goes round every zone each week (a zone a day or so: the patrol is daily, each zone's turn comes
  weekly), a weekly self-check by each zone's lead up to the campaign's end and a monthly one after it
  (常态化), and a monthly special check of the signs and safety rules;
* for each past week, each zone's patrol and its lead's self-check (a few weekly ones missed while a zone is
  untidy: those due inspections stay overdue), each month's routine self-checks and special checks;
* the acceptance round of the acceptance phase (评估验收阶段, 8月1日—8月15日): the leadership group (领导小组)
  checks all 17 zones in the first days of August, each zone by the deputy who oversees it; three fail (one
  by a veto rule), get their acceptance-failure notices, and are re-accepted by the group leader a week
  later (passed), all within the phase;
* a few drafts in progress today;
* before the campaign (from the first month the demo's assessment publishes, or two months before the
  campaign if that is earlier, :func:`history_start`), the supervision group's routine patrols without a plan:
  each zone every other week, no photos, no self-checks, at :data:`PRE_CAMPAIGN_SHARE` of the zone's starting
  level. They are written last, and the notice history issues no notices for them (the closed loop began with
  the campaign's plans).

Every inspection is started, answered, photographed and submitted by the services users call
(``inspection_start`` with the due inspection it fulfils, ``item_answer`` for each failed or not
applicable item, ``photo_add``, ``items_pass_rest``, ``inspection_submit``): checklists, scores,
grades and findings are the services' own. Only *time* is moved: the services stamp
``timezone.now()``, so after each inspection is submitted its timestamps (``started_at``,
``submitted_at``, the items' ``answered_at``, the findings' ``found_at``, the photos' ``created_at``
and the event log's ``created_at``) are set back to the day it belongs to with ``QuerySet.update()``.
Due inspections are linked to the inspection that fulfilled them by starting it from the due
inspection (``inspection_start(due=...)``), as "my inspections" does, so a past check is never
counted against this week's due inspection. Nothing else is written directly.

Which rules fail is chosen by random sequences of the seed: each zone has its own tendency (some zones
are tidier than others; before the campaign the hall needs the drive, patrols around 80; all improve during the
campaign up to the acceptance round in early August, patrols about 92; the routine after it holds around 90;
one starts badly enough to fail the campaign's first month, one relapses in the month after the campaign)
and its own habitual problems, so the zones' scores, trends and most frequent failed rules differ; the same
seed gives the same history. The story is anchored to the plan's dates, not to today: the tendencies settle
at the end of the month after the campaign (:func:`settled_on`), and each part of the story (the acceptance,
the patrols, the self-checks, …) and, within it, each zone draws from its own sequence, written in date order,
so a month's checks are the same whenever the demo is loaded after it; only the last weeks and the drafts of
today follow today.
Scored on the default handbook's 100-point sheets, most zone-months fall between 80 and 97
(``tests/test_demo_history.py`` checks the spread).
Photos (one on most checks with findings, of one of them) are small pictures drawn with Pillow: a desk top with the
items on it, the misplaced one circled, and the rule's code and title.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.core.events import recorded_at
from hallkeeper.inspections import services
from hallkeeper.inspections.choices import AssignTo, Frequency, InspectionKind, ItemResult
from hallkeeper.inspections.models import (
    AcceptanceRound,
    CheckItem,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
)
from hallkeeper.org.choices import MemberRole
from hallkeeper.places.models import Position, Window, Zone
from hallkeeper.places.selectors import overseers_of_zone
from hallkeeper.standards.choices import CheckMethod, Severity

from .anshan import PHASES, campaign_phases, campaign_year, phase_start

DEFAULT_SEED = 36112  # GB/T 36112
#: The routine patrols before the campaign go back at least this many months before its first day.
PRE_CAMPAIGN_MONTHS = 2
PHASES_FIRST_DAY = PHASES[0][1]  # (month, day)

PATROL_PLAN = "日常巡查（每周巡遍全部责任区）"
SELF_CHECK_PLAN = "责任区每周自查（标准化建设期间）"
#: After the campaign (实行闭环管理，形成长效机制) the zone leads check their zones once a month.
ROUTINE_SELF_CHECK_PLAN = "责任区每月自查（常态化管理）"
ROUTINE_SELF_CHECK = "routine_self_check"  # its key in the plans
SPECIAL_PLAN = "标识标牌与安全出口专项检查（每月）"

#: The special check's rules: the signs and safety rules of the default handbook.
SIGNS_AND_SAFETY = (
    "zone-name-signs",
    "zone-owner-sign",
    "wayfinding-signs",
    "floor-guidance",
    "warning-signs",
    "entrance-stair-prompts",
    "sign-style",
    "aisles-clear",
    "exits-clear",
    "fire-equipment",
)

#: Each zone's tendency: mean number of failed items per patrol when the campaign's plans start (and in the routine
#: months before), on the first day of the acceptance round, and from :func:`settled_on` on (the end of the month
#: after the campaign's end; straight lines between, level after). The dates are the plan's, never today's, so a
#: month's figures stay what they were however long after the campaign the demo is loaded. The campaign shows:
#: before it the hall needed the drive (patrols in the high 70s to low 80s), the implementation phase's first
#: checks against the handbook find as much, every zone improves up to the acceptance round (patrols about 92),
#: and the routine after it holds around 90. Z03, Z07 and Z12 are the tidy zones (excellent months); Z05, Z11 and
#: Z14 are the weak ones; Z08 starts badly enough to fail its first month and recovers; Z16 was good through the
#: acceptance and relapses in the month after the campaign, Z10 a little. With the default handbook's points (a
#: patrol's sheet has about 50 rules) a failed item costs about 1.5 points on the 100-point sheet.
ZONE_TENDENCY: dict[str, tuple[float, float, float]] = {
    "Z01": (13.0, 4.5, 5.0),
    "Z02": (16.0, 6.0, 6.5),
    "Z03": (10.0, 2.0, 2.5),
    "Z04": (15.0, 6.0, 6.5),
    "Z05": (17.5, 7.5, 8.0),
    "Z06": (15.5, 5.5, 6.0),
    "Z07": (10.0, 2.0, 2.0),
    "Z08": (60.0, 7.0, 5.0),
    "Z09": (15.0, 6.0, 6.5),
    "Z10": (15.0, 5.0, 8.0),
    "Z11": (16.5, 7.5, 8.0),
    "Z12": (9.5, 1.5, 2.0),
    "Z13": (15.0, 6.5, 7.0),
    "Z14": (15.5, 7.5, 8.0),
    "Z15": (14.5, 5.5, 5.5),
    "Z16": (9.0, 2.5, 10.5),
    "Z17": (16.0, 6.0, 6.5),
}
DEFAULT_TENDENCY = (15.0, 5.0, 5.5)
#: Before the campaign (the routine months before the plans start) a zone runs at this share of its starting level:
#: the implementation phase's first checks, against the handbook's full sheets, find a little more (对照标准, the
#: baseline). Z08, whose counters were rearranged for the campaign's new layout as it began (1 July), ran like an
#: average zone until then.
PRE_CAMPAIGN_SHARE = 0.9
PRE_CAMPAIGN_TENDENCY: dict[str, float] = {"Z08": 13.0}
#: Z08 sets its rearranged counters right only in the second half of the implementation phase: its tendency stays at
#: its start for this share of the way to the acceptance round, then falls to its acceptance level.
LATE_RECOVERY: dict[str, float] = {"Z08": 0.5}
#: At most this many items fail in one check (Z08's first weeks of the campaign reach it).
MAX_FAILS = 36
#: Before the campaign the supervision group patrolled each zone every other week (no plan, no self-checks).
PRE_CAMPAIGN_EVERY_WEEKS = 2
#: How many failed items a kind finds, against a patrol: a lead's self-check is gentler, and the
#: special check has about ten rules of its own.
KIND_FACTOR = {InspectionKind.PATROL: 1.0, InspectionKind.SELF_CHECK: 0.35, InspectionKind.SPECIAL: 0.25}
#: A finding has a photo this often, at most one per inspection (so the photos stay about as many as before).
PHOTO_CHANCE = 0.3

#: The acceptance round: the zones that fail it, and how. Each passes its re-acceptance a week later, within
#: the acceptance phase.
ROUND_VETO_ZONE = "Z11"
ROUND_SCORE_ZONES = ("Z05", "Z14")
ROUND_VETO_RULE = "exits-clear"
ROUND_DAYS = 3  # working days the leadership group takes to go round the 17 zones
RETAKE_AFTER_DAYS = 7

#: What an inspector writes for a failed rule (one is picked at random); other rules get a generic note.
NOTES: dict[str, tuple[str, ...]] = {
    "counter-whitelist": (
        "台面上放有个人水杯和手机。",
        "台面摆放宣传折页，不在白名单内。",
        "台面有私人物品（纸巾、钥匙）。",
    ),
    "counter-forms-rack": ("告知单未插入告知单架，散放在台面。", "告知单架缺少两种告知单。"),
    "counter-no-clutter": ("隔断玻璃上贴有便签纸。", "台面隔断私贴通知。"),
    "counter-pause-sign": ("暂停服务牌未放在定位处。", "暂停服务牌倒放在台面角落。"),
    "desk-layout": ("桌面布局与定置图不符，文件筐移到右侧。", "桌面物品摆放与定置图不一致。"),
    "desk-position-marks": ("笔筒、文件筐超出定位线。", "键盘和资料越出定位线。"),
    "desk-quantity": ("桌面签字笔数量超出数量表。", "文件筐多出一个。"),
    "desk-monitor-align": ("显示器与键盘未居中对齐。",),
    "desk-cup-spot": ("水杯放在键盘旁，未放在定点位置。", "桌面有两个水杯。"),
    "drawer-layout": ("抽屉内物品混放，未分格。", "抽屉分格内杂物较多。"),
    "seal-locked": ("离岗时印章未上锁。", "印章未放在定位格内。"),
    "seal-register": ("印章使用登记本近三天未登记。",),
    "locker-personal-items": ("工位下放有手提袋，未入柜。", "椅背上搭挂外套。"),
    "locker-label": ("储物柜缺少标识。", "储物柜标签脱落。"),
    "cabinet-shelf-layout": ("文件柜第二层资料未按分层定置摆放。",),
    "cabinet-top-clear": ("文件柜顶部堆放纸箱。", "窗台上放有绿植和杂物。"),
    "unneeded-items": ("工位旁堆放废旧资料。", "区域内有闲置椅子未清理。"),
    "file-box-labels": ("文件盒标签不统一，有手写标签。", "两个文件盒缺少标签。"),
    "filing-index": ("存档位置标识缺失。",),
    "case-filing": ("上周办件资料尚未归档。", "已办结材料散放在桌面。"),
    "clear-desk": ("下班后桌面留有办件材料。",),
    "confidential-docs": ("含身份证复印件的材料放在台面无人看管。",),
    "forms-current": ("样表为旧版本。", "告知单未更新为现行版本。"),
    "zone-name-signs": ("区域名称标识脱落一处。", "区域名称标识被遮挡。"),
    "zone-owner-sign": ("责任牌未更新责任人信息。", "责任牌缺失。"),
    "wayfinding-signs": ("楼层索引未更新科室变动。", "导向标识指向错误。"),
    "floor-guidance": ("地面导引贴磨损。", "地面导引标识翘边。"),
    "warning-signs": ("小心地滑提示牌未摆放。", "警示标识褪色。"),
    "entrance-stair-prompts": ("楼梯间提示语缺失。",),
    "sign-style": ("临时通知版式不统一。", "手写提示张贴在墙上。"),
    "aisles-clear": ("通道内放置推车。", "通道堆放纸箱，影响通行。"),
    "exits-clear": ("安全出口前堆放纸箱，疏散通道不畅。",),
    "fire-equipment": ("灭火器月检记录未填写。", "灭火器被遮挡。"),
    "floor-lines": ("地面区域线破损。",),
    "one-metre-line": ("一米线标识磨损不清。",),
    "public-clean": ("等候区地面有污渍。", "垃圾桶未及时清理。"),
    "waiting-seats": ("等候座椅摆放不齐。",),
    "evaluator-working": ("评价器离线。", "评价器屏幕无响应。"),
    "cables-tidy": ("桌下线缆凌乱，未绑扎。",),
    "computer-use": ("电脑桌面存放与工作无关的文件。",),
    "device-tags": ("设备标识卡缺失。",),
    "power-off": ("下班后打印机未断电。",),
    "dress-code": ("工作人员未按规定着装。",),
    "badge": ("工作人员未佩戴工作牌。", "工作牌佩戴在口袋内。"),
    "at-post": ("工作时间窗口无人，未放暂停服务牌。",),
    "back-office-tidy": ("综合办公区桌面资料堆放。",),
    "form-desk": ("填单台样表缺失，笔未归位。",),
    "convenience-kit": ("便民老花镜缺少一副。",),
    "amenities-working": ("饮水机故障未报修。",),
    "nursing-room": ("母婴室护理台未消毒登记。",),
    "reading-room": ("图书未按类摆放。",),
}
GENERIC_NOTE = "{title}：现场检查不符合要求，已当场指出，要求整改。"
REMARKS = ("", "", "", "整体较好，个别问题已当场指出。", "已向责任区负责人反馈。", "请责任区于三个工作日内完成整改。")

#: Rules a daytime check cannot see: marked not applicable when they come up.
AFTER_HOURS = CheckMethod.AFTER_HOURS


@dataclass
class HistorySummary:
    """What :func:`load_inspection_history` wrote (all zero when it skipped a hall that had history)."""

    inspections: int = 0
    drafts: int = 0
    findings: int = 0
    photos: int = 0
    overdue: int = 0
    first_day: date | None = None
    last_day: date | None = None
    by_kind: dict[str, int] = field(default_factory=dict)

    def line(self) -> str:
        if not self.inspections:
            return "检查记录：已有，未重复生成。"
        kinds = {
            InspectionKind.PATROL: "巡查",
            InspectionKind.SELF_CHECK: "自查",
            InspectionKind.SPECIAL: "专项检查",
            InspectionKind.ACCEPTANCE: "验收",
        }
        parts = "、".join(f"{kinds[k]} {n}" for k, n in self.by_kind.items() if n)
        return (
            f"检查记录：{self.first_day:%Y-%m-%d} 至 {self.last_day:%Y-%m-%d}，"
            f"已提交 {self.inspections} 次（{parts}），进行中 {self.drafts} 次，"
            f"问题 {self.findings} 个，照片 {self.photos} 张，逾期未查 {self.overdue} 项。"
        )


def history_start(today: date) -> date:
    """The first day of the history: the first of the oldest month the demo's assessment publishes
    (:func:`hallkeeper.demo.assessment.published_months`), so each published month has its checks, or
    :data:`PRE_CAMPAIGN_MONTHS` months before the campaign if that is earlier."""
    from .assessment import published_months  # the assessment's schedule decides which months are published

    month, _day = PHASES_FIRST_DAY
    before = date(campaign_year(today), month - PRE_CAMPAIGN_MONTHS, 1)
    return min(published_months(today)[0], before)


def settled_on(today: date) -> date:
    """The day the routine after the campaign has settled at its level: the last day of the month after the
    campaign's last day (the plan's 31 August: 30 September)."""
    last = campaign_phases(today)[-1][2]
    after = (last.replace(day=28) + timedelta(days=4)).replace(day=1)  # the first of the next month
    return (after.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def campaign_plans_start(today: date) -> date:
    """The Monday of the week the implementation phase (对照标准实施阶段) begins: the plans' first week."""
    first = phase_start(today, 1)
    return first - timedelta(days=first.weekday())


def acceptance_days(today: date) -> list[date]:
    """The working days of the acceptance round: the first :data:`ROUND_DAYS` of the acceptance phase."""
    first = phase_start(today, 2)
    return working_days(first, first + timedelta(days=ROUND_DAYS + 6))[:ROUND_DAYS]


def working_days(first: date, last: date) -> list[date]:
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# -- photos -------------------------------------------------------------------------


@cache
def _font(size: int):
    from hallkeeper.core.fonts import pillow_font

    return pillow_font(size)


def finding_photo(rng: random.Random, code: str, title: str, day: date) -> bytes:
    """A small JPEG of a desk top: coloured items, the misplaced one circled, the rule written below."""
    from PIL import Image, ImageDraw

    width, height = 480, 360
    image = Image.new("RGB", (width, height), (rng.randint(196, 214),) * 3)
    draw = ImageDraw.Draw(image)
    wood = (rng.randint(150, 175), rng.randint(105, 125), rng.randint(70, 85))
    draw.rectangle((24, 30, width - 24, height - 70), fill=wood, outline=(90, 60, 40), width=3)
    palette = [(52, 101, 164), (204, 0, 0), (78, 154, 6), (237, 212, 0), (245, 245, 245), (46, 52, 54)]
    boxes = []
    for _ in range(rng.randint(4, 7)):
        w, h = rng.randint(40, 110), rng.randint(30, 80)
        x, y = rng.randint(40, width - 40 - w), rng.randint(45, height - 85 - h)
        draw.rectangle((x, y, x + w, y + h), fill=rng.choice(palette), outline=(30, 30, 30))
        boxes.append((x, y, w, h))
    x, y, w, h = rng.choice(boxes)
    draw.ellipse((x - 14, y - 14, x + w + 14, y + h + 14), outline=(230, 20, 20), width=4)
    draw.rectangle((0, height - 60, width, height), fill=(255, 255, 255))
    draw.text((12, height - 56), f"{code} {title}"[:26], fill=(200, 0, 0), font=_font(20))
    draw.text((12, height - 28), f"{day:%Y-%m-%d}", fill=(60, 60, 60), font=_font(16))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78)
    return out.getvalue()


# -- the generator ----------------------------------------------------------------


class _History:
    def __init__(self, hall, today: date, seed: int):
        self.hall = hall
        self.today = today
        self.first = campaign_plans_start(today)  # whole weeks, from a Monday
        self.mobilization = phase_start(today, 0)
        self.round_days = acceptance_days(today)
        self.settled = settled_on(today)
        self.seed = seed
        self.stream_name = ""
        self.zone_rngs: dict[tuple[str, str], random.Random] = {}
        self.rng = random.Random(seed)
        self.since = history_start(today)
        self.summary = HistorySummary(first_day=min(self.since, self.first), last_day=today)
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=["inspector", "leader"])}
        # the supervision group's members share the weekly patrol, zones in turn (the chief, ``inspector``, first)
        self.supervision = list(
            User.objects.filter(role_assignments__hall=hall, role_assignments__role=Role.SUPERVISION, people__hall=hall)
            .distinct()
            .order_by("pk")
        )
        self.zones = list(Zone.objects.filter(hall=hall).select_related("lead__user").order_by("order", "code"))
        # Each zone's acceptance is checked by the deputy leader who oversees it (分管), the group leader if none.
        self.overseer = {}
        for zone in self.zones:
            deputy = overseers_of_zone(zone).filter(role=MemberRole.DEPUTY, person__user__isnull=False).first()
            self.overseer[zone.pk] = deputy.person.user if deputy is not None else self.users["leader"]
        self.positions: dict[int, dict[str, list[Position]]] = {}
        for position in Position.objects.filter(hall=hall).order_by("code"):
            self.positions.setdefault(position.zone_id, {}).setdefault(position.kind, []).append(position)
        self.windows: dict[int, list[Window]] = {}
        for window in Window.objects.filter(hall=hall).order_by("number"):
            self.windows.setdefault(window.zone_id, []).append(window)
        self.habits: dict[int, list[str]] = {}

    # -- choosing -------------------------------------------------------------------

    def tendency(self, zone: Zone, day: date) -> float:
        start, at_acceptance, end = ZONE_TENDENCY.get(zone.code, DEFAULT_TENDENCY)
        if day < self.first:  # the routine before the plans; Z08's counters were rearranged as the campaign began
            if day >= self.mobilization and zone.code in PRE_CAMPAIGN_TENDENCY:
                return start
            return PRE_CAMPAIGN_TENDENCY.get(zone.code, start * PRE_CAMPAIGN_SHARE)
        acceptance = self.round_days[0]
        if day <= acceptance:
            t = (day - self.first).days / max(1, (acceptance - self.first).days)
            late = LATE_RECOVERY.get(zone.code, 0.0)
            t = max(0.0, (t - late) / (1 - late))
            return start + (at_acceptance - start) * t
        t = min(1.0, (day - acceptance).days / max(1, (self.settled - acceptance).days))
        return at_acceptance + (end - at_acceptance) * t

    def stream(self, name: str) -> None:
        """Draw from the seed's own sequence for ``name`` (the acceptance, the patrols, …), and each zone's checks
        of it from the zone's own (:meth:`routine`): each part of the story is written in date order, so what
        happened in a month does not depend on how far the demo runs, and a zone's checks not on the others'."""
        self.stream_name = name
        self.rng = random.Random(f"{self.seed}:{name}")

    @staticmethod
    def poisson(mean: float, u: float) -> int:
        """The Poisson count of ``mean`` at the quantile ``u``: one draw, so a higher mean never fails fewer."""
        k, term = 0, math.exp(-mean)
        total = term
        while total < u and k < 200:
            k += 1
            term *= mean / k
            total += term
        return k

    def occurrences(self) -> int:
        return self.rng.choices((1, 2, 3), weights=(45, 35, 20))[0]

    def pick_fails(self, zone: Zone, items: list[CheckItem], count: int, *, minor_only=False) -> list[CheckItem]:
        """``count`` items to fail: the zone's habitual problems first, veto rules never."""
        candidates = [i for i in items if i.rule.severity != Severity.VETO and i.rule.check_method != AFTER_HOURS]
        if minor_only:
            candidates = [i for i in candidates if i.rule.severity == Severity.MINOR]
        if zone.pk not in self.habits:  # each zone's own, whichever check comes first
            self.habits[zone.pk] = random.Random(f"{self.seed}:habits:{zone.code}").sample(sorted(NOTES), 5)
        habits = self.habits[zone.pk]
        chosen: list[CheckItem] = []
        for _ in range(min(count, len(candidates))):
            weights = [8 if i.rule.key in habits else 1 for i in candidates]
            item = self.rng.choices(candidates, weights=weights)[0]
            candidates.remove(item)
            chosen.append(item)
        return chosen

    def place(self, zone: Zone, rule) -> tuple[Window | None, Position | None]:
        kinds = rule.position_kinds or []
        positions = [p for k in kinds for p in self.positions.get(zone.pk, {}).get(k, [])]
        if positions:
            return None, self.rng.choice(positions)
        windows = self.windows.get(zone.pk, [])
        if windows and rule.area_kinds and self.rng.random() < 0.6:
            return self.rng.choice(windows), None
        return None, None

    def note(self, rule) -> str:
        notes = NOTES.get(rule.key) or (GENERIC_NOTE.format(title=rule.title),)
        return self.rng.choice(notes)

    # -- carrying out -----------------------------------------------------------------

    def capture(self, inspection: Inspection, user, day: date, fails: list[tuple[CheckItem, int]], *, na_after_hours):
        """Answer like an inspector on a phone: the failures (with notes and a photo), N/A, pass the rest."""
        photographed = False
        for item, occurrences in fails:
            window, position = self.place(inspection.zone, item.rule)
            services.item_answer(
                user=user,
                item=item,
                result=ItemResult.FAIL,
                occurrences=occurrences,
                note=self.note(item.rule),
                window=window,
                position=position,
            )
            if not photographed and day >= self.first and self.rng.random() < PHOTO_CHANCE:  # none before the campaign
                photographed = True
                data = finding_photo(self.rng, item.rule.code, item.rule.title, day)
                upload = SimpleUploadedFile(f"IMG_{day:%Y%m%d}_{item.pk}.jpg", data, content_type="image/jpeg")
                services.photo_add(user=user, item=item, file=upload)
                self.summary.photos += 1
        if na_after_hours:
            for item in inspection.items_cache:
                if item.rule.check_method == AFTER_HOURS:
                    services.item_answer(user=user, item=item, result=ItemResult.NOT_APPLICABLE)
        services.items_pass_rest(user=user, inspection=inspection)

    def start(self, user, zone: Zone, kind: str, *, at: datetime, **kwargs) -> Inspection:
        """Start a check; its event is recorded at ``at``, the time :meth:`stamp` gives the inspection."""
        with recorded_at(at):
            inspection = services.inspection_start(user=user, zone=zone, kind=kind, **kwargs)
        inspection.items_cache = list(inspection.items.select_related("rule").order_by("order"))
        return inspection

    def submit(self, inspection: Inspection, user, started: datetime, minutes: int) -> Inspection:
        submitted_at = started + timedelta(minutes=minutes)
        with recorded_at(submitted_at):
            inspection = services.inspection_submit(user=user, inspection=inspection, note=self.rng.choice(REMARKS))
        self.stamp(inspection, started, submitted_at)
        self.summary.inspections += 1
        self.summary.by_kind[inspection.kind] = self.summary.by_kind.get(inspection.kind, 0) + 1
        return inspection

    def stamp(self, inspection: Inspection, started: datetime, submitted: datetime | None) -> None:
        """Move the inspection (and what the services wrote with it) back to the time it belongs to; its events
        were recorded at these times already (:meth:`start`, :meth:`submit`)."""
        last = submitted or started + timedelta(minutes=5)
        Inspection.objects.filter(pk=inspection.pk).update(
            started_at=started, submitted_at=submitted, created_at=started, updated_at=last
        )
        CheckItem.objects.filter(inspection=inspection, answered_at__isnull=False).update(
            answered_at=last - timedelta(minutes=1)
        )
        ItemPhoto.objects.filter(item__inspection=inspection).update(created_at=last - timedelta(minutes=2))
        if submitted is not None:
            Finding.objects.filter(inspection=inspection).update(found_at=submitted)

    def routine(self, user, zone: Zone, kind: str, day: date, due: DueInspection | None, hour: int) -> Inspection:
        """A patrol, self-check or special check of ``zone`` on ``day``, failing what the zone tends to fail (drawn
        from the zone's own sequence of the current stream)."""
        key = (self.stream_name, zone.code)
        if key not in self.zone_rngs:
            self.zone_rngs[key] = random.Random(f"{self.seed}:{self.stream_name}:{zone.code}")
        schedule, self.rng = self.rng, self.zone_rngs[key]
        try:
            return self._routine(user, zone, kind, day, due, hour)
        finally:
            self.rng = schedule

    def _routine(self, user, zone: Zone, kind: str, day: date, due: DueInspection | None, hour: int) -> Inspection:
        # the same four draws for every check (when, how many fail, the check's own sequence, how long), so a
        # zone's tendency changes how much its checks fail and nothing else
        started = _at(day, hour, self.rng.randrange(0, 60, 5))
        count = min(MAX_FAILS, self.poisson(self.tendency(zone, day) * KIND_FACTOR.get(kind, 1.0), self.rng.random()))
        own, minutes = random.Random(self.rng.getrandbits(64)), self.rng.randint(8, 25)
        # The plan's rules, passed as the start form passes them (services.inspection_start refuses a
        # special check without rule keys before it reads them from the due inspection's plan).
        rule_keys = due.plan.rule_keys if due is not None and kind == InspectionKind.SPECIAL else ()
        inspection = self.start(user, zone, kind, at=started, due=due, rule_keys=rule_keys)
        zone_rng, self.rng = self.rng, own
        try:
            chosen = self.pick_fails(zone, inspection.items_cache, count)
            fails = [(i, self.occurrences()) for i in chosen]
            self.capture(inspection, user, day, fails, na_after_hours=kind != InspectionKind.SELF_CHECK or hour < 17)
            return self.submit(inspection, user, started, minutes=minutes)
        finally:
            self.rng = zone_rng

    # -- the plans and their checks -----------------------------------------------------------------

    def plans(self) -> dict[str, InspectionPlan]:
        """The campaign's plans, from the implementation phase on: the patrol and the special check run ever since;
        the zones' weekly self-check runs to the campaign's end, and a monthly one after it."""
        inspector = self.users["inspector"]
        campaign_end = campaign_phases(self.today)[-1][2]
        specs = [
            (
                PATROL_PLAN,
                InspectionKind.PATROL,
                Frequency.WEEKLY,
                AssignTo.NAMED,
                [],
                "督查考核组每个工作日巡查，每周巡遍全部17个责任区；发现问题当场拍照、记录并反馈责任区。",
            ),
            (
                SELF_CHECK_PLAN,
                InspectionKind.SELF_CHECK,
                Frequency.WEEKLY,
                AssignTo.ZONE_LEADS,
                [],
                "标准化建设期间，各责任区负责人每周五前对照手册完成本责任区自查。",
            ),
            (
                ROUTINE_SELF_CHECK_PLAN,
                ROUTINE_SELF_CHECK,
                Frequency.MONTHLY,
                AssignTo.ZONE_LEADS,
                [],
                "标准化建设工作结束后，各责任区负责人每月25日前对照手册完成本责任区自查，形成长效机制。",
            ),
            (
                SPECIAL_PLAN,
                InspectionKind.SPECIAL,
                Frequency.MONTHLY,
                AssignTo.NAMED,
                list(SIGNS_AND_SAFETY),
                "每月对区域标识、导向标识、警示标识、通道和安全出口、消防器材进行专项检查。",
            ),
        ]
        plans = {}
        for name, key, frequency, assign_to, rule_keys, note in specs:
            kind = InspectionKind.SELF_CHECK if key == ROUTINE_SELF_CHECK else key
            starts_on, ends_on = self.first, None
            if key == InspectionKind.SELF_CHECK:
                ends_on = campaign_end
            elif key == ROUTINE_SELF_CHECK:
                starts_on = campaign_end + timedelta(days=1)
            plan = InspectionPlan(
                hall=self.hall,
                name=name,
                kind=kind,
                frequency=frequency,
                assign_to=assign_to,
                rule_keys=rule_keys,
                starts_on=starts_on,
                ends_on=ends_on,
                note=note,
            )
            created = _at(self.first if key == ROUTINE_SELF_CHECK else starts_on, 9) - timedelta(days=3)
            assignees = []
            if assign_to == AssignTo.NAMED:
                assignees = self.supervision if key == InspectionKind.PATROL else [inspector]
            with recorded_at(created):
                plan = services.plan_save(user=inspector, plan=plan, assignees=assignees)
            services.plan_generate_due(plan, until=self.today + timedelta(days=services.PLAN_HORIZON_DAYS))
            InspectionPlan.objects.filter(pk=plan.pk).update(created_at=created, updated_at=created)
            plans[key] = plan
        return plans

    def dues(self, plan: InspectionPlan) -> dict[tuple[int, date], DueInspection]:
        return {(d.zone_id, d.opens_on): d for d in DueInspection.objects.filter(plan=plan)}

    def patrols(self, plan: InspectionPlan) -> None:
        dues = self.dues(plan)
        monday = self.first
        while monday <= self.today:
            days = [d for d in working_days(monday, monday + timedelta(days=4)) if d >= self.first]
            zones = self.zones[:]
            self.rng.shuffle(zones)
            for i, zone in enumerate(zones):
                if not days:
                    break
                day = days[i * len(days) // len(zones)]
                due = dues.get((zone.pk, monday))
                if day >= self.today or due is None or due.inspection_id or self.rng.random() < 0.03:
                    continue  # today and later: still to do; a rare week a zone is missed
                inspector = due.assignee or self.users["inspector"]
                self.routine(inspector, zone, InspectionKind.PATROL, day, due, hour=9 + (i * 3) % 8)
            monday += timedelta(days=7)

    def self_checks(self, plan: InspectionPlan) -> None:
        """The zone leads' self-checks of ``plan``: a weekly one late in its week, some missed while a zone is
        untidy (those stay overdue); a monthly one on a working day of its month's second half, never missed."""
        dues = self.dues(plan)
        weekly = plan.frequency == Frequency.WEEKLY
        for (zone_id, opens_on), due in sorted(dues.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            zone = next(z for z in self.zones if z.pk == zone_id)
            # the same draws whether the check is done or not, so one zone's missed check never moves another's
            if weekly:
                day = opens_on + timedelta(days=self.rng.choice((2, 3, 4, 4)))
                missed = 0.03 + 0.012 * self.tendency(zone, day)  # an untidy zone misses more
            else:
                day = self.rng.choice(working_days(opens_on + timedelta(days=14), due.due_on) or [due.due_on])
                missed = 0.0
            chance, hour = self.rng.random(), self.rng.choice((15, 16, 17))
            if day >= self.today or due.due_on >= self.today or chance < missed or due.assignee is None:
                continue
            self.routine(due.assignee, zone, InspectionKind.SELF_CHECK, day, due, hour=hour)

    def special_checks(self, plan: InspectionPlan) -> None:
        for (zone_id, opens_on), due in sorted(self.dues(plan).items(), key=lambda kv: (kv[0][1], kv[0][0])):
            zone = next(z for z in self.zones if z.pk == zone_id)
            days = [d for d in working_days(opens_on + timedelta(days=14), due.due_on) if d >= self.first]
            chance, day = self.rng.random(), self.rng.choice(days) if days else None
            if day is None or due.due_on >= self.today or chance < 0.06:
                continue
            self.routine(due.assignee or self.users["inspector"], zone, InspectionKind.SPECIAL, day, due, hour=10)

    def acceptance(self) -> None:
        """The leadership group's acceptance round (领导小组对各责任区…进行评估验收) and the re-acceptance of the
        zones that failed it (对整改情况再行验收), all in the acceptance phase."""
        days = self.round_days
        day = days[0]
        leader = self.users["leader"]
        created = _at(days[0], 8) - timedelta(days=5)
        with recorded_at(created):
            acceptance_round = services.round_create(
                user=leader,
                hall=self.hall,
                name=f"{day.year}年{day.month}月现场管理评估验收",
                starts_on=days[0],
                ends_on=days[-1],
                note=(
                    "评估验收阶段：领导小组对全部17个责任区逐一评估验收，各副组长验收分管的责任区，督查考核组配合；"
                    "对未达标责任区下发整改通知，整改后一周内由组长再行验收。"
                ),
            )
        AcceptanceRound.objects.filter(pk=acceptance_round.pk).update(created_at=created, updated_at=created)
        failed: dict[str, tuple[Inspection, date]] = {}
        for i, zone in enumerate(self.zones):
            user = self.overseer[zone.pk]
            when = days[i * len(days) // len(self.zones)]
            started = _at(when, 9 + (i % 6))
            inspection = self.start(user, zone, InspectionKind.ACCEPTANCE, at=started, round=acceptance_round)
            items = inspection.items_cache
            if zone.code == ROUND_VETO_ZONE:
                veto = [i for i in items if i.rule.key == ROUND_VETO_RULE]
                fails = [(veto[0], 1)] + [(i, 1) for i in self.pick_fails(zone, items, 2, minor_only=True)]
            elif zone.code in ROUND_SCORE_ZONES:
                majors = [i for i in items if i.rule.severity == Severity.MAJOR and i.rule.check_method != AFTER_HOURS]
                habitual = self.pick_fails(zone, items, 3)
                extra = [i for i in self.rng.sample(majors, 9) if i not in habitual][:5]
                # five major rules broken three times each cost at least 10 points: below the pass line
                fails = [(i, 2) for i in habitual] + [(i, 3) for i in extra]
            else:
                fails = [(i, 1) for i in self.pick_fails(zone, items, self.rng.randint(0, 3), minor_only=True)]
            self.capture(inspection, user, when, fails, na_after_hours=True)
            inspection = self.submit(inspection, user, started, minutes=self.rng.randint(30, 50))
            if not inspection.passed:
                failed[zone.code] = (inspection, when)
        if set(failed) != {ROUND_VETO_ZONE, *ROUND_SCORE_ZONES}:  # the demo's story; the handbook changed?
            raise RuntimeError(f"demo acceptance round: unexpected failed zones {sorted(failed)}")
        for first, checked_on in failed.values():
            retake_day = checked_on + timedelta(days=RETAKE_AFTER_DAYS)  # re-accepted a week after the failed check
            zone = first.zone
            inspection = self.start(leader, zone, InspectionKind.ACCEPTANCE, at=_at(retake_day, 10), retake_of=first)
            fails = [(i, 1) for i in self.pick_fails(zone, inspection.items_cache, 1, minor_only=True)]
            self.capture(inspection, leader, retake_day, fails, na_after_hours=True)
            self.submit(inspection, leader, _at(retake_day, 10), minutes=35)

    def drafts(self, plans: dict[str, InspectionPlan]) -> None:
        """Checks in progress today: a patrol and a self-check."""
        monday = self.today - timedelta(days=self.today.weekday())
        # not the chief's: the routine patrols before the campaign, written after this, are his, and starting one
        # would pick up his draft of the same zone
        open_patrols = (
            DueInspection.objects.filter(plan=plans[InspectionKind.PATROL], opens_on=monday, inspection=None)
            .exclude(assignee=self.users["inspector"])
            .select_related("zone", "assignee")
        )
        due = open_patrols.order_by("zone__order").first()
        if due is not None:
            user = due.assignee or self.users["inspector"]
            patrol = self.start(user, due.zone, InspectionKind.PATROL, at=_at(self.today, 10, 15), due=due)
            self.answer_some(patrol, user, 6)
            self.stamp(patrol, _at(self.today, 10, 15), None)
            self.summary.drafts += 1

        open_self_checks = DueInspection.objects.filter(
            plan__in=[plans[InspectionKind.SELF_CHECK], plans[ROUTINE_SELF_CHECK]],
            opens_on__lte=self.today,
            due_on__gte=self.today,
            inspection=None,
        ).select_related("zone", "assignee")
        # Z01's (the ``zonelead`` login's) when it is still to do this week, else the first zone's still to do
        own = open_self_checks.filter(zone__code="Z01").first() or open_self_checks.order_by("zone__order").first()
        if own is not None and own.assignee is not None:
            check = self.start(own.assignee, own.zone, InspectionKind.SELF_CHECK, at=_at(self.today, 8, 45), due=own)
            self.answer_some(check, own.assignee, 4)
            self.stamp(check, _at(self.today, 8, 45), None)
            self.summary.drafts += 1

    def before_campaign(self) -> None:
        """The routine months before the campaign: the supervision group's patrols without a plan, each zone
        every other week (so a month holds two or three patrols of a zone), written down without photos; no
        self-checks were asked for yet."""
        inspector = self.users["inspector"]
        monday = self.since - timedelta(days=self.since.weekday())
        week = 0
        while monday < self.first:
            days = [d for d in working_days(monday, monday + timedelta(days=4)) if self.since <= d < self.first]
            turn = [z for i, z in enumerate(self.zones) if (i + week) % PRE_CAMPAIGN_EVERY_WEEKS == 0]
            self.rng.shuffle(turn)
            for i, zone in enumerate(turn):
                if days:
                    day = days[i * len(days) // len(turn)]
                    self.routine(inspector, zone, InspectionKind.PATROL, day, None, hour=9 + (i * 3) % 8)
            monday += timedelta(days=7)
            week += 1
        # Submitted today, the service counted each against this week's open patrol of its zone; moved back to
        # before the campaign, they fulfil no due inspection and belong to no plan.
        before = _at(self.first, 0)
        DueInspection.objects.filter(hall=self.hall, inspection__submitted_at__lt=before).update(inspection=None)
        Inspection.objects.filter(hall=self.hall, submitted_at__lt=before).update(plan=None)

    def answer_some(self, inspection: Inspection, user, count: int) -> None:
        """A draft half done: the first items answered, one of them failed."""
        items = [i for i in inspection.items_cache if i.rule.check_method != AFTER_HOURS][:count]
        failing = self.pick_fails(inspection.zone, items, 1, minor_only=True)
        for item in items:
            if item in failing:
                services.item_answer(
                    user=user, item=item, result=ItemResult.FAIL, occurrences=1, note=self.note(item.rule)
                )
            else:
                services.item_answer(user=user, item=item, result=ItemResult.PASS)

    def run(self) -> HistorySummary:
        plans = self.plans()
        self.stream("acceptance")
        self.acceptance()
        self.stream("patrols")
        self.patrols(plans[InspectionKind.PATROL])
        self.stream("self-checks")
        self.self_checks(plans[InspectionKind.SELF_CHECK])
        self.stream("routine-self-checks")
        self.self_checks(plans[ROUTINE_SELF_CHECK])
        self.stream("special-checks")
        self.special_checks(plans[InspectionKind.SPECIAL])
        self.stream("drafts")
        self.drafts(plans)
        self.stream("before-campaign")
        self.before_campaign()  # last: the routine patrols of these months belong to no plan
        self.summary.findings = Finding.objects.filter(hall=self.hall).count()
        self.summary.overdue = DueInspection.objects.filter(
            hall=self.hall, inspection=None, due_on__lt=self.today
        ).count()
        self.summary.by_kind = {k: self.summary.by_kind.get(k, 0) for k in InspectionKind.values}
        return self.summary


def load_inspection_history(hall, *, today: date | None = None, seed: int = DEFAULT_SEED) -> HistorySummary:
    """Give ``hall`` (the demo hall, with its handbook published) its inspections from :func:`history_start` up
    to ``today``: the campaign on the plan's dates and the routine before and after it.

    Skipped (an empty summary returned) when the hall already has inspections, so loading the demo
    again never doubles the history. Photos are written to ``MEDIA_ROOT``.
    """
    if Inspection.objects.filter(hall=hall).exists():
        return HistorySummary()
    today = today or timezone.localdate()
    with transaction.atomic():
        return _History(hall, today, seed).run()


def remove_inspection_history(hall) -> None:
    """Delete the hall's rectification notices, inspections, plans, rounds and due inspections (and their photo files).

    Zones, rules and users are protected against deletion while inspections and notices refer to them;
    call this before deleting the demo hall's places.
    """
    from .assessment import remove_assessment_history
    from .notices import remove_notice_history  # notices.py imports this module

    remove_assessment_history(hall)  # its results protect the zones, windows and people
    remove_notice_history(hall)  # notices protect the findings and inspections they refer to
    storage = ItemPhoto._meta.get_field("image").storage
    names = [
        n
        for pair in ItemPhoto.objects.filter(item__inspection__hall=hall).values_list("image", "thumbnail")
        for n in pair
        if n
    ]
    with transaction.atomic():
        DueInspection.objects.filter(hall=hall).delete()
        Finding.objects.filter(hall=hall).delete()
        Inspection.objects.filter(hall=hall).update(retake_of=None)
        Inspection.objects.filter(hall=hall).delete()
        AcceptanceRound.objects.filter(hall=hall).delete()
        InspectionPlan.objects.filter(hall=hall).delete()
        # their events stay: the audit trail is append-only
    for name in names:
        storage.delete(name)
