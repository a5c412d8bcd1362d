"""The plan's campaign (加强行政审批局政务服务大厅现场管理标准化实施方案) played through the campaign's services.

:func:`play_campaign` creates the campaign with the plan's own dates — 1 July to 31 August of the demo's
year — and its four phases (动员培训 7月1日—7月中旬, 对照实施 7月中旬—7月末, 评估验收 8月1日—8月15日, 总结提高
8月15日—8月31日), the annex's task breakdown as tasks of the 对照实施 phase, the plan's other work as tasks of
their phases, realistic statuses for the demo's today (past work done; the acceptance left blocked and the
handbook's revision still in progress, both overdue, so the campaign digest has something to say), a few
progress notes by the deputy who owns them, and the publicity (宣传发动). The work plan (工作方案) is then
generated from it on the campaign's page. Idempotent: a hall that already has the campaign keeps it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.campaign import services
from hallkeeper.campaign.choices import PLAN_PHASES, CampaignState, PublicityKind, TaskStatus
from hallkeeper.campaign.models import Campaign, Task
from hallkeeper.org.choices import GroupKind
from hallkeeper.org.models import Person, Unit, WorkGroup

from .anshan import campaign_year

TITLE = "加强行政审批局政务服务大厅现场管理标准化建设"
GOAL = (
    "用科学的方法、标准、制度对政务大厅物品摆放、空间管理、服务设施设置、人员岗位职责等内容进行设计规划，全方位定置管理，"
    "促进区域更合理、环境更舒适、功能更齐全、办事更方便、服务更周到、管理更精细，达到“场所整洁、管理规范、运作有序、"
    "服务高效”的省内一流政务大厅工作目标。"
)
CONTENT = (
    "1.加强物品摆放标准化。制定窗口桌面标准，进行可视化固定，统一桌面物品摆放位置。购买文具整理盒、隔板，对窗口人员的文具、"
    "印章等进行物品定位。\n"
    "2.加强空间管理标准化。对服务大厅内部设置进一步优化，合理设置咨询引导服务区、自助服务区、商务服务区、窗口服务区、"
    "帮办代办服务专区、休息等候区、综合办公区等区域。\n"
    "3.加强设施设备管理标准化。对大厅内的各种设备、设施统一制作标识、标牌，对地面粘贴区域导引、警示及安全出口的标识。"
)
REQUIREMENTS = (
    "（一）统一思想，提高认识。大厅全体工作人员要提高思想认识，以主人翁的姿态自觉投入到加强现场管理标准化建设工作。\n"
    "（二）明确责任，抓好落实。每个责任区都要建立岗位责任制，每个区域、每项工作都要责任到人。\n"
    "（三）坚持标准，长效管理。通过完善标准、习惯培养、督促检查，形成科学考核评价体系，提高常态化管理水平。"
)

#: The plan's phases by their own dates (month, day), and the work of each that is not in the annex:
#: (phase index, task, owner — ("group", kind) / ("unit", code) / ("person", code), due (month, day)).
PHASES = (
    ("动员培训", (7, 1), (7, 15)),
    ("对照实施", (7, 15), (7, 31)),
    ("评估验收", (8, 1), (8, 15)),
    ("总结提高", (8, 15), (8, 31)),
)
PLAN_TASKS = (
    (0, "制订《鞍山市审批局政务服务大厅现场管理标准化手册》", ("person", "LD05"), (7, 8)),
    (0, "成立领导小组、推进小组、督查小组，制订工作方案，进行宣传发动", ("group", GroupKind.LEADERSHIP), (7, 3)),
    (0, "设立示范窗口，按《手册》要求设计实施", ("unit", "ZWFW"), (7, 10)),
    (0, "组织各窗口负责人到示范窗口参观学习", ("group", GroupKind.PROMOTION), (7, 12)),
    (0, "做预算：调查摸底，统计需要购置的文具整理盒、隔板等数量及所需费用", ("unit", "ZWFW"), (7, 12)),
    (0, "组织全员以部门为单位集中学习管理理念和现场管理标准", ("group", GroupKind.PROMOTION), (7, 15)),
    (2, "对各责任区现场管理标准化建设情况进行评估验收", ("group", GroupKind.LEADERSHIP), (8, 10)),
    (2, "对未达标责任区下发整改通知并再行验收", ("group", GroupKind.SUPERVISION), (8, 15)),
    (3, "总结现场管理标准化建设工作成效，表彰先进典型窗口", ("group", GroupKind.LEADERSHIP), (8, 28)),
    (3, "进一步修订健全《手册》，实行闭环管理，形成长效机制", ("person", "LD05"), (8, 31)),
)
NOTES = {
    "制订《鞍山市审批局政务服务大厅现场管理标准化手册》": (
        "《手册》初稿完成，含四大部分、80余项细则，已征求各科室意见。"
    ),
    "设立示范窗口，按《手册》要求设计实施": "示范窗口桌面定置、抽屉分隔和标识已按《手册》完成。",
    "进一步修订健全《手册》，实行闭环管理，形成长效机制": (
        "已汇总验收中失分较多的细则和各责任区意见，修订稿待领导小组审定。"
    ),
}
PUBLICITY = (
    (
        (6, 28),
        PublicityKind.MEETING,
        "召开现场管理标准化建设动员大会，领导小组组长作动员讲话，各科室、派驻窗口负责人参加。",
    ),
    ((7, 2), PublicityKind.NOTICE, "在大厅公告栏和各窗口张贴现场管理标准化建设工作方案及《手册》要点。"),
    ((7, 20), PublicityKind.ARTICLE, "在局门户网站刊发《审批局全面推进政务大厅现场管理标准化建设》。"),
)


@dataclass
class Played:
    campaign: Campaign | None
    tasks: int = 0
    created: bool = False

    def line(self) -> str:
        if self.campaign is None:
            return "专项工作：无领导小组账号，未创建。"
        verb = "已创建" if self.created else "已存在"
        return f"专项工作：{self.campaign.title}（{verb}，{self.tasks} 项任务）。"


#: What the leadership group wrote at the end of the campaign, for the summary report (经验和不足).
LESSONS = (
    "领导重视、分工明确是工作顺利推进的关键：领导小组每周调度，推进小组逐区落实，督查考核组跟踪问效。\n"
    "示范窗口先行、参观学习跟进，各窗口对照《手册》整改有样可学，效果明显。\n"
    "个别责任区整改复查不及时，台面物品定置、资料摆放等问题反复出现，需纳入日常巡查重点。\n"
    "下一步将把问题较多的条款和采纳的意见建议纳入《手册》修订，实行闭环管理，形成长效机制。"
)


def _user(hall, role: str):
    row = RoleAssignment.objects.filter(hall=hall, role=role, user__is_active=True).select_related("user")
    row = row.order_by("user__username").first()
    return row.user if row else None


def _owner(hall, spec) -> tuple[str, int] | None:
    kind, key = spec
    if kind == "group":
        found = WorkGroup.objects.filter(hall=hall, kind=key).first()
    elif kind == "unit":
        found = Unit.objects.filter(hall=hall, code=key).first()
    else:
        found = Person.objects.filter(hall=hall, code=key).first()
    return (kind, found.pk) if found else None


#: Work the plan carries on after the campaign: still in progress when its due date has passed.
CARRIED_ON = "进一步修订健全《手册》，实行闭环管理，形成长效机制"


def _status(task: Task, today: dt.date, late: bool) -> str:
    if task.due < today:
        if late:
            return TaskStatus.BLOCKED
        return TaskStatus.IN_PROGRESS if task.title == CARRIED_ON else TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if task.phase.starts <= today else TaskStatus.NOT_STARTED


def play_campaign(hall, *, today: dt.date | None = None) -> Played:
    """The plan's campaign of ``today``'s year in ``hall`` (created once)."""
    today = today or timezone.localdate()
    year = campaign_year(today)
    existing = Campaign.objects.filter(hall=hall, title=TITLE, starts=dt.date(year, 7, 1)).first()
    if existing is not None:
        return Played(existing, existing.tasks.count())
    leader = _user(hall, Role.LEADERSHIP)
    if leader is None:
        return Played(None)
    campaign = services.campaign_create(
        user=leader,
        hall=hall,
        title=TITLE,
        starts=dt.date(year, 7, 1),
        ends=dt.date(year, 8, 31),
        goal=GOAL,
        content=CONTENT,
        requirements=REQUIREMENTS,
    )
    phases = [
        services.phase_add(
            user=leader,
            campaign=campaign,
            name=name,
            starts=dt.date(year, *a),
            ends=dt.date(year, *b),
            description=description,
        )
        for (name, a, b), (_name, description) in zip(PHASES, PLAN_PHASES, strict=True)
    ]
    services.tasks_from_annex(user=leader, campaign=campaign, phase=phases[1])
    for index, title, spec, due in PLAN_TASKS:
        owner = _owner(hall, spec)
        if owner is not None:
            services.task_add(
                user=leader,
                campaign=campaign,
                phase=phases[index],
                title=title,
                owner_kind=owner[0],
                owner_id=owner[1],
                due=dt.date(year, *due),
            )
    if dt.date(year, 7, 1) <= today:
        campaign = services.campaign_set_state(user=leader, campaign=campaign, state=CampaignState.ACTIVE)
    tasks = list(campaign.tasks.select_related("phase", "owner_person__user").order_by("due", "pk"))
    late = next((t.pk for t in tasks if t.phase_id == phases[2].pk), None)  # one acceptance task left blocked
    for task in tasks:
        status = _status(task, today, task.pk == late)
        if status == TaskStatus.NOT_STARTED:
            continue
        note = NOTES.get(task.title, "")
        if status == TaskStatus.BLOCKED:
            note = "两个责任区的整改复查尚未完成，等待复查结果后再行验收。"
        at = timezone.make_aware(dt.datetime.combine(min(task.due, today), dt.time(16, 30)))
        person = task.owner_person
        author = person.user if person is not None and person.user is not None else leader  # the deputy's own
        services.task_update(user=author, task=task, status=status, note=note, at=at)
    for (month, day), kind, description in PUBLICITY:
        on = dt.date(year, month, day)
        if on <= today:
            services.publicity_add(user=leader, campaign=campaign, on=on, kind=kind, description=description)
    if dt.date(year, 8, 31) < today:  # the 总结提高 phase is over: the leadership group has written its lessons
        campaign = services.campaign_lessons_save(user=leader, campaign=campaign, lessons=LESSONS)
    return Played(campaign, len(tasks), created=True)
