"""Hostile request input: control characters refused with a 400 page, ids, numbers and dates bounded."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.core.input import BoundedDateField, has_control_characters, parse_id, parse_int
from hallkeeper.places.models import Zone

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["a\x00b", "\x1b[31m", "\x07", "x\x7f", "\x0b"])
def test_control_characters_are_found(text):
    assert has_control_characters(text)


@pytest.mark.parametrize("text", ["普通文字", "line\r\nbreak\ttab", "{seq:03d}", ""])
def test_ordinary_text_passes(text):
    assert not has_control_characters(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("12", 12), (" 7 ", 7), ("0", None), ("-3", None), ("1" + "0" * 30, None), ("１２", None), ("²", None),
     ("9223372036854775807", 2**63 - 1), ("9223372036854775808", None), (None, None), ("1e3", None)],
)  # fmt: skip
def test_parse_id(value, expected):
    assert parse_id(value) == expected


def test_parse_int_keeps_the_default_for_anything_out_of_range():
    assert parse_int("-40") == -40
    assert parse_int("1" + "0" * 30, 5) == 5
    assert parse_int("abc", 3) == 3


@pytest.mark.parametrize(
    ("value", "ok"),
    [("2026-03-01", True), ("2000-01-01", True), ("2099-12-31", True), ("1999-12-31", False),
     ("9999-12-31", False), ("0001-01-01", False), ("10000-01-01", False), ("2026-02-30", False)],
)  # fmt: skip
@pytest.mark.usefixtures("english")
def test_bounded_date_field(value, ok):
    field = BoundedDateField(required=False, input_formats=["%Y-%m-%d"])
    if ok:
        assert field.clean(value) == date.fromisoformat(value)
    else:
        with pytest.raises(Exception, match="[Vv]alid date|between 2000-01-01 and 2099-12-31"):
            field.clean(value)


@pytest.mark.usefixtures("english")
def test_nul_in_a_form_field_is_a_400_page_and_changes_nothing(client, alpha):
    zone = alpha.zones[0]
    client.force_login(alpha.users[Role.ADMIN])
    url = reverse("zone_edit", kwargs={"hall": alpha.hall.code, "pk": zone.pk})
    response = client.post(url, {"name": "改名\x00", "description": ""})
    assert response.status_code == 400
    assert "control characters" in response.content.decode()
    assert Zone.objects.get(pk=zone.pk).name == zone.name


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("query", ["?q=%00", "?%00=1", "?page=%1b", "?q=a%7fb"])
def test_control_characters_in_the_query_string_are_a_400_page(client, alpha, query):
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(reverse("zone_list", kwargs={"hall": alpha.hall.code}) + query)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize("value", ["1" + "0" * 30, "-99999999999999999999", "9223372036854775808"])
def test_numbers_beyond_the_database_are_a_400_page(client, alpha, value):
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(reverse("notice_list", kwargs={"hall": alpha.hall.code}), {"page": value})
    assert response.status_code == 400
    assert "number too large" in response.content.decode()
    ok = client.get(reverse("notice_list", kwargs={"hall": alpha.hall.code}), {"page": "9223372036854775807"})
    assert ok.status_code in {200, 404}  # within range: the list answers (a page past the end is not found)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("inspection_coverage", {"week": "9999-12-31"}),
        ("inspection_coverage", {"week": "0001-01-01"}),
        ("notice_zone_stats", {"date_from": "0001-01-01", "date_to": "9999-12-31"}),
        ("notice_zone_stats", {"date_to": "10000-01-01"}),
        ("notice_list", {"date_from": "2026-02-30", "page": "9223372036854775807"}),
        ("inspection_list", {"date_from": "9999-12-31", "page": "-1"}),
        ("finding_list", {"date_to": "0001-01-01"}),
        ("handbook_coverage", {"version": "1" + "0" * 30}),
        ("handbook_diff", {"to": "1" + "0" * 30}),
        ("notice_issue", {"zone": "1" + "0" * 30, "inspection": "²", "findings": ["１", "9" * 25]}),
    ],
)
def test_extreme_dates_and_numbers_in_page_parameters(client, alpha, name, params):
    from .standards_data import install_tiny_handbook

    install_tiny_handbook(alpha.hall)
    client.force_login(alpha.users[Role.ADMIN])
    response = client.get(reverse(name, kwargs={"hall": alpha.hall.code}), params)
    assert response.status_code in {200, 400, 404}


@pytest.mark.parametrize("pk_field", ["zone_history", "window_history"])
def test_history_pages_refuse_extreme_periods_with_a_message(client, alpha, pk_field):
    client.force_login(alpha.users[Role.ADMIN])
    obj = alpha.zones[0] if pk_field == "zone_history" else alpha.windows[0]
    url = reverse(pk_field, kwargs={"hall": alpha.hall.code, "pk": obj.pk})
    response = client.get(url, {"date_from": "0001-01-01", "date_to": "9999-12-31"})
    assert response.status_code == 200
    assert response.context["form"].errors
