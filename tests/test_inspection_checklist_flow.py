"""The checklist that flows on a phone: sections with progress, "pass the rest" in place, photos sent
after the connection came back, the rule's reference photo beside the camera, and the stamp on photos."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from hallkeeper.inspections import capture, services, watermark
from hallkeeper.inspections.choices import ItemResult
from hallkeeper.inspections.models import ItemPhoto
from hallkeeper.places.choices import AreaKind, PositionKind

from .factories import PASSWORD, AreaFactory, PositionFactory
from .inspection_data import start
from .standards_data import add_rule_picture, install_tiny_handbook

JSON = {"HTTP_ACCEPT": "application/json"}
GREY = (120, 120, 120)


@pytest.fixture
def small(alpha, settings, tmp_path):
    """alpha with the tiny handbook; all three rules apply in zone 1 (a coaching area, a counter, a drawer)."""
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    alpha.zones[0].areas.add(AreaFactory(hall=alpha.hall, kind=AreaKind.COACHING))
    for kind, code in ((PositionKind.COUNTER, "alpha-C1"), (PositionKind.DRAWER, "alpha-R1")):
        PositionFactory(hall=alpha.hall, zone=alpha.zones[0], window=alpha.windows[0], kind=kind, code=code)
    return alpha


def u(name, small, **kwargs):
    return reverse(name, kwargs={"hall": small.hall.code, **kwargs})


def logged_in(client, small, key="supervision"):
    client.login(username=small.users[key].username, password=PASSWORD)
    return client


def jpeg(size=(400, 300), colour=GREY, gps=False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, colour)
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "TestCam"
        exif[0x8825] = {1: "N", 2: (31.0, 12.0, 0.0), 3: "E", 4: (121.0, 28.0, 0.0)}
        image.save(out, format="JPEG", exif=exif, quality=95)
    else:
        image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def upload(name, data, content_type="image/jpeg"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def item_of(inspection, key):
    return inspection.items.select_related("rule").get(rule__key=key)


def differs(a, b, tolerance=40) -> bool:
    return any(abs(x - y) > tolerance for x, y in zip(a, b, strict=False))


# -- the stamp ------------------------------------------------------------------------------------


def test_stamp_draws_in_the_band_and_leaves_the_rest():
    original = jpeg()
    stamp = watermark.Stamp(when=timezone.now(), place="alpha 大厅 · Z01 综合区 · 3 号窗口", inspector="王督查")
    stamped = Image.open(io.BytesIO(watermark.stamp_photo(original, stamp))).convert("RGB")
    assert stamped.size == (400, 300)
    left, top, right, bottom = watermark.band_box(400, 300)
    assert 0 < top < 300 and bottom == 300
    band = [stamped.getpixel((x, y)) for x in range(0, right, 7) for y in range(top, bottom, 3)]
    assert sum(differs(p, GREY) for p in band) > len(band) * 0.5  # the dark band (and the text on it)
    assert max(sum(p) for p in band) > 600  # white text is drawn on the band
    above = [stamped.getpixel((x, y)) for x in range(0, 400, 13) for y in range(0, top - 4, 13)]
    assert not any(differs(p, GREY, 12) for p in above)


def test_stamp_text_comes_from_the_place_and_changes_the_pixels():
    when = timezone.now()
    one = watermark.stamp_photo(jpeg(), watermark.Stamp(when=when, place="大厅 · Z01 · 1 号窗口", inspector="王"))
    two = watermark.stamp_photo(jpeg(), watermark.Stamp(when=when, place="大厅 · Z02 · 9 号窗口", inspector="王"))
    a, b = (Image.open(io.BytesIO(data)).convert("RGB") for data in (one, two))
    top = watermark.band_box(400, 300)[1]
    assert any(a.getpixel((x, y)) != b.getpixel((x, y)) for x in range(400) for y in range(top, 300))


def test_stamp_without_any_font_still_stamps(settings):
    settings.HALLKEEPER_WATERMARK_FONT = "/nonexistent/font.ttf"
    watermark.font_path.cache_clear()
    try:
        assert watermark.font_path() is None
        stamped = Image.open(io.BytesIO(watermark.stamp_photo(jpeg(), watermark.Stamp(timezone.now(), "大厅", "王"))))
        top = watermark.band_box(400, 300)[1]
        assert differs(stamped.convert("RGB").getpixel((200, top + 5)), GREY)
    finally:
        watermark.font_path.cache_clear()


def test_a_chinese_font_is_found_on_debian():
    watermark.font_path.cache_clear()
    path = watermark.font_path()
    if path is None:
        pytest.skip("no CJK font installed (fonts-noto-cjk)")
    assert Path(path).is_file()


def test_uploaded_photo_is_stamped_with_time_place_and_inspector(client, small):
    inspection = start(small)
    user = inspection.inspector
    user.last_name, user.first_name = "王", "督查"
    user.save()
    window = small.windows[0]
    item = item_of(inspection, "seal-locked")
    services.item_answer(user=user, item=item, result=ItemResult.FAIL, window=window)
    item.refresh_from_db()

    stamp = services.photo_stamp(item=item, inspection=inspection, user=user, when=timezone.now())
    lines = stamp.lines()
    assert (small.hall.short_name or small.hall.name) in lines[1]
    assert str(inspection.zone) in lines[1] and str(window) in lines[1]
    assert lines[2] == "王督查"

    original = jpeg(gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825)
    c = logged_in(client, small)
    response = c.post(
        u("inspection_photo_add", small, pk=inspection.pk, item=item.pk), {"photos": upload("s.jpg", original)}, **JSON
    )
    assert response.status_code == 200, response.content
    photo = ItemPhoto.objects.get()
    stored = Image.open(photo.image.path)
    assert not stored.getexif()  # EXIF (with GPS) is still stripped
    stored = stored.convert("RGB")
    top = watermark.band_box(*stored.size)[1]
    band = [stored.getpixel((x, y)) for x in range(0, stored.size[0], 9) for y in range(top, stored.size[1], 3)]
    assert sum(differs(p, GREY) for p in band) > len(band) * 0.5
    assert not differs(stored.getpixel((10, 10)), GREY, 12)
    # The same photo sent again (a retry) is still recognised and stored once.
    c.post(
        u("inspection_photo_add", small, pk=inspection.pk, item=item.pk), {"photos": upload("s.jpg", original)}, **JSON
    )
    assert ItemPhoto.objects.count() == 1


def test_taken_at_is_the_phones_time_within_the_inspection():
    now = timezone.now()
    started = now - timedelta(hours=1)
    earlier = now - timedelta(minutes=20)
    assert services.parse_taken_at(earlier.isoformat(), started_at=started, now=now) == earlier
    assert services.parse_taken_at(earlier.isoformat().replace("+00:00", "Z"), started_at=started, now=now) == earlier
    for bad in (
        "",
        None,
        "yesterday",
        "2020-01-01T00:00:00+00:00",
        (now + timedelta(days=1)).isoformat(),
        "2026-01-01T10:00:00",
        "x" * 5000,
    ):
        assert services.parse_taken_at(bad, started_at=started, now=now) == now


# -- photos sent after the connection came back: the same endpoint, the same checks ---------------


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("queued.jpg", b"this is not a picture", "image/jpeg"),
        ("queued.jpg", b"", "image/jpeg"),
        ("queued.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
    ],
)
def test_a_queued_photo_refused_by_the_server_is_a_clear_error_and_nothing_is_stored(
    client, small, tmp_path, name, data, content_type
):
    inspection = start(small)
    item = item_of(inspection, "exit-clear")
    c = logged_in(client, small)
    taken = (timezone.now() - timedelta(seconds=30)).isoformat()
    response = c.post(
        u("inspection_photo_add", small, pk=inspection.pk, item=item.pk),
        {"photos": upload(name, data, content_type), "taken_at": taken},
        **JSON,
    )
    assert response.status_code == 400
    body = response.json()
    with translation.override(response.headers.get("Content-Language", "zh-hans")):
        with pytest.raises(ValidationError) as refused:
            services.validate_image(upload(name, data, content_type))
        reason = " ".join(str(m) for m in refused.value.messages)
    assert reason and body["ok"] is False and name in body["error"] and reason in body["error"]
    assert body["photos"] == [] and body["added"] == 0
    assert not ItemPhoto.objects.exists()
    assert not [p for p in Path(tmp_path).rglob("*") if p.is_file()]


def test_a_queued_photo_with_an_odd_time_is_stored_with_the_servers_time(client, small):
    inspection = start(small)
    item = item_of(inspection, "exit-clear")
    response = logged_in(client, small).post(
        u("inspection_photo_add", small, pk=inspection.pk, item=item.pk),
        {"photos": upload("a.jpg", jpeg()), "taken_at": "<script>alert(1)</script>"},
        **JSON,
    )
    assert response.status_code == 200 and response.json()["added"] == 1


# -- "pass all unanswered" keeps the place ----------------------------------------------------------


def test_pass_rest_answers_every_items_state_for_the_page_to_update_in_place(client, small):
    inspection = start(small)
    c = logged_in(client, small)
    seal = item_of(inspection, "seal-locked")
    c.post(u("inspection_item_answer", small, pk=inspection.pk, item=seal.pk), {"result": "fail"}, **JSON)
    response = c.post(u("inspection_pass_rest", small, pk=inspection.pk), {"anchor": f"item-{seal.pk}"}, **JSON)
    assert response.status_code == 200
    body = response.json()
    assert body["passed"] == 2 and body["progress"]["answered"] == 3 and body["message"]
    states = {s["id"]: s for s in body["items"]}
    assert set(states) == set(inspection.items.values_list("pk", flat=True))
    assert states[seal.pk]["result"] == "fail" and states[seal.pk]["deduction"] == "1"
    assert [s["result"] for i, s in states.items() if i != seal.pk] == ["pass", "pass"]


def test_pass_rest_without_the_script_comes_back_to_where_the_user_was(client, small):
    inspection = start(small)
    c = logged_in(client, small)
    item = item_of(inspection, "seal-locked")
    capture_url = u("inspection_capture", small, pk=inspection.pk)
    response = c.post(u("inspection_pass_rest", small, pk=inspection.pk), {"anchor": f"item-{item.pk}"})
    assert response.status_code == 302 and response["Location"] == f"{capture_url}#item-{item.pk}"
    assert not inspection.items.filter(result="").exists()


@pytest.mark.parametrize("anchor", ["", "javascript:alert(1)", 'item-1"><script>', "x" * 500, "item-"])
def test_pass_rest_ignores_an_anchor_that_is_not_a_place_on_the_page(client, small, anchor):
    inspection = start(small)
    response = logged_in(client, small).post(u("inspection_pass_rest", small, pk=inspection.pk), {"anchor": anchor})
    assert response.status_code == 302 and response["Location"] == u("inspection_capture", small, pk=inspection.pk)


def test_safe_anchor():
    assert capture.safe_anchor("#item-12") == "item-12"
    assert capture.safe_anchor("section-3") == "section-3"
    assert capture.safe_anchor("finish") == "finish"
    assert capture.safe_anchor("item-12#x") == ""


# -- the page: sections with progress, the bar, the reference photo beside the camera -----------------


def test_capture_page_has_sections_with_progress_the_bar_and_the_reference_beside_the_camera(client, small):
    inspection = start(small)
    seal = item_of(inspection, "seal-locked")
    picture = add_rule_picture(seal.rule, kind="reference")
    services.item_answer(user=inspection.inspector, item=seal, result=ItemResult.PASS)
    html = logged_in(client, small).get(u("inspection_capture", small, pk=inspection.pk)).content.decode()
    groups = [g for p in capture.checklist(inspection) for g in p.sections]
    assert html.count('data-testid="section"') == len(groups) > 1
    for group in groups:
        assert f'id="section-{group.section.pk}"' in html
        assert f"{group.answered}/{group.total}</span>" in html
    assert 'data-testid="next-unanswered"' in html and 'data-testid="bar-submit"' in html
    assert 'form="submit-form"' in html and 'data-testid="photo-queue"' in html
    assert html.count("data-pass-rest") == 2
    card = html[html.index(f'id="item-{seal.pk}"') :]
    card = card[: card.index("</article>")]
    beside = card[card.index('data-testid="item-reference-photo"') :]
    assert reverse("handbook_picture", kwargs={"hall": small.hall.code, "pk": picture.pk}) in beside
    assert beside.index("item-reference-photo") < beside.index('data-testid="photo-input"')


def test_stamp_place_falls_back_to_the_position_window_then_the_windows_checked(small):
    window = small.windows[0]
    inspection = start(small, windows=[window])
    user = inspection.inspector
    seal = item_of(inspection, "seal-locked")
    drawer = small.zones[0].positions.get(code="alpha-R1")
    services.item_answer(user=user, item=seal, result=ItemResult.FAIL, position=drawer)
    seal.refresh_from_db()
    assert seal.window_id == window.pk
    exit_clear = item_of(inspection, "exit-clear")
    for item in (seal, exit_clear):
        place = services.photo_stamp(item=item, inspection=inspection, user=user, when=timezone.now()).place
        assert str(window) in place and str(small.zones[0]) in place
    whole_zone = start(small, zone_index=1)
    place = services.photo_stamp(
        item=whole_zone.items.first(), inspection=whole_zone, user=user, when=timezone.now()
    ).place
    assert place == watermark.place_text(hall=small.hall.short_name or small.hall.name, zone=str(small.zones[1]))
