"""The demo hall's rectification notices (整改通知书) since the campaign, made through the notice services.

:func:`load_notice_history` runs after :mod:`hallkeeper.demo.history` and gives the past findings
what a hall a few months into the closed loop has — about 35 notices, in every state. The old ones (closed or
cancelled) are issued on the plan's dates, one a week from the implementation phase on; the young ones (open,
overdue, a few just closed) in the last weeks before today:

* closed on time (verified by evidence, or by a later patrol or special check of the zone that
  passed every rule of the notice: the verification inspection), closed late (the rectification
  came after the deadline), rejected once and then closed, cancelled by its issuer with a reason;
* one that got more time (granted, then closed within the new deadline) and one whose request for
  more time was refused (closed late);
* open ones: issued yesterday and not yet acknowledged, acknowledged, rectifying (one after a
  rejection), submitted and waiting for verification; and overdue ones (the deadline passed and
  nothing submitted: never acknowledged, acknowledged only, rectifying, rejected and not redone);
* the acceptance round's failed zones: an acceptance-failure notice for each, issued the working
  day after the failed check; those whose re-acceptance passed (in the demo all of them, within the
  plan's acceptance phase) are closed by that re-acceptance check; a zone whose re-acceptance were
  in progress today would be granted more time, submit its rectification and wait for it.

The routine notices are for the findings of the supervision group's patrols and special checks,
chosen mostly where a zone fails often (the weak zones get most notices) and covering the check's
major findings plus the minor ones the zone keeps repeating. Issuers are the supervision and
leadership demo users (``inspector``; ``deputy`` now and then for the zones the deputy oversees;
``leader`` for the acceptance round); each zone's lead acts for the zone.

Every step is a call to the services users call (``notice_issue``, ``notice_acknowledge``,
``notice_start``, ``notice_submit`` with an answer and an after-photo drawn with Pillow for each
finding, ``notice_verify``, ``notice_reject`` naming the finding not put right, ``notice_cancel``,
``extension_request``, ``extension_decide``): states, checks,
items, responses and the event log are the services' own. Only *time* is moved, as in
:mod:`hallkeeper.demo.history`: the services stamp ``timezone.now()``, so right after each call
what it stamped is set back to the moment the story gives it with ``QuerySet.update()`` — the
notice's ``issued_at`` / ``created_at`` / ``updated_at``, ``acknowledged_at``,
``last_submitted_at``, ``closed_at``, the response's ``at``, the request for more time's
``requested_at`` / ``decided_at``, and the ``created_at`` of the event the call recorded. The
deadline (and original deadline) is recomputed from the moved issue day with the hall's policy in
working days (:func:`hallkeeper.rectification.deadlines.default_deadline`), and the event data
that depends on the date is corrected with it (the issued event's deadline, the submitted event's
``late``). Moving each step before the next one runs keeps the services' own checks meaningful: a
request for more time is compared with the moved deadline, a verification inspection must be later
than the moved issue time, and "closed on time" is worked out from the moved submission.

Notices are issued in the order of their (moved) issue times, so their numbers run 1, 2, 3… in
issue order. A notice moved into the previous year (a demo loaded in the first weeks of a year)
takes that year's next number instead (``numbering.next_number``) and gives its number in the
current year back to the counter, so both years stay gap-free. Notifications are switched off
while the history is written (``notifications.services.suppressed``): nobody is told about
rectifications that happened weeks ago. Same seed, same notices.
"""

from __future__ import annotations

import io
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, F, Min
from django.utils import timezone

from hallkeeper.core.events import recorded_at
from hallkeeper.inspections.choices import InspectionKind, InspectionStatus, ItemResult
from hallkeeper.inspections.models import CheckItem, Finding, Inspection, InspectionPlan
from hallkeeper.notifications.services import suppressed
from hallkeeper.places.models import Zone
from hallkeeper.rectification import services
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.deadlines import add_working_days, default_deadline, is_working_day
from hallkeeper.rectification.models import (
    ExtensionRequest,
    Notice,
    NoticeCounter,
    NoticeResponse,
    ResponsePhoto,
)
from hallkeeper.rectification.numbering import next_number, policy_for
from hallkeeper.standards.choices import Severity

from .history import DEFAULT_SEED, _font, campaign_plans_start, settled_on

# -- the stories ----------------------------------------------------------------------------------

CLOSED_ON_TIME = "closed_on_time"
CLOSED_LATE = "closed_late"
REJECTED_THEN_CLOSED = "rejected_then_closed"
CANCELLED = "cancelled"
EXTENSION_GRANTED = "extension_granted"  # more time granted, closed within it
EXTENSION_REFUSED = "extension_refused"  # more time refused, closed late
ISSUED = "issued"
ACKNOWLEDGED = "acknowledged"
RECTIFYING = "rectifying"
SUBMITTED = "submitted"
REJECTED_OPEN = "rejected_open"  # rejected, back to rectifying, still within the deadline
OVERDUE_ISSUED = "overdue_issued"  # never acknowledged
OVERDUE_ACKNOWLEDGED = "overdue_acknowledged"
OVERDUE_RECTIFYING = "overdue_rectifying"
OVERDUE_REJECTED = "overdue_rejected"  # rejected and not redone

EVIDENCE, RECHECK = "evidence", "recheck"


@dataclass(frozen=True)
class Story:
    kind: str
    age: int  # issued this many working days before today (a young one; the old ones go on the plan's dates)
    verify: str = EVIDENCE  # how a closed notice was verified (a re-check falls back to evidence)


#: The routine notices, oldest first. The young ones (:data:`ANCHORED_AGE` working days and less, the open and
#: overdue ones and a few closed ones) are placed from today: their ages fit the default policy (three working days
#: for a major finding, five for a minor one), so open ones are young enough not to be overdue, overdue ones old
#: enough to be. The older ones, closed or cancelled, are placed on the plan's dates instead (:func:`anchored_days`):
#: one a week from the implementation phase on, as the supervision group's patrols began, up to
#: :data:`ANCHORED_AGE` working days before today; their ages only say which are old.
ROUTINE_STORIES: tuple[Story, ...] = (
    Story(CLOSED_ON_TIME, 60),
    Story(CLOSED_ON_TIME, 57, RECHECK),
    Story(CLOSED_ON_TIME, 54, RECHECK),
    Story(CLOSED_LATE, 51),
    Story(CLOSED_ON_TIME, 48, RECHECK),
    Story(REJECTED_THEN_CLOSED, 45),
    Story(EXTENSION_GRANTED, 42, RECHECK),
    Story(CANCELLED, 39),
    Story(CLOSED_ON_TIME, 36, RECHECK),
    Story(CLOSED_LATE, 33, RECHECK),
    Story(REJECTED_THEN_CLOSED, 30),
    Story(CLOSED_LATE, 28),
    Story(EXTENSION_REFUSED, 24),
    Story(CLOSED_ON_TIME, 21, RECHECK),
    Story(CLOSED_ON_TIME, 18),
    Story(REJECTED_THEN_CLOSED, 15, RECHECK),
    Story(CLOSED_ON_TIME, 13),
    Story(OVERDUE_REJECTED, 12),
    Story(CLOSED_ON_TIME, 10),
    Story(OVERDUE_RECTIFYING, 9),
    Story(CLOSED_ON_TIME, 8),
    Story(OVERDUE_ISSUED, 7),
    Story(OVERDUE_ACKNOWLEDGED, 6),
    Story(SUBMITTED, 4),
    Story(REJECTED_OPEN, 3),
    Story(RECTIFYING, 3),
    Story(SUBMITTED, 2),
    Story(ACKNOWLEDGED, 2),
    Story(ACKNOWLEDGED, 1),
    Story(ISSUED, 1),
    Story(ISSUED, 1),
)

#: Stories older than this many working days are placed on the plan's dates, one every :data:`ANCHOR_STEP` working
#: days from the :data:`ANCHOR_FIRST`-th working day after the campaign's plans began.
ANCHORED_AGE = 12
ANCHOR_FIRST, ANCHOR_STEP = 4, 5
#: A notice covers at most this many findings (its major ones first).
MAX_FINDINGS = 5
#: A minor finding joins the notice when the zone failed the rule this many times before (two at most).
REPEATED = 2
MAX_REPEATED = 2
#: A verification inspection is looked for this many working days after the rectification.
RECHECK_WINDOW = 15
#: The deputy (``deputy``, 于涛) oversees these zones and now and then issues their notices.
DEPUTY_ZONES = frozenset(f"Z{i}" for i in range(11, 18))

KIND_LABELS = {InspectionKind.PATROL: "日常巡查", InspectionKind.SPECIAL: "专项检查"}

#: What a zone lead writes for a rule put right; other rules get a generic line.
FIXES: dict[str, str] = {
    "counter-whitelist": "已清理台面个人物品，台面仅保留白名单内物品，并在班前会上重申。",
    "counter-forms-rack": "告知单已全部插入告知单架，缺少的告知单已补齐。",
    "counter-no-clutter": "已清除隔断玻璃上的便签和私贴通知。",
    "counter-pause-sign": "暂停服务牌已放回定位处。",
    "desk-layout": "已按桌面定置图重新摆放桌面物品。",
    "desk-position-marks": "物品已归位到定位线内，磨损的定位线已重新粘贴。",
    "desk-quantity": "多余物品已收回，桌面物品数量与数量表一致。",
    "desk-monitor-align": "显示器与键盘已居中对齐。",
    "desk-cup-spot": "水杯已放到定点位置，多余水杯已收回。",
    "drawer-layout": "抽屉已按分格整理，杂物已清理。",
    "seal-locked": "印章已放回定位格并上锁，已提醒窗口人员离岗锁章。",
    "seal-register": "印章使用登记已补齐，指定专人每日核对。",
    "locker-personal-items": "个人物品已全部入柜，椅背不再搭挂衣物。",
    "locker-label": "储物柜标识已补贴。",
    "cabinet-shelf-layout": "文件柜已按分层定置重新摆放。",
    "cabinet-top-clear": "柜顶纸箱和窗台杂物已清理。",
    "unneeded-items": "废旧资料和闲置物品已清理出区域。",
    "file-box-labels": "文件盒标签已统一打印更换。",
    "filing-index": "存档位置标识已补贴。",
    "case-filing": "已办结材料已全部归档。",
    "forms-current": "样表和告知单已更换为现行版本。",
    "zone-name-signs": "区域名称标识已重新粘贴，遮挡物已移开。",
    "zone-owner-sign": "责任牌已更新责任人信息并重新张贴。",
    "wayfinding-signs": "导向标识已按科室变动更正。",
    "floor-guidance": "地面导引贴已更换。",
    "warning-signs": "警示标识已补充摆放。",
    "sign-style": "临时通知已按统一版式重新制作，手写提示已撤下。",
    "aisles-clear": "通道内推车和纸箱已移走，通道畅通。",
    "exits-clear": "安全出口前堆放物已全部清除，疏散通道畅通，已明确专人每日检查。",
    "fire-equipment": "灭火器月检记录已补填，遮挡物已移开。",
    "public-clean": "等候区已清洁，垃圾桶已清理并明确保洁频次。",
    "evaluator-working": "评价器已报修并恢复正常。",
    "cables-tidy": "桌下线缆已绑扎整理。",
    "dress-code": "已重申着装要求，工作人员按规定着装。",
    "badge": "已要求全体人员规范佩戴工作牌。",
}
GENERIC_FIX = "{title}：已按手册要求整改到位。"
REJECT_REASONS = (
    "整改照片未能反映全部问题的整改情况，请补充整改后全景照片后重新提交。",
    "复核发现仍有物品未按定置要求摆放，整改不彻底，请重新整改。",
    "整改说明过于简单，未写明防止反弹的措施，请补充后重新提交。",
)
RESUBMIT_NOTE = "已按退回意见重新整改并补充照片；责任区已建立每日班前自查，防止反弹。"
EVIDENCE_COMMENTS = ("整改照片和说明清楚，整改到位，准予销号。", "经核对整改后照片，问题已整改，同意销号。")
RECHECK_COMMENT = "{day}复查，所列问题均已整改到位，销号。"
REACCEPTANCE_COMMENT = "复验合格，整改到位，销号。"
ACK_COMMENTS = ("", "", "已收到，马上组织整改。", "收到，今天安排整改。")
START_COMMENTS = ("", "已组织责任区人员对照手册整改。", "已安排专人负责整改。")
CANCEL_REASON = "经复核，所列问题与责任区当日自查发现的问题重复，已随自查整改到位，本通知撤销。"
EXTENSION_GRANTED_REASON = "区域标识和责任牌需重新设计制作，制作单位需要一周时间，申请延期。"
EXTENSION_GRANTED_NOTE = "同意延期，请按新期限完成并提交整改照片。"
EXTENSION_REFUSED_REASON = "本周办件量大、人手紧张，申请延期一周整改。"
EXTENSION_REFUSED_NOTE = "所列问题可立行立改，不同意延期，请按原期限完成。"
ACCEPTANCE_EXTENSION_REASON = "问题涉及标识标牌重新制作和档案柜采购，需履行采购程序，申请延期，整改完成后申请复验。"
ACCEPTANCE_EXTENSION_NOTE = "同意延期；整改完成后及时申请复验。"


@dataclass
class NoticeSummary:
    """What :func:`load_notice_history` wrote (``skipped`` says why nothing was)."""

    notices: int = 0
    skipped: str = ""
    by_state: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    closed_late: int = 0
    rejected: int = 0
    acceptance: int = 0
    photos: int = 0
    first_day: date | None = None
    last_day: date | None = None

    def line(self) -> str:
        if not self.notices:
            return self.skipped or "整改通知：已有，未重复生成。"
        s = self.by_state
        return (
            f"整改通知：{self.first_day:%Y-%m-%d} 至 {self.last_day:%Y-%m-%d}，下发 {self.notices} 份"
            f"（验收未通过 {self.acceptance} 份）：已销号 {s.get(NoticeState.VERIFIED, 0)}"
            f"（逾期整改 {self.closed_late}），已撤销 {s.get(NoticeState.CANCELLED, 0)}，"
            f"待签收 {s.get(NoticeState.ISSUED, 0)}，已签收 {s.get(NoticeState.ACKNOWLEDGED, 0)}，"
            f"整改中 {s.get(NoticeState.RECTIFYING, 0)}，待复查 {s.get(NoticeState.SUBMITTED, 0)}，"
            f"其中逾期 {self.overdue}；退回重改 {self.rejected} 次，整改后照片 {self.photos} 张。"
        )


# -- time ---------------------------------------------------------------------------------------


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def working_days_back(day: date, n: int) -> date:
    """The working day ``n`` working days before ``day`` (``n = 0``: ``day``, or the working day before it)."""
    while not is_working_day(day):
        day -= timedelta(days=1)
    while n > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def anchored_days(today: date, count: int) -> list[date]:
    """The issue days of the old routine notices, on the plan's dates: every :data:`ANCHOR_STEP`-th working day
    from the :data:`ANCHOR_FIRST`-th after the campaign's plans began (:func:`campaign_plans_start`), at most
    ``count`` of them and none later than :data:`ANCHORED_AGE` working days before today (those are the young
    notices' days)."""
    latest = working_days_back(today, ANCHORED_AGE + 1)
    days = []
    day = add_working_days(campaign_plans_start(today), ANCHOR_FIRST)
    while len(days) < count and day <= latest:
        days.append(day)
        day = add_working_days(day, ANCHOR_STEP)
    return days


def _days(first: date, last: date):
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


# -- photos ---------------------------------------------------------------------------------------


def after_photo(rng: random.Random, code: str, title: str, day: date) -> bytes:
    """A small JPEG of the same desk top put right: items in their marked places, a green tick, the rule below."""
    from PIL import Image, ImageDraw

    width, height = 480, 360
    image = Image.new("RGB", (width, height), (rng.randint(200, 218),) * 3)
    draw = ImageDraw.Draw(image)
    wood = (rng.randint(150, 175), rng.randint(105, 125), rng.randint(70, 85))
    draw.rectangle((24, 30, width - 24, height - 70), fill=wood, outline=(90, 60, 40), width=3)
    palette = [(52, 101, 164), (78, 154, 6), (245, 245, 245), (46, 52, 54), (117, 80, 123)]
    count = rng.randint(3, 5)
    slot = (width - 80) // count
    for i in range(count):
        w, h = rng.randint(40, min(90, slot - 16)), rng.randint(40, 90)
        x, y = 40 + i * slot + (slot - w) // 2, 150 - h // 2 + 20
        draw.rectangle((x - 6, y - 6, x + w + 6, y + h + 6), outline=(250, 220, 40), width=2)  # the marked place
        draw.rectangle((x, y, x + w, y + h), fill=rng.choice(palette), outline=(30, 30, 30))
    draw.line((width - 110, 70, width - 85, 95, width - 45, 45), fill=(30, 160, 60), width=9)
    draw.rectangle((0, height - 60, width, height), fill=(255, 255, 255))
    draw.text((12, height - 56), f"整改后 {code} {title}"[:26], fill=(20, 130, 50), font=_font(20))
    draw.text((12, height - 28), f"{day:%Y-%m-%d}", fill=(60, 60, 60), font=_font(16))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=78)
    return out.getvalue()


# -- the generator ----------------------------------------------------------------------------------


@dataclass
class _Source:
    """A submitted patrol or special check whose findings may go on a notice."""

    inspection_id: int
    zone_id: int
    kind: str
    at: datetime
    chosen: list[Finding]  # what a notice for it covers: its major findings and the minor ones the zone repeats

    @property
    def day(self) -> date:
        return timezone.localtime(self.at).date()

    @property
    def majors(self) -> int:
        return sum(1 for f in self.chosen if f.severity != Severity.MINOR)


@dataclass
class _Planned:
    issue_at: datetime
    zone: Zone
    findings: list[Finding]
    issuer: object
    story: Story | None = None
    acceptance: Inspection | None = None  # the failed acceptance check
    retake: Inspection | None = None  # its re-acceptance (submitted, or the draft in progress)
    source_kind: str = ""


class _Notices:
    def __init__(self, hall, today: date, seed: int):
        self.hall = hall
        self.today = today
        self.now = timezone.now()
        self.rng = random.Random(seed + 1)  # not the inspection history's sequence
        self.policy = policy_for(hall)
        User = get_user_model()
        self.users = {u.username: u for u in User.objects.filter(username__in=["inspector", "leader", "deputy"])}
        self.by_pk = {u.pk: u for u in self.users.values()}
        self.zones = {z.pk: z for z in Zone.objects.filter(hall=hall).select_related("lead__user")}
        self.summary = NoticeSummary()
        self.clock: datetime | None = None  # the last moment of the notice being written
        self.zone_weight: dict[int, int] = defaultdict(int)  # findings per zone: the weak zones get most notices

    # -- choosing what to issue --------------------------------------------------------------------

    def sources(self) -> list[_Source]:
        # the closed loop began with the campaign (its plans): the routine patrols before it issued no notices
        campaign = InspectionPlan.objects.filter(hall=self.hall).aggregate(first=Min("starts_on"))["first"]
        since = _at(campaign or self.today, 0)
        inspections = {
            i.pk: i
            for i in Inspection.objects.filter(
                hall=self.hall,
                status=InspectionStatus.SUBMITTED,
                kind__in=[InspectionKind.PATROL, InspectionKind.SPECIAL],
                submitted_at__gte=since,
                submitted_at__lt=_at(self.today, 0),
            ).only("pk", "zone_id", "kind", "submitted_at")
        }
        findings = defaultdict(list)
        for finding in (
            Finding.objects.filter(hall=self.hall, inspection__status=InspectionStatus.SUBMITTED, found_at__gte=since)
            .select_related("rule")
            .order_by("found_at", "pk")
        ):
            findings[finding.inspection_id].append(finding)
        seen: dict[tuple[int, str], int] = defaultdict(int)  # (zone, rule) → failures so far
        repeated: set[int] = set()
        for inspection_findings in sorted(findings.values(), key=lambda fs: fs[0].found_at):
            for f in inspection_findings:
                if seen[(f.zone_id, f.rule_key)] >= REPEATED:
                    repeated.add(f.pk)
            for f in inspection_findings:
                seen[(f.zone_id, f.rule_key)] += 1
        settled = _at(settled_on(self.today), 0)  # the campaign's findings, not how long the demo has run
        for inspection_findings in findings.values():
            for f in inspection_findings:
                if f.found_at < settled:
                    self.zone_weight[f.zone_id] += 1
        out = []
        for pk, inspection in inspections.items():
            fs = findings.get(pk)
            if not fs:
                continue
            majors = [f for f in fs if f.severity in (Severity.MAJOR, Severity.VETO)]
            minors = [f for f in fs if f.pk in repeated and f not in majors]
            chosen = (majors[:MAX_FINDINGS] + minors[:MAX_REPEATED])[:MAX_FINDINGS]
            out.append(_Source(pk, inspection.zone_id, inspection.kind, inspection.submitted_at, chosen))
        out.sort(key=lambda s: (s.at, s.inspection_id))
        return out

    def pick(self, sources: list[_Source], story: Story, target: date, used: set[int], zone_uses, recent):
        """A source on ``target`` or shortly before, with a major finding if there is one; weighted to weak zones.

        Major findings are rarer than minor ones: an older story looks five working days back for one
        (it is issued on the spot, so it just happened a little earlier); a young one three.
        """
        phases = ((5 if story.age >= 5 else 3, True), (3, False), (10, True), (10, False), (60, False))
        for window, need_major in phases:
            earliest = working_days_back(target, window)
            candidates = [
                s
                for s in sources
                if earliest <= s.day <= target
                and s.inspection_id not in used
                and s.chosen
                and zone_uses[s.zone_id] < 4
                and (s.majors or not need_major)
            ]
            if candidates:
                break
        else:
            return None
        weights = []
        for s in candidates:
            weight = self.zone_weight[s.zone_id] ** 1.5 * (1 + s.majors) * (2.0 if s.day == target else 1.0)
            if s.zone_id in recent:
                weight *= 0.1
            weights.append(weight)
        return self.rng.choices(candidates, weights=weights)[0]

    def plan(self) -> list[_Planned]:
        sources = self.sources()
        used: set[int] = set()
        zone_uses: dict[int, int] = defaultdict(int)
        recent: list[int] = []
        planned = []
        for story, target in self.targets():
            source = self.pick(sources, story, target, used, zone_uses, recent)
            if source is None:
                continue
            used.add(source.inspection_id)
            zone_uses[source.zone_id] += 1
            recent = (recent + [source.zone_id])[-3:]
            if source.day == target or story.age >= 5:  # issued on the spot, after the check
                issue_at = source.at + timedelta(minutes=self.rng.randint(30, 90))
            else:  # a young notice: issued on its day, in the morning
                issue_at = _at(target, self.rng.choice((8, 9, 10)), self.rng.randrange(0, 60, 5))
            zone = self.zones[source.zone_id]
            issuer = self.users["inspector"]
            if zone.code in DEPUTY_ZONES and self.rng.random() < 0.3:
                issuer = self.users["deputy"]
            planned.append(
                _Planned(issue_at, zone, source.chosen, issuer, story=story, source_kind=KIND_LABELS[source.kind])
            )
        planned += self.plan_acceptance()
        planned.sort(key=lambda p: p.issue_at)
        return planned

    def targets(self) -> list[tuple[Story, date]]:
        """Each routine story and the day its notice is issued: the old ones on the plan's dates
        (:func:`anchored_days`), the young ones that many working days before today."""
        old = [s for s in ROUTINE_STORIES if s.age > ANCHORED_AGE]
        out = list(zip(old, anchored_days(self.today, len(old)), strict=False))
        last_day = working_days_back(self.today - timedelta(days=1), 0)
        for story in ROUTINE_STORIES[len(old) :]:
            out.append((story, min(working_days_back(self.today, story.age), last_day)))
        return out

    def plan_acceptance(self) -> list[_Planned]:
        """A notice for each failed first acceptance check, issued the working day after it."""
        failed = Inspection.objects.filter(
            hall=self.hall,
            kind=InspectionKind.ACCEPTANCE,
            status=InspectionStatus.SUBMITTED,
            retake_of=None,
            passed=False,
            submitted_at__lt=_at(self.today, 0),
        ).select_related("round")
        planned = []
        for first in failed.order_by("submitted_at", "pk"):
            retakes = list(Inspection.objects.filter(retake_of=first).order_by("started_at", "pk"))
            retake = next((r for r in retakes if r.status == InspectionStatus.SUBMITTED and r.passed), None)
            if retake is None:
                retake = next((r for r in retakes if r.status == InspectionStatus.DRAFT), None)
            day = add_working_days(timezone.localtime(first.submitted_at).date(), 1)
            if day >= self.today:
                continue
            findings = list(first.findings.select_related("rule").order_by("found_at", "pk"))
            planned.append(
                _Planned(
                    _at(day, 9, 30),
                    self.zones[first.zone_id],
                    findings,
                    self.users["leader"],
                    acceptance=first,
                    retake=retake,
                )
            )
        return planned

    # -- writing and moving time ---------------------------------------------------------------------

    def when(self, planned: datetime) -> datetime:
        """``planned``, or a few minutes after the notice's last step if that is later (steps never cross)."""
        if self.clock is not None and planned <= self.clock:
            planned = self.clock + timedelta(minutes=self.rng.randint(5, 20))
        if planned >= self.now:
            raise RuntimeError(f"demo notices: a step at {planned} is not in the past")
        self.clock = planned
        return planned

    def moved(self, notice: Notice, at: datetime, **fields) -> Notice:
        """Set the notice's fields of the step just written back to ``at`` (its event was recorded at ``at``
        by running the service inside :func:`~hallkeeper.core.events.recorded_at`)."""
        Notice.objects.filter(pk=notice.pk).update(updated_at=at, **fields)
        return Notice.objects.get(pk=notice.pk)

    def lead(self, notice: Notice):
        """The zone's lead, who acts for the zone (one user object per zone: their access is worked out once)."""
        return self.zones[notice.zone_id].lead.user

    def issuer(self, notice: Notice):
        return self.by_pk.get(notice.issued_by_id) or notice.issued_by

    def issue(self, p: _Planned) -> Notice:
        self.clock = None
        at = self.when(p.issue_at)
        if p.acceptance is not None:
            requirement = self.acceptance_requirement(p.acceptance)
        else:
            day = timezone.localtime(p.findings[0].found_at).date()
            rules = "；".join(f"{f.rule.code} {f.rule.title}" for f in p.findings)
            requirement = (
                f"{day.month}月{day.day}日{p.source_kind}发现你责任区存在以下问题：{rules}。"
                "请对照《现场管理标准手册》逐项整改到位，举一反三、防止反弹，"
                "整改完成后提交整改说明和整改后照片。"
            )
        day = timezone.localtime(at).date()
        deadline = default_deadline(self.policy, [f.severity for f in p.findings], day)
        fields = {"issued_at": at, "created_at": at, "deadline": deadline, "original_deadline": deadline}
        data = {"deadline": deadline.isoformat()}
        if day.year != timezone.localdate().year:  # moved into last year: take last year's next number
            seq, number = next_number(self.hall, day.year, self.policy)
            fields.update(year=day.year, seq=seq, number=number)
            data["number"] = number
        with recorded_at(at, data):
            notice = services.notice_issue(
                user=p.issuer,
                zone=p.zone,
                findings=p.findings,
                requirement=requirement,
                acceptance_inspection=p.acceptance,
            )
        if "year" in fields:  # give this year's number back
            NoticeCounter.objects.filter(hall=self.hall, year=notice.year).update(last=F("last") - 1)
        return self.moved(notice, at, **fields)

    def acceptance_requirement(self, first: Inspection) -> str:
        name = first.round.name if first.round_id else "评估验收"
        if first.veto_failed:
            vetoes = "、".join(
                f.rule.title for f in first.findings.select_related("rule") if f.severity == Severity.VETO
            )
            why = f"否决项不合格：{vetoes}"
        else:
            why = f"得分 {first.score} 分，未达到合格线"
        return (
            f"你责任区在{name}中未通过验收（{why}）。请对照问题清单逐项整改，"
            "整改完成后提交整改说明和整改后照片，申请复验；复验合格后销号。"
        )

    def acknowledge(self, notice: Notice, at: datetime) -> Notice:
        at = self.when(at)
        with recorded_at(at):
            services.notice_acknowledge(user=self.lead(notice), notice=notice, comment=self.rng.choice(ACK_COMMENTS))
        return self.moved(notice, at, acknowledged_at=at)

    def start(self, notice: Notice, at: datetime) -> Notice:
        at = self.when(at)
        with recorded_at(at):
            services.notice_start(user=self.lead(notice), notice=notice, comment=self.rng.choice(START_COMMENTS))
        return self.moved(notice, at)

    def submit(self, notice: Notice, at: datetime, remark: str = "") -> Notice:
        """The lead answers each finding: what was done about its rule and one after-photo of it."""
        at = self.when(at)
        day = timezone.localtime(at).date()
        items = list(notice.items.filter(active=True).select_related("finding__rule").order_by("order", "pk"))
        answers = []
        for item in items:
            f = item.finding
            photo = after_photo(self.rng, f.rule.code, f.rule.title, day)
            name = f"after_{day:%Y%m%d}_{notice.seq:03d}_{item.order}.jpg"
            answers.append(
                services.FindingAnswer(
                    item=item.pk,
                    text=FIXES.get(f.rule_key) or GENERIC_FIX.format(title=f.rule.title),
                    photos=(SimpleUploadedFile(name, photo, content_type="image/jpeg"),),
                )
            )
        with recorded_at(at, {"late": day > notice.deadline}):
            response = services.notice_submit(user=self.lead(notice), notice=notice, answers=answers, remark=remark)
        NoticeResponse.objects.filter(pk=response.pk).update(at=at)
        return self.moved(notice, at, last_submitted_at=at)

    def verify(self, notice: Notice, how: str, after: datetime, retake: Inspection | None = None) -> Notice:
        """Close the notice: by the passed re-acceptance, by a later check that passed its rules, or by evidence."""
        user, inspection = self.users["inspector"], None
        if retake is not None:
            inspection, user, comment = retake, retake.inspector, REACCEPTANCE_COMMENT
            at = retake.submitted_at + timedelta(minutes=self.rng.randint(10, 40))
        elif how == RECHECK and (inspection := self.recheck(notice, after)) is not None:
            user = inspection.inspector
            day = timezone.localtime(inspection.submitted_at).date()
            comment = RECHECK_COMMENT.format(day=f"{day.month}月{day.day}日{KIND_LABELS[inspection.kind]}")
            at = inspection.submitted_at + timedelta(minutes=self.rng.randint(10, 40))
        else:
            comment = self.rng.choice(EVIDENCE_COMMENTS)
            at = self.morning(add_working_days(timezone.localtime(after).date(), self.rng.choice((1, 1, 2))))
        at = self.when(at)
        with recorded_at(at):
            services.notice_verify(user=user, notice=notice, comment=comment, verification_inspection=inspection)
        return self.moved(notice, at, closed_at=at)

    def recheck(self, notice: Notice, after: datetime) -> Inspection | None:
        """The first later patrol or special check of the zone that passed every rule of the notice."""
        keys = set(notice.items.filter(active=True).values_list("finding__rule_key", flat=True))
        until = _at(add_working_days(timezone.localtime(after).date(), RECHECK_WINDOW), 0)
        later = list(
            Inspection.objects.filter(
                zone=notice.zone,
                status=InspectionStatus.SUBMITTED,
                kind__in=[InspectionKind.PATROL, InspectionKind.SPECIAL],
                submitted_at__gt=after,
                submitted_at__lt=min(until, _at(self.today, 0)),
            )
            .select_related("inspector")
            .order_by("submitted_at")[:8]
        )
        passed = defaultdict(set)
        for inspection_id, key in CheckItem.objects.filter(
            inspection__in=later, rule__key__in=keys, result=ItemResult.PASS
        ).values_list("inspection_id", "rule__key"):
            passed[inspection_id].add(key)
        return next((i for i in later if passed[i.pk] == keys), None)

    def reject(self, notice: Notice, at: datetime) -> Notice:
        at = self.when(at)
        with recorded_at(at):
            first = notice.items.filter(active=True).order_by("order", "pk").values_list("pk", flat=True)[:1]
            services.notice_reject(
                user=self.users["inspector"],
                notice=notice,
                reason=self.rng.choice(REJECT_REASONS),
                unsatisfactory=list(first),  # the first finding's answer is the one not good enough
            )
        return self.moved(notice, at)

    def cancel(self, notice: Notice, at: datetime) -> Notice:
        at = self.when(at)
        with recorded_at(at):
            services.notice_cancel(user=self.issuer(notice), notice=notice, reason=CANCEL_REASON)
        return self.moved(notice, at, closed_at=at)

    def ask_more_time(self, notice: Notice, at: datetime, until: date, reason: str) -> ExtensionRequest:
        at = self.when(at)
        with recorded_at(at):
            extension = services.extension_request(
                user=self.lead(notice),
                notice=notice,
                requested_until=until,
                reason=reason,
                today=timezone.localtime(at).date(),
            )
        ExtensionRequest.objects.filter(pk=extension.pk).update(requested_at=at)
        self.moved(notice, at)
        return extension

    def decide(self, notice: Notice, extension: ExtensionRequest, at: datetime, grant: bool, note: str) -> Notice:
        at = self.when(at)
        with recorded_at(at):
            services.extension_decide(user=self.issuer(notice), extension=extension, grant=grant, note=note)
        ExtensionRequest.objects.filter(pk=extension.pk).update(decided_at=at)
        return self.moved(notice, at)

    # -- the stories -----------------------------------------------------------------------------------

    def morning(self, day: date) -> datetime:
        return _at(day, self.rng.choice((8, 9, 10)), self.rng.randrange(0, 60, 5))

    def afternoon(self, day: date) -> datetime:
        return _at(day, self.rng.choice((14, 15, 16)), self.rng.randrange(0, 60, 5))

    def acknowledged(self, notice: Notice, *, same_day: bool | None = None) -> Notice:
        """Signed for the same day (an issue before three) or the next working day's morning."""
        issued = timezone.localtime(notice.issued_at)
        if same_day is None:
            same_day = issued.hour < 15 and self.rng.random() < 0.5
        if same_day:
            return self.acknowledge(notice, issued + timedelta(minutes=self.rng.randint(30, 90)))
        return self.acknowledge(notice, self.morning(add_working_days(issued.date(), 1)))

    def started(self, notice: Notice) -> Notice:
        return self.start(notice, self.clock + timedelta(minutes=self.rng.randint(15, 90)))

    def on_time(self, notice: Notice) -> datetime:
        """An afternoon between now and the deadline."""
        first = timezone.localtime(self.clock).date()
        days = [d for d in _days(first, notice.deadline) if is_working_day(d)] or [first]
        return self.afternoon(self.rng.choice(days))

    def routine(self, p: _Planned) -> Notice:
        story, kind = p.story, p.story.kind
        young = story.age <= 4  # issued in the last few working days: every step up to yesterday
        notice = self.issue(p)
        issued_on = timezone.localtime(notice.issued_at).date()
        if kind in (ISSUED, OVERDUE_ISSUED):
            return notice
        if kind == CANCELLED:
            notice = self.acknowledged(notice, same_day=False)
            return self.cancel(notice, self.afternoon(self.clock_day))
        notice = self.acknowledged(notice, same_day=not (kind == ACKNOWLEDGED and story.age >= 2) if young else None)
        if kind in (ACKNOWLEDGED, OVERDUE_ACKNOWLEDGED):
            return notice
        notice = self.started(notice)
        if kind in (RECTIFYING, OVERDUE_RECTIFYING):
            return notice
        if kind in (EXTENSION_GRANTED, EXTENSION_REFUSED):
            granted = kind == EXTENSION_GRANTED
            until = add_working_days(notice.deadline, 5)
            reason = EXTENSION_GRANTED_REASON if granted else EXTENSION_REFUSED_REASON
            extension = self.ask_more_time(notice, self.clock + timedelta(minutes=40), until, reason)
            day = add_working_days(self.clock_day, 1)
            note = EXTENSION_GRANTED_NOTE if granted else EXTENSION_REFUSED_NOTE
            notice = self.decide(notice, extension, self.morning(day), granted, note)
        if young:  # submitted the working day after the issue (two days after, for the older one)
            submitted_at = self.afternoon(self.before_today(add_working_days(issued_on, 2 if story.age >= 4 else 1)))
        elif kind in (CLOSED_LATE, EXTENSION_REFUSED):
            submitted_at = self.afternoon(add_working_days(notice.deadline, self.rng.randint(1, 3)))
        elif kind == EXTENSION_GRANTED:  # after the first deadline, within the one granted
            submitted_at = self.afternoon(add_working_days(notice.original_deadline, self.rng.randint(2, 4)))
        else:
            submitted_at = self.on_time(notice)
        notice = self.submit(notice, submitted_at)
        if kind == SUBMITTED:
            return notice
        if kind in (REJECTED_THEN_CLOSED, REJECTED_OPEN, OVERDUE_REJECTED):
            notice = self.reject(notice, self.morning(self.before_today(add_working_days(self.clock_day, 1))))
            self.summary.rejected += 1
            if kind != REJECTED_THEN_CLOSED:
                return notice
            notice = self.submit(
                notice, self.afternoon(add_working_days(self.clock_day, self.rng.choice((1, 2)))), RESUBMIT_NOTE
            )
        return self.verify(notice, story.verify, self.clock)

    @property
    def clock_day(self) -> date:
        return timezone.localtime(self.clock).date()

    def before_today(self, day: date) -> date:
        """``day``, or the last working day before today if ``day`` is not in the past."""
        return min(day, working_days_back(self.today - timedelta(days=1), 0))

    def acceptance_failure(self, p: _Planned) -> Notice:
        """Closed by the passed re-acceptance; or, with the re-acceptance in progress, more time and submitted."""
        notice = self.issue(p)
        notice = self.acknowledged(notice, same_day=True)
        notice = self.started(notice)
        retake = p.retake
        if retake is not None and retake.status == InspectionStatus.SUBMITTED:
            last = working_days_back(timezone.localtime(retake.submitted_at).date() - timedelta(days=1), 0)
            notice = self.submit(notice, self.afternoon(max(min(notice.deadline, last), self.clock_day)))
            if retake.submitted_at <= self.clock:
                return notice  # (not the demo's story) the re-acceptance came before the rectification
            return self.verify(notice, RECHECK, self.clock, retake=retake)
        yesterday = self.before_today(self.today)
        day = add_working_days(self.clock_day, 1)
        if day >= self.today:
            return notice
        until = max(yesterday, add_working_days(notice.deadline, 5))
        extension = self.ask_more_time(notice, self.morning(day), until, ACCEPTANCE_EXTENSION_REASON)
        notice = self.decide(notice, extension, self.afternoon(day), True, ACCEPTANCE_EXTENSION_NOTE)
        submit_day = working_days_back(yesterday, 1)
        if retake is not None and submit_day > self.clock_day:  # submitted; the re-acceptance is being done today
            notice = self.submit(notice, self.afternoon(submit_day))
        return notice

    def run(self) -> NoticeSummary:
        planned = self.plan()
        if not planned:
            self.summary.skipped = "整改通知：没有可下发的检查问题，未生成。"
            return self.summary
        for p in planned:
            if p.acceptance is not None:
                self.acceptance_failure(p)
            else:
                self.routine(p)
        self.summarize()
        return self.summary

    def summarize(self) -> None:
        notices = Notice.objects.filter(hall=self.hall)
        s = self.summary
        s.notices = notices.count()
        s.by_state = dict(notices.values_list("state").annotate(n=Count("pk")).order_by())
        s.overdue = notices.overdue(self.today).count()
        s.closed_late = sum(1 for n in notices.filter(state=NoticeState.VERIFIED) if n.closed_late)
        s.acceptance = notices.filter(acceptance_failure=True).count()
        s.photos = ResponsePhoto.objects.filter(response__notice__hall=self.hall).count()
        days = [timezone.localtime(at).date() for at in notices.values_list("issued_at", flat=True)]
        s.first_day, s.last_day = min(days), max(days)


def load_notice_history(hall, *, today: date | None = None, seed: int = DEFAULT_SEED) -> NoticeSummary:
    """Give ``hall`` (the demo hall, after its inspection history) rectification notices for its past findings.

    Skipped (an empty summary) when the hall already has notices, so loading the demo again never
    doubles them. After-photos are written to ``MEDIA_ROOT``.
    """
    if Notice.objects.filter(hall=hall).exists():
        return NoticeSummary()
    today = today or timezone.localdate()
    with suppressed(), transaction.atomic():
        return _Notices(hall, today, seed).run()


def remove_notice_history(hall) -> None:
    """Delete the hall's notices (with their findings, responses and requests for more time; their events stay),
    its notice counters and the after-photo files. Notices protect the zones, findings and users they
    refer to: :func:`hallkeeper.demo.history.remove_inspection_history` calls this first."""
    storage = ResponsePhoto._meta.get_field("image").storage
    names = [
        n
        for pair in ResponsePhoto.objects.filter(response__notice__hall=hall).values_list("image", "thumbnail")
        for n in pair
        if n
    ]
    with transaction.atomic():
        # their events stay: the audit trail is append-only
        Notice.objects.filter(hall=hall).delete()
        NoticeCounter.objects.filter(hall=hall).delete()
    for name in names:
        storage.delete(name)
