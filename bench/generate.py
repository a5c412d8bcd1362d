"""Synthetic halls at realistic ratios, written with ``bulk_create`` in batches.

One hall follows the proportions of a city hall of the campaign (Anshan: 14 departments
and 16 stationed agencies, two floors, 13 functional areas, 17 responsibility zones):

* 30 units (the service centre, 13 departments, 16 stationed agencies);
* 2 floors and 13 areas (the window service area with its three sub-areas), all on the plan;
* Z zones, each with a lead, 1–3 responsible units and its areas;
* 3 windows per zone with 2 staff each; 6 positions per window (desk, three drawers in the
  desk, counter, equipment) and 4 per zone (cabinet, two file boxes, shelf);
* the three work groups: leadership (leader, two deputies overseeing the units, five
  members), promotion (a deputy leading, every zone lead a member), supervision (four);
* logins: an administrator, a leader, a zone lead, a window staff member and a viewer.

Plus one superuser. Nothing goes through ``save()``, signals or validation, so
100 halls × 17 zones take a few seconds on SQLite. Import this module only once Django
is set up.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.halls.models import Hall
from hallkeeper.org.choices import GroupKind, MemberRole, UnitKind
from hallkeeper.org.models import Membership, Person, Unit, WorkGroup
from hallkeeper.places.choices import AreaKind, PositionKind
from hallkeeper.places.models import Area, Floor, Position, Window, Zone

User = get_user_model()

# -- ratios of one hall ------------------------------------------------------
DEFAULT_ZONES = 17
WINDOWS_PER_ZONE = 3
STAFF_PER_WINDOW = 2
LEADERSHIP_MEMBERS = 5
SUPERVISION_MEMBERS = 3
#: leader, two deputies, the leadership members, the supervision leader and members.
MANAGEMENT_PEOPLE = 1 + 2 + LEADERSHIP_MEMBERS + 1 + SUPERVISION_MEMBERS
BATCH_SIZE = 1000

#: The service centre and 13 departments of the bureau.
DEPARTMENTS = (
    "政务服务中心", "综合审批科", "社会事务审批科", "市场准入审批科", "建设项目审批科",
    "交通运输审批科", "农业水利审批科", "文化旅游审批科", "卫生健康审批科", "教育审批科",
    "城市管理审批科", "生态环境审批科", "勘验踏查科", "综合协调科",
)  # fmt: skip
#: Stationed agencies (派驻窗口) and the body each belongs to.
STATIONED = (
    ("公安户政窗口", "市公安局"), ("出入境窗口", "市公安局"), ("车驾管窗口", "市公安局"),
    ("税务窗口", "市税务局"), ("社保窗口", "市人力资源和社会保障局"), ("医保窗口", "市医疗保障局"),
    ("公积金窗口", "市住房公积金中心"), ("不动产登记窗口", "市自然资源局"),
    ("市场监管窗口", "市市场监督管理局"), ("规划窗口", "市自然资源局"), ("住建窗口", "市住房和城乡建设局"),
    ("婚姻登记窗口", "市民政局"), ("退役军人窗口", "市退役军人事务局"), ("残联窗口", "市残疾人联合会"),
    ("供电窗口", "国网供电公司"), ("供水窗口", "市水务集团"),
)  # fmt: skip
UNITS_PER_HALL = len(DEPARTMENTS) + len(STATIONED)

FLOORS = (("一层", 1), ("二层", 2))


@dataclass(frozen=True)
class AreaSpec:
    code: str
    kind: str
    name: str
    floor: int  # index in FLOORS
    rect: tuple[int, int, int, int]  # x, y, width, depth in metres
    parent: str = ""


#: The functional areas of one hall; the three sub-areas sit inside the window service area.
AREAS = (
    AreaSpec("A01", AreaKind.GUIDANCE, "导服咨询区", 0, (0, 0, 12, 8)),
    AreaSpec("A02", AreaKind.SELF_SERVICE, "自助服务区", 0, (12, 0, 12, 8)),
    AreaSpec("A03", AreaKind.BUSINESS, "商务服务区", 0, (24, 0, 12, 8)),
    AreaSpec("A04", AreaKind.WINDOW_SERVICE, "窗口服务区", 0, (0, 10, 48, 22)),
    AreaSpec("A04-1", AreaKind.COACHING, "帮办代办区", 0, (0, 10, 16, 22), parent="A04"),
    AreaSpec("A04-2", AreaKind.INTAKE, "综合受理区", 0, (16, 10, 16, 22), parent="A04"),
    AreaSpec("A04-3", AreaKind.ISSUING, "统一出件区", 0, (32, 10, 16, 22), parent="A04"),
    AreaSpec("A05", AreaKind.ASSISTED, "适老助残服务区", 0, (48, 10, 12, 10)),
    AreaSpec("A06", AreaKind.WAITING, "等候区", 0, (48, 20, 12, 12)),
    AreaSpec("A07", AreaKind.OFFICE, "后台办公区", 1, (0, 0, 30, 20)),
    AreaSpec("A08", AreaKind.NURSING, "母婴室", 1, (30, 0, 8, 6)),
    AreaSpec("A09", AreaKind.READING, "阅览室", 1, (38, 0, 12, 10)),
    AreaSpec("A10", AreaKind.PARTNER, "驻场合作服务区", 1, (0, 20, 30, 20)),
)
#: Windows of zone i sit in sub-area i mod 3; every fifth zone also answers for the waiting area.
WINDOW_AREAS = ("A04-1", "A04-2", "A04-3")
EXTRA_ZONE_AREA, EXTRA_ZONE_AREA_EVERY = "A06", 5

#: Positions of a window: (suffix, kind, name, inside the desk).
WINDOW_POSITIONS = (
    ("D", PositionKind.DESK, "窗口桌面", False),
    ("D1", PositionKind.DRAWER, "第一层抽屉", True),
    ("D2", PositionKind.DRAWER, "第二层抽屉", True),
    ("D3", PositionKind.DRAWER, "第三层抽屉", True),
    ("C", PositionKind.COUNTER, "窗口台面", False),
    ("E", PositionKind.EQUIPMENT, "叫号评价器", False),
)
#: Positions of a zone outside its windows.
ZONE_POSITIONS = (
    ("CAB", PositionKind.CABINET, "资料柜"),
    ("FB1", PositionKind.FILE_BOX, "一号文件盒"),
    ("FB2", PositionKind.FILE_BOX, "二号文件盒"),
    ("SH", PositionKind.SHELF, "资料架"),
)
POSITIONS_PER_WINDOW = len(WINDOW_POSITIONS)
POSITIONS_PER_ZONE = len(ZONE_POSITIONS)

#: The logins of every hall and their role.
HALL_LOGINS = {
    "admin": Role.ADMIN,
    "leader": Role.LEADERSHIP,
    "zone_lead": Role.ZONE_LEAD,
    "window_staff": Role.WINDOW_STAFF,
    "viewer": Role.VIEWER,
}
SUPERUSER = "superuser"

FAMILY_NAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜丁魏沈姜范石"
GIVEN_NAMES = (
    "伟", "静", "敏", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "鑫", "超", "霞", "平", "刚",
    "丹", "宁", "晨", "悦", "博", "秀英", "建华", "晓东", "海燕", "志强", "丽娜", "文博", "雪梅", "春雨",
)  # fmt: skip


def person_name(n: int) -> tuple[str, str]:
    """The n-th invented name as (family name, given name); deterministic."""
    return FAMILY_NAMES[(n * 7) % len(FAMILY_NAMES)], GIVEN_NAMES[(n * 11 + n // 31) % len(GIVEN_NAMES)]


def expected_rows(halls: int, zones: int) -> dict[str, int]:
    """Row counts :func:`generate` produces for ``halls`` halls of ``zones`` zones each."""
    windows = zones * WINDOWS_PER_ZONE
    return {
        "halls": halls,
        "units": halls * UNITS_PER_HALL,
        "floors": halls * len(FLOORS),
        "areas": halls * len(AREAS),
        "zones": halls * zones,
        "windows": halls * windows,
        "positions": halls * (windows * POSITIONS_PER_WINDOW + zones * POSITIONS_PER_ZONE),
        "people": halls * (zones + windows * STAFF_PER_WINDOW + MANAGEMENT_PEOPLE),
        "work groups": halls * len(GroupKind.values),
        "memberships": halls * ((1 + 2 + LEADERSHIP_MEMBERS) + (1 + zones) + (1 + SUPERVISION_MEMBERS)),
        "users": 1 + halls * len(HALL_LOGINS),
        "role assignments": halls * len(HALL_LOGINS),
    }


def count_rows() -> dict[str, int]:
    """Rows in the database, under the names of :func:`expected_rows` plus the link tables."""
    tables = {
        "halls": Hall,
        "units": Unit,
        "floors": Floor,
        "areas": Area,
        "zones": Zone,
        "windows": Window,
        "positions": Position,
        "people": Person,
        "work groups": WorkGroup,
        "memberships": Membership,
        "users": User,
        "role assignments": RoleAssignment,
        "zone units": Zone.units.through,
        "zone areas": Zone.areas.through,
        "window staff": Window.staff.through,
        "overseen units": Membership.oversees_units.through,
        "overseen areas": Membership.oversees_areas.through,
    }
    return {name: model._base_manager.count() for name, model in tables.items()}


@dataclass
class Generated:
    """What :func:`generate` made: the halls and the logins to measure pages with."""

    halls: list[Hall]
    zones_per_hall: int
    superuser: object
    logins: dict[str, dict[str, object]] = field(default_factory=dict)  # hall code -> login name -> user
    seconds: float = 0.0

    def user(self, login: str, hall: Hall | None = None):
        """The superuser, or the login ``login`` (a key of HALL_LOGINS) of ``hall`` (default the first)."""
        if login == SUPERUSER:
            return self.superuser
        return self.logins[(hall or self.halls[0]).code][login]


def _bulk(model: type[models.Model], objs: Sequence[models.Model], batch_size: int, *, need_pk: bool = True):
    """bulk_create; on backends that cannot return ids, read them back in insertion order.

    Foreign keys may point to objects saved after they were assigned: bulk_create takes the
    id from the related object then.
    """
    if not objs:
        return objs
    manager = model._base_manager
    if not need_pk or connection.features.can_return_rows_from_bulk_insert:
        manager.bulk_create(objs, batch_size=batch_size)
        return objs
    last = manager.aggregate(m=models.Max("pk"))["m"] or 0
    manager.bulk_create(objs, batch_size=batch_size)
    pks = list(manager.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True))
    if len(pks) != len(objs):
        raise RuntimeError(f"{model.__name__}: expected {len(objs)} new rows, found {len(pks)}")
    for obj, pk in zip(objs, pks, strict=True):
        obj.pk = pk
    return objs


@dataclass
class _HallPlan:
    """The objects of one hall while they are being built."""

    hall: Hall
    units: list[Unit] = field(default_factory=list)
    floors: list[Floor] = field(default_factory=list)
    areas: dict[str, Area] = field(default_factory=dict)
    zones: list[Zone] = field(default_factory=list)
    windows: list[list[Window]] = field(default_factory=list)  # per zone
    leads: list[Person] = field(default_factory=list)  # per zone
    staff: list[list[Person]] = field(default_factory=list)  # per window, in zone order
    management: list[Person] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)


def generate(
    halls: int = 1,
    zones: int = DEFAULT_ZONES,
    *,
    prefix: str = "bench",
    batch_size: int = BATCH_SIZE,
) -> Generated:
    """Write ``halls`` halls of ``zones`` zones each, plus a superuser, in one transaction."""
    if halls < 1 or zones < 1:
        raise ValueError("generate() needs at least one hall and one zone")
    started = time.perf_counter()
    with transaction.atomic():
        result = _generate(halls, zones, prefix, batch_size)
    result.seconds = time.perf_counter() - started
    return result


def _generate(n_halls: int, n_zones: int, prefix: str, batch_size: int) -> Generated:
    code_width = max(3, len(str(n_halls)))
    plans = [
        _HallPlan(
            Hall(
                code=f"{prefix}{n:0{code_width}d}",
                name=f"基准测试市第{n}政务服务大厅",
                short_name=f"基准{n}号大厅",
                organization=f"基准测试市第{n}行政审批局",
                city="基准测试市",
                address=f"人民路{n}号",
                phone=f"0412-5{n:06d}",
                opening_hours="周一至周五 8:30–17:00",
            )
        )
        for n in range(1, n_halls + 1)
    ]
    _bulk(Hall, [p.hall for p in plans], batch_size)

    # Units, floors and areas: reference data of each hall.
    for p in plans:
        for i, name in enumerate(DEPARTMENTS):
            kind = UnitKind.CENTRE if i == 0 else UnitKind.DEPARTMENT
            p.units.append(Unit(hall=p.hall, code=f"U{i + 1:02d}", name=name, kind=kind, order=i + 1))
        for i, (name, parent) in enumerate(STATIONED, start=len(DEPARTMENTS)):
            p.units.append(
                Unit(
                    hall=p.hall,
                    code=f"U{i + 1:02d}",
                    name=name,
                    kind=UnitKind.STATIONED,
                    parent_organization=parent,
                    order=i + 1,
                )
            )
        p.floors = [Floor(hall=p.hall, level=level, name=name) for name, level in FLOORS]
    _bulk(Unit, [u for p in plans for u in p.units], batch_size)
    _bulk(Floor, [f for p in plans for f in p.floors], batch_size)
    for parents_pass in (True, False):
        batch = []
        for p in plans:
            for spec in AREAS:
                if (not spec.parent) != parents_pass:
                    continue
                x, y, w, d = (Decimal(v) for v in spec.rect)
                area = Area(
                    hall=p.hall,
                    floor=p.floors[spec.floor],
                    parent=p.areas[spec.parent] if spec.parent else None,
                    kind=spec.kind,
                    code=spec.code,
                    name=spec.name,
                    plan_x=x,
                    plan_y=y,
                    plan_width=w,
                    plan_depth=d,
                    order=len(p.areas) + 1,
                )
                p.areas[spec.code] = area
                batch.append(area)
        _bulk(Area, batch, batch_size)

    # People: a lead per zone, the staff of every window, the management of the groups.
    window_width = max(3, len(str(n_zones * WINDOWS_PER_ZONE)))
    for p in plans:
        seq = 0

        def person(unit: Unit, title: str, p=p) -> Person:
            nonlocal seq
            seq += 1
            family, given = person_name(seq + p.hall.pk)
            obj = Person(
                hall=p.hall,
                code=f"P{seq:05d}",
                name=family + given,
                unit=unit,
                title=title,
                phone=f"139{p.hall.pk % 1000:03d}{seq:05d}",
            )
            p.people.append(obj)
            return obj

        for i in range(n_zones):
            units = [p.units[(i * WINDOWS_PER_ZONE + j) % UNITS_PER_HALL] for j in range(WINDOWS_PER_ZONE)]
            p.leads.append(person(units[0], "责任区负责人"))
            p.windows.append([])
            for j, unit in enumerate(units):
                p.staff.append([person(unit, "窗口工作人员") for _ in range(STAFF_PER_WINDOW)])
                p.windows[i].append(
                    Window(
                        hall=p.hall,
                        unit=unit,
                        number=f"{i * WINDOWS_PER_ZONE + j + 1:0{window_width}d}",
                        name=f"{unit.name}{j + 1}号",
                        is_model=(i * WINDOWS_PER_ZONE + j) % 10 == 0,
                    )
                )
        centre = p.units[0]
        p.management = [person(centre, "局长"), person(centre, "副局长"), person(centre, "副局长")]
        p.management += [person(p.units[1 + k], "科长") for k in range(LEADERSHIP_MEMBERS)]
        p.management += [person(centre, "督查专员") for _ in range(1 + SUPERVISION_MEMBERS)]

    # Logins, linked to the people they are.
    password = make_password(None)  # unusable: the benchmark logs in with force_login
    superuser = User(
        username=f"{prefix}-{SUPERUSER}", password=password, is_superuser=True, is_staff=True, last_name="超级管理员"
    )
    users, roles, logins = [superuser], [], {}
    for p in plans:
        linked = {"leader": p.management[0], "zone_lead": p.leads[0], "window_staff": p.staff[0][0]}
        logins[p.hall.code] = {}
        for login, role in HALL_LOGINS.items():
            who = linked.get(login)
            user = User(
                username=f"{p.hall.code}-{login}",
                password=password,
                last_name=who.name[:1] if who else p.hall.short_name,
                first_name=who.name[1:] if who else login,
            )
            if who:
                who.user = user
            users.append(user)
            roles.append(RoleAssignment(user=user, hall=p.hall, role=role))
            logins[p.hall.code][login] = user
    _bulk(User, users, batch_size)
    _bulk(Person, [obj for p in plans for obj in p.people], batch_size)
    _bulk(RoleAssignment, roles, batch_size, need_pk=False)

    # Zones, their units and areas, their windows and the window staff.
    zone_width = max(2, len(str(n_zones)))
    for p in plans:
        for i in range(n_zones):
            p.zones.append(
                Zone(
                    hall=p.hall,
                    code=f"Z{i + 1:0{zone_width}d}",
                    name=f"第{i + 1}责任区",
                    lead=p.leads[i],
                    description=f"{p.windows[i][0].number}–{p.windows[i][-1].number}号窗口及周边公共区域。",
                    order=i + 1,
                )
            )
    _bulk(Zone, [z for p in plans for z in p.zones], batch_size)
    zone_units, zone_areas, windows = [], [], []
    for p in plans:
        for i, zone in enumerate(p.zones):
            area = p.areas[WINDOW_AREAS[i % len(WINDOW_AREAS)]]
            for unit_pk in dict.fromkeys(w.unit.pk for w in p.windows[i]):
                zone_units.append(Zone.units.through(zone_id=zone.pk, unit_id=unit_pk))
            zone_areas.append(Zone.areas.through(zone_id=zone.pk, area_id=area.pk))
            if i % EXTRA_ZONE_AREA_EVERY == EXTRA_ZONE_AREA_EVERY - 1:
                zone_areas.append(Zone.areas.through(zone_id=zone.pk, area_id=p.areas[EXTRA_ZONE_AREA].pk))
            for window in p.windows[i]:
                window.zone = zone
                window.area = area
                windows.append(window)
    _bulk(Zone.units.through, zone_units, batch_size, need_pk=False)
    _bulk(Zone.areas.through, zone_areas, batch_size, need_pk=False)
    _bulk(Window, windows, batch_size)
    window_staff = []
    for p in plans:
        for window, staff in zip((w for ws in p.windows for w in ws), p.staff, strict=True):
            window_staff += [Window.staff.through(window_id=window.pk, person_id=s.pk) for s in staff]
    _bulk(Window.staff.through, window_staff, batch_size, need_pk=False)

    # Positions: first those that stand on their own, then the drawers inside the desks.
    outer, inner = [], []
    for p in plans:
        for zone, zone_windows in zip(p.zones, p.windows, strict=True):
            for window in zone_windows:
                desk = None
                for suffix, kind, name, in_desk in WINDOW_POSITIONS:
                    pos = Position(
                        hall=p.hall,
                        zone=zone,
                        window=window,
                        kind=kind,
                        code=f"W{window.number}-{suffix}",
                        name=f"{window.number}号{name}",
                    )
                    if in_desk:
                        pos.parent = desk
                        inner.append(pos)
                    else:
                        desk = desk or pos
                        outer.append(pos)
            for suffix, kind, name in ZONE_POSITIONS:
                outer.append(
                    Position(hall=p.hall, zone=zone, kind=kind, code=f"{zone.code}-{suffix}", name=f"{zone.name}{name}")
                )
    _bulk(Position, outer, batch_size)
    _bulk(Position, inner, batch_size, need_pk=False)

    # The three work groups and their members.
    groups, memberships, oversees_units, oversees_areas = [], [], [], []
    group_text = {
        GroupKind.LEADERSHIP: (
            "领导小组",
            "局长任组长，分管副局长任副组长，各科室负责人为成员",
            "统筹推进现场管理标准化工作。",
        ),
        GroupKind.PROMOTION: (
            "推进小组",
            "分管副局长任组长，各责任区负责人为成员",
            "负责本责任区的定置定位和日常巡查。",
        ),
        GroupKind.SUPERVISION: ("督查小组", "督查专员组成", "定期督查各责任区标准落实情况。"),
    }
    for p in plans:
        by_kind = {}
        for kind in GroupKind.values:
            name, composition, duty = group_text[kind]
            by_kind[kind] = WorkGroup(hall=p.hall, kind=kind, name=name, composition=composition, duty=duty)
            groups.append(by_kind[kind])
        leader, deputy1, deputy2, *rest = p.management
        members, supervisors = rest[:LEADERSHIP_MEMBERS], rest[LEADERSHIP_MEMBERS:]
        seats = [(GroupKind.LEADERSHIP, leader, MemberRole.LEADER)]
        seats += [(GroupKind.LEADERSHIP, deputy, MemberRole.DEPUTY) for deputy in (deputy1, deputy2)]
        seats += [(GroupKind.LEADERSHIP, m, MemberRole.MEMBER) for m in members]
        seats += [(GroupKind.PROMOTION, deputy1, MemberRole.LEADER)]
        seats += [(GroupKind.PROMOTION, lead, MemberRole.MEMBER) for lead in p.leads]
        seats += [(GroupKind.SUPERVISION, supervisors[0], MemberRole.LEADER)]
        seats += [(GroupKind.SUPERVISION, s, MemberRole.MEMBER) for s in supervisors[1:]]
        order: dict[str, int] = {}
        for kind, who, role in seats:
            order[kind] = order.get(kind, 0) + 1
            memberships.append(Membership(group=by_kind[kind], person=who, role=role, order=order[kind]))
    _bulk(WorkGroup, groups, batch_size)
    _bulk(Membership, memberships, batch_size)
    # The deputies of the leadership group oversee the departments and the stationed agencies.
    deputies = [m for m in memberships if m.role == MemberRole.DEPUTY]
    for p, (first, second) in zip(plans, zip(deputies[::2], deputies[1::2], strict=True), strict=True):
        departments, stationed = p.units[1 : len(DEPARTMENTS)], p.units[len(DEPARTMENTS) :]
        oversees_units += [Membership.oversees_units.through(membership_id=first.pk, unit_id=u.pk) for u in departments]
        oversees_units += [Membership.oversees_units.through(membership_id=second.pk, unit_id=u.pk) for u in stationed]
        oversees_areas.append(Membership.oversees_areas.through(membership_id=first.pk, area_id=p.areas["A04"].pk))
    _bulk(Membership.oversees_units.through, oversees_units, batch_size, need_pk=False)
    _bulk(Membership.oversees_areas.through, oversees_areas, batch_size, need_pk=False)

    return Generated(halls=[p.hall for p in plans], zones_per_hall=n_zones, superuser=superuser, logins=logins)
