"""The model window (示范窗口): designating it, its set-up photos against the handbook, completeness, adopting a
photo as the handbook's picture, and who reaches which page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.core.models import Event
from hallkeeper.showcase import services
from hallkeeper.showcase.models import ModelWindow, SetupPhoto
from hallkeeper.showcase.selectors import setup_sheet
from hallkeeper.standards import services as handbook
from hallkeeper.standards.models import RuleImage

from .factories import make_hall
from .inspection_data import add_service_window
from .standards_data import install_tiny_handbook
from .test_suggestions import png_upload, promote

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small = make_hall("alpha")
    small.v1 = install_tiny_handbook(small.hall)
    small.window, _counter, _drawer = add_service_window(small, 0)
    promote(small, "lead2")
    return small


def designate(world, user=Role.ADMIN):
    return services.model_window_designate(
        user=world.users[user], hall=world.hall, window=world.window, note="按手册布置"
    )


def add_photo(world, record, kind="rule", key="counter-whitelist", user=Role.ADMIN, **kwargs):
    values = {"image": png_upload(), "built_on": timezone.localdate(), "caption": "台面实景"}
    values.update(kwargs)
    return services.setup_photo_add(user=world.users[user], model_window=record, kind=kind, target_key=key, **values)


def test_designate_and_switch(world):
    record = designate(world, user="lead2")  # the promotion group's deputy designs it
    assert record.is_current and Event.objects.filter(verb="model_window.designated").exists()
    other = services.model_window_designate(user=world.users[Role.ADMIN], hall=world.hall, window=world.windows[1])
    record.refresh_from_db()
    assert other.is_current and not record.is_current
    again = designate(world)
    assert again.pk == record.pk and ModelWindow.objects.filter(is_current=True).count() == 1


@pytest.mark.parametrize("user", ["lead1", "staff1", Role.SUPERVISION, Role.VIEWER])
def test_designate_refused(world, user):
    with pytest.raises(PermissionDenied):
        designate(world, user=user)
    assert not ModelWindow.objects.exists()


def test_window_of_another_hall_is_refused(world):
    beta = make_hall("beta")
    with pytest.raises(ValidationError):
        services.model_window_designate(user=world.users[Role.ADMIN], hall=world.hall, window=beta.windows[0])
    assert not ModelWindow.objects.exists()


def test_sheet_shows_completeness(world):
    record = designate(world)
    sheet = setup_sheet(world.users[Role.ADMIN], record)
    assert [r.key for r in sheet.layouts] == ["窗口台面定置图"]
    assert "counter-whitelist" in [r.key for r in sheet.rules] and sheet.done == 0
    add_photo(world, record)
    add_photo(world, record, kind="layout", key="窗口台面定置图", built_by=world.hall.people.first())
    sheet = setup_sheet(world.users[Role.VIEWER], record)
    assert sheet.done == 2 and len(sheet.missing) == sheet.total - 2


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"key": "no-such-rule"}, "target"),
        ({"kind": "layout", "key": "counter-whitelist"}, "target"),
        ({"kind": "shelf"}, "target"),
        ({"built_on": "tomorrow"}, "built_on"),  # read when the test runs, not when it is collected
        ({"built_on": None}, "built_on"),
        ({"image": SimpleUploadedFile("x.png", b"not a picture")}, "image"),
        ({"caption": "长" * 201}, "caption"),
    ],
)
def test_photo_refusals_change_nothing(world, kwargs, field):
    record = designate(world)
    events = Event.objects.count()
    if kwargs.get("built_on") == "tomorrow":
        kwargs = {"built_on": timezone.localdate() + dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        add_photo(world, record, **kwargs)
    assert field in refused.value.error_dict
    assert not SetupPhoto.objects.exists() and Event.objects.count() == events


def test_person_of_another_hall_is_refused(world):
    beta = make_hall("beta")
    with pytest.raises(ValidationError):
        add_photo(world, designate(world), built_by=beta.hall.people.first())
    assert not SetupPhoto.objects.exists()


def test_adopt_into_the_draft_illustrates_the_handbook(world):
    admin = world.users[Role.ADMIN]
    photo = add_photo(world, designate(world))
    with pytest.raises(ValidationError):  # no draft yet
        services.setup_photo_adopt(user=admin, photo=photo)
    draft = handbook.handbook_version_revise(handbook=world.v1.handbook, user=admin)
    with pytest.raises(PermissionDenied):  # the promotion deputy records, the editors illustrate the handbook
        services.setup_photo_adopt(user=world.users["lead2"], photo=photo)
    photo = services.setup_photo_adopt(user=admin, photo=photo)
    picture = photo.adopted_as
    assert picture.rule.version == draft and picture.rule.key == "counter-whitelist" and picture.caption == "台面实景"
    with pytest.raises(ValidationError):  # twice
        services.setup_photo_adopt(user=admin, photo=photo)
    layout_photo = add_photo(world, ModelWindow.objects.get(), kind="layout", key="窗口台面定置图")
    with pytest.raises(ValidationError):
        services.setup_photo_adopt(user=admin, photo=layout_photo)
    assert RuleImage.objects.count() == 1
    services.setup_photo_remove(user=admin, photo=photo)
    assert RuleImage.objects.count() == 1 and Event.objects.filter(verb="model_window.photo_removed").exists()


def url(world, name, **kwargs):
    return reverse(name, kwargs={"hall": world.hall.code, **kwargs})


@pytest.mark.parametrize(
    ("role", "page", "post"),
    [
        (Role.ADMIN, 200, 302),
        (Role.LEADERSHIP, 200, 302),
        ("lead2", 200, 302),
        (Role.SUPERVISION, 200, 403),
        (Role.VIEWER, 200, 403),
        ("lead1", 200, 403),
        ("staff1", 200, 403),
        (Role.SECURITY_ADMIN, 403, 403),
    ],
)
def test_pages_per_role(world, client, role, page, post):
    record = designate(world)
    photo = add_photo(world, record)
    client.force_login(world.users[role])
    response = client.get(url(world, "model_window"))
    assert response.status_code == page
    if page == 200:
        assert "counter-whitelist" in response.content.decode()
        assert client.get(url(world, "setup_photo_thumb", pk=photo.pk)).status_code == 200
    response = client.post(url(world, "model_window_action", action="designate"), {"window": world.window.pk})
    assert response.status_code == post
    response = client.post(url(world, "setup_photo_action", pk=photo.pk, action="remove"))
    assert response.status_code == (302 if post == 302 else 403)


def test_photo_page_post_and_hostile_input(world, client):
    designate(world)
    client.force_login(world.users[Role.ADMIN])
    form = {"target": "rule:counter-whitelist", "built_on": "2026-07-10", "image": png_upload()}
    assert client.post(url(world, "model_window_action", action="photo"), form).status_code == 302
    assert SetupPhoto.objects.count() == 1
    bad = {"target": "rule:counter-whitelist", "built_on": "99999-01-01", "image": png_upload()}
    client.post(url(world, "model_window_action", action="photo"), bad)
    bad = {"target": "rule:<script>", "built_on": "2026-07-10", "image": png_upload()}
    client.post(url(world, "model_window_action", action="photo"), bad)
    assert SetupPhoto.objects.count() == 1
    assert client.post(url(world, "setup_photo_action", pk=99999999999, action="remove")).status_code == 404
    beta = make_hall("beta")
    client.force_login(beta.users[Role.ADMIN])
    photo = SetupPhoto.objects.get()
    assert client.get(reverse("setup_photo_image", kwargs={"hall": "beta", "pk": photo.pk})).status_code == 404
