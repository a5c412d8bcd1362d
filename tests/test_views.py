"""Hall pages: content, filters, exports, forms and bounded query counts."""

from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.places.choices import PositionKind
from hallkeeper.places.models import Position, Zone

from .factories import MembershipFactory, PersonFactory, UnitFactory, WindowFactory, WorkGroupFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def url(name, hall, **kw):
    return reverse(name, kwargs={"hall": hall.hall.code, **kw})


def test_root_redirects_single_hall_user_to_their_hall(client, alpha):
    client.force_login(alpha.users[Role.VIEWER])
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == url("hall_home", alpha)


def test_root_lists_halls_for_multi_hall_user(client, alpha, beta):
    from .factories import RoleFactory

    viewer = alpha.users[Role.VIEWER]
    RoleFactory(user=viewer, hall=beta.hall, role=Role.VIEWER)
    client.force_login(viewer)
    response = client.get("/")
    assert response.status_code == 200
    assert alpha.hall.name in response.content.decode() and beta.hall.name in response.content.decode()


def test_root_for_user_without_role_explains_what_to_do(client, db):
    from .factories import UserFactory

    client.force_login(UserFactory(username="lonely"))
    response = client.get("/")
    assert response.status_code == 200
    assert 'data-testid="empty"' in response.content.decode()


def test_home_shows_zones_leads_and_windows_in_scope(client, alpha):
    client.force_login(alpha.users["lead1"])
    body = client.get(url("hall_home", alpha)).content.decode()
    assert alpha.zones[0].name in body and alpha.zones[0].lead.name in body
    assert alpha.zones[1].name not in body


def test_zone_list_search_and_filters(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    unit = UnitFactory(hall=alpha.hall, name="企业登记科")
    alpha.zones[1].units.add(unit)
    body = client.get(url("zone_list", alpha), {"unit": unit.pk}).content.decode()
    assert alpha.zones[1].name in body and alpha.zones[0].name not in body
    body = client.get(url("zone_list", alpha), {"q": alpha.zones[0].lead.name}).content.decode()
    assert alpha.zones[0].name in body and alpha.zones[1].name not in body


def test_zone_list_paginates(client, alpha):
    for i in range(30):
        ZoneFactory(hall=alpha.hall, code=f"X{i:02d}")
    client.force_login(alpha.users[Role.VIEWER])
    response = client.get(url("zone_list", alpha))
    assert len(response.context["object_list"]) == 25
    assert response.context["paginator"].count == 32
    assert len(client.get(url("zone_list", alpha), {"page": 2}).context["object_list"]) == 7


def test_zone_list_export_is_scoped_xlsx(client, alpha, beta):
    client.force_login(alpha.users["lead1"])
    response = client.get(url("zone_list", alpha), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 2  # header + the lead's own zone
    assert rows[1][0] == alpha.zones[0].code


@pytest.mark.parametrize("name", ["area_list", "window_list", "position_list", "unit_list", "person_list"])
def test_every_list_exports(client, alpha, name):
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(url(name, alpha), {"export": "xlsx"})
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    assert ws.max_row >= 2


def test_window_filter_stationed(client, alpha):
    from hallkeeper.org.choices import UnitKind

    stationed = WindowFactory(
        hall=alpha.hall, zone=alpha.zones[0], unit=UnitFactory(hall=alpha.hall, kind=UnitKind.STATIONED)
    )
    client.force_login(alpha.users[Role.ADMIN])
    listed = list(client.get(url("window_list", alpha), {"stationed": "true"}).context["object_list"])
    assert listed == [stationed]
    assert stationed.is_stationed and not alpha.windows[0].is_stationed


def test_zone_list_query_count_does_not_grow(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    with CaptureQueriesContext(connection) as few:
        client.get(url("zone_list", alpha))
    for i in range(20):
        zone = ZoneFactory(hall=alpha.hall, code=f"Q{i:02d}", lead=PersonFactory(hall=alpha.hall))
        zone.units.add(UnitFactory(hall=alpha.hall))
        WindowFactory(hall=alpha.hall, zone=zone)
    with CaptureQueriesContext(connection) as many:
        client.get(url("zone_list", alpha))
    assert len(many) == len(few)


def test_home_query_count_does_not_grow(client, alpha):
    client.force_login(alpha.users[Role.LEADERSHIP])
    with CaptureQueriesContext(connection) as few:
        client.get(url("hall_home", alpha))
    for i in range(20):
        zone = ZoneFactory(hall=alpha.hall, code=f"Q{i:02d}", lead=PersonFactory(hall=alpha.hall))
        WindowFactory(hall=alpha.hall, zone=zone)
    with CaptureQueriesContext(connection) as many:
        client.get(url("hall_home", alpha))
    assert len(many) == len(few)


def test_zone_lead_adds_position_to_own_zone(client, alpha):
    client.force_login(alpha.users["lead1"])
    response = client.post(
        url("position_create", alpha),
        {"code": "Z01-WJG", "name": "文件柜", "kind": PositionKind.CABINET, "zone": alpha.zones[0].pk},
    )
    assert response.status_code == 302
    assert Position.objects.get(code="Z01-WJG").zone == alpha.zones[0]


def test_zone_lead_cannot_add_position_to_other_zone(client, alpha):
    client.force_login(alpha.users["lead1"])
    response = client.post(
        url("position_create", alpha),
        {"code": "Z02-X", "name": "越权", "kind": PositionKind.CABINET, "zone": alpha.zones[1].pk},
    )
    assert response.status_code == 200  # the form re-renders with an error
    assert "zone" in response.context["form"].errors
    assert not Position.objects.filter(code="Z02-X").exists()


def test_staff_adds_position_only_on_own_window(client, alpha):
    client.force_login(alpha.users["staff1"])
    data = {"code": "W01-CT", "name": "抽屉", "kind": PositionKind.DRAWER, "zone": alpha.zones[0].pk}
    response = client.post(url("position_create", alpha), data)
    assert response.status_code == 200 and not Position.objects.filter(code="W01-CT").exists()
    response = client.post(url("position_create", alpha), data | {"window": alpha.windows[0].pk})
    assert response.status_code == 302 and Position.objects.filter(code="W01-CT").exists()


def test_duplicate_position_code_is_refused_in_chinese(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    existing = alpha.positions[0]
    response = client.post(
        url("position_create", alpha),
        {"code": existing.code, "name": "重复", "kind": PositionKind.DESK, "zone": alpha.zones[0].pk},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Position.objects.filter(code=existing.code).count() == 1


def test_zone_lead_edits_own_zone_notes(client, alpha):
    client.force_login(alpha.users["lead1"])
    zone = alpha.zones[0]
    response = client.post(url("zone_edit", alpha, pk=zone.pk), {"name": zone.name, "description": "含窗口与后台"})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert zone.description == "含窗口与后台"


def test_organization_breakdown_and_export(client, alpha):
    group = WorkGroupFactory(hall=alpha.hall, kind=GroupKind.LEADERSHIP, name="领导小组")
    MembershipFactory(group=group, role=MemberRole.LEADER, duty="负责全面组织领导。", person__name="边长青")
    deputy = MembershipFactory(group=group, role=MemberRole.DEPUTY, person__name="高明")
    deputy.oversees_units.add(UnitFactory(hall=alpha.hall, name="企业登记科"))
    promotion = WorkGroupFactory(
        hall=alpha.hall, kind=GroupKind.PROMOTION, name="推进小组", duty="完成各责任区的工作任务。"
    )
    for zone in alpha.zones:
        MembershipFactory(group=promotion, person=zone.lead)
    client.force_login(alpha.users["staff1"])
    response = client.get(url("organization", alpha))
    groups = response.context["breakdown"]
    assert [g.group.name for g in groups] == ["领导小组", "推进小组"]
    assert groups[0].rows[0].members[0].name == "边长青"
    assert groups[0].rows[1].duty == "负责企业登记科的窗口推进工作。"
    assert len(groups[1].rows) == 1 and len(groups[1].rows[0].members) == 2
    export = client.get(url("organization", alpha), {"export": "xlsx"})
    wb = load_workbook(BytesIO(export.content))
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == "领导小组" and rows[1][2] == "边长青"
    assert len(wb.worksheets) == 3


def test_zone_page_names_its_overseeing_deputy(client, alpha):
    group = WorkGroupFactory(hall=alpha.hall, kind=GroupKind.LEADERSHIP)
    unit = UnitFactory(hall=alpha.hall)
    alpha.zones[0].units.add(unit)
    deputy = MembershipFactory(group=group, role=MemberRole.DEPUTY, person__name="于涛")
    deputy.oversees_units.add(unit)
    client.force_login(alpha.users[Role.SUPERVISION])
    response = client.get(url("zone_detail", alpha, pk=alpha.zones[0].pk))
    assert [m.person.name for m in response.context["overseers"]] == ["于涛"]
    from hallkeeper.places.selectors import zones_overseen

    assert list(zones_overseen(deputy)) == [alpha.zones[0]]


def test_chinese_is_the_default_language(client, alpha):
    client.force_login(alpha.users[Role.VIEWER])
    body = client.get(url("zone_list", alpha)).content.decode()
    assert 'lang="zh-hans"' in body


def test_login_page_and_wrong_password(client, alpha):
    response = client.post(reverse("login"), {"username": "alpha-viewer", "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client.post(reverse("login"), {"username": "alpha-viewer", "password": "pass-for-tests-1"})
    assert response.status_code == 302


def test_zone_codes_are_unique_per_hall_not_globally(alpha, beta):
    assert Zone.objects.filter(code="Z01").count() == 2


def test_export_never_turns_user_text_into_formulas(client, alpha):
    zone = alpha.zones[0]
    zone.description = '=HYPERLINK("http://evil","x")'
    zone.save()
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(url("zone_list", alpha), {"export": "xlsx"})
    ws = load_workbook(BytesIO(response.content)).active
    cell = next(c for c in ws[2] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
