"""visible_to: the one chokepoint for who sees and changes what."""

import pytest

from hallkeeper.accounts.choices import Role
from hallkeeper.halls.models import Hall
from hallkeeper.org.models import Unit
from hallkeeper.places.models import Area, Position, Window, Zone

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _codes(qs):
    return sorted(str(o.pk) for o in qs)


def test_hall_wide_roles_see_every_zone_of_their_hall_only(alpha, beta):
    for role in (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER):
        user = alpha.users[role]
        assert set(Zone.objects.visible_to(user)) == set(alpha.zones)
        assert set(Window.objects.visible_to(user)) == set(alpha.windows)
        assert set(Position.objects.visible_to(user)) == set(alpha.positions)
        assert list(Hall.objects.visible_to(user)) == [alpha.hall]


def test_only_admin_changes_structure(alpha):
    assert set(Zone.objects.visible_to(alpha.users[Role.ADMIN], "change")) == set(alpha.zones)
    for role in (Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER):
        user = alpha.users[role]
        assert not Zone.objects.visible_to(user, "change").exists()
        assert not Window.objects.visible_to(user, "change").exists()
        assert not Position.objects.visible_to(user, "change").exists()
        assert not Unit.objects.visible_to(user, "change").exists()
        assert not Area.objects.visible_to(user, "change").exists()


def test_zone_lead_sees_and_changes_only_their_zone(alpha, beta):
    lead = alpha.users["lead1"]
    for action in ("view", "change"):
        assert list(Zone.objects.visible_to(lead, action)) == [alpha.zones[0]]
        assert list(Window.objects.visible_to(lead, action)) == [alpha.windows[0]]
        assert list(Position.objects.visible_to(lead, action)) == [alpha.positions[0]]


def test_window_staff_see_only_their_window(alpha):
    staff = alpha.users["staff2"]
    assert not Zone.objects.visible_to(staff).exists()
    assert list(Window.objects.visible_to(staff)) == [alpha.windows[1]]
    assert list(Window.objects.visible_to(staff, "change")) == [alpha.windows[1]]
    assert list(Position.objects.visible_to(staff)) == [alpha.positions[1]]


def test_lead_of_a_zone_without_the_role_gets_no_scope(alpha):
    # Being named lead is not enough: the zone-lead role must be assigned in that hall.
    alpha.users["lead1"].role_assignments.all().delete()
    user = type(alpha.users["lead1"]).objects.get(pk=alpha.users["lead1"].pk)
    assert not Zone.objects.visible_to(user).exists()


def test_anonymous_and_roleless_users_see_nothing(alpha):
    from django.contrib.auth.models import AnonymousUser

    for user in (AnonymousUser(), UserFactory(username="nobody")):
        assert not Hall.objects.visible_to(user).exists()
        assert not Zone.objects.visible_to(user).exists()
        assert not Unit.objects.visible_to(user).exists()


def test_superuser_sees_all_halls(alpha, beta):
    root = UserFactory(username="root", is_superuser=True)
    assert set(Zone.objects.visible_to(root)) == set(alpha.zones + beta.zones)


def test_unknown_action_is_refused(alpha):
    with pytest.raises(ValueError):
        Zone.objects.visible_to(alpha.users[Role.ADMIN], "delete")


def test_visible_rows_are_not_repeated_for_staff_of_many_windows(alpha):
    # A person staffing two windows of one zone must not duplicate rows.
    person = alpha.windows[0].staff.get()
    alpha.windows[1].staff.add(person)
    staff = alpha.users["staff1"]
    assert Window.objects.visible_to(staff).count() == 2
    assert len(_codes(Window.objects.visible_to(staff))) == 2
