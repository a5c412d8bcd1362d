"""The phone capture journey: starting, answering, photos, counts, submitting, and serving photos."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal

import pytest
from django.urls import reverse
from PIL import Image

from hallkeeper.inspections import capture, services
from hallkeeper.inspections.choices import InspectionKind, InspectionStatus, ItemResult
from hallkeeper.inspections.models import CheckItem, Finding, Inspection, ItemPhoto, QuantityCount
from hallkeeper.places.choices import AreaKind, PositionKind
from hallkeeper.standards.models import QuantityStandard

from .factories import PASSWORD, AreaFactory, PositionFactory
from .inspection_data import start
from .standards_data import install_tiny_handbook

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def small(alpha, settings, tmp_path):
    """alpha with the tiny handbook; zone 1 also holds a coaching area, a counter and a drawer, so all
    three rules apply there (counter-whitelist, seal-locked, exit-clear)."""
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    coaching = AreaFactory(hall=alpha.hall, kind=AreaKind.COACHING)
    alpha.zones[0].areas.add(coaching)
    alpha.counter = PositionFactory(
        hall=alpha.hall, zone=alpha.zones[0], window=alpha.windows[0], kind=PositionKind.COUNTER, code="alpha-C1"
    )
    alpha.drawer = PositionFactory(
        hall=alpha.hall, zone=alpha.zones[0], window=alpha.windows[0], kind=PositionKind.DRAWER, code="alpha-R1"
    )
    return alpha


def client_for(client, small, key):
    client.login(username=small.users[key].username, password=PASSWORD)
    return client


def u(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


def jpeg(size=(64, 48), colour=(200, 30, 30), gps=False) -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"
        gps_ifd = {1: "N", 2: (31.0, 12.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
        exif[0x8825] = gps_ifd
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def item_of(inspection, key) -> CheckItem:
    return inspection.items.get(rule__key=key)


# -- starting ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "kinds"),
    [
        ("supervision", {"patrol", "special", "acceptance"}),
        ("admin", {"self_check", "patrol", "special", "acceptance"}),
        ("lead1", {"self_check"}),
        ("staff1", {"self_check"}),
    ],
)
def test_start_form_offers_the_kinds_of_the_role(client, small, key, kinds):
    response = client_for(client, small, key).get(u("inspection_start", small))
    assert response.status_code == 200
    assert {value for value, _label in response.context["form"].fields["kind"].choices} == kinds


def test_start_form_is_refused_to_a_viewer(client, small):
    assert client_for(client, small, "viewer").get(u("inspection_start", small)).status_code == 403


def test_zone_lead_sees_only_own_zone_and_starts_a_self_check(client, small):
    c = client_for(client, small, "lead1")
    form = c.get(u("inspection_start", small)).context["form"]
    assert list(form.fields["zone"].queryset) == [small.zones[0]]
    response = c.post(u("inspection_start", small), {"kind": "self_check", "zone": small.zones[0].pk})
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == u("inspection_capture", small, pk=inspection.pk)
    assert inspection.kind == InspectionKind.SELF_CHECK and inspection.inspector == small.users["lead1"]
    assert inspection.item_count == 3


def test_zone_lead_may_not_self_check_another_zone(client, small):
    c = client_for(client, small, "lead1")
    response = c.post(u("inspection_start", small), {"kind": "self_check", "zone": small.zones[1].pk})
    assert response.status_code == 200
    assert response.context["form"].errors["zone"]
    assert not Inspection.objects.exists()
    # Nor a patrol, which is not theirs at all.
    response = c.post(u("inspection_start", small), {"kind": "patrol", "zone": small.zones[0].pk})
    assert not Inspection.objects.exists()


def test_window_staff_choose_only_their_windows(client, small):
    c = client_for(client, small, "staff1")
    form = c.get(u("inspection_start", small), {"kind": "self_check", "zone": small.zones[0].pk}).context["form"]
    assert list(form.fields["windows"].queryset) == [small.windows[0]]
    assert list(form.fields["zone"].queryset) == [small.zones[0]]
    response = c.post(
        u("inspection_start", small),
        {"kind": "self_check", "zone": small.zones[0].pk, "windows": [small.windows[1].pk]},
    )
    assert response.context["form"].errors["windows"]
    assert not Inspection.objects.exists()
    c.post(u("inspection_start", small), {"kind": "self_check", "zone": small.zones[0].pk})
    assert list(Inspection.objects.get().windows.all()) == [small.windows[0]]


def test_htmx_reload_narrows_the_windows_to_the_zone(client, small):
    c = client_for(client, small, "supervision")
    response = c.get(
        u("inspection_start", small), {"kind": "patrol", "zone": small.zones[1].pk}, HTTP_HX_REQUEST="true"
    )
    form = response.context["form"]
    assert list(form.fields["windows"].queryset) == [small.windows[1]]
    assert set(form.fields["positions"].queryset) == {small.positions[1]}


def test_special_check_needs_rules_and_checks_only_those(client, small):
    c = client_for(client, small, "supervision")
    page = c.get(u("inspection_start", small), {"kind": "special"})
    assert b'data-testid="rule-picker"' in page.content
    response = c.post(u("inspection_start", small), {"kind": "special", "zone": small.zones[0].pk})
    assert response.context["form"].errors["rule_keys"]
    c.post(u("inspection_start", small), {"kind": "special", "zone": small.zones[0].pk, "rule_keys": ["exit-clear"]})
    inspection = Inspection.objects.get()
    assert [i.rule.key for i in inspection.items.select_related("rule")] == ["exit-clear"]


def test_start_without_a_published_handbook_says_so(client, alpha):
    response = client_for(client, alpha, "supervision").get(u("inspection_start", alpha))
    assert response.status_code == 200
    assert b'data-testid="no-handbook"' in response.content
    assert reverse("handbook_home", kwargs={"hall": alpha.hall.code}).encode() in response.content


def test_start_prefills_from_query_and_rejects_an_unknown_due(client, small):
    c = client_for(client, small, "supervision")
    form = c.get(u("inspection_start", small), {"kind": "patrol", "zone": small.zones[1].pk}).context["form"]
    assert form.kind == "patrol" and form.zone == small.zones[1]
    assert c.get(u("inspection_start", small), {"due": 999999}).status_code == 404
    assert c.get(u("inspection_start", small), {"due": "x"}).status_code == 404


# -- the capture page --------------------------------------------------------------------------


def test_capture_page_renders_the_checklist_grouped(client, small, django_assert_max_num_queries):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    with django_assert_max_num_queries(40):
        response = c.get(u("inspection_capture", small, pk=inspection.pk))
    assert response.status_code == 200
    parts = response.context["parts"]
    assert [p.part.code for p in parts] == ["1", "2"]
    assert [i.rule.key for i in parts[0].items] == ["counter-whitelist", "seal-locked"]
    html = response.content.decode()
    assert 'capture="environment"' in html and 'accept="image/*"' in html
    assert 'data-testid="item-layout"' in html  # the counter layout beside counter-whitelist
    # The counts: the counter's two standard quantities.
    groups = response.context["count_groups"]
    assert [(g.position.code, [r.standard.item for r in g.rows]) for g in groups] == [
        ("alpha-C1", ["评价器", "暂停服务牌"])
    ]


def test_capture_queries_do_not_grow_with_photos(client, small, django_assert_max_num_queries):
    inspection = start(small)
    user = small.users["supervision"]
    for key in ("counter-whitelist", "seal-locked", "exit-clear"):
        item = item_of(inspection, key)
        services.item_answer(user=user, item=item, result=ItemResult.FAIL)
        for n in range(2):
            services.photo_add(user=user, item=item, file=upload("p.jpg", jpeg(colour=(n * 50, 10, 10))))
    c = client_for(client, small, "supervision")
    with django_assert_max_num_queries(40):
        response = c.get(u("inspection_capture", small, pk=inspection.pk))
    assert response.content.decode().count('data-testid="item-photo"') == 6


def test_capture_of_another_users_draft_is_refused(client, small):
    inspection = start(small)
    for key in ("leadership", "lead1", "admin"):  # they read the draft, so they get the friendly refusal
        client.logout()
        response = client_for(client, small, key).get(u("inspection_capture", small, pk=inspection.pk))
        assert response.status_code == 403
        assert 'data-testid="forbidden-back"' in response.content.decode()
    client.logout()
    outsider = client_for(client, small, "lead2")  # the zone is not theirs: its draft does not exist for them
    assert outsider.get(u("inspection_capture", small, pk=inspection.pk)).status_code == 404


def test_capture_of_a_submitted_inspection_opens_the_report(client, small):
    inspection = start(small)
    services.items_pass_rest(user=inspection.inspector, inspection=inspection)
    services.inspection_submit(user=inspection.inspector, inspection=inspection)
    response = client_for(client, small, "supervision").get(u("inspection_capture", small, pk=inspection.pk))
    assert response.status_code == 302
    assert response["Location"] == u("inspection_detail", small, pk=inspection.pk)


# -- answering ---------------------------------------------------------------------------------


def answer_url(small, inspection, key):
    return u("inspection_item_answer", small, pk=inspection.pk, item=item_of(inspection, key).pk)


def test_fail_without_a_count_counts_one_and_updates_the_provisional_score(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    response = c.post(answer_url(small, inspection, "seal-locked"), {"result": "fail", "note": "印章未锁"}, **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["item"]["result"] == "fail" and body["item"]["occurrences"] == 1
    assert body["item"]["deduction"] == "1"
    progress = body["progress"]
    assert progress.pop("grade_label")  # in the active language
    assert progress == {
        "total": 3,
        "answered": 1,
        "unanswered": 2,
        "failed": 1,
        "deduction": "0.8",  # 1 of the sheet's 120 points (the unanswered items count as passed)
        "score": "99.2",
        "grade": "excellent",
        "grade_colour": "success",
        "veto_failed": False,
    }
    item = item_of(inspection, "seal-locked")
    assert item.note == "印章未锁" and item.occurrences == 1


def test_occurrences_are_capped_and_veto_shows(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    body = c.post(answer_url(small, inspection, "counter-whitelist"), {"result": "fail", "occurrences": "9"}, **JSON)
    assert body.json()["item"]["deduction"] == "2"  # 0.5 × 9 capped at 2
    body = c.post(answer_url(small, inspection, "exit-clear"), {"result": "fail", "occurrences": "1"}, **JSON).json()
    assert body["progress"]["veto_failed"] is True and body["progress"]["score"] == "96.7"  # 4 of 120 points
    assert body["progress"]["grade"] == "unqualified"


@pytest.mark.parametrize("bad", ["-1", "0", "100", "abc", "1.5", "1e3"])
def test_a_bad_count_is_refused_and_changes_nothing(client, small, bad):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(answer_url(small, inspection, "seal-locked"), {"result": "fail", "occurrences": "2", "note": "a"}, **JSON)
    response = c.post(answer_url(small, inspection, "seal-locked"), {"result": "fail", "occurrences": bad}, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and body["error"]
    assert body["item"]["occurrences"] == 2  # the saved state, for the page to show
    item = item_of(inspection, "seal-locked")
    assert (item.result, item.occurrences, item.note) == ("fail", 2, "a")


def test_unknown_result_and_foreign_window_are_refused(client, small, beta):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    assert c.post(answer_url(small, inspection, "exit-clear"), {"result": "maybe"}, **JSON).status_code == 400
    for window in (small.windows[1].pk, beta.windows[0].pk, "x"):
        response = c.post(answer_url(small, inspection, "exit-clear"), {"result": "fail", "window": window}, **JSON)
        assert response.status_code == 400
    assert item_of(inspection, "exit-clear").result == ""


def test_answer_with_window_and_position(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    response = c.post(
        answer_url(small, inspection, "seal-locked"),
        {"result": "fail", "occurrences": "1", "position": small.drawer.pk, "window": ""},
        **JSON,
    )
    assert response.status_code == 200
    item = item_of(inspection, "seal-locked")
    assert item.position == small.drawer and item.window == small.windows[0]  # from the position


def test_answer_without_script_redirects_back_to_the_item(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    item = item_of(inspection, "exit-clear")
    response = c.post(answer_url(small, inspection, "exit-clear"), {"result": "pass"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")


def test_another_user_cannot_answer(client, small):
    inspection = start(small)
    c = client_for(client, small, "admin")
    assert c.post(answer_url(small, inspection, "exit-clear"), {"result": "pass"}, **JSON).status_code == 403
    assert item_of(inspection, "exit-clear").result == ""


def test_answer_endpoints_refuse_get(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    assert c.get(answer_url(small, inspection, "exit-clear")).status_code == 405


# -- photos ------------------------------------------------------------------------------------


def photo_url(small, inspection, key):
    return u("inspection_photo_add", small, pk=inspection.pk, item=item_of(inspection, key).pk)


def test_good_jpeg_is_stored_with_thumbnail_and_without_gps(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    original = jpeg(size=(900, 600), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)  # the test photo does carry GPS
    response = c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("scene.jpg", original)}, **JSON)
    assert response.status_code == 200, response.content
    photo = ItemPhoto.objects.get()
    assert response.json()["photos"][0]["thumb"] == photo.thumbnail_url
    stored = Image.open(photo.image.path)
    assert stored.format == "JPEG" and not stored.getexif().get(0x8825) and not stored.getexif()
    thumb = Image.open(photo.thumbnail.path)
    assert max(thumb.size) <= services.THUMBNAIL_SIDE
    # The same file again (a retry) is stored once.
    c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("scene.jpg", original)}, **JSON)
    assert ItemPhoto.objects.count() == 1


def test_several_photos_at_once(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    files = [upload("a.jpg", jpeg(colour=(1, 2, 3))), upload("b.jpg", jpeg(colour=(3, 2, 1)))]
    response = c.post(photo_url(small, inspection, "exit-clear"), {"photos": files}, **JSON)
    assert response.status_code == 200 and len(response.json()["photos"]) == 2


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG", optimize=True)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "factory", "content_type"),
    [
        ("notes.txt", lambda: b"just some text, not a picture", "text/plain"),
        ("drawing.svg", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml"),
        ("bomb.png", bomb, "image/png"),
        ("big.jpg", lambda: jpeg(size=(400, 400)), "image/jpeg"),
    ],
)
def test_a_refused_photo_keeps_the_draft(client, small, settings, name, factory, content_type):
    settings.HALLKEEPER_IMAGE_MAX_BYTES = 2_000 if name == "big.jpg" else 8 * 1024 * 1024
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(answer_url(small, inspection, "exit-clear"), {"result": "fail", "note": "堵了"}, **JSON)
    c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("ok.jpg", jpeg(size=(20, 20)))}, **JSON)
    response = c.post(
        photo_url(small, inspection, "exit-clear"), {"photos": upload(name, factory(), content_type)}, **JSON
    )
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False and name in body["error"]
    assert len(body["photos"]) == 1  # the earlier photo is kept
    assert ItemPhoto.objects.count() == 1
    item = item_of(inspection, "exit-clear")
    assert (item.result, item.note) == ("fail", "堵了")


def test_no_file_is_a_clear_400(client, small):
    inspection = start(small)
    response = client_for(client, small, "supervision").post(photo_url(small, inspection, "exit-clear"), {}, **JSON)
    assert response.status_code == 400 and response.json()["error"]


def test_photo_delete(client, small, django_capture_on_commit_callbacks):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("a.jpg", jpeg())}, **JSON)
    photo = ItemPhoto.objects.get()
    path = photo.image.path
    url = u("inspection_photo_delete", small, pk=inspection.pk, photo=photo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        assert c.post(url, **JSON).status_code == 200
    assert not ItemPhoto.objects.exists()
    assert not os.path.exists(path)  # the file goes once the deletion is committed


# -- counts ------------------------------------------------------------------------------------


def test_counts_record_clear_and_refuse_non_numbers(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    standard = QuantityStandard.objects.get(version=inspection.version, item="评价器")
    url = u("inspection_count", small, pk=inspection.pk)
    data = {"position": small.counter.pk, "standard": standard.pk}
    body = c.post(url, {**data, "counted": "2"}, **JSON).json()
    assert body["counted"] == 2 and body["matches"] is False and body["quantity"] == 1
    for bad in ("abc", "-1", "1.5", "100000"):
        response = c.post(url, {**data, "counted": bad}, **JSON)
        assert response.status_code == 400 and response.json()["error"]
    assert QuantityCount.objects.get().counted == 2
    assert c.post(url, {**data, "counted": ""}, **JSON).json()["counted"] is None
    assert not QuantityCount.objects.exists()
    # A position of another zone, a standard of another kind, or garbage: refused.
    assert c.post(url, {**data, "position": small.positions[1].pk, "counted": "1"}, **JSON).status_code == 400
    drawer_standard = {"position": small.drawer.pk, "standard": standard.pk, "counted": "1"}
    assert c.post(url, drawer_standard, **JSON).status_code == 400
    assert c.post(url, {"position": "x", "standard": "y", "counted": "1"}, **JSON).status_code == 400


# -- pass rest, submit, discard ------------------------------------------------------------------


def test_submit_with_unanswered_is_refused_listing_them(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(answer_url(small, inspection, "exit-clear"), {"result": "pass"}, **JSON)
    response = c.post(u("inspection_submit", small, pk=inspection.pk), follow=True)
    assert (
        response.redirect_chain[-1][0] == u("inspection_capture", small, pk=inspection.pk) + "?unanswered=1#checklist"
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "1.1.1" in text and "1.1.2" in text and "2.1.1" not in text
    html = response.content.decode()
    assert html.count(" is-missing") == 2
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT and not Finding.objects.exists()


def test_pass_rest_submit_and_submit_again(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(answer_url(small, inspection, "seal-locked"), {"result": "fail", "occurrences": "2"}, **JSON)
    body = c.post(u("inspection_pass_rest", small, pk=inspection.pk), **JSON).json()
    assert body["passed"] == 2 and body["progress"]["answered"] == 3
    response = c.post(u("inspection_submit", small, pk=inspection.pk), {"note": "总体良好"})
    assert response.status_code == 302
    assert response["Location"] == u("inspection_detail", small, pk=inspection.pk)
    inspection.refresh_from_db()
    assert (
        inspection.status == InspectionStatus.SUBMITTED
        and inspection.score == Decimal("98.3")
        and inspection.note == "总体良好"
    )
    assert Finding.objects.count() == 1
    # A double tap or a second tab: refused, no second set of findings, and the report opens.
    again = c.post(u("inspection_submit", small, pk=inspection.pk))
    assert again.status_code == 302 and again["Location"] == u("inspection_detail", small, pk=inspection.pk)
    assert Finding.objects.count() == 1


def test_a_submitted_inspection_cannot_be_edited(client, small):
    inspection = start(small)
    services.items_pass_rest(user=inspection.inspector, inspection=inspection)
    services.inspection_submit(user=inspection.inspector, inspection=inspection)
    c = client_for(client, small, "supervision")
    item = item_of(inspection, "exit-clear")
    response = c.post(answer_url(small, inspection, "exit-clear"), {"result": "fail"}, **JSON)
    assert response.status_code == 400 and response.json()["error"]
    response = c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("a.jpg", jpeg())}, **JSON)
    assert response.status_code == 400
    assert c.post(u("inspection_pass_rest", small, pk=inspection.pk), **JSON).status_code == 400
    assert c.post(u("inspection_discard", small, pk=inspection.pk)).status_code == 302
    item.refresh_from_db()
    assert item.result == ItemResult.PASS and not ItemPhoto.objects.exists()
    assert Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.SUBMITTED).exists()


def test_discard_a_draft(client, small):
    inspection = start(small)
    c = client_for(client, small, "supervision")
    c.post(photo_url(small, inspection, "exit-clear"), {"photos": upload("a.jpg", jpeg())}, **JSON)
    response = c.post(u("inspection_discard", small, pk=inspection.pk))
    assert response.status_code == 302 and response["Location"] == u("inspection_list", small)
    assert not Inspection.objects.exists() and not ItemPhoto.objects.exists()


def test_another_users_draft_cannot_be_submitted_or_discarded(client, small):
    inspection = start(small)
    c = client_for(client, small, "leadership")
    assert c.post(u("inspection_submit", small, pk=inspection.pk)).status_code == 403
    assert c.post(u("inspection_discard", small, pk=inspection.pk)).status_code == 403
    assert Inspection.objects.filter(pk=inspection.pk, status=InspectionStatus.DRAFT).exists()


# -- serving photos ----------------------------------------------------------------------------


@pytest.fixture
def photo(small):
    inspection = start(small)
    services.item_answer(user=inspection.inspector, item=item_of(inspection, "exit-clear"), result=ItemResult.FAIL)
    return services.photo_add(
        user=inspection.inspector, item=item_of(inspection, "exit-clear"), file=upload("a.jpg", jpeg())
    )


@pytest.mark.parametrize(("key", "status"), [("supervision", 200), ("lead1", 200), ("viewer", 200), ("lead2", 404)])
def test_photo_is_served_through_the_access_checks(client, small, photo, key, status):
    c = client_for(client, small, key)
    for name in ("inspection_photo", "inspection_photo_thumb"):
        response = c.get(u(name, small, pk=photo.pk))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "image/jpeg"
            assert response["Cache-Control"].startswith("private")
            data = b"".join(response.streaming_content)
            assert Image.open(io.BytesIO(data)).format == "JPEG"


def test_photo_is_404_from_another_hall(client, small, photo, beta):
    client.login(username=beta.users["admin"].username, password=PASSWORD)
    assert client.get(reverse("inspection_photo", kwargs={"hall": "beta", "pk": photo.pk})).status_code == 404
    assert client.get(u("inspection_photo", small, pk=photo.pk)).status_code == 404


def test_photo_is_not_linked_from_media(client, small, photo):
    inspection = photo.item.inspection
    html = client_for(client, small, "supervision").get(u("inspection_capture", small, pk=inspection.pk)).content
    assert photo.image.name.encode() not in html and photo.thumbnail.name.encode() not in html


# -- the read helpers ----------------------------------------------------------------------------


def test_progress_matches_the_stored_score(small):
    inspection = start(small)
    user = inspection.inspector
    services.item_answer(user=user, item=item_of(inspection, "counter-whitelist"), result="fail", occurrences=3)
    services.item_answer(user=user, item=item_of(inspection, "seal-locked"), result="na")
    provisional = capture.progress(inspection)
    # the sheet without the N/A seal rule is 20 + 30 points: 1.5 of them lost is 3 on the 100-point sheet
    assert (provisional.answered, provisional.total, str(provisional.deduction)) == (2, 3, "3.0")
    services.items_pass_rest(user=user, inspection=inspection)
    submitted = services.inspection_submit(user=user, inspection=inspection)
    final = capture.progress(submitted)
    assert final.score == submitted.score and final.grade == submitted.grade


def test_target_positions_follow_the_chosen_windows(small):
    inspection = start(small, windows=[small.windows[0]])
    codes = [p.code for p in capture.target_positions(inspection)]
    assert codes == sorted(["alpha-D1", "alpha-C1", "alpha-R1"])
    narrowed = start(small, zone_index=0, positions=[small.counter], kind=InspectionKind.ACCEPTANCE)
    assert [p.code for p in capture.target_positions(narrowed)] == ["alpha-C1"]
    assert json.dumps(capture.progress(narrowed).as_dict())
