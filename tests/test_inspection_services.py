"""The inspection services: every write a phone makes, with bad input refused and nothing half-done."""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.core.events import events_for
from hallkeeper.core.models import Event
from hallkeeper.inspections import services
from hallkeeper.inspections.choices import (
    MAX_COUNTED,
    Frequency,
    Grade,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from hallkeeper.inspections.models import (
    CheckItem,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
    QuantityCount,
    ScoringPolicy,
)
from hallkeeper.places.choices import PositionKind
from hallkeeper.standards.choices import Severity
from hallkeeper.standards.models import QuantityStandard, Rule

from .factories import PositionFactory, WindowFactory, make_hall
from .inspection_data import (
    add_service_window,
    answer,
    jpeg_with_gps,
    png_claiming,
    start,
    submitted,
    upload,
)
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


PATROL, SELF, SPECIAL, ACCEPTANCE = (
    InspectionKind.PATROL,
    InspectionKind.SELF_CHECK,
    InspectionKind.SPECIAL,
    InspectionKind.ACCEPTANCE,
)
D = Decimal


@pytest.fixture
def hall(alpha):
    """alpha with the tiny handbook published: only exit-clear applies to its zones."""
    install_tiny_handbook(alpha.hall)
    return alpha


@pytest.fixture
def full(hall):
    """alpha where zone 0 has a coaching window with a counter and a drawer: all three rules apply."""
    hall.service_window, hall.counter, hall.drawer = add_service_window(hall, 0)
    return hall


def items_by_key(inspection) -> dict[str, CheckItem]:
    return {i.rule.key: i for i in inspection.items.select_related("rule")}


def keys(inspection) -> list[str]:
    return [i.rule.key for i in inspection.items.select_related("rule").order_by("order")]


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def snapshot(item: CheckItem):
    item = fresh(item)
    return (
        item.result,
        item.occurrences,
        item.deduction,
        item.note,
        item.window_id,
        item.position_id,
        item.answered_at,
    )


# -- starting ---------------------------------------------------------------------------------

ALLOWED, DENIED = "allowed", "denied"


@pytest.mark.parametrize(
    ("user_key", "kind", "zone_index", "expected"),
    [
        *[
            pytest.param(role, kind, z, ALLOWED, id=f"{kind}-{role}-zone{z}")
            for kind in (PATROL, SPECIAL, ACCEPTANCE)
            for role in (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION)
            for z in (0, 1)
        ],
        *[
            pytest.param(role, kind, 0, DENIED, id=f"{kind}-{role}")
            for kind in (PATROL, SPECIAL, ACCEPTANCE)
            for role in (Role.VIEWER, "lead1", "staff1")
        ],
        pytest.param(Role.ADMIN, SELF, 0, ALLOWED, id="self-admin-zone0"),
        pytest.param(Role.ADMIN, SELF, 1, ALLOWED, id="self-admin-zone1"),
        pytest.param("lead1", SELF, 0, ALLOWED, id="self-lead-own-zone"),
        pytest.param("lead1", SELF, 1, DENIED, id="self-lead-other-zone"),
        pytest.param("lead2", SELF, 1, ALLOWED, id="self-lead2-own-zone"),
        pytest.param("staff1", SELF, 0, ALLOWED, id="self-staff-own-window"),
        pytest.param("staff1", SELF, 1, DENIED, id="self-staff-other-zone"),
        pytest.param(Role.SUPERVISION, SELF, 0, DENIED, id="self-supervision"),
        pytest.param(Role.LEADERSHIP, SELF, 0, DENIED, id="self-leadership"),
        pytest.param(Role.VIEWER, SELF, 0, DENIED, id="self-viewer"),
    ],
)
def test_who_may_start_which_kind(hall, user_key, kind, zone_index, expected):
    extra = {"rule_keys": ["exit-clear"]} if kind == SPECIAL else {}
    if expected == ALLOWED:
        inspection = start(hall, user_key, zone_index, kind, **extra)
        assert inspection.status == InspectionStatus.DRAFT
        assert inspection.inspector == hall.users[user_key]
        assert inspection.zone == hall.zones[zone_index] and inspection.hall == hall.hall
        assert inspection.version.status == "published"
        assert keys(inspection) == ["exit-clear"] and inspection.item_count == 1
        assert [e.verb for e in events_for(inspection)] == ["inspection.started"]
    else:
        with pytest.raises(PermissionDenied):
            start(hall, user_key, zone_index, kind, **extra)
        assert not Inspection.objects.exists()
        assert not Event.objects.filter(verb="inspection.started").exists()


def test_another_halls_user_cannot_inspect(hall, beta):
    with pytest.raises(PermissionDenied):
        services.inspection_start(user=beta.users[Role.SUPERVISION], zone=hall.zones[0], kind=PATROL)
    with pytest.raises(PermissionDenied):
        services.inspection_start(user=beta.users["lead1"], zone=hall.zones[0], kind=SELF)
    assert not Inspection.objects.exists()


def test_unknown_kind_is_refused(hall):
    with pytest.raises(ValidationError):
        start(hall, kind="audit")


def test_zone_lead_self_checks_the_whole_zone(full):
    inspection = start(full, "lead1", 0, SELF)
    assert list(inspection.windows.all()) == [] and list(inspection.positions.all()) == []
    assert set(keys(inspection)) == {"counter-whitelist", "seal-locked", "exit-clear"}


def test_window_staff_get_their_windows_when_none_are_given(full):
    inspection = start(full, "staff1", 0, SELF)
    assert list(inspection.windows.all()) == [full.windows[0]]
    # the coaching window is not theirs: its counter and drawer rules are not on the list
    assert keys(inspection) == ["exit-clear"]


def test_window_staff_may_name_their_own_window(full):
    inspection = start(full, "staff1", 0, SELF, windows=[full.windows[0]])
    assert list(inspection.windows.all()) == [full.windows[0]]


def test_window_staff_self_check_of_a_staffed_service_window(hall):
    window, counter, drawer = add_service_window(hall, 0, staff_user=hall.users["staff1"])
    inspection = start(hall, "staff1", 0, SELF, windows=[window])
    assert set(keys(inspection)) == {"counter-whitelist", "seal-locked", "exit-clear"}
    mine = start(hall, "staff1", 0, SELF, positions=[drawer])
    assert set(mine.windows.all()) == {hall.windows[0], window}
    assert set(keys(mine)) == {"seal-locked", "exit-clear"}


@pytest.mark.parametrize("what", ["window", "position"])
def test_window_staff_may_not_self_check_another_window(full, what):
    other = WindowFactory(hall=full.hall, zone=full.zones[0], area=full.area)
    target = (
        {"windows": [other]}
        if what == "window"
        else {"positions": [PositionFactory(hall=full.hall, zone=full.zones[0], window=other)]}
    )
    with pytest.raises(PermissionDenied):
        start(full, "staff1", 0, SELF, **target)
    assert not Inspection.objects.exists()


def test_window_staff_without_a_window_in_the_zone_are_refused(hall):
    # staff1 staffs nothing in zone 1: can_inspect refuses before any window is looked at
    with pytest.raises(PermissionDenied):
        start(hall, "staff1", 1, SELF)


@pytest.mark.parametrize("what", ["window", "position"])
def test_a_target_outside_the_zone_is_refused(hall, what):
    target = {"windows": [hall.windows[1]]} if what == "window" else {"positions": [hall.positions[1]]}
    with pytest.raises(ValidationError, match="not in zone"):
        start(hall, "supervision", 0, PATROL, **target)
    assert not Inspection.objects.exists()


def test_special_check_requires_rules_and_checks_only_those(full):
    with pytest.raises(ValidationError, match="Choose the rules"):
        start(full, kind=SPECIAL)
    inspection = start(full, kind=SPECIAL, rule_keys=["seal-locked", "exit-clear"])
    assert keys(inspection) == ["seal-locked", "exit-clear"]
    assert inspection.rule_keys == ["exit-clear", "seal-locked"]
    only = start(full, kind=SPECIAL, rule_keys=["counter-whitelist"])
    assert keys(only) == ["counter-whitelist"]


def test_special_check_of_rules_that_do_not_apply_is_refused(hall):
    # counter-whitelist needs a counter in a coaching area: the small hall has none
    with pytest.raises(ValidationError, match="No published rule applies"):
        start(hall, kind=SPECIAL, rule_keys=["counter-whitelist", "no-such-rule"])
    assert not Inspection.objects.exists()


def test_no_published_handbook(alpha):
    with pytest.raises(ValidationError) as refused:
        start(alpha)
    assert "no published handbook" in refused.value.messages[0]
    assert not Inspection.objects.exists()


def test_only_acceptance_checks_belong_to_a_round(hall):
    acceptance_round = services.round_create(
        user=hall.users[Role.ADMIN], hall=hall.hall, name="2026 验收", starts_on=date(2026, 11, 1)
    )
    with pytest.raises(ValidationError, match="Only acceptance"):
        start(hall, kind=PATROL, round=acceptance_round)


@pytest.fixture
def acceptance_round(hall):
    return services.round_create(
        user=hall.users[Role.LEADERSHIP], hall=hall.hall, name="第一轮验收", starts_on=date(2026, 11, 1)
    )


def test_one_first_acceptance_check_per_zone_and_round(hall, acceptance_round):
    first = start(hall, "leadership", 0, ACCEPTANCE, round=acceptance_round)
    assert first.round == acceptance_round and first.retake_of is None
    with pytest.raises(ValidationError, match="already has an acceptance check"):
        start(hall, "supervision", 0, ACCEPTANCE, round=acceptance_round)
    other_zone = start(hall, "supervision", 1, ACCEPTANCE, round=acceptance_round)
    assert other_zone.round == acceptance_round
    # a check outside any round is not limited
    assert start(hall, "supervision", 0, ACCEPTANCE).round is None
    assert Inspection.objects.filter(round=acceptance_round).count() == 2


def test_a_round_of_another_hall_is_refused(hall, beta):
    beta_round = services.round_create(
        user=beta.users[Role.ADMIN], hall=beta.hall, name="beta round", starts_on=date(2026, 11, 1)
    )
    with pytest.raises(ValidationError, match="another hall"):
        start(hall, "leadership", 0, ACCEPTANCE, round=beta_round)


def test_re_acceptance_of_a_failed_check(hall, acceptance_round):
    failed = submitted(hall, {"exit-clear": 1}, user_key="leadership", kind=ACCEPTANCE, round=acceptance_round)
    assert failed.passed is False and failed.veto_failed
    retake = start(hall, "supervision", 0, ACCEPTANCE, retake_of=failed)
    assert retake.retake_of == failed and retake.round == acceptance_round and retake.is_retake
    with pytest.raises(ValidationError, match="already has a re-acceptance"):
        start(hall, "leadership", 0, ACCEPTANCE, retake_of=failed)
    # the retake itself, once failed, may be retaken in turn
    answer(retake, {"exit-clear": 1})
    retake = services.inspection_submit(user=retake.inspector, inspection=retake)
    third = start(hall, "leadership", 0, ACCEPTANCE, retake_of=retake)
    assert third.round == acceptance_round


def test_re_acceptance_inherits_the_round_over_a_given_one(hall, acceptance_round):
    failed = submitted(hall, {"exit-clear": 1}, user_key="leadership", kind=ACCEPTANCE, round=acceptance_round)
    other = services.round_create(user=hall.users["admin"], hall=hall.hall, name="另一轮", starts_on=date(2026, 12, 1))
    retake = start(hall, "leadership", 0, ACCEPTANCE, retake_of=failed, round=other)
    assert retake.round == acceptance_round


def test_what_cannot_be_re_accepted(hall, acceptance_round):
    passed = submitted(hall, user_key="leadership", kind=ACCEPTANCE, round=acceptance_round)
    assert passed.passed is True
    draft = start(hall, "leadership", 1, ACCEPTANCE, round=acceptance_round)
    patrol = submitted(hall, {"exit-clear": 1})
    failed_zone1 = submitted(hall, {"exit-clear": 1}, user_key="leadership", zone_index=1, kind=ACCEPTANCE)
    for retake_of, zone_index in ((passed, 0), (draft, 1), (patrol, 0), (failed_zone1, 0)):
        with pytest.raises(ValidationError, match="Only a failed, submitted acceptance"):
            start(hall, "leadership", zone_index, ACCEPTANCE, retake_of=retake_of)
    with pytest.raises(ValidationError, match="Only acceptance"):
        start(hall, "supervision", 1, PATROL, retake_of=failed_zone1)
    assert not Inspection.objects.filter(retake_of__isnull=False).exists()


# -- answering --------------------------------------------------------------------------------


@pytest.fixture
def draft(full):
    return start(full)  # a patrol of zone 0 by supervision: three items


def test_fail_without_a_count_is_one_occurrence(draft):
    item = items_by_key(draft)["seal-locked"]
    item = services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, note="  印章未锁  ")
    item = fresh(item)
    assert (item.result, item.occurrences, item.deduction, item.note) == (ItemResult.FAIL, 1, D("1"), "印章未锁")
    assert item.answered_at is not None


@pytest.mark.parametrize(
    ("key", "occurrences", "stored", "deduction"),
    [
        pytest.param("seal-locked", "3", 3, "3", id="no cap"),
        pytest.param("seal-locked", 99, 99, "70", id="the most, at most the rule's points"),
        pytest.param("counter-whitelist", " 6 ", 6, "2", id="capped, spaces trimmed"),
        pytest.param("counter-whitelist", 1, 1, "0.5", id="one"),
    ],
)
def test_fail_with_a_count(draft, key, occurrences, stored, deduction):
    item = items_by_key(draft)[key]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=occurrences)
    item = fresh(item)
    assert (item.occurrences, item.deduction) == (stored, D(deduction))


BAD_COUNTS = [
    pytest.param("-1", "occurrences_range", id="negative"),
    pytest.param("0", "occurrences_range", id="zero"),
    pytest.param("100", "occurrences_range", id="absurd"),
    pytest.param(-3, "occurrences_range", id="negative int"),
    pytest.param("abc", "occurrences_nan", id="words"),
    pytest.param("1.5", "occurrences_nan", id="fraction"),
    pytest.param("", "occurrences_missing", id="empty"),
    pytest.param(
        "   ",
        "occurrences_missing",
        id="blank",
    ),
]


@pytest.mark.parametrize(("occurrences", "code"), BAD_COUNTS)
def test_a_bad_count_is_refused_and_changes_nothing(draft, occurrences, code):
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.PASS, note="好")
    before = snapshot(item)
    with pytest.raises(ValidationError) as refused:
        services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=occurrences)
    assert refused.value.code == code
    assert refused.value.messages[0]
    assert snapshot(item) == before


def test_pass_and_na_clear_the_count(draft):
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=4)
    for result in (ItemResult.PASS, ItemResult.NOT_APPLICABLE):
        services.item_answer(user=draft.inspector, item=item, result=result)
        again = fresh(item)
        assert (again.result, again.occurrences, again.deduction) == (result, None, None)


def test_clearing_an_answer(draft):
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=2, note="x")
    services.item_answer(user=draft.inspector, item=item, result="")
    item = fresh(item)
    assert (item.result, item.occurrences, item.answered_at, item.note) == ("", None, None, "x")


def test_an_unknown_result_is_refused(draft):
    item = items_by_key(draft)["seal-locked"]
    before = snapshot(item)
    with pytest.raises(ValidationError) as refused:
        services.item_answer(user=draft.inspector, item=item, result="maybe")
    assert refused.value.code == "result" and snapshot(item) == before


def test_a_position_names_its_window(full, draft):
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, position=full.drawer)
    item = fresh(item)
    assert (item.position, item.window) == (full.drawer, full.service_window)


@pytest.mark.parametrize("what", ["window", "position"])
def test_a_narrowed_self_check_answers_only_within_its_windows(full, what):
    inspection = start(full, "staff1", 0, SELF)
    assert list(inspection.windows.all()) == [full.windows[0]]
    item = items_by_key(inspection)["exit-clear"]
    target = {"window": full.service_window} if what == "window" else {"position": full.drawer}
    with pytest.raises(ValidationError) as refused:
        services.item_answer(user=inspection.inspector, item=item, result=ItemResult.FAIL, **target)
    assert refused.value.code == what


@pytest.mark.parametrize(("what", "code"), [("window", "window"), ("position", "position")])
def test_a_window_or_position_of_another_zone_is_refused(full, draft, what, code):
    item = items_by_key(draft)["seal-locked"]
    before = snapshot(item)
    target = {"window": full.windows[1]} if what == "window" else {"position": full.positions[1]}
    with pytest.raises(ValidationError) as refused:
        services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, **target)
    assert refused.value.code == code and snapshot(item) == before


@pytest.mark.parametrize("user_key", [Role.ADMIN, Role.LEADERSHIP, Role.VIEWER, "lead1", "staff1"])
def test_another_users_draft_is_refused(full, draft, user_key):
    item = items_by_key(draft)["seal-locked"]
    before = snapshot(item)
    with pytest.raises(PermissionDenied):
        services.item_answer(user=full.users[user_key], item=item, result=ItemResult.FAIL)
    with pytest.raises(PermissionDenied):
        services.items_pass_rest(user=full.users[user_key], inspection=draft)
    with pytest.raises(PermissionDenied):
        services.inspection_submit(user=full.users[user_key], inspection=draft)
    with pytest.raises(PermissionDenied):
        services.inspection_discard(user=full.users[user_key], inspection=draft)
    assert snapshot(item) == before and fresh(draft).status == InspectionStatus.DRAFT


def test_pass_the_rest(draft):
    items = items_by_key(draft)
    services.item_answer(user=draft.inspector, item=items["seal-locked"], result=ItemResult.FAIL, occurrences=2)
    assert services.items_pass_rest(user=draft.inspector, inspection=draft) == 2
    results = {k: fresh(i).result for k, i in items.items()}
    assert results == {"seal-locked": "fail", "counter-whitelist": "pass", "exit-clear": "pass"}
    assert fresh(items["seal-locked"]).occurrences == 2
    assert services.items_pass_rest(user=draft.inspector, inspection=draft) == 0


# -- counted quantities ------------------------------------------------------------------------


@pytest.fixture
def standard(draft):
    return QuantityStandard.objects.get(version=draft.version, position_kind=PositionKind.COUNTER, item="评价器")


def test_count_record_and_clear(full, draft, standard):
    count = services.count_record(
        user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted="2"
    )
    assert (count.counted, count.matches) == (2, False)
    again = services.count_record(
        user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=1
    )
    assert again.pk == count.pk and fresh(again).counted == 1 and again.matches
    assert (
        services.count_record(
            user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=str(MAX_COUNTED)
        ).counted
        == MAX_COUNTED
    )
    assert (
        services.count_record(
            user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted="0"
        ).counted
        == 0
    )
    for empty in ("", "  ", None):
        services.count_record(
            user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=1
        )
        assert (
            services.count_record(
                user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=empty
            )
            is None
        )
        assert not QuantityCount.objects.filter(inspection=draft).exists()


@pytest.mark.parametrize(
    ("counted", "code"),
    [
        pytest.param("abc", "counted_nan", id="words"),
        pytest.param("2.5", "counted_nan", id="fraction"),
        pytest.param("-1", "counted_range", id="negative"),
        pytest.param(str(MAX_COUNTED + 1), "counted_range", id="absurd"),
    ],
)
def test_a_bad_counted_quantity_is_refused(full, draft, standard, counted, code):
    services.count_record(user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=1)
    with pytest.raises(ValidationError) as refused:
        services.count_record(
            user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=counted
        )
    assert refused.value.code == code and refused.value.messages[0]
    assert list(QuantityCount.objects.filter(inspection=draft).values_list("counted", flat=True)) == [1]


def test_a_count_at_the_wrong_place_is_refused(full, draft, standard, beta):
    other_version = install_tiny_handbook(beta.hall)
    beta_standard = QuantityStandard.objects.get(
        version=other_version, position_kind=PositionKind.COUNTER, item="评价器"
    )
    other_zone_counter = PositionFactory(hall=full.hall, zone=full.zones[1], kind=PositionKind.COUNTER)
    cases = [
        (full.drawer, standard, "standard"),  # a drawer has no counter quantities
        (full.counter, beta_standard, "standard"),  # another version's standard
        (other_zone_counter, standard, "position"),
    ]
    for position, std, code in cases:
        with pytest.raises(ValidationError) as refused:
            services.count_record(user=draft.inspector, inspection=draft, position=position, standard=std, counted=1)
        assert refused.value.code == code
    assert not QuantityCount.objects.exists()
    with pytest.raises(PermissionDenied):
        services.count_record(
            user=full.users["admin"], inspection=draft, position=full.counter, standard=standard, counted=1
        )


# -- photos -----------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media: Path) -> list[Path]:
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_photo_is_stored_clean_small_and_once(draft, media):
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=2)
    data = jpeg_with_gps((3000, 2000))
    photo = services.photo_add(user=draft.inspector, item=item, file=upload(data))
    assert photo.pk and photo.item == item and photo.uploaded_by == draft.inspector and len(photo.sha256) == 64
    assert (photo.width, photo.height) == (2000, 1333)
    path = Path(photo.image.path)
    assert path.is_relative_to(media) and "IMG_0001" not in photo.image.name
    raw = path.read_bytes()
    assert b"TestCam" not in raw
    with Image.open(path) as image:
        exif = image.getexif()
        assert 0x8825 not in exif and not exif.get_ifd(0x8825) and 0x010F not in exif
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= services.THUMBNAIL_SIDE and thumb.format == "JPEG"
        assert not thumb.getexif().get_ifd(0x8825)
    assert len(stored_files(media)) == 2

    again = services.photo_add(user=draft.inspector, item=item, file=upload(data, "retry.jpg"))
    assert again.pk == photo.pk
    assert ItemPhoto.objects.filter(item=item).count() == 1 and len(stored_files(media)) == 2

    other = services.photo_add(user=draft.inspector, item=item, file=upload(jpeg_with_gps((300, 200), "red")))
    assert other.pk != photo.pk and ItemPhoto.objects.filter(item=item).count() == 2
    # the item's answer is untouched by photos
    assert (fresh(item).result, fresh(item).occurrences) == (ItemResult.FAIL, 2)


@pytest.mark.parametrize(
    ("data", "code", "max_bytes"),
    [
        pytest.param(b"not a photo at all", "not_image", None, id="non-image"),
        pytest.param(b"", "empty", None, id="empty"),
        pytest.param(jpeg_with_gps((800, 800)), "too_large", 1000, id="oversized"),
        pytest.param(png_claiming(100_000, 100_000), "bomb", None, id="decompression bomb"),
        pytest.param(png_claiming(8_000, 6_000), "too_many_pixels", None, id="too many pixels"),
    ],
)
def test_a_bad_photo_is_refused_and_the_draft_kept(draft, media, settings, data, code, max_bytes):
    if max_bytes:
        settings.HALLKEEPER_IMAGE_MAX_BYTES = max_bytes
    item = items_by_key(draft)["seal-locked"]
    services.item_answer(user=draft.inspector, item=item, result=ItemResult.FAIL, occurrences=2, note="抽屉未锁")
    before = snapshot(item)
    with pytest.raises(ValidationError) as refused:
        services.photo_add(user=draft.inspector, item=item, file=upload(data, "x.png", "image/png"))
    assert refused.value.code == code
    assert not ItemPhoto.objects.exists()
    assert stored_files(media) == []
    assert snapshot(item) == before and fresh(draft).status == InspectionStatus.DRAFT


def test_photo_of_another_users_draft_is_refused(full, draft, media):
    item = items_by_key(draft)["seal-locked"]
    with pytest.raises(PermissionDenied):
        services.photo_add(user=full.users["admin"], item=item, file=upload(jpeg_with_gps((200, 100))))
    assert not ItemPhoto.objects.exists() and stored_files(media) == []


def test_photo_remove_deletes_files_after_commit(full, draft, media, django_capture_on_commit_callbacks):
    item = items_by_key(draft)["seal-locked"]
    photo = services.photo_add(user=draft.inspector, item=item, file=upload(jpeg_with_gps((300, 200))))
    kept = services.photo_add(user=draft.inspector, item=item, file=upload(jpeg_with_gps((300, 200), "red")))
    paths = [Path(photo.image.path), Path(photo.thumbnail.path)]
    with django_capture_on_commit_callbacks() as callbacks:
        services.photo_remove(user=draft.inspector, photo=photo)
        assert all(p.exists() for p in paths)  # not before the commit
    assert not ItemPhoto.objects.filter(pk=photo.pk).exists()
    assert all(p.exists() for p in paths)
    assert len(callbacks) == 1
    callbacks[0]()
    assert not any(p.exists() for p in paths)
    assert Path(kept.image.path).exists() and Path(kept.thumbnail.path).exists()
    with pytest.raises(PermissionDenied):
        services.photo_remove(user=full.users[Role.ADMIN], photo=kept)
    assert ItemPhoto.objects.filter(pk=kept.pk).exists()


# -- submitting -------------------------------------------------------------------------------


def test_submit_with_unanswered_items_lists_them_and_changes_nothing(draft):
    items = items_by_key(draft)
    services.item_answer(user=draft.inspector, item=items["seal-locked"], result=ItemResult.FAIL)
    with pytest.raises(ValidationError) as refused:
        services.inspection_submit(user=draft.inspector, inspection=draft)
    error = refused.value
    assert error.code == "unanswered"
    assert error.params["items"] == [items["counter-whitelist"].pk, items["exit-clear"].pk]
    message = error.messages[0]
    assert "2 items" in message and "1.1.1" in message and "2.1.1" in message and "1.1.2" not in message
    after = fresh(draft)
    assert (after.status, after.score, after.submitted_at, after.grade) == (InspectionStatus.DRAFT, None, None, "")
    assert not Finding.objects.exists()
    assert not Event.objects.filter(verb="inspection.submitted").exists()


def test_unanswered_message_survives_a_percent_sign_in_a_title(draft):
    Rule.objects.filter(version=draft.version, key="exit-clear").update(title="通道畅通率100%达标")
    with pytest.raises(ValidationError) as refused:
        services.inspection_submit(user=draft.inspector, inspection=draft)
    assert "通道畅通率100%达标" in refused.value.messages[0]


def test_submit_scores_and_makes_one_finding_per_fail(full, draft):
    items = items_by_key(draft)
    user = draft.inspector
    services.item_answer(
        user=user, item=items["seal-locked"], result=ItemResult.FAIL, occurrences=3, position=full.drawer, note="印章"
    )
    services.item_answer(user=user, item=items["counter-whitelist"], result=ItemResult.FAIL, occurrences=6)
    services.item_answer(user=user, item=items["exit-clear"], result=ItemResult.NOT_APPLICABLE)
    before = timezone.now()
    done = services.inspection_submit(user=user, inspection=draft, note="  总体良好 ")
    done = fresh(done)
    assert done.status == InspectionStatus.SUBMITTED and done.submitted_at >= before
    # the sheet: seal-locked 70 + counter-whitelist 20 points (exit-clear N/A drops out) = 90, scaled to 100;
    # lost 3 (3 × 1) + 2 (6 × 0.5 capped at 2) = 5 of 90 = 5.6 of 100
    assert (done.deduction_total, done.score, done.grade, done.passed, done.veto_failed) == (
        D("5.6"),
        D("94.4"),
        Grade.GOOD,
        True,
        False,
    )
    assert (done.item_count, done.failed_count, done.na_count, done.note) == (3, 2, 1, "总体良好")
    findings = {f.rule_key: f for f in Finding.objects.filter(inspection=done)}
    assert set(findings) == {"seal-locked", "counter-whitelist"}
    seal = findings["seal-locked"]
    assert (seal.occurrences, seal.deduction, seal.severity, seal.note) == (3, D("3.3"), Severity.MAJOR, "印章")
    assert (seal.zone, seal.window, seal.position, seal.hall) == (
        full.zones[0],
        full.service_window,
        full.drawer,
        full.hall,
    )
    assert seal.item == items["seal-locked"] and seal.found_at == done.submitted_at
    assert (findings["counter-whitelist"].occurrences, findings["counter-whitelist"].deduction) == (6, D("2.2"))
    events = list(events_for(done))
    assert [e.verb for e in events] == ["inspection.started", "inspection.submitted"]
    assert events[1].actor == user and events[1].to_state == InspectionStatus.SUBMITTED
    assert events[1].data == {"score": "94.4", "grade": Grade.GOOD, "passed": True}


def test_a_failed_veto_rule_fails_the_inspection(draft):
    answer(draft, {"exit-clear": 1})
    done = fresh(services.inspection_submit(user=draft.inspector, inspection=draft))
    # 2 of the sheet's 120 points: 98.3, yet unqualified
    assert (done.score, done.grade, done.passed, done.veto_failed) == (D("98.3"), Grade.UNQUALIFIED, False, True)
    finding = Finding.objects.get(inspection=done)
    assert (finding.severity, finding.deduction) == (Severity.VETO, D("1.7"))


def test_a_rule_without_deduction_loses_all_its_points(draft):
    Rule.objects.filter(version=draft.version, key="seal-locked").update(deduction=None, cap=None)
    answer(draft, {"seal-locked": 4})
    done = fresh(services.inspection_submit(user=draft.inspector, inspection=draft))
    assert (done.score, done.failed_count) == (D("41.7"), 1)  # its 70 of the sheet's 120 points
    assert Finding.objects.get(inspection=done).deduction == D("58.3")


def test_the_halls_scoring_policy_is_used(hall):
    ScoringPolicy.objects.create(hall=hall.hall, acceptance_pass_line=D("99"), excellent_min=D("99.5"))
    # exit-clear is a veto rule: make a non-veto copy of the situation with a plain deduction instead
    Rule.objects.filter(key="exit-clear").update(severity=Severity.MINOR, deduction=D("1.5"), cap=None)
    done = fresh(submitted(hall, {"exit-clear": 1}, user_key="leadership", kind=ACCEPTANCE))
    # the acceptance's sheet here is exit-clear alone (30 points): 1.5 lost is 5 of 100
    assert (done.score, done.grade, done.passed) == (D("95"), Grade.GOOD, False)
    clean = fresh(submitted(hall, user_key="leadership", zone_index=1, kind=ACCEPTANCE))
    assert (clean.score, clean.grade, clean.passed) == (D("100"), Grade.EXCELLENT, True)


def test_submitting_twice_is_refused_without_duplicates(draft):
    answer(draft, {"seal-locked": 2, "counter-whitelist": 1})
    done = services.inspection_submit(user=draft.inspector, inspection=draft)
    stored = fresh(done)
    with pytest.raises(ValidationError) as refused:
        services.inspection_submit(user=draft.inspector, inspection=draft)  # the stale draft object: a second tab
    assert refused.value.code == "submitted"
    assert Finding.objects.filter(inspection=done).count() == 2
    assert Event.objects.filter(verb="inspection.submitted").count() == 1
    again = fresh(done)
    assert (again.submitted_at, again.score) == (stored.submitted_at, stored.score)


@pytest.fixture
def due(full):
    plan = InspectionPlan.objects.create(
        hall=full.hall, name="每日巡查", kind=PATROL, frequency=Frequency.DAILY, starts_on=date(2026, 1, 1)
    )
    today = timezone.localdate()
    return DueInspection.objects.create(
        hall=full.hall, plan=plan, zone=full.zones[0], opens_on=today, due_on=today, assignee=full.users["supervision"]
    )


def test_discard_deletes_the_draft_and_releases_its_due_row(full, due, media, django_capture_on_commit_callbacks):
    inspection = start(full, due=due)
    assert fresh(due).inspection == inspection and inspection.plan == due.plan
    item = items_by_key(inspection)["seal-locked"]
    photo = services.photo_add(user=inspection.inspector, item=item, file=upload(jpeg_with_gps((300, 200))))
    paths = [Path(photo.image.path), Path(photo.thumbnail.path)]
    with django_capture_on_commit_callbacks(execute=True):
        services.inspection_discard(user=inspection.inspector, inspection=inspection)
    assert not Inspection.objects.filter(pk=inspection.pk).exists()
    assert not CheckItem.objects.filter(inspection_id=inspection.pk).exists() and not ItemPhoto.objects.exists()
    assert fresh(due).inspection is None
    assert not any(p.exists() for p in paths)
    assert Event.objects.filter(verb="inspection.discarded", object_id=inspection.pk).exists()
    # the due check may be started again
    assert fresh(due).inspection is None and start(full, due=fresh(due)).due == fresh(due)


def test_a_started_due_check_cannot_be_started_twice(full, due):
    first = start(full, due=due)
    assert start(full, due=due) == first  # the same inspector again (a double tap): the same draft
    with pytest.raises(ValidationError, match="already been started"):
        start(full, user_key="leadership", due=due)
    with pytest.raises(ValidationError, match="another zone or kind"):
        start(full, zone_index=1, due=due)


def test_submit_counts_against_the_open_due_check(full, due):
    done = fresh(submitted(full, {"seal-locked": 1}))
    assert fresh(due).inspection == done and done.plan == due.plan


# -- a submitted inspection never changes -------------------------------------------------------


def _all_writes(inspection, full, photo, standard):
    item = items_by_key(inspection)["seal-locked"]
    user = inspection.inspector
    return {
        "answer": lambda: services.item_answer(user=user, item=item, result=ItemResult.PASS),
        "pass rest": lambda: services.items_pass_rest(user=user, inspection=inspection),
        "photo add": lambda: services.photo_add(user=user, item=item, file=upload(jpeg_with_gps((100, 80), "green"))),
        "photo remove": lambda: services.photo_remove(user=user, photo=photo),
        "count": lambda: services.count_record(
            user=user, inspection=inspection, position=full.counter, standard=standard, counted=5
        ),
        "submit": lambda: services.inspection_submit(user=user, inspection=inspection),
        "discard": lambda: services.inspection_discard(user=user, inspection=inspection),
    }


@pytest.mark.parametrize("write", ["answer", "pass rest", "photo add", "photo remove", "count", "submit", "discard"])
def test_a_submitted_inspection_is_immutable(full, draft, standard, media, write):
    answer(draft, {"seal-locked": 2})
    item = items_by_key(draft)["seal-locked"]
    photo = services.photo_add(user=draft.inspector, item=item, file=upload(jpeg_with_gps((300, 200))))
    services.count_record(user=draft.inspector, inspection=draft, position=full.counter, standard=standard, counted=1)
    done = services.inspection_submit(user=draft.inspector, inspection=draft)
    before = (
        fresh(done).__dict__.get("updated_at"),
        [snapshot(i) for i in done.items.all()],
        list(ItemPhoto.objects.values_list("pk", "sha256")),
        list(QuantityCount.objects.values_list("pk", "counted")),
        list(Finding.objects.values_list("pk", "occurrences", "deduction")),
    )
    files = stored_files(media)
    with pytest.raises(ValidationError) as refused:
        _all_writes(done, full, photo, standard)[write]()
    assert refused.value.code == "submitted"
    after = (
        fresh(done).__dict__.get("updated_at"),
        [snapshot(i) for i in done.items.all()],
        list(ItemPhoto.objects.values_list("pk", "sha256")),
        list(QuantityCount.objects.values_list("pk", "counted")),
        list(Finding.objects.values_list("pk", "occurrences", "deduction")),
    )
    assert after == before and stored_files(media) == files
    assert fresh(done).status == InspectionStatus.SUBMITTED


def test_a_submitted_inspection_cannot_be_changed_by_others_either(full, draft):
    answer(draft)
    done = services.inspection_submit(user=draft.inspector, inspection=draft)
    item = items_by_key(done)["seal-locked"]
    with pytest.raises(PermissionDenied):
        services.item_answer(user=full.users[Role.ADMIN], item=item, result=ItemResult.FAIL)


# -- concurrency (PostgreSQL) ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_make_one_result():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    small = make_hall("race")
    install_tiny_handbook(small.hall)
    add_service_window(small, 0)
    draft = answer(start(small), {"seal-locked": 2, "counter-whitelist": 1})
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def submit():
        from django.contrib.auth import get_user_model
        from django.db import connection as thread_connection

        try:
            user = get_user_model().objects.get(pk=draft.inspector_id)
            stale = Inspection.objects.get(pk=draft.pk)
            barrier.wait(timeout=10)
            outcomes.append(services.inspection_submit(user=user, inspection=stale))
        except Exception as error:  # noqa: BLE001 — collected and checked below
            outcomes.append(error)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    successes = [o for o in outcomes if isinstance(o, Inspection)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(successes) == 1 and len(refusals) == 1, outcomes
    assert refusals[0].code == "submitted"
    assert Finding.objects.filter(inspection_id=draft.pk).count() == 2
    assert Event.objects.filter(verb="inspection.submitted", object_id=draft.pk).count() == 1
    assert fresh(draft).status == InspectionStatus.SUBMITTED


# -- numbers the database must hold -------------------------------------------------------------


def test_big_deductions_fit_the_stored_fields(draft):
    """The heaviest rules without a cap failed the most times: each loses at most its points, and the stored
    figures fit their fields."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite does not enforce decimal precision")
    Rule.objects.filter(version=draft.version, key__in=["seal-locked", "counter-whitelist"]).update(
        points=D("999.9"), deduction=D("60"), cap=None
    )
    answer(draft, {"seal-locked": 99, "counter-whitelist": 99})  # 5940 points each, at most 999.9
    done = fresh(services.inspection_submit(user=draft.inspector, inspection=draft))
    # 1999.8 of the sheet's 2029.8 points (exit-clear's 30 passed)
    assert (done.score, done.deduction_total, done.grade, done.failed_count) == (
        D("1.5"),
        D("98.5"),
        Grade.UNQUALIFIED,
        2,
    )
    assert set(done.items.filter(result="fail").values_list("deduction", flat=True)) == {D("999.9")}


def test_policy_defaults_when_none_saved(hall):
    policy = services.policy_for(hall.hall)
    assert policy.pk is None and policy.bands.acceptance_pass_line == D("90")


def test_old_checks_keep_their_score_when_bands_or_points_change(draft):
    """The score and grade are stored when the inspection is submitted; later changes do not reach them."""
    answer(draft, {"seal-locked": 12})  # 12 of the sheet's 120 points: 10 of 100
    done = fresh(services.inspection_submit(user=draft.inspector, inspection=draft))
    assert (done.score, done.grade, done.deduction_total) == (D("90"), Grade.GOOD, D("10"))
    finding = Finding.objects.get(inspection=done)
    ScoringPolicy.objects.update_or_create(
        hall=draft.hall, defaults={"excellent_min": D("90"), "good_min": D("80"), "qualified_min": D("60")}
    )
    Rule.objects.filter(key="seal-locked").update(points=D("5"), deduction=D("5"))
    again = fresh(done)
    assert (again.score, again.grade, again.passed, again.deduction_total) == (D("90"), Grade.GOOD, True, D("10"))
    assert Finding.objects.get(pk=finding.pk).deduction == finding.deduction == D("10")


def test_a_checklist_with_nothing_applicable_is_not_scored(draft):
    for item in draft.items.all():
        services.item_answer(user=draft.inspector, item=item, result=ItemResult.NOT_APPLICABLE)
    done = fresh(services.inspection_submit(user=draft.inspector, inspection=draft))
    assert done.status == InspectionStatus.SUBMITTED and done.submitted_at is not None
    assert (done.score, done.grade, done.passed, done.na_count) == (None, "", None, done.item_count)
    event = events_for(done).get(verb="inspection.submitted")
    assert event.data == {"score": None, "grade": "", "passed": None}
