"""Write the demo hall to the database, idempotently, and describe what was written.

Every record is found by its natural key (hall + code, window number, username, group kind,
group + person) and updated in place; many-to-many links are replaced with ``set()``. Running
:func:`load_demo` twice therefore leaves the same data. Passwords are set only when an account
is created, so a demo user who changed theirs keeps it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.accounts.services import role_assign
from hallkeeper.halls.models import Hall
from hallkeeper.inspections.models import Finding, Inspection, InspectionPlan, ItemPhoto
from hallkeeper.org.choices import MemberRole, UnitKind
from hallkeeper.org.models import Membership, Person, Unit, WorkGroup
from hallkeeper.places.models import Area, Floor, Position, Window, Zone
from hallkeeper.places.selectors import zones_overseen
from hallkeeper.rectification.models import Notice, ResponsePhoto
from hallkeeper.standards.defaults import install_default_handbook
from hallkeeper.standards.models import Rule

from . import anshan
from .assessment import load_assessment_history
from .budget import play_budget
from .campaign import play_campaign
from .history import load_inspection_history
from .notices import load_notice_history
from .showcase import play_model_window
from .suggestions import play_suggestions
from .training import play_training

#: Chinese labels of the roles, for the accounts table printed on the console.
ROLE_LABELS = {
    Role.ADMIN: "系统管理员",
    Role.LEADERSHIP: "领导小组",
    Role.SUPERVISION: "督查考核组",
    Role.ZONE_LEAD: "责任区负责人",
    Role.WINDOW_STAFF: "窗口工作人员",
    Role.VIEWER: "只读查看",
}
MEMBER_ROLE_LABELS = {MemberRole.LEADER: "组长", MemberRole.DEPUTY: "副组长", MemberRole.MEMBER: "成员"}


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def load_demo(stdout=None, *, history: bool = True) -> Hall:
    """Create or refresh the Anshan demo hall in one transaction; return it.

    With ``history`` (the default) a hall without inspections also gets its inspections: the plan's campaign
    (1 July – 31 August) and the routine before and after it up to today (:mod:`hallkeeper.demo.history`,
    photos written to ``MEDIA_ROOT``), and a hall
    without rectification notices gets notices for those inspections' findings, in every state
    (:mod:`hallkeeper.demo.notices`, after-photos written to ``MEDIA_ROOT``); a hall that has
    inspections or notices keeps them as they are; then six published monthly assessments
    (:mod:`hallkeeper.demo.assessment`; :func:`hallkeeper.demo.assessment.published_periods` lists them).
    """
    data = anshan.build()
    with transaction.atomic():
        hall, _ = Hall.objects.update_or_create(
            code=anshan.HALL["code"], defaults={k: v for k, v in anshan.HALL.items() if k != "code"}
        )
        _say(stdout, f"大厅：{hall.name}")
        units = _load_units(hall, data)
        areas = _load_places(hall, data)
        people = _load_people(hall, data, units)
        zones = _load_zones(hall, data, units, areas, people)
        windows = _load_windows(hall, data, units, areas, zones, people)
        _load_positions(hall, data, zones, windows)
        _load_groups(hall, data, units, areas, people)
        _load_accounts(hall, data, people)
        handbook = install_default_handbook(hall, title=anshan.HANDBOOK_TITLE)
        _say(stdout, f"手册：{handbook}（{handbook.rules.count()} 项细则）")
        if history:
            _say(stdout, load_inspection_history(hall).line())
            _say(stdout, load_notice_history(hall).line())
            _say(stdout, load_assessment_history(hall).line())
            _say(stdout, play_training(hall))
            _say(stdout, play_suggestions(hall))
            _say(stdout, play_model_window(hall))
            _say(stdout, play_budget(hall))
            _say(stdout, play_campaign(hall).line())
            _say(stdout, _todays_digest(hall))
        _say(stdout, "演示数据已写入。")
    return hall


def _todays_digest(hall: Hall) -> str:
    """Today's rectification digest, sent by the same function as the daily job, so the notification centre
    shows today's reminders and escalations (the history itself notified nobody)."""
    from hallkeeper.rectification.digest import run_digest

    sent = run_digest(hall, timezone.localdate())
    if sent["skipped"]:
        return "今日整改提醒：已发送过。"
    return f"今日整改提醒：{sent['recipients']} 人收到（即将到期 {sent['reminders']} 份，逾期 {sent['overdue']} 份）。"


def _load_units(hall: Hall, data: anshan.DemoData) -> dict[str, Unit]:
    units = {}
    for order, u in enumerate(data.units, start=1):
        units[u.code], _ = Unit.objects.update_or_create(
            hall=hall,
            code=u.code,
            defaults={
                "name": u.name,
                "short_name": u.short_name,
                "kind": u.kind,
                "parent_organization": u.parent_organization,
                "order": order,
            },
        )
    return units


def _load_places(hall: Hall, data: anshan.DemoData) -> dict[str, Area]:
    floors = {}
    for f in data.floors:
        floors[f.level], _ = Floor.objects.update_or_create(
            hall=hall, level=f.level, defaults={"name": f.name, "width": f.width, "depth": f.depth}
        )
    areas: dict[str, Area] = {}
    for order, a in enumerate(data.areas, start=1):  # a parent comes before its sub-areas
        x, y, width, depth = a.rect
        area, _ = Area.objects.update_or_create(
            hall=hall,
            code=a.code,
            defaults={
                "floor": floors[a.floor],
                "parent": areas[a.parent] if a.parent else None,
                "kind": a.kind,
                "name": a.name,
                "description": a.description,
                "plan_x": x,
                "plan_y": y,
                "plan_width": width,
                "plan_depth": depth,
                "order": order,
            },
        )
        area.clean()  # the rectangle fits its floor; a sub-area's parent is a window service area
        areas[a.code] = area
    return areas


def _load_people(hall: Hall, data: anshan.DemoData, units: dict[str, Unit]) -> dict[str, Person]:
    people = {}
    for p in data.people:
        people[p.code], _ = Person.objects.update_or_create(
            hall=hall,
            code=p.code,
            defaults={
                "name": p.name,
                "unit": units[p.unit] if p.unit else None,
                "title": p.title,
                "duty": p.duty,
            },
        )
    return people


def _zone_plan(z: anshan.ZoneSpec, floors: dict[int, Floor]) -> dict:
    if z.plan is None:
        return {"plan_floor": None}
    level, x, y, width, depth = z.plan
    return {"plan_floor": floors[level], "plan_x": x, "plan_y": y, "plan_width": width, "plan_depth": depth}


def _load_zones(hall, data, units, areas, people) -> dict[str, Zone]:
    floors = {f.level: f for f in Floor.objects.filter(hall=hall)}
    zones = {}
    for order, z in enumerate(data.zones, start=1):
        zone, _ = Zone.objects.update_or_create(
            hall=hall,
            code=z.code,
            defaults={
                "name": z.name,
                "lead": people[z.lead],
                "description": z.description,
                "order": order,
                **_zone_plan(z, floors),
            },
        )
        zone.clean()  # the rectangle fits its floor
        zone.units.set([units[c] for c in z.units])
        zone.areas.set([areas[c] for c in z.areas])
        zones[z.code] = zone
    return zones


def _load_windows(hall, data, units, areas, zones, people) -> dict[str, Window]:
    windows = {}
    for w in data.windows:
        window, _ = Window.objects.update_or_create(
            hall=hall,
            number=w.number,
            defaults={
                "zone": zones[w.zone],
                "area": areas[w.area],
                "name": w.name,
                "unit": units[w.unit],
                "is_model": w.is_model,
                **dict(
                    zip(("plan_x", "plan_y", "plan_width", "plan_depth"), w.plan or (None, None, 0, 0), strict=True)
                ),
            },
        )
        window.clean()  # the desk lies on its area's floor
        window.staff.set([people[c] for c in w.staff])
        windows[w.number] = window
    return windows


def _load_positions(hall, data, zones, windows) -> None:
    positions: dict[str, Position] = {}
    for p in data.positions:  # a desk or cabinet comes before its drawers and file boxes
        positions[p.code], _ = Position.objects.update_or_create(
            hall=hall,
            code=p.code,
            defaults={
                "zone": zones[p.zone],
                "window": windows[p.window] if p.window else None,
                "parent": positions[p.parent] if p.parent else None,
                "kind": p.kind,
                "name": p.name,
                "note": p.note,
            },
        )


def _load_groups(hall, data, units, areas, people) -> None:
    for g in data.groups:
        group, _ = WorkGroup.objects.update_or_create(
            hall=hall, kind=g.kind, defaults={"name": g.name, "composition": g.composition, "duty": g.duty}
        )
        for order, m in enumerate(g.members, start=1):
            membership, _ = Membership.objects.update_or_create(
                group=group, person=people[m.person], defaults={"role": m.role, "duty": m.duty, "order": order}
            )
            membership.oversees_units.set([units[c] for c in m.oversees_units])
            membership.oversees_areas.set([areas[c] for c in m.oversees_areas])
            membership.oversees_zones.set([])


def _load_accounts(hall, data, people) -> None:
    User = get_user_model()
    password = make_password(anshan.DEMO_PASSWORD)  # hashed once: one slow hash, not ninety
    by_code = {p.code: p for p in data.people}
    for a in data.accounts:
        spec = by_code.get(a.person)
        if spec:
            family, given = spec.family_name, spec.given_name
        else:
            family, given = "", a.display_name
        user, _ = User.objects.update_or_create(
            username=a.username,
            defaults={
                "last_name": family,
                "first_name": given,
                "is_active": True,
                "is_staff": a.is_superuser or a.is_staff,
                "is_superuser": a.is_superuser,
            },
            create_defaults={
                "last_name": family,
                "first_name": given,
                "is_staff": a.is_superuser or a.is_staff,
                "is_superuser": a.is_superuser,
                "password": password,
            },
        )
        role_assign(user=user, hall=hall, role=a.role)  # the installation gives it: an event, no actor
        if spec:
            person = people[spec.code]
            if person.user_id != user.pk:
                # The login may have been linked to another person of this hall before.
                Person.objects.filter(hall=hall, user=user).exclude(pk=person.pk).update(user=None)
                person.user = user
                person.save(update_fields=["user", "updated_at"])


# ---------------------------------------------------------------------------------------
# Describing the demo
# ---------------------------------------------------------------------------------------
def demo_counts(hall: Hall) -> dict[str, int]:
    """How much the demo hall holds, for the summary."""
    units = Unit.objects.filter(hall=hall)
    windows = Window.objects.filter(hall=hall)
    people = Person.objects.filter(hall=hall)
    notices = Notice.objects.filter(hall=hall)
    return {
        "科室 departments": units.filter(kind=UnitKind.DEPARTMENT).count(),
        "派驻单位 stationed agencies": units.filter(kind=UnitKind.STATIONED).count(),
        "服务中心 service centre": units.filter(kind=UnitKind.CENTRE).count(),
        "楼层 floors": Floor.objects.filter(hall=hall).count(),
        "功能区 areas": Area.objects.filter(hall=hall).count(),
        "责任区 zones": Zone.objects.filter(hall=hall).count(),
        "窗口 windows": windows.count(),
        "派驻窗口 stationed windows": windows.filter(unit__kind=UnitKind.STATIONED).count(),
        "示范窗口 model windows": windows.filter(is_model=True).count(),
        "定置点 positions": Position.objects.filter(hall=hall).count(),
        "工作人员 people": people.count(),
        "有账号的人员 people with a login": people.filter(user__isnull=False).count(),
        "工作组 work groups": WorkGroup.objects.filter(hall=hall).count(),
        "组成员 memberships": Membership.objects.filter(group__hall=hall).count(),
        "账号 accounts": RoleAssignment.objects.filter(hall=hall).values("user").distinct().count(),
        "手册细则 handbook rules": Rule.objects.filter(
            version__handbook__hall=hall, version__status="published"
        ).count(),
        "检查计划 inspection plans": InspectionPlan.objects.filter(hall=hall).count(),
        "已提交检查 submitted inspections": Inspection.objects.filter(hall=hall, status="submitted").count(),
        "进行中检查 inspections in progress": Inspection.objects.filter(hall=hall, status="draft").count(),
        "检查发现问题 findings": Finding.objects.filter(hall=hall).count(),
        "检查照片 inspection photos": ItemPhoto.objects.filter(item__inspection__hall=hall).count(),
        "整改通知 rectification notices": notices.count(),
        "未销号整改通知 open notices": notices.open().count(),
        "逾期整改通知 overdue notices": notices.overdue().count(),
        "整改后照片 after-photos": ResponsePhoto.objects.filter(response__notice__hall=hall).count(),
    }


@dataclass(frozen=True)
class AccountRow:
    username: str
    role: str  # Role value
    person: str  # name and post
    scope: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


def demo_accounts(hall: Hall) -> list[AccountRow]:
    """The demo accounts as stored: username, role, who, and what they reach."""
    data = anshan.build()
    User = get_user_model()
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in data.accounts])}
    people = {p.user_id: p for p in Person.objects.filter(hall=hall, user__in=users.values()).select_related("unit")}
    rows = []
    for a in data.accounts:
        user = users.get(a.username)
        if user is None:
            continue
        person = people.get(user.pk)
        who = a.display_name
        if person is not None:
            where = person.unit.display_name if person.unit else ""
            who = f"{person.name}（{where}{person.title}）"
        rows.append(AccountRow(a.username, a.role, who, _scope(hall, a, user, person)))
    return rows


def _scope(hall: Hall, account: anshan.AccountSpec, user, person: Person | None) -> str:
    if account.role == Role.ZONE_LEAD:
        zones = list(Zone.objects.filter(hall=hall, lead__user=user).prefetch_related("windows"))
        return "；".join(
            f"{z.code} {z.name}" + (f"（窗口 {_numbers(z.windows.all())}）" if z.windows.all() else "") for z in zones
        )
    if account.role == Role.WINDOW_STAFF:
        windows = Window.objects.filter(hall=hall, staff__user=user)
        return "；".join(f"窗口 {w.number} {w.name}（{w.zone.code}）" for w in windows.select_related("zone"))
    if account.role == Role.ADMIN:
        return "全部大厅：配置、用户与角色（超级用户，可进入 /admin/）"
    if account.role == Role.VIEWER:
        return "全厅只读"
    memberships = Membership.objects.filter(group__hall=hall, person=person).select_related("group")
    seats = "；".join(f"{m.group.name}{MEMBER_ROLE_LABELS.get(m.role, m.role)}" for m in memberships)
    if account.role == Role.LEADERSHIP and person is not None:
        overseen = [z.code for m in memberships for z in zones_overseen(m)]
        if overseen:
            seats += f"；分管责任区 {'、'.join(sorted(set(overseen)))}"
    return f"全厅查看；{seats}" if seats else "全厅查看"


def _numbers(windows) -> str:
    return "、".join(w.number for w in windows)


def display_width(text: str) -> int:
    """Columns a string takes on a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))
