"""factory_boy factories for every model; build a whole small hall with ``make_hall``."""

from __future__ import annotations

from dataclasses import dataclass, field

import factory
from django.contrib.auth import get_user_model

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.halls.models import Hall
from hallkeeper.org.choices import GroupKind, MemberRole, UnitKind
from hallkeeper.org.models import Membership, Person, Unit, WorkGroup
from hallkeeper.places.choices import AreaKind, PositionKind
from hallkeeper.places.models import Area, Floor, Position, Window, Zone

PASSWORD = "pass-for-tests-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class HallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hall
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"hall{n}")
    name = factory.Sequence(lambda n: f"测试政务服务大厅{n}")
    organization = "测试市行政审批局"


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    hall = factory.SubFactory(HallFactory)
    role = Role.VIEWER


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"U{n:03d}")
    name = factory.Sequence(lambda n: f"审批科{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"P{n:04d}")
    name = factory.Sequence(lambda n: f"员工{n}")
    unit = factory.SubFactory(UnitFactory, hall=factory.SelfAttribute("..hall"))


class FloorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Floor

    hall = factory.SubFactory(HallFactory)
    level = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"{o.level}层")


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    hall = factory.SubFactory(HallFactory)
    floor = factory.SubFactory(FloorFactory, hall=factory.SelfAttribute("..hall"))
    kind = AreaKind.WINDOW_SERVICE
    code = factory.Sequence(lambda n: f"A{n:02d}")
    name = factory.Sequence(lambda n: f"窗口服务区{n}")


class ZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Zone

    hall = factory.SubFactory(HallFactory)
    code = factory.Sequence(lambda n: f"Z{n:02d}")
    name = factory.Sequence(lambda n: f"责任区{n}")


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Window

    hall = factory.SubFactory(HallFactory)
    zone = factory.SubFactory(ZoneFactory, hall=factory.SelfAttribute("..hall"))
    unit = factory.SubFactory(UnitFactory, hall=factory.SelfAttribute("..hall"))
    number = factory.Sequence(lambda n: f"W{n:03d}")
    name = factory.Sequence(lambda n: f"窗口{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    hall = factory.SubFactory(HallFactory)
    zone = factory.SubFactory(ZoneFactory, hall=factory.SelfAttribute("..hall"))
    kind = PositionKind.DESK
    code = factory.Sequence(lambda n: f"POS-{n:04d}")
    name = factory.Sequence(lambda n: f"桌面{n}")


class WorkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkGroup

    hall = factory.SubFactory(HallFactory)
    kind = GroupKind.LEADERSHIP
    name = "领导小组"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkGroupFactory)
    person = factory.SubFactory(PersonFactory, hall=factory.SelfAttribute("..group.hall"))
    role = MemberRole.MEMBER


@dataclass
class SmallHall:
    """Two zones (each with a lead and a window with staff) and a login for every role."""

    hall: Hall
    zones: list[Zone]
    windows: list[Window]
    positions: list[Position]
    area: Area
    users: dict[str, object] = field(default_factory=dict)


def make_hall(code: str = "alpha") -> SmallHall:
    hall = HallFactory(code=code, name=f"{code} 政务服务大厅")
    area = AreaFactory(hall=hall)
    users: dict[str, object] = {}
    for role in (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER):
        user = UserFactory(username=f"{code}-{role}")
        RoleFactory(user=user, hall=hall, role=role)
        users[role] = user
    # The security and audit administrators (等保 三员) work in the admin site as well as on their pages.
    for role in (Role.SECURITY_ADMIN, Role.AUDIT_ADMIN):
        user = UserFactory(username=f"{code}-{role}", is_staff=True)
        RoleFactory(user=user, hall=hall, role=role)
        users[role] = user
    zones, windows, positions = [], [], []
    for i in (1, 2):
        lead_user = UserFactory(username=f"{code}-lead{i}")
        RoleFactory(user=lead_user, hall=hall, role=Role.ZONE_LEAD)
        lead = PersonFactory(hall=hall, user=lead_user, name=f"{code}责任人{i}")
        zone = ZoneFactory(hall=hall, code=f"Z{i:02d}", name=f"{code}责任区{i}", lead=lead)
        zone.areas.add(area)
        staff_user = UserFactory(username=f"{code}-staff{i}")
        RoleFactory(user=staff_user, hall=hall, role=Role.WINDOW_STAFF)
        staff = PersonFactory(hall=hall, user=staff_user, name=f"{code}窗口人员{i}")
        window = WindowFactory(hall=hall, zone=zone, area=area, number=f"{i:02d}")
        window.staff.add(staff)
        positions.append(PositionFactory(hall=hall, zone=zone, window=window, code=f"{code}-D{i}"))
        users[f"lead{i}"] = lead_user
        users[f"staff{i}"] = staff_user
        zones.append(zone)
        windows.append(window)
    return SmallHall(hall=hall, zones=zones, windows=windows, positions=positions, area=area, users=users)
