"""The demo hall (``hallkeeper demo``): the Anshan plan as data, loaded idempotently."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.demo import DEMO_PASSWORD, demo_accounts, demo_counts, load_demo
from hallkeeper.demo.anshan import DEMO_URL
from hallkeeper.org.choices import GroupKind, MemberRole, UnitKind
from hallkeeper.org.models import Membership, Person, Unit, WorkGroup
from hallkeeper.org.selectors import task_breakdown
from hallkeeper.places.choices import WINDOW_SUB_AREAS, AreaKind
from hallkeeper.places.models import Area, Floor, Position, Window, Zone
from hallkeeper.places.selectors import overseers_of_zone, zones_overseen

pytestmark = pytest.mark.django_db

ANNEX_DEPARTMENTS = {
    "现场勘验科", "企业登记科", "安全质量审批科", "交通运输审批科", "农业水利审批科", "医药器械审批科",
    "投资项目审批科", "规划审批科", "建设工程审批科", "环境保护审批科", "社会事务审批科", "卫生计生审批科",
}  # fmt: skip

#: The annex: deputy → (units overseen, areas overseen). "16个派驻窗口" = every stationed agency.
ANNEX_OVERSIGHT = {
    "吕品": ({"现场勘验科"}, set()),
    "高明": ({"企业登记科", "安全质量审批科", "交通运输审批科", "农业水利审批科", "医药器械审批科"}, set()),
    "高向宁": ({"投资项目审批科", "规划审批科", "建设工程审批科", "环境保护审批科"}, set()),
    "于涛": (
        {"社会事务审批科", "卫生计生审批科", "STATIONED"},
        {
            "咨询引导服务区", "自助服务区", "商务服务区", "综合受理区", "综合发证区",
            "帮办代办服务专区（重点建设项目服务专区）", "休息等候区",
        },
    ),
}  # fmt: skip


@pytest.fixture
def hall(demo):
    """The demo hall, shared by the session (loaded once, with its history); this test's changes roll back."""
    return demo


def _snapshot(hall):
    """Every row the demo writes, by natural key, with its links."""
    return {
        "counts": demo_counts(hall),
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "roles": sorted(RoleAssignment.objects.values_list("user__username", "hall__code", "role")),
        "zones": sorted(
            (z.code, z.name, z.lead.code, tuple(sorted(u.code for u in z.units.all())),
             tuple(sorted(a.code for a in z.areas.all())))
            for z in Zone.objects.filter(hall=hall).select_related("lead")
        ),
        "windows": sorted(
            (w.number, w.zone.code, w.unit.code, tuple(sorted(p.code for p in w.staff.all())))
            for w in Window.objects.filter(hall=hall).select_related("zone", "unit")
        ),
        "positions": sorted(Position.objects.filter(hall=hall).values_list("code", "zone__code", "parent__code")),
        "memberships": sorted(
            Membership.objects.filter(group__hall=hall).values_list("group__kind", "person__code", "role", "duty")
        ),
        "people": sorted(Person.objects.filter(hall=hall).values_list("code", "name", "user__username")),
    }  # fmt: skip


def test_loading_twice_leaves_the_same_data(hall):
    before = _snapshot(hall)
    again = load_demo(history=False)
    assert again.pk == hall.pk
    assert _snapshot(again) == before


def test_every_demo_role_assignment_is_in_the_audit_trail(hall):
    """The loader gives roles through the same service as the security administrator: one event each, recorded
    as the installation's (no actor); loading again gives nothing new and records nothing."""
    from django.contrib.contenttypes.models import ContentType

    from hallkeeper.core.models import Event

    kind = ContentType.objects.get_for_model(RoleAssignment)
    assignments = set(RoleAssignment.objects.filter(hall=hall).values_list("pk", flat=True))
    events = Event.objects.filter(content_type=kind, verb="roleassignment.created")
    assert set(events.values_list("object_id", flat=True)) >= assignments
    assert not events.filter(object_id__in=assignments).exclude(actor=None).exists()
    count = events.count()
    load_demo(history=False)
    assert events.count() == count


def test_a_changed_password_survives_a_reload(hall):
    user = get_user_model().objects.get(username="zonelead")
    assert user.check_password(DEMO_PASSWORD)
    user.set_password("changed-by-the-user-1")
    user.save()
    load_demo()
    user.refresh_from_db()
    assert user.check_password("changed-by-the-user-1")


def test_the_hall_and_its_units(hall):
    assert (hall.code, hall.organization) == ("anshan", "鞍山市行政审批局")
    units = Unit.objects.filter(hall=hall)
    departments = set(units.filter(kind=UnitKind.DEPARTMENT).values_list("name", flat=True))
    assert departments == ANNEX_DEPARTMENTS | {"督查考核科"}
    assert units.filter(kind=UnitKind.STATIONED).count() == 16
    assert list(units.filter(kind=UnitKind.CENTRE).values_list("name", flat=True)) == ["政务服务中心"]
    # The four services the plan says to bring in are not among the 16 stationed windows: not in the hall yet,
    # they are named by the partner area kept for them.
    bringing_in = {"鞍山银行", "司法服务", "大学生创业", "就业服务"}
    stationed = set(units.filter(kind=UnitKind.STATIONED).values_list("short_name", flat=True))
    assert not bringing_in & stationed
    assert not Unit.objects.filter(hall=hall, name__in=bringing_in).exists()
    partner = Area.objects.get(hall=hall, kind=AreaKind.PARTNER)
    assert all(name in partner.description for name in bringing_in) and not partner.windows.exists()


def test_seventeen_zones_each_with_a_lead_who_can_log_in(hall):
    zones = Zone.objects.filter(hall=hall).select_related("lead__user")
    assert [z.code for z in zones] == [f"Z{i:02d}" for i in range(1, 18)]
    for zone in zones:
        assert zone.lead is not None and zone.lead.user is not None, zone
        assert RoleAssignment.objects.filter(user=zone.lead.user, hall=hall, role=Role.ZONE_LEAD).exists()
        assert zone.description
        assert zone.units.exists() and zone.areas.exists()
        # The lead's own scope is exactly their zone.
        assert list(Zone.objects.visible_to(zone.lead.user)) == [zone]
    assert zones.get(code="Z01").lead.user.username == "zonelead"
    assert {z.lead.user.username for z in zones if z.code != "Z01"} == {f"lead{i:02d}" for i in range(2, 18)}


def test_each_department_has_its_own_zone(hall):
    for zone in Zone.objects.filter(hall=hall, code__lte="Z12"):
        (unit,) = zone.units.all()
        assert unit.kind == UnitKind.DEPARTMENT and unit.name in ANNEX_DEPARTMENTS
        assert zone.name == f"{unit.name}责任区"
        windows = zone.windows.all()
        assert 1 <= len(windows) <= 3
        assert all(w.unit == unit and w.area.kind == AreaKind.COACHING for w in windows)


def test_windows_stations_and_staff(hall):
    windows = Window.objects.filter(hall=hall).select_related("unit", "zone", "area")
    stationed = [w for w in windows if w.is_stationed]
    assert len(stationed) == 16
    assert len({w.unit_id for w in stationed}) == 16
    # 大厅按部门划分为17个责任区: the stationed windows by the department that sends them, the centre's own zone
    assert {w.zone.code for w in stationed} == {"Z13", "Z14", "Z15", "Z16"}
    for zone in Zone.objects.filter(hall=hall, code__in=["Z13", "Z14", "Z15", "Z16"]):
        assert {u.kind for u in zone.units.all()} == {UnitKind.STATIONED}
        assert zone.lead.unit in zone.units.all() and zone.lead.title == "派驻窗口负责人"
    centre = Zone.objects.get(hall=hall, code="Z17")
    assert [u.kind for u in centre.units.all()] == [UnitKind.CENTRE]
    assert {w.zone.code for w in windows if w.unit.kind == UnitKind.CENTRE} == {"Z17"}
    for window in windows:
        assert 1 <= window.staff.count() <= 2, window
        assert window.zone.units.filter(pk=window.unit_id).exists(), window
        assert window.zone.areas.filter(pk__in=[window.area_id, window.area.parent_id]).exists(), window
        window.full_clean()
    model = [w for w in windows if w.is_model]
    assert 1 <= len(model) <= 2
    assert all(w.unit.kind == UnitKind.CENTRE for w in model)
    kinds = {w.area.kind for w in windows}
    assert {AreaKind.COACHING, AreaKind.INTAKE, AreaKind.ISSUING, AreaKind.ASSISTED} <= kinds


def test_positions_of_windows_and_zones(hall):
    for window in Window.objects.filter(hall=hall):
        desk = Position.objects.get(hall=hall, code=f"{window.number}-ZM")
        assert (desk.kind, desk.window, desk.zone_id) == ("desk", window, window.zone_id)
        drawers = desk.children.all()
        assert drawers and all(d.kind == "drawer" and d.window == window for d in drawers)
        assert Position.objects.filter(window=window, kind="counter").exists()
    for zone in Zone.objects.filter(hall=hall):
        cabinet = Position.objects.get(hall=hall, code=f"{zone.code}-WJG", kind="cabinet")
        assert cabinet.children.filter(kind="file_box").exists()
        assert Position.objects.filter(zone=zone, kind="locker").exists()
    for position in Position.objects.filter(hall=hall).select_related("zone", "window", "parent"):
        position.full_clean()
        if position.parent:
            assert position.parent.zone_id == position.zone_id


def test_area_rectangles_fit_their_floor_and_do_not_overlap(hall):
    areas = list(Area.objects.filter(hall=hall).select_related("floor", "parent"))
    kinds = {a.kind for a in areas}
    assert kinds == set(AreaKind.values) - {AreaKind.OTHER}
    for area in areas:
        area.full_clean()
        assert area.has_plan
        assert area.plan_x + area.plan_width <= area.floor.width
        assert area.plan_y + area.plan_depth <= area.floor.depth
        if area.kind in WINDOW_SUB_AREAS:
            parent = area.parent
            assert parent is not None and parent.kind == AreaKind.WINDOW_SERVICE
            assert area.floor_id == parent.floor_id
            assert parent.plan_x <= area.plan_x and area.plan_x + area.plan_width <= parent.plan_x + parent.plan_width
            assert parent.plan_y <= area.plan_y and area.plan_y + area.plan_depth <= parent.plan_y + parent.plan_depth
        else:
            assert area.parent is None

    def overlap(a, b):
        return (
            a.plan_x < b.plan_x + b.plan_width
            and b.plan_x < a.plan_x + a.plan_width
            and a.plan_y < b.plan_y + b.plan_depth
            and b.plan_y < a.plan_y + a.plan_depth
        )

    for i, a in enumerate(areas):
        for b in areas[i + 1 :]:
            if a.floor_id == b.floor_id and a.parent_id == b.parent_id:
                assert not overlap(a, b), (a.name, b.name)
    assert Floor.objects.filter(hall=hall).count() == 2


def _inside(x, y, width, depth, box) -> bool:
    bx, by, bwidth, bdepth = box
    return bx <= x and x + width <= bx + bwidth and by <= y and y + depth <= by + bdepth


def test_every_window_lies_in_its_zones_rectangle_and_zones_do_not_overlap(hall):
    """A window's desk lies in its zone's rectangle; the service centre's zone Z17, drawn over the front row of
    areas it runs, also runs windows in areas of their own (intake, issuing, assisted), which a single rectangle
    cannot hold without covering the stationed zones: those lie in their own area, apart from every zone."""
    zones = list(Zone.objects.filter(hall=hall))
    assert all(zone.has_plan for zone in zones)
    rect = {zone.pk: (zone.plan_x, zone.plan_y, zone.plan_width, zone.plan_depth) for zone in zones}
    placed = Window.objects.filter(hall=hall, plan_x__isnull=False).select_related("zone", "area")
    assert placed.count() == Window.objects.filter(hall=hall).count()
    outside = set()
    for window in placed:
        zone = window.zone
        desk = (window.plan_x, window.plan_y, window.plan_width, window.plan_depth)
        assert window.plan_floor == zone.plan_floor, window.number
        if not _inside(*desk, rect[zone.pk]):
            area = window.area
            assert _inside(*desk, (area.plan_x, area.plan_y, area.plan_width, area.plan_depth)), window.number
            assert not any(_inside(*desk, box) for box in rect.values()), window.number
            outside.add(zone.code)
    assert outside <= {"Z17"}, outside
    for i, a in enumerate(zones):
        for b in zones[i + 1 :]:
            apart = (
                a.plan_x + a.plan_width <= b.plan_x
                or b.plan_x + b.plan_width <= a.plan_x
                or a.plan_y + a.plan_depth <= b.plan_y
                or b.plan_y + b.plan_depth <= a.plan_y
            )
            assert a.plan_floor_id != b.plan_floor_id or apart, (a.code, b.code)


def test_the_groups_carry_the_plans_names(hall):
    names = dict(WorkGroup.objects.filter(hall=hall).values_list("kind", "name"))
    assert names == {
        GroupKind.LEADERSHIP: "加强现场管理标准化建设工作领导小组",
        GroupKind.PROMOTION: "推进小组",
        GroupKind.SUPERVISION: "督查考核组",
    }


def test_the_handbook_carries_the_plans_title(hall):
    from hallkeeper.standards.models import Handbook

    assert Handbook.objects.get(hall=hall).title == "鞍山市审批局政务服务大厅现场管理标准化手册"


def test_the_leadership_group_is_the_annex(hall):
    group = WorkGroup.objects.get(hall=hall, kind=GroupKind.LEADERSHIP)
    memberships = list(group.memberships.select_related("person").order_by("order"))
    (leader,) = [m for m in memberships if m.role == MemberRole.LEADER]
    assert leader.person.name == "边长青"
    assert leader.duty == "负责现场管理工作的全面组织领导、宣传发动和整体工作推进。"
    deputies = [m for m in memberships if m.role == MemberRole.DEPUTY]
    assert [m.person.name for m in deputies] == ["吕品", "高明", "高向宁", "于涛"]
    for m in deputies:
        units, areas = ANNEX_OVERSIGHT[m.person.name]
        overseen_units = set()
        for unit in m.oversees_units.all():
            overseen_units.add("STATIONED" if unit.kind == UnitKind.STATIONED else unit.name)
        assert overseen_units == units, m.person.name
        assert {a.name for a in m.oversees_areas.all()} == areas, m.person.name
        assert not m.oversees_zones.exists()
        assert m.duty.endswith("推进工作。")
    yu_tao = deputies[3]
    assert yu_tao.oversees_units.filter(kind=UnitKind.STATIONED).count() == 16
    assert "示范窗口设计" in yu_tao.duty and "《现场管理手册》编写" in yu_tao.duty


def test_the_deputies_oversee_every_zone_exactly_once(hall):
    deputies = Membership.objects.filter(group__hall=hall, role=MemberRole.DEPUTY).select_related("group")
    overseen = [z.code for m in deputies for z in zones_overseen(m)]
    assert sorted(overseen) == [f"Z{i:02d}" for i in range(1, 18)]
    by_name = {m.person.name: sorted(z.code for z in zones_overseen(m)) for m in deputies}
    assert by_name["吕品"] == ["Z01"]
    assert by_name["高明"] == ["Z02", "Z03", "Z04", "Z05", "Z06"]
    assert by_name["高向宁"] == ["Z07", "Z08", "Z09", "Z10"]
    assert by_name["于涛"] == ["Z11", "Z12", "Z13", "Z14", "Z15", "Z16", "Z17"]


def test_promotion_and_supervision_groups(hall):
    promotion = WorkGroup.objects.get(hall=hall, kind=GroupKind.PROMOTION)
    assert promotion.composition == "由各科室、派驻窗口负责人组成"
    assert promotion.duty == "完成各责任区的工作任务，汇总收集各责任片区的意见和建议。"
    members = promotion.memberships.select_related("person__unit")
    assert {m.role for m in members} == {MemberRole.MEMBER}
    # 由各科室、派驻窗口负责人组成: every zone's lead, and the head of every stationed window
    assert {m.person_id for m in members} >= set(Zone.objects.filter(hall=hall).values_list("lead", flat=True))
    heads = {m.person.unit_id for m in members if m.person.unit.kind == UnitKind.STATIONED}
    assert heads == set(Unit.objects.filter(hall=hall, kind=UnitKind.STATIONED).values_list("pk", flat=True))
    assert members.count() == 12 + 16 + 1

    supervision = WorkGroup.objects.get(hall=hall, kind=GroupKind.SUPERVISION)
    assert supervision.composition == "由督查考核科人员组成"
    assert supervision.duty == "负责工作推进、检查评价、督促整改，巩固精细化管理成果。"
    members = supervision.memberships.select_related("person__unit")
    assert [m.role for m in members].count(MemberRole.LEADER) == 1
    assert 3 <= [m.role for m in members].count(MemberRole.MEMBER) <= 4
    assert {m.person.unit.name for m in members} == {"督查考核科"}
    for m in members:  # every member has a login of the supervision group
        assert RoleAssignment.objects.filter(user=m.person.user, hall=hall, role=Role.SUPERVISION).exists()


def test_every_leader_has_a_login_and_every_zone_an_overseer_who_can_log_in(hall):
    leadership = WorkGroup.objects.get(hall=hall, kind=GroupKind.LEADERSHIP)
    for m in leadership.memberships.select_related("person__user"):
        assert m.person.user is not None, m.person.name
        assert RoleAssignment.objects.filter(user=m.person.user, hall=hall, role=Role.LEADERSHIP).exists()
    for zone in Zone.objects.filter(hall=hall):
        assert any(m.person.user_id for m in overseers_of_zone(zone) if m.role == MemberRole.DEPUTY), zone.code


def test_task_breakdown_reads_like_the_annex(hall):
    admin = get_user_model().objects.get(username="admin")
    groups = task_breakdown(admin, hall)
    assert [g.group.kind for g in groups] == [GroupKind.LEADERSHIP, GroupKind.PROMOTION, GroupKind.SUPERVISION]
    leadership = groups[0]
    assert [p.name for p in leadership.rows[0].members] == ["边长青"]
    assert [r.members[0].name for r in leadership.rows[1:]] == ["吕品", "高明", "高向宁", "于涛"]
    (promotion_row,) = groups[1].rows
    assert len(promotion_row.members) == 12 + 16 + 1
    assert promotion_row.duty == "完成各责任区的工作任务，汇总收集各责任片区的意见和建议。"


EXPECTED_ACCOUNTS = {
    "admin": Role.ADMIN,
    "leader": Role.LEADERSHIP,
    "deputy": Role.LEADERSHIP,
    "inspector": Role.SUPERVISION,
    "zonelead": Role.ZONE_LEAD,
    "staff": Role.WINDOW_STAFF,
    "viewer": Role.VIEWER,
}


def test_a_demo_account_for_every_role(hall):
    User = get_user_model()
    for username, role in EXPECTED_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD)
        assert list(RoleAssignment.objects.filter(user=user, hall=hall).values_list("role", flat=True)) == [role]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert not User.objects.filter(is_superuser=True).exclude(username="admin").exists()
    assert User.objects.get(username="leader").people.get().name == "边长青"
    assert User.objects.get(username="deputy").people.get().name == "于涛"
    inspector = User.objects.get(username="inspector").people.get()
    assert inspector.unit.name == "督查考核科"
    assert inspector.memberships.get().group.kind == GroupKind.SUPERVISION
    zone_lead = User.objects.get(username="zonelead")
    assert [z.code for z in Zone.objects.visible_to(zone_lead)] == ["Z01"]
    staff = User.objects.get(username="staff")
    (window,) = Window.objects.visible_to(staff)
    assert window.zone.code == "Z01"
    assert not Zone.objects.visible_to(staff).exists()
    viewer = User.objects.get(username="viewer")
    assert Zone.objects.visible_to(viewer).count() == 17
    assert not Zone.objects.visible_to(viewer, "change").exists()


def test_every_window_has_a_staff_login(hall):
    for window in Window.objects.filter(hall=hall):
        logins = [p.user for p in window.staff.all() if p.user]
        assert logins, window
        for user in logins:
            assert RoleAssignment.objects.filter(user=user, hall=hall, role=Role.WINDOW_STAFF).exists()
            assert window in Window.objects.visible_to(user)


def test_demo_accounts_describe_the_stored_logins(hall):
    rows = {r.username: r for r in demo_accounts(hall)}
    assert set(EXPECTED_ACCOUNTS) <= set(rows)
    for username, role in EXPECTED_ACCOUNTS.items():
        assert rows[username].role == role
    assert rows["zonelead"].scope.startswith("Z01 现场勘验科责任区")
    assert "Z11、Z12、Z13、Z14、Z15、Z16、Z17" in rows["deputy"].scope
    assert rows["leader"].person.startswith("边长青")


def test_the_command_loads_and_prints_the_accounts(hall):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert Zone.objects.filter(hall__code="anshan").count() == 17
    for username in EXPECTED_ACCOUNTS:
        assert f"  {username} " in text
    assert DEMO_PASSWORD in text
    assert text.rstrip().endswith(DEMO_URL)

    call_command("demo", stdout=StringIO(), verbosity=2)  # again, listing every login
    assert Zone.objects.filter(hall__code="anshan").count() == 17
