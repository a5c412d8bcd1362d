"""Every stored file goes out through a view that checks who asks: rule pictures, inspection photos and
after-photos (and their thumbnails). No URL serves MEDIA_ROOT itself; behind nginx the view hands the file
over with X-Accel-Redirect."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import Resolver404, resolve, reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.core.uploads import validate_image
from hallkeeper.standards.services import handbook_version_revise, rule_image_add

from . import inspection_matrix as im
from .factories import UserFactory
from .inspection_data import photo_file
from .standards_data import add_rule_picture, install_tiny_handbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = install_tiny_handbook(alpha.hall)
    alpha.rule = version.rules.order_by("pk").first()
    return alpha


def _files(h) -> dict[str, tuple[str, object, object]]:
    """url name → (pk, stored field) for one file of each kind."""
    picture = add_rule_picture(h.rule)
    photo = im.photo(h)
    after = im.response_photo(h)
    return {
        "handbook_picture": (picture.pk, picture.image),
        "inspection_photo": (photo.pk, photo.image),
        "inspection_photo_thumb": (photo.pk, photo.thumbnail),
        "notice_photo": (after.pk, after.image),
        "notice_photo_thumb": (after.pk, after.thumbnail),
    }


def _url(h, name, pk):
    return reverse(name, kwargs={"hall": h.hall.code, "pk": pk})


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_file_kind_is_served_to_the_hall_and_refused_to_others(client, alpha, beta):
    files = _files(alpha)
    client.force_login(alpha.users[Role.ADMIN])
    for name, (pk, field) in files.items():
        response = client.get(_url(alpha, name, pk))
        assert response.status_code == 200, name
        with field.open("rb") as stored:
            assert _body(response) == stored.read(), name
        assert response["Content-Type"].startswith("image/") and response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"].startswith("private")

    client.force_login(beta.users[Role.ADMIN])  # an administrator of another hall
    for name, (pk, _field) in files.items():
        assert client.get(_url(alpha, name, pk)).status_code == 404, name
        assert client.get(_url(beta, name, pk)).status_code == 404, name  # nor under their own hall

    client.logout()
    for name, (pk, _field) in files.items():
        response = client.get(_url(alpha, name, pk))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_nothing_is_served_from_the_media_url(client, alpha):
    picture = add_rule_picture(alpha.rule)
    client.force_login(alpha.users[Role.ADMIN])
    for path in (settings.MEDIA_URL + picture.image.name, settings.MEDIA_URL + im.photo(alpha).image.name):
        with pytest.raises(Resolver404):
            resolve(path)
        assert client.get(path).status_code == 404


def test_with_the_accel_prefix_nginx_sends_the_file(client, alpha, settings):
    settings.HALLKEEPER_MEDIA_ACCEL_PREFIX = "/protected-media/"
    files = _files(alpha)
    client.force_login(alpha.users["lead1"])
    for name, (pk, field) in files.items():
        response = client.get(_url(alpha, name, pk))
        assert response.status_code == 200, name
        assert response["X-Accel-Redirect"] == f"/protected-media/{field.name}", name
        assert _body(response) == b"" and response["Content-Type"].startswith("image/")
    client.force_login(alpha.users["staff2"])  # window staff of zone 2 see nothing of zone 1's inspection
    for name in ("inspection_photo", "notice_photo"):
        response = client.get(_url(alpha, name, files[name][0]))
        assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_a_missing_file_is_a_404_not_an_error(client, alpha, settings):
    picture = add_rule_picture(alpha.rule)
    picture.image.storage.delete(picture.image.name)
    client.force_login(alpha.users[Role.ADMIN])
    assert client.get(_url(alpha, "handbook_picture", picture.pk)).status_code == 404
    settings.HALLKEEPER_MEDIA_ACCEL_PREFIX = "/protected-media/"
    assert client.get(_url(alpha, "handbook_picture", picture.pk)).status_code == 404


def test_pictures_of_a_draft_are_for_the_handbook_editors_only(client, alpha):
    draft = handbook_version_revise(handbook=alpha.hall.handbook, user=alpha.users[Role.ADMIN])
    rule = draft.rules.order_by("pk").first()
    picture = rule_image_add(
        rule=rule, user=alpha.users[Role.ADMIN], kind="reference", image=validate_image(photo_file("blue"))
    )
    url = _url(alpha, "handbook_picture", picture.pk)
    expected = {Role.ADMIN: 200, Role.LEADERSHIP: 200, Role.SUPERVISION: 404, Role.VIEWER: 404, "lead1": 404}
    for key, status in expected.items():
        client.force_login(alpha.users[key])
        assert client.get(url).status_code == status, key


def test_pages_link_rule_pictures_through_the_view(client, alpha):
    picture = add_rule_picture(alpha.rule)
    client.force_login(alpha.users[Role.VIEWER])
    page = client.get(
        reverse("handbook_rule", kwargs={"hall": alpha.hall.code, "number": 1, "key": alpha.rule.key})
    ).content.decode()
    assert _url(alpha, "handbook_picture", picture.pk) in page
    assert settings.MEDIA_URL not in page


def test_the_admin_links_rule_pictures_through_the_view_and_takes_no_upload(client, alpha):
    """The admin lists a rule's pictures with a link through the checked view; pictures are added on the
    handbook editor's pages, where uploads are validated."""
    picture = add_rule_picture(alpha.rule)
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    page = client.get(reverse("admin:standards_rule_change", args=[alpha.rule.pk])).content.decode()
    assert _url(alpha, "handbook_picture", picture.pk) in page
    assert settings.MEDIA_URL not in page
    assert 'type="file"' not in page
