"""The overview's counts agree with counting each list the user sees, for every role of the demo hall."""

import pytest

from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.access import get_access
from hallkeeper.dashboard.selectors import hall_overview
from hallkeeper.org.models import Unit
from hallkeeper.places.models import Area, Position, Window, Zone


def _counted(user, hall):
    zones = Zone.objects.visible_to(user, "view").filter(hall=hall)
    windows = Window.objects.visible_to(user, "view").filter(hall=hall)
    return {
        "areas": Area.objects.visible_to(user, "view").filter(hall=hall).count(),
        "zones": zones.count(),
        "zones_without_lead": zones.filter(lead__isnull=True).count(),
        "windows": windows.count(),
        "stationed_windows": windows.filter(unit__kind="stationed").count(),
        "model_windows": windows.filter(is_model=True).count(),
        "positions": Position.objects.visible_to(user, "view").filter(hall=hall).count(),
        "units": Unit.objects.visible_to(user, "view").filter(hall=hall).count(),
        "people": hall.people.count(),
    }


@pytest.mark.django_db
def test_overview_counts_match_each_role_s_lists(demo, django_assert_max_num_queries):
    users = {a.user for a in RoleAssignment.objects.filter(hall=demo).select_related("user")}
    roles = {a.role for a in RoleAssignment.objects.filter(hall=demo)}
    assert len(roles) >= 3  # leadership, zone leads, window staff... not one role only
    seen = []
    for user in users:
        get_access(user)  # the user's roles, read once per request
        with django_assert_max_num_queries(6):  # one aggregate per list
            overview = hall_overview(user, demo)
        assert vars(overview) == _counted(user, demo), user.username
        seen.append(overview)
    assert any(o.zones for o in seen) and any(not o.zones for o in seen)  # whole hall and none alike
