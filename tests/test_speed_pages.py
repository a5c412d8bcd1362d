"""The overview and the inspection list run a fixed number of queries, and their rows' links are what
``reverse()`` gives."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from hallkeeper.core.links import hall_object_url

from .inspection_data import submitted
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


def queries_of_second_get(client, url, django_assert_max_num_queries, most: int):
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200
    return response


def test_the_overview_runs_a_fixed_number_of_queries(client, alpha, django_assert_max_num_queries):
    install_tiny_handbook(alpha.hall)
    submitted(alpha)
    client.force_login(alpha.users["leadership"])
    url = reverse("hall_home", kwargs={"hall": alpha.hall.code})
    response = queries_of_second_get(client, url, django_assert_max_num_queries, 21)
    for zone in alpha.zones:
        assert reverse("zone_detail", kwargs={"hall": alpha.hall.code, "pk": zone.pk}) in response.text
    for window in alpha.windows:
        assert reverse("window_detail", kwargs={"hall": alpha.hall.code, "pk": window.pk}) in response.text


def test_the_inspection_list_runs_a_fixed_number_of_queries(client, alpha, django_assert_max_num_queries):
    install_tiny_handbook(alpha.hall)
    inspections = [submitted(alpha), submitted(alpha, zone_index=1)]
    client.force_login(alpha.users["leadership"])
    url = reverse("inspection_list", kwargs={"hall": alpha.hall.code})
    response = queries_of_second_get(client, url, django_assert_max_num_queries, 12)
    for inspection in inspections:
        assert reverse("inspection_detail", kwargs={"hall": alpha.hall.code, "pk": inspection.pk}) in response.text


@pytest.mark.parametrize("pk", [1, 7, 987654321, 12345678901])
def test_a_hall_object_url_is_what_reverse_gives(pk):
    for name in ("area_detail", "zone_detail", "window_detail", "position_detail", "inspection_detail"):
        assert hall_object_url(name, "987654321x", pk) == reverse(name, kwargs={"hall": "987654321x", "pk": pk})
    set_script_prefix("/sub/")
    try:
        assert hall_object_url("zone_detail", "a", pk) == reverse("zone_detail", kwargs={"hall": "a", "pk": pk})
        assert hall_object_url("zone_detail", "a", pk).startswith("/sub/")
    finally:
        set_script_prefix("/")
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert hall_object_url("zone_detail", "a", pk) == reverse("zone_detail", kwargs={"hall": "a", "pk": pk})
