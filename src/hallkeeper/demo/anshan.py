"""The Anshan demo hall as data tables (no database access here).

Source: the Anshan administrative approval bureau's plan 《加强行政审批局政务服务大厅现场管理标准化
实施方案》 and its annex 《现场管理标准化建设工作任务分解表》. What the plan names is taken
verbatim: the 12 departments of the annex, the functional areas of 二、2, the three work
groups by the names of 四、组织领导 (加强现场管理标准化建设工作领导小组, 推进小组, 督查考核组) with the annex's
duties, the leader and the four deputies with what each oversees (分管), the promotion group "由各科室、派驻窗口
负责人组成", and "大厅按部门划分为17个责任区". Everything the plan leaves open is invented and plausible: the
16 stationed agencies, the floor plan, the window numbers, the staff names and the positions.

The four services the plan says to bring in (积极协调鞍山银行、司法服务、大学生创业、就业服务等进驻大厅) are
not among the 16 stationed windows: they are not in the hall yet, so they are neither units nor windows; the
partner area (进驻服务区) is kept for them and its description names them as being brought in
(:data:`BRINGING_IN`).

The 17 zones are split by department (按部门), so that the annex's oversight maps exactly onto zones:

* Z01–Z12: one per department of the annex (its windows in the coaching area, its desks in the back office);
* Z13–Z16: the 16 stationed windows by the department that sends them (公安; 税务、社保、医保、残联;
  不动产、房产交易、公积金; 供电、燃气、供水、供热、邮政), each led by the head of its first agency's window;
* Z17: the service centre (政务服务中心) with every area it runs, the model window among them.

Every member of the leadership group and of the supervision group has a login, so an overdue notice in any
zone reaches the deputy who oversees it as well as the supervision group.

:func:`build` turns the tables into one :class:`DemoData`; the loader writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from hallkeeper.accounts.choices import Role
from hallkeeper.org.choices import GroupKind, MemberRole, UnitKind
from hallkeeper.places.choices import AreaKind, PositionKind

from .names import NamePool

#: The one password of every demo account. Set only when an account is created.
DEMO_PASSWORD = "hallkeeper2026"

#: Where the demo is served by ``make demo``.
DEMO_URL = "http://127.0.0.1:8000/"

HALL = {
    "code": "anshan",
    "name": "鞍山市政务服务中心",
    "short_name": "鞍山市政务大厅",
    "organization": "鞍山市行政审批局",
    "city": "鞍山市",
    "address": "辽宁省鞍山市（演示数据）",
    "phone": "",
    "opening_hours": "周一至周五 8:30—11:30，13:00—17:00（法定节假日除外）",
    "description": (
        "演示数据，依据《加强行政审批局政务服务大厅现场管理标准化实施方案》。工作目标："
        "场所整洁、管理规范、运作有序、服务高效，建成省内一流政务大厅。"
    ),
}


#: The plan's handbook (三、1 一是), the title the demo hall's handbook carries.
HANDBOOK_TITLE = "鞍山市审批局政务服务大厅现场管理标准化手册"


# ---------------------------------------------------------------------------------------
# The campaign's calendar (三、实施步骤)
# ---------------------------------------------------------------------------------------
#: The plan's four phases with their dates, as (name, (month, day) of the first day, (month, day) of the last),
#: in the plan's words: 动员培训阶段（7月1日—7月中旬）, 对照标准实施阶段（7月中旬—7月末）,
#: 评估验收阶段（8月1日—8月15日）, 总结提高阶段（8月15日—8月31日）. "中旬" is taken as the 15th.
PHASES = (
    ("动员培训阶段", (7, 1), (7, 15)),
    ("对照标准实施阶段", (7, 16), (7, 31)),
    ("评估验收阶段", (8, 1), (8, 15)),
    ("总结提高阶段", (8, 15), (8, 31)),
)


def campaign_year(today: date) -> int:
    """The year of the demo's campaign: this year once its last phase is over (from 1 September), else last year."""
    last_month, last_day = PHASES[-1][2]
    return today.year if today > date(today.year, last_month, last_day) else today.year - 1


def campaign_phases(today: date) -> list[tuple[str, date, date]]:
    """The plan's phases in the demo's campaign year: (name, first day, last day)."""
    year = campaign_year(today)
    return [(name, date(year, *first), date(year, *last)) for name, first, last in PHASES]


def phase_start(today: date, index: int) -> date:
    """The first day of phase ``index`` (0: mobilization … 3: summary) of the demo's campaign."""
    return campaign_phases(today)[index][1]


# ---------------------------------------------------------------------------------------
# Specs
# ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    short_name: str = ""
    parent_organization: str = ""


@dataclass(frozen=True)
class FloorSpec:
    level: int
    name: str
    width: Decimal
    depth: Decimal


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    kind: str
    floor: int  # level
    rect: tuple[int, int, int, int]  # x, y, width, depth in metres
    parent: str = ""
    description: str = ""


@dataclass(frozen=True)
class WindowSpec:
    number: str
    name: str
    unit: str
    area: str
    zone: str
    staff: tuple[str, ...] = ()  # person codes
    is_model: bool = False
    plan: tuple[Decimal, Decimal, Decimal, Decimal] | None = None  # x, y, width, depth on its area's floor


@dataclass(frozen=True)
class ZoneSpec:
    code: str
    name: str
    units: tuple[str, ...]
    areas: tuple[str, ...]
    description: str
    lead: str  # person code
    plan: tuple[int, Decimal, Decimal, Decimal, Decimal] | None = None  # floor level, x, y, width, depth


@dataclass(frozen=True)
class PersonSpec:
    code: str
    name: str
    family_name: str
    given_name: str
    unit: str = ""  # unit code, "" for the bureau's leaders
    title: str = ""
    duty: str = ""
    username: str = ""
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class PositionSpec:
    code: str
    name: str
    kind: str
    zone: str
    window: str = ""
    parent: str = ""
    note: str = ""


@dataclass(frozen=True)
class MemberSpec:
    person: str
    role: str
    duty: str = ""
    oversees_units: tuple[str, ...] = ()
    oversees_areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupSpec:
    kind: str
    name: str
    composition: str
    duty: str
    members: tuple[MemberSpec, ...]


@dataclass(frozen=True)
class AccountSpec:
    """A login of the demo: who it is and what it is for."""

    username: str
    role: str
    person: str = ""  # person code; "" for logins that are nobody on the hall's staff
    display_name: str = ""
    is_superuser: bool = False
    is_staff: bool = False  # works in the admin site (the security administrator assigns roles there)


@dataclass
class DemoData:
    units: list[UnitSpec]
    floors: list[FloorSpec]
    areas: list[AreaSpec]
    zones: list[ZoneSpec]
    windows: list[WindowSpec]
    people: list[PersonSpec]
    positions: list[PositionSpec]
    groups: list[GroupSpec]
    accounts: list[AccountSpec] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------
#: The 12 departments of the annex, in the annex's order, with their windows in the coaching
#: area: (code, name, ((window name, staff count), ...)).
DEPARTMENTS = (
    ("XCKY", "现场勘验科", (("现场勘验预约受理", 2), ("勘验结果告知", 1))),
    ("QYDJ", "企业登记科", (("企业设立登记", 2), ("企业变更登记", 2), ("企业注销登记", 1))),
    ("AQZL", "安全质量审批科", (("危险化学品经营许可", 2), ("工业产品生产许可", 1))),
    ("JTYS", "交通运输审批科", (("道路运输经营许可", 2), ("营运车辆与从业资格", 1))),
    ("NYSL", "农业水利审批科", (("农业与水利行政许可", 2),)),
    ("YYQX", "医药器械审批科", (("药品与医疗器械经营许可", 2),)),
    ("TZXM", "投资项目审批科", (("投资项目审批核准备案", 2), ("固定资产投资项目节能审查", 1))),
    ("GHSP", "规划审批科", (("建设用地规划许可", 2), ("建设工程规划许可", 1))),
    ("JSGC", "建设工程审批科", (("建筑工程施工许可", 2), ("竣工验收备案", 1))),
    ("HJBH", "环境保护审批科", (("环境影响评价审批", 2),)),
    ("SHSW", "社会事务审批科", (("民办教育机构审批", 2), ("社会组织登记", 1), ("文化旅游许可", 1))),
    ("WSJS", "卫生计生审批科", (("医疗机构执业许可", 2), ("公共场所卫生许可", 1))),
)

SUPERVISION_UNIT = ("DCKH", "督查考核科")
CENTRE_UNIT = ("ZWFW", "政务服务中心")

#: The 16 stationed windows (16个派驻窗口), one per agency, grouped by the department (部门) that sends them into
#: the four stationed zones Z13–Z16: (zone, zone name, ((code, name, short name, parent organization, window
#: name, staff), ...)). The first agency's window head leads the zone.
STATIONED_ZONES = (
    (
        "Z13",
        "公安派驻窗口责任区",
        (
            ("PZ01", "市公安局出入境管理窗口", "出入境", "鞍山市公安局", "出入境证件办理", 2),
            ("PZ02", "市公安局户政窗口", "户政", "鞍山市公安局", "户籍与居民身份证", 2),
            ("PZ03", "市公安局交警支队车驾管窗口", "车驾管", "鞍山市公安局", "机动车与驾驶证业务", 2),
            ("PZ04", "市公安局治安管理窗口", "治安", "鞍山市公安局", "特种行业与治安许可", 1),
        ),
    ),
    (
        "Z14",
        "税务社保派驻窗口责任区",
        (
            ("PZ05", "市税务局窗口", "税务", "国家税务总局鞍山市税务局", "税务综合业务", 2),
            ("PZ06", "市社会保险事业服务中心窗口", "社保", "鞍山市人力资源和社会保障局", "社会保险业务", 2),
            ("PZ07", "市医疗保障事务服务中心窗口", "医保", "鞍山市医疗保障局", "医疗保障业务", 1),
            ("PZ08", "市残疾人联合会窗口", "残联", "鞍山市残疾人联合会", "残疾人证与助残服务", 1),
        ),
    ),
    (
        "Z15",
        "不动产住房派驻窗口责任区",
        (
            ("PZ09", "市不动产登记中心窗口", "不动产", "鞍山市自然资源局", "不动产登记", 2),
            ("PZ10", "市房产交易管理窗口", "房产交易", "鞍山市住房和城乡建设局", "房产交易与网签备案", 1),
            ("PZ11", "市住房公积金管理中心窗口", "公积金", "鞍山市住房公积金管理中心", "住房公积金业务", 1),
        ),
    ),
    (
        "Z16",
        "公用事业派驻窗口责任区",
        (
            ("PZ12", "供电服务窗口", "供电", "国网鞍山供电公司", "用电报装", 1),
            ("PZ13", "燃气服务窗口", "燃气", "鞍山市燃气公司", "燃气报装", 1),
            ("PZ14", "供水服务窗口", "供水", "鞍山市自来水公司", "用水报装", 1),
            ("PZ15", "供热服务窗口", "供热", "鞍山市热力公司", "供热报装与缴费", 1),
            ("PZ16", "邮政EMS服务窗口", "邮政EMS", "中国邮政集团鞍山市分公司", "证照寄递", 1),
        ),
    ),
)
STATIONED = tuple(agency for _zone, _name, agencies in STATIONED_ZONES for agency in agencies)

#: The services the plan says to bring into the hall (二、2 "积极协调鞍山银行、司法服务、大学生创业、就业服务等
#: 进驻大厅"): not stationed yet, so neither units nor windows; the partner area (进驻服务区) is kept for them, and its
#: description names them as being brought in. (name, the body that would send it.)
BRINGING_IN = (
    ("鞍山银行", "鞍山银行"),
    ("司法服务", "鞍山市司法局"),
    ("大学生创业", "鞍山市人力资源和社会保障局"),
    ("就业服务", "鞍山市人力资源和社会保障局"),
)


def _units() -> list[UnitSpec]:
    units = [UnitSpec(code, name, UnitKind.DEPARTMENT) for code, name, _ in DEPARTMENTS]
    units.append(UnitSpec(*SUPERVISION_UNIT, UnitKind.DEPARTMENT))
    units.append(UnitSpec(*CENTRE_UNIT, UnitKind.CENTRE, parent_organization=HALL["organization"]))
    units += [
        UnitSpec(code, name, UnitKind.STATIONED, short_name=short, parent_organization=parent)
        for code, name, short, parent, _, _ in STATIONED
    ]
    return units


# ---------------------------------------------------------------------------------------
# Floors and areas (plan rectangles in metres; x to the right, y from the entrance inwards)
# ---------------------------------------------------------------------------------------
FLOORS = (
    FloorSpec(1, "1层", Decimal("60"), Decimal("40")),
    FloorSpec(2, "2层", Decimal("60"), Decimal("40")),
)

GUIDANCE, SELF_SERVICE, BUSINESS = "ZXYD", "ZZFW", "SWFW"
WINDOW_SERVICE, COACHING, INTAKE, ISSUING = "CKFW", "ZXFD", "ZHSL", "ZHFZ"
ASSISTED, WAITING, OFFICE, PARTNER, NURSING, READING = "BBDB", "XXDH", "ZHBG", "JZFW", "MYS", "TSS"

#: Areas in the plan's order; a sub-area follows its parent.
AREAS = (
    AreaSpec(
        GUIDANCE,
        "咨询引导服务区",
        AreaKind.GUIDANCE,
        1,
        (0, 0, 12, 10),
        description="入口处咨询引导台、办事指南资料架和取号机。",
    ),
    AreaSpec(
        SELF_SERVICE,
        "自助服务区",
        AreaKind.SELF_SERVICE,
        1,
        (12, 0, 12, 10),
        description="自助查询、申报、打印终端，24小时自助服务。",
    ),
    AreaSpec(
        BUSINESS, "商务服务区", AreaKind.BUSINESS, 1, (24, 0, 10, 10), description="复印、打印、照相等便民商务服务。"
    ),
    AreaSpec(
        WINDOW_SERVICE,
        "窗口服务区",
        AreaKind.WINDOW_SERVICE,
        1,
        (0, 10, 44, 30),
        description="包括咨询辅导区、综合受理区和综合发证区；派驻窗口在其东侧。",
    ),
    AreaSpec(
        COACHING,
        "咨询辅导区",
        AreaKind.COACHING,
        1,
        (0, 22, 44, 18),
        parent=WINDOW_SERVICE,
        description="各审批科室的咨询辅导窗口。",
    ),
    AreaSpec(
        INTAKE,
        "综合受理区",
        AreaKind.INTAKE,
        1,
        (0, 10, 14, 12),
        parent=WINDOW_SERVICE,
        description="“一窗受理”综合受理窗口，含示范窗口。",
    ),
    AreaSpec(
        ISSUING,
        "综合发证区",
        AreaKind.ISSUING,
        1,
        (14, 10, 12, 12),
        parent=WINDOW_SERVICE,
        description="审批结果与证照统一发放。",
    ),
    AreaSpec(
        ASSISTED,
        "帮办代办服务专区（重点建设项目服务专区）",
        AreaKind.ASSISTED,
        1,
        (44, 10, 16, 14),
        description="为重点建设项目和有需要的群众提供帮办代办服务。",
    ),
    AreaSpec(
        WAITING,
        "休息等候区",
        AreaKind.WAITING,
        1,
        (34, 0, 16, 10),
        description="等候座椅、叫号屏、饮水机和便民服务箱。",
    ),
    AreaSpec(
        PARTNER,
        "进驻服务区",
        AreaKind.PARTNER,
        1,
        (44, 24, 16, 16),
        description=(
            "积极协调" + "、".join(name for name, _ in BRINGING_IN) + "等进驻大厅（协调中，尚未进驻，暂无窗口）。"
        ),
    ),
    AreaSpec(NURSING, "母婴室", AreaKind.NURSING, 1, (50, 0, 10, 5), description="人性化服务区域。"),
    AreaSpec(READING, "图书室", AreaKind.READING, 1, (50, 5, 10, 5), description="人性化服务区域。"),
    AreaSpec(
        OFFICE, "综合办公区", AreaKind.OFFICE, 2, (0, 0, 60, 30), description="各科室后台办公桌、文件柜和储物柜。"
    ),
)

#: Each zone's rectangle on the floor plan: (floor level, x, y, width, depth) in metres. Z01–Z12 share the
#: coaching area in two rows of six; the four stationed zones Z13–Z16 sit in the window service area east of
#: issuing, two by two; the service centre's zone Z17 is drawn over the front row of areas it runs (guidance,
#: self-service, business, waiting, nursing, reading); its intake, issuing and assisted windows stand in their
#: own areas, outside that rectangle.
_D = Decimal
ZONE_PLANS = {
    **{
        f"Z{i + 1:02d}": (1, _D(1) + 6 * (i % 6), _D("22.5") + _D("8.75") * (i // 6), _D("5.5"), _D("8.25"))
        for i in range(12)
    },
    "Z13": (1, _D(26), _D(10), _D(9), _D(6)),
    "Z14": (1, _D(35), _D(10), _D(9), _D(6)),
    "Z15": (1, _D(26), _D(16), _D(9), _D(6)),
    "Z16": (1, _D(35), _D(16), _D(9), _D(6)),
    "Z17": (1, _D(0), _D(0), _D(60), _D(10)),
}
#: A window on the plan: a desk of this size (metres), set along the top edge of its zone's rectangle.
WINDOW_SIZE = (_D("1.6"), _D("1"))


def _apart(a, b) -> bool:
    return a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]


def _overlap(a, b):
    """The rectangle two overlapping rectangles share."""
    x, y = max(a[0], b[0]), max(a[1], b[1])
    return (x, y, min(a[0] + a[2], b[0] + b[2]) - x, min(a[1] + a[3], b[1] + b[3]) - y)


def _place_windows(zones: list[ZoneSpec], windows: list[WindowSpec]) -> list[WindowSpec]:
    """Give every window a desk on the plan, in rows two metres apart along the top of a box: its area's
    rectangle when that lies inside its zone's (a zone over several areas) or apart from it (the centre's
    intake, issuing and assisted windows), else its zone's rectangle."""
    zone_rect = {z.code: tuple(z.plan[1:]) for z in zones}
    area_rect = {a.code: tuple(_D(v) for v in a.rect) for a in AREAS}
    placed, seen = [], {}
    for w in windows:
        zone, area = zone_rect[w.zone], area_rect[w.area]
        box = zone if _apart(area, zone) else _overlap(area, zone)
        index = seen[box] = seen.get(box, -1) + 1
        x, y, width, _depth = box
        per_row = max(int((width - 1) / 2), 1)
        plan = (x + _D("0.5") + 2 * (index % per_row), y + _D("0.5") + _D("1.5") * (index // per_row), *WINDOW_SIZE)
        placed.append(replace(w, plan=plan))
    return placed


#: The areas the fourth deputy (于涛) oversees, in the annex's words and order.
YU_TAO_AREAS = (GUIDANCE, SELF_SERVICE, BUSINESS, INTAKE, ISSUING, ASSISTED, WAITING)


# ---------------------------------------------------------------------------------------
# The work groups, as in the annex
# ---------------------------------------------------------------------------------------
LEADER = ("LD01", "边", "长青")
DEPUTIES = (("LD02", "吕", "品"), ("LD03", "高", "明"), ("LD04", "高", "向宁"), ("LD05", "于", "涛"))

LEADERSHIP_DUTY = "负责现场管理工作的全面组织领导、宣传发动和整体工作推进。"
DEPUTY_DUTIES = {
    "LD02": "负责现场勘验科的窗口推进工作。",
    "LD03": "负责企业登记科、安全质量审批科、交通运输审批科、农业水利审批科、医药器械审批科的窗口推进工作。",
    "LD04": "高向宁同志负责投资项目审批科、规划审批科、建设工程审批科、环境保护审批科的窗口推进工作。",
    "LD05": (
        "于涛同志负责方案制定、示范窗口设计、《现场管理手册》编写以及社会事务审批科、卫生计生审批科、"
        "16个派驻窗口、咨询引导服务区、自助服务区、商务服务区、综合受理区、综合发证区、"
        "帮办代办服务专区、休息等候区等区域的工作推进工作。"
    ),
}
STATIONED_CODES = tuple(s[0] for s in STATIONED)
DEPUTY_OVERSIGHT = {  # person code → (unit codes, area codes)
    "LD02": (("XCKY",), ()),
    "LD03": (("QYDJ", "AQZL", "JTYS", "NYSL", "YYQX"), ()),
    "LD04": (("TZXM", "GHSP", "JSGC", "HJBH"), ()),
    "LD05": (("SHSW", "WSJS", *STATIONED_CODES), YU_TAO_AREAS),
}

#: The groups' names as the plan's 四、组织领导 names them (the annex: 领导小组, 推进小组, 督查考核组).
LEADERSHIP_NAME = "加强现场管理标准化建设工作领导小组"
PROMOTION_NAME = "推进小组"
SUPERVISION_NAME = "督查考核组"
#: The annex's duties, word for word.
PROMOTION_DUTY = "完成各责任区的工作任务，汇总收集各责任片区的意见和建议。"
SUPERVISION_DUTY = "负责工作推进、检查评价、督促整改，巩固精细化管理成果。"
SUPERVISION_CHIEF_DUTY = "主持督查考核组工作，组织日常巡查、专项检查和评估验收，签发整改通知。"


# ---------------------------------------------------------------------------------------
# Building the whole plan
# ---------------------------------------------------------------------------------------
def _span(numbers: list[str]) -> str:
    return numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


class _Builder:
    def __init__(self) -> None:
        reserved = {f + g for _, f, g in (LEADER, *DEPUTIES)}
        self.names = NamePool(reserved)
        self.people: list[PersonSpec] = []
        self.accounts: list[AccountSpec] = []
        self._seq: dict[str, int] = {}

    def person(
        self,
        unit: str,
        title: str,
        *,
        duty: str = "",
        username: str = "",
        role: str = "",
        name: tuple[str, str] | None = None,
        code: str = "",
    ) -> PersonSpec:
        if not code:
            self._seq[unit] = self._seq.get(unit, 0) + 1
            code = f"{unit}-{self._seq[unit]:02d}"
        family, given = name or self.names.next()
        spec = PersonSpec(
            code=code,
            name=family + given,
            family_name=family,
            given_name=given,
            unit=unit,
            title=title,
            duty=duty,
            username=username,
            roles=(role,) if role else (),
        )
        self.people.append(spec)
        if username:
            self.accounts.append(AccountSpec(username=username, role=role, person=code))
        return spec


STATIONED_HEAD = "派驻窗口负责人"
STATIONED_HEAD_DUTY = "负责本单位派驻窗口的对标建设和日常管理，参加推进小组。"
CENTRE_ZONE = "政务服务中心责任区"


def _deputy_username(code: str) -> str:
    """于涛 (LD05), who oversees most zones, is ``deputy``; the other deputies are ``deputy02``…``deputy04``."""
    return "deputy" if code == "LD05" else f"deputy{code[2:]}"


def _zone_username(index: int) -> str:
    """Z01's lead is ``zonelead``; the leads of Z02…Z17 are ``lead02``…``lead17``."""
    return "zonelead" if index == 1 else f"lead{index:02d}"


def _staff_username(number: str) -> str:
    """The first staff member of window A01 is ``staff``; of any other window ``staff-<number>``."""
    return "staff" if number == "A01" else f"staff-{number.lower()}"


def build() -> DemoData:
    """The whole demo hall, walked through in the plan's order."""
    b = _Builder()

    # The bureau's leaders (the leadership group), each with a login. No unit: they lead the whole bureau.
    leader = b.person("", "局领导", code=LEADER[0], name=LEADER[1:], username="leader", role=Role.LEADERSHIP)
    deputies = [
        b.person("", "局领导", code=code, name=(family, given), username=_deputy_username(code), role=Role.LEADERSHIP)
        for code, family, given in DEPUTIES
    ]

    # Supervision and assessment section (督查考核组): every member has a login.
    chief = b.person(
        SUPERVISION_UNIT[0], "科长", duty=SUPERVISION_CHIEF_DUTY, username="inspector", role=Role.SUPERVISION
    )
    inspectors = [
        b.person(SUPERVISION_UNIT[0], "督查员", username=f"inspector{i:02d}", role=Role.SUPERVISION)
        for i in range(2, 6)
    ]

    zones: list[ZoneSpec] = []
    windows: list[WindowSpec] = []
    positions: list[PositionSpec] = []
    heads: list[PersonSpec] = []  # the promotion group: the heads of the departments and stationed windows

    def zone_lead(index: int, unit: str, title: str, zone_name: str) -> PersonSpec:
        lead = b.person(
            unit,
            title,
            username=_zone_username(index),
            role=Role.ZONE_LEAD,
            duty=f"{zone_name}责任人：组织本责任区对标建设、日常自查和整改落实，收集意见和建议。",
        )
        heads.append(lead)
        return lead

    def add_windows(zone: str, unit: str, area: str, specs, title: str, prefix: str, start: int):
        """Windows ``prefix{start:02d}``…, each with its staff; returns their numbers."""
        numbers = []
        for i, (name, staff, *model) in enumerate(specs, start=start):
            number = f"{prefix}{i:02d}"
            numbers.append(number)
            people = [b.person(unit, title, username=_staff_username(number), role=Role.WINDOW_STAFF)]
            people += [b.person(unit, title) for _ in range(staff - 1)]
            codes = tuple(p.code for p in people)
            windows.append(WindowSpec(number, name, unit, area, zone, codes, bool(model and model[0])))
        return numbers

    # Z01–Z12: one zone per department.
    next_a = 1
    for index, (unit, dept, specs) in enumerate(DEPARTMENTS, start=1):
        code = f"Z{index:02d}"
        name = f"{dept}责任区"
        lead = zone_lead(index, unit, "科长", name)
        numbers = add_windows(code, unit, COACHING, specs, "科员", "A", next_a)
        next_a += len(specs)
        zones.append(
            ZoneSpec(
                code,
                name,
                (unit,),
                (COACHING, OFFICE),
                f"{dept}在咨询辅导区的窗口 {_span(numbers)}，及其在综合办公区的办公桌、文件柜和储物柜。",
                lead.code,
            )
        )

    # Z13–Z16: the 16 stationed windows by the department that sends them. Each agency has a window head (派驻窗口
    # 负责人, in the promotion group); the head of the zone's first agency leads the zone.
    for code, name, rows in STATIONED_ZONES:
        numbers = []
        for n, (unit, _, _, _, window_name, staff) in enumerate(rows):
            if n == 0:
                zone_lead(int(code[1:]), unit, STATIONED_HEAD, name)
            else:
                heads.append(b.person(unit, STATIONED_HEAD, duty=STATIONED_HEAD_DUTY))
            number = int(unit[2:])
            numbers += add_windows(code, unit, WINDOW_SERVICE, [(window_name, staff)], "派驻工作人员", "B", number)
        agencies = "、".join(r[2] for r in rows)
        zones.append(
            ZoneSpec(
                code,
                name,
                tuple(r[0] for r in rows),
                (WINDOW_SERVICE,),
                f"窗口服务区的派驻窗口 {_span(numbers)}（{agencies}），含各窗口桌面、抽屉和后台文件柜。",
                heads[-len(rows)].code,
            )
        )

    # Z17: the service centre (政务服务中心) and the areas it runs, the model window among them.
    centre = CENTRE_UNIT[0]
    lead = zone_lead(17, centre, "现场管理组组长", CENTRE_ZONE)
    add_windows("Z17", centre, GUIDANCE, [("咨询引导台", 2)], "咨询引导员", "G", 1)
    intake = [
        ("综合受理（示范窗口）", 2, True),
        ("综合受理（企业准营）", 2),
        ("综合受理（投资建设）", 2),
        ("综合受理（社会事务）", 1),
    ]
    intake_nos = add_windows("Z17", centre, INTAKE, intake, "综合受理员", "C", 1)
    issuing = [("综合发证", 2), ("证照领取", 1), ("证照邮寄", 1)]
    issuing_nos = add_windows("Z17", centre, ISSUING, issuing, "发证员", "D", 1)
    assisted_nos = add_windows(
        "Z17", centre, ASSISTED, [("帮办代办", 2), ("重点建设项目服务", 1)], "帮办代办员", "E", 1
    )
    zones.append(
        ZoneSpec(
            "Z17",
            CENTRE_ZONE,
            (centre,),
            (GUIDANCE, SELF_SERVICE, BUSINESS, INTAKE, ISSUING, ASSISTED, WAITING, PARTNER, NURSING, READING),
            "政务服务中心负责的区域：咨询引导台 G01、自助终端和商务设备；综合受理区窗口 "
            f"{_span(intake_nos)}（C01 为示范窗口）、综合发证区窗口 {_span(issuing_nos)} 和待领证照柜；"
            f"帮办代办服务专区窗口 {_span(assisted_nos)}；休息等候区、母婴室、图书室和为拟进驻服务预留的进驻服务区。",
            lead.code,
        )
    )

    zones = sorted((replace(z, plan=ZONE_PLANS[z.code]) for z in zones), key=lambda z: z.code)
    windows = _place_windows(zones, windows)
    positions += _window_positions(windows)
    positions += _zone_positions(zones)

    groups = [
        GroupSpec(
            GroupKind.LEADERSHIP,
            LEADERSHIP_NAME,
            "边长青同志任组长，吕品、高明、高向宁、于涛四名同志任副组长",
            "主要负责现场管理工作的组织领导、宣传发动和整体工作推进。",
            (
                MemberSpec(leader.code, MemberRole.LEADER, LEADERSHIP_DUTY),
                *(
                    MemberSpec(d.code, MemberRole.DEPUTY, DEPUTY_DUTIES[d.code], *DEPUTY_OVERSIGHT[d.code])
                    for d in deputies
                ),
            ),
        ),
        GroupSpec(
            GroupKind.PROMOTION,
            PROMOTION_NAME,
            "由各科室、派驻窗口负责人组成",
            PROMOTION_DUTY,
            tuple(MemberSpec(p.code, MemberRole.MEMBER) for p in heads),
        ),
        GroupSpec(
            GroupKind.SUPERVISION,
            SUPERVISION_NAME,
            "由督查考核科人员组成",
            SUPERVISION_DUTY,
            (
                MemberSpec(chief.code, MemberRole.LEADER, SUPERVISION_CHIEF_DUTY),
                *(MemberSpec(p.code, MemberRole.MEMBER) for p in inspectors),
            ),
        ),
    ]

    accounts = [
        AccountSpec("admin", Role.ADMIN, display_name="系统管理员", is_superuser=True),
        *sorted(b.accounts, key=_account_order),
        AccountSpec("viewer", Role.VIEWER, display_name="上级主管部门（只读）"),
        AccountSpec("security", Role.SECURITY_ADMIN, display_name="安全管理员", is_staff=True),
        AccountSpec("auditor", Role.AUDIT_ADMIN, display_name="审计管理员"),
    ]
    return DemoData(
        units=_units(),
        floors=list(FLOORS),
        areas=list(AREAS),
        zones=zones,
        windows=windows,
        people=b.people,
        positions=positions,
        groups=groups,
        accounts=accounts,
    )


_ACCOUNT_ORDER = [
    "leader",
    "deputy",
    *(_deputy_username(code) for code, _, _ in DEPUTIES[:3]),
    "inspector",
    *(f"inspector{i:02d}" for i in range(2, 6)),
    "zonelead",
    "staff",
]


def _account_order(a: AccountSpec) -> tuple[int, str]:
    if a.username in _ACCOUNT_ORDER:
        return (_ACCOUNT_ORDER.index(a.username), "")
    return (len(_ACCOUNT_ORDER) + (0 if a.role == Role.ZONE_LEAD else 1), a.username)


# ---------------------------------------------------------------------------------------
# Positions (定置点)
# ---------------------------------------------------------------------------------------
DESK_NOTE = "按桌面定置图摆放：显示器、键盘、鼠标居中，评价器和桌牌在右前方，水杯放在指定位置。"


def _window_positions(windows: list[WindowSpec]) -> list[PositionSpec]:
    result = []
    for w in windows:
        desk = f"{w.number}-ZM"
        result += [
            PositionSpec(desk, f"{w.number}窗口桌面", PositionKind.DESK, w.zone, w.number, note=DESK_NOTE),
            PositionSpec(
                f"{w.number}-CT1",
                f"{w.number}第一层抽屉（文具、印章）",
                PositionKind.DRAWER,
                w.zone,
                w.number,
                parent=desk,
                note="文具整理盒分格定位，印章入盒上锁。",
            ),
            PositionSpec(
                f"{w.number}-CT2",
                f"{w.number}第二层抽屉（表单、票据）",
                PositionKind.DRAWER,
                w.zone,
                w.number,
                parent=desk,
                note="隔板分区，空白表单和票据分类存放。",
            ),
            PositionSpec(
                f"{w.number}-TM",
                f"{w.number}窗口台面",
                PositionKind.COUNTER,
                w.zone,
                w.number,
                note="窗口号牌、服务指南、意见簿和笔按定置线摆放。",
            ),
        ]
    return result


FILE_BOXES = ("审批档案", "业务台账", "制度与学习资料")


def _zone_positions(zones: list[ZoneSpec]) -> list[PositionSpec]:
    result = []
    for z in zones:
        short = z.name.removesuffix("责任区")
        cabinet = f"{z.code}-WJG"
        if z.code <= "Z12":
            result.append(
                PositionSpec(f"{z.code}-BGZ", f"{short}后台办公桌", PositionKind.DESK, z.code, note="综合办公区")
            )
        result.append(
            PositionSpec(cabinet, f"{short}文件柜", PositionKind.CABINET, z.code, note="综合办公区；柜门张贴存档表格")
        )
        result += [
            PositionSpec(
                f"{z.code}-WJH{i:02d}",
                f"{short}文件盒{i:02d}（{topic}）",
                PositionKind.FILE_BOX,
                z.code,
                parent=cabinet,
                note="盒脊统一标识：责任区、类别、编号",
            )
            for i, topic in enumerate(FILE_BOXES, start=1)
        ]
        result.append(
            PositionSpec(
                f"{z.code}-CWG",
                f"{short}储物柜",
                PositionKind.LOCKER,
                z.code,
                note="综合办公区；个人物品统一存放，不上窗口台面",
            )
        )
    extras = (
        ("Z17-ZLJ", "办事指南资料架", PositionKind.SHELF, "咨询引导服务区"),
        ("Z17-TDT1", "填单台（咨询引导服务区）", PositionKind.FORM_DESK, "示范填单样表、笔和老花镜"),
        ("Z17-QHJ", "排队取号机", PositionKind.EQUIPMENT, "咨询引导服务区入口"),
        ("Z17-ZZ01", "自助服务终端01", PositionKind.EQUIPMENT, "自助服务区"),
        ("Z17-ZZ02", "自助服务终端02", PositionKind.EQUIPMENT, "自助服务区"),
        ("Z17-ZZ03", "自助打印终端", PositionKind.EQUIPMENT, "自助服务区"),
        ("Z17-FYJ", "复印打印一体机", PositionKind.EQUIPMENT, "商务服务区"),
        ("Z17-ZZG", "待领证照柜", PositionKind.CABINET, "综合发证区；按办件编号顺序存放"),
        ("Z17-TDT2", "填单台（综合受理区）", PositionKind.FORM_DESK, "综合受理区"),
        ("Z17-XMG", "重点建设项目资料柜", PositionKind.CABINET, "帮办代办服务专区"),
        ("Z17-YSJ", "饮水机", PositionKind.EQUIPMENT, "休息等候区"),
        ("Z17-BMX", "便民服务箱", PositionKind.SHELF, "休息等候区：老花镜、雨伞、常用药品"),
        ("Z17-HLT", "母婴护理台", PositionKind.EQUIPMENT, "母婴室"),
        ("Z17-SJ01", "图书架01", PositionKind.SHELF, "图书室"),
        ("Z17-SJ02", "图书架02", PositionKind.SHELF, "图书室"),
    )
    result += [PositionSpec(code, name, kind, code[:3], note=note) for code, name, kind, note in extras]
    return result
