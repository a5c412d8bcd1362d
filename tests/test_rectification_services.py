"""Rectification services: numbers, deadlines, bad input, stale actions, verification, extensions, counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.access import forget_access
from hallkeeper.accounts.choices import Role
from hallkeeper.core.events import events_for
from hallkeeper.inspections import services as inspections
from hallkeeper.inspections.choices import InspectionKind
from hallkeeper.rectification import selectors, services
from hallkeeper.rectification.choices import ExtensionState, NoticeState
from hallkeeper.rectification.deadlines import add_working_days, default_deadline, working_days_between
from hallkeeper.rectification.models import (
    ExtensionRequest,
    FindingResponse,
    Notice,
    NoticeCounter,
    NoticeItem,
    NoticeResponse,
    RectificationPolicy,
    ResponsePhoto,
    validate_number_format,
)
from hallkeeper.rectification.numbering import parse_notice_number
from hallkeeper.rectification.services import FindingAnswer

from .factories import RoleFactory
from .inspection_data import (
    add_service_window,
    answer,
    answers_for,
    findings_of,
    issued_notice,
    notice_in_state,
    photo_file,
    start,
    submitted,
    upload,
)
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def hall(alpha):
    install_tiny_handbook(alpha.hall)
    return alpha


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def verbs(notice) -> list[str]:
    return list(events_for(notice).values_list("verb", flat=True))


def world(small) -> tuple:
    """Everything a refused action must leave alone."""
    return (
        list(Notice.objects.order_by("pk").values_list("pk", "state", "deadline", "updated_at")),
        list(NoticeCounter.objects.order_by("pk").values_list("hall_id", "year", "last")),
        NoticeItem.objects.filter(active=True).count(),
        NoticeResponse.objects.count(),
        ResponsePhoto.objects.count(),
        ExtensionRequest.objects.count(),
        list(ExtensionRequest.objects.order_by("pk").values_list("state", flat=True)),
    )


# -- working days ---------------------------------------------------------------------------------

FRI, SAT, SUN, MON = date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)


@pytest.mark.parametrize(
    ("start_on", "n", "expected"),
    [
        (FRI, 1, MON),
        (FRI, 0, FRI),
        (SAT, 1, MON),
        (SUN, 1, MON),
        (MON, 1, date(2026, 3, 10)),
        (date(2026, 3, 5), 2, MON),  # Thursday + 2
        (FRI, 5, date(2026, 3, 13)),
        (MON, 10, date(2026, 3, 23)),
    ],
)
def test_add_working_days_skips_weekends(start_on, n, expected):
    assert add_working_days(start_on, n) == expected


def test_working_days_between_and_negative_days():
    assert working_days_between(FRI, MON) == 1
    assert working_days_between(MON, FRI) == 0
    with pytest.raises(ValueError):
        add_working_days(FRI, -1)


def test_default_deadline_follows_the_most_severe_finding(alpha):
    policy = RectificationPolicy(hall=alpha.hall)  # defaults: minor 5, major 3, veto 1
    assert default_deadline(policy, ["minor"], MON) == add_working_days(MON, 5)
    assert default_deadline(policy, ["minor", "major"], MON) == add_working_days(MON, 3)
    assert default_deadline(policy, ["major", "veto", "minor"], FRI) == MON
    assert default_deadline(policy, "major", FRI) == date(2026, 3, 11)


# -- numbers --------------------------------------------------------------------------------------


def test_numbers_run_per_hall_and_year_in_the_default_format(hall, beta):
    install_tiny_handbook(beta.hall)
    year = timezone.localdate().year
    first, second = issued_notice(hall), issued_notice(hall)
    other = issued_notice(beta)
    # 测审批: the 机关代字 derived from the hall's organization (测试市行政审批局); no 第, no leading zeros
    assert first.number == f"测审批整改〔{year}〕1号" and first.seq == 1
    assert second.number == f"测审批整改〔{year}〕2号"
    assert other.number == f"测审批整改〔{year}〕1号"
    assert NoticeCounter.objects.get(hall=hall.hall, year=year).last == 2


def test_custom_number_format(hall):
    services.policy_save(
        user=hall.users["admin"],
        policy=RectificationPolicy(hall=hall.hall, number_format="大厅整改〔{year}〕{seq}号"),
    )
    hall.hall.refresh_from_db()
    notice = issued_notice(hall)
    assert notice.number == f"大厅整改〔{timezone.localdate().year}〕1号"


def test_numbers_carry_the_halls_saved_issuer_code(hall):
    from hallkeeper.halls.models import DocumentSettings
    from hallkeeper.halls.services import document_settings_save

    document_settings_save(
        user=hall.users["admin"], document_settings=DocumentSettings(hall=hall.hall, issuer_code="鞍审批")
    )
    hall.hall.refresh_from_db()
    first = issued_notice(hall)
    assert first.number == f"鞍审批整改〔{timezone.localdate().year}〕1号"
    services.policy_save(
        user=hall.users["admin"], policy=RectificationPolicy(hall=hall.hall, number_format="{code}〔{year}〕{seq}号")
    )
    hall.hall.refresh_from_db()
    assert issued_notice(hall).number == f"鞍审批〔{timezone.localdate().year}〕2号"
    first.refresh_from_db()
    assert first.number == f"鞍审批整改〔{timezone.localdate().year}〕1号"  # issued numbers never change


def test_a_hall_without_a_code_numbers_without_one(hall):
    hall.hall.organization = "某单位"
    hall.hall.save()
    assert issued_notice(hall).number == f"整改〔{timezone.localdate().year}〕1号"


def test_notice_search_finds_a_number_in_the_new_and_the_old_form(hall):
    from hallkeeper.rectification.filters import NoticeFilter

    year = timezone.localdate().year
    new, old, other = issued_notice(hall), issued_notice(hall), issued_notice(hall)
    Notice.objects.filter(pk=old.pk).update(number=f"〔{year}〕第 002 号")  # stored before the change

    def found(text):
        return set(NoticeFilter({"q": text}, queryset=Notice.objects.all(), request=None).qs)

    assert found(f"测审批整改〔{year}〕1号") == {new}
    assert found(f"〔{year}〕1号") == {new}
    assert found(f"〔{year}〕第 001 号") == {new}
    assert found(f"〔{year}〕第 002 号") == {old}
    assert found(f"测审批整改〔{year}〕2号") == {old}
    assert found(f"[{year}]3号") == {other}
    assert found("整改") == {new, other}  # plain text still searches the stored numbers
    assert found(f"〔{year}〕9号") == set()
    old_form, new_form = parse_notice_number("〔2026〕第 024 号"), parse_notice_number("鞍审批整改〔2026〕24号")
    assert (old_form.year, old_form.seq) == (new_form.year, new_form.seq) == (2026, 24)
    assert new_form.code == "鞍审批整改" and parse_notice_number("第24号") is None


def test_stored_policies_lose_di_and_leading_zeros(hall, beta):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("hallkeeper.rectification.migrations.0002_number_format_gbt9704")
    old = RectificationPolicy.objects.create(hall=hall.hall, number_format="〔{year}〕第 {seq:03d} 号")
    custom = RectificationPolicy.objects.create(hall=beta.hall, number_format="大厅〔{year}〕第 {seq:04d} 号")
    migration.number_formats_without_di_or_zeros(apps, None)
    assert fresh(old).number_format == "{code}整改〔{year}〕{seq}号"
    assert fresh(custom).number_format == "大厅〔{year}〕{seq}号"
    validate_number_format(fresh(custom).number_format)


def test_refused_issue_leaves_no_gap(hall, monkeypatch):
    issued_notice(hall)
    with pytest.raises(ValidationError):
        issued_notice(hall, deadline=timezone.localdate() - timedelta(days=1))

    def broken(*args, **kwargs):
        raise IntegrityError("disk full")

    monkeypatch.setattr(NoticeItem.objects, "bulk_create", broken)
    with pytest.raises(IntegrityError):
        issued_notice(hall)  # fails after its number was taken: the number is rolled back with it
    monkeypatch.undo()
    third = issued_notice(hall)
    assert list(Notice.objects.filter(hall=hall.hall).order_by("seq").values_list("seq", flat=True)) == [1, 2]
    assert third.seq == 2


@pytest.mark.parametrize(
    "value",
    [
        "{code}整改〔{year}〕{seq}号",
        "〔{year}〕{seq}号",
        "{seq}",
        "HK-{year}-{seq}",
        "No.{seq:d}/{year}",
        "{code}〔{year}〕{seq}号",
    ],
)
def test_number_formats_accepted(value):
    validate_number_format(value)


@pytest.mark.parametrize(
    "value",
    [
        "〔{year}〕第号",
        "{seq}{hall}",
        "{seq:xyz}",
        "{seq",
        "{}",
        "{0}{seq}",
        "x" * 61 + "{seq}",
        "x" * 45 + "{code}{seq}",  # too long with a 12-character code
        "〔{year}〕第 {seq:03d} 号",  # the old default: 第 and leading zeros
        "〔{year}〕第{seq}号",
        "〔{year}〕{seq:03d}号",
        "HK-{year}-{seq:5d}",
    ],
)
def test_number_formats_refused(value):
    with pytest.raises(ValidationError):
        validate_number_format(value)


HOSTILE_FORMATS = [
    "{seq:0200000000d}",  # a 200 MB number
    "{seq:>99999}",
    "{0.__class__}",
    "{seq.__class__}",
    "{seq!r}",
    "{seq!s:>5}",
    "{hall.secret}",
    "{seq[0]}",
    "{seq:{year}}",
    "{seq}{seq}{seq}{seq}{seq}",
    "{seq:13d}",
    "{code.__class__}{seq}",
    "{code:d}{seq}",  # the code is text: "d" would fail when formatting
    "{code!r}{seq}",
]


@pytest.mark.parametrize("value", HOSTILE_FORMATS)
def test_hostile_number_formats_refused_without_formatting(value):
    with pytest.raises(ValidationError) as raised:
        validate_number_format(value)
    assert raised.value.code == "number_format"


def test_a_stored_hostile_format_never_breaks_issuing(hall):
    """A format saved before the checks were this strict (or written straight to the database) is not used:
    the notice gets its number in the default format."""
    RectificationPolicy.objects.create(hall=hall.hall, number_format="{seq:0200000000d}")
    hall.hall.refresh_from_db()
    notice = issued_notice(hall)
    assert notice.number == f"测审批整改〔{timezone.localdate().year}〕1号"


def test_policy_page_refuses_a_hostile_format_and_changes_nothing(client, hall):
    client.force_login(hall.users["admin"])
    url = reverse("rectification_policy", kwargs={"hall": hall.hall.code})
    data = {"number_format": "{0.__class__}", "days_minor": 5, "days_major": 3, "days_veto": 1}
    response = client.post(url, data | {"remind_days_before": 1})
    assert response.status_code == 400
    assert response.context["form"].errors["number_format"]
    assert not RectificationPolicy.objects.filter(hall=hall.hall).exists()


def test_only_administrators_change_the_policy(hall):
    policy = RectificationPolicy(hall=hall.hall, days_minor=7)
    with pytest.raises(PermissionDenied):
        services.policy_save(user=hall.users["supervision"], policy=policy)
    with pytest.raises(ValidationError):
        services.policy_save(user=hall.users["admin"], policy=RectificationPolicy(hall=hall.hall, number_format="{x}"))
    assert not RectificationPolicy.objects.exists()
    services.policy_save(user=hall.users["admin"], policy=policy)
    assert fresh(policy).days_minor == 7


# -- issuing --------------------------------------------------------------------------------------


def test_issue_records_the_notice(hall):
    findings = findings_of(hall)
    notice = issued_notice(hall, findings=findings)
    assert notice.state == NoticeState.ISSUED
    assert notice.issued_by == hall.users["supervision"] and notice.zone == hall.zones[0]
    assert notice.deadline == notice.original_deadline == add_working_days(timezone.localdate(), 1)  # a veto rule
    assert notice.source_inspection_id == findings[0].inspection_id and not notice.acceptance_failure
    assert [i.finding for i in notice.items.all()] == findings
    event = events_for(notice).get()
    assert (event.verb, event.to_state, event.actor) == ("notice.issued", "issued", hall.users["supervision"])
    assert event.data["findings"] == [f.pk for f in findings]


def test_deadline_by_policy_for_a_minor_finding(hall):
    add_service_window(hall, 0)
    RectificationPolicy.objects.create(hall=hall.hall, days_minor=4)
    hall.hall.refresh_from_db()
    inspection = submitted(hall, {"counter-whitelist": 1})
    notice = issued_notice(hall, findings=list(inspection.findings.all()))
    assert notice.deadline == add_working_days(timezone.localdate(), 4)


def test_explicit_deadline_today_is_allowed(hall):
    notice = issued_notice(hall, deadline=timezone.localdate())
    assert notice.deadline == timezone.localdate()


@pytest.mark.parametrize("user_key", ["lead1", "staff1", "viewer"])
def test_issuing_to_a_zone_one_may_not_supervise_is_refused(hall, user_key):
    findings = findings_of(hall)
    before = world(hall)
    with pytest.raises(PermissionDenied):
        issued_notice(hall, user_key=user_key, findings=findings)
    assert world(hall) == before


def test_another_halls_supervisor_may_not_issue(hall, beta):
    findings = findings_of(hall)
    with pytest.raises(PermissionDenied):
        services.notice_issue(user=beta.users["admin"], zone=hall.zones[0], findings=findings, requirement="x")
    assert not Notice.objects.exists()


def test_bad_issues_are_refused_and_change_nothing(hall):
    findings = findings_of(hall)
    other_zone = findings_of(hall, zone_index=1)
    held = issued_notice(hall, findings=findings_of(hall))
    before = world(hall)
    cases = {
        "deadline_past": {"deadline": timezone.localdate() - timedelta(days=1)},
        "deadline_far": {"deadline": timezone.localdate() + timedelta(days=400)},
        "finding_zone": {"findings": findings + other_zone},
        "finding_held": {"findings": findings + [held.items.get().finding]},
        "requirement": {"requirement": "   "},
        "no_findings": {"findings": []},
    }
    for code, kwargs in cases.items():
        kwargs.setdefault("findings", findings)
        with pytest.raises(ValidationError) as error:
            issued_notice(hall, **kwargs)
        assert error.value.code == code, code
        assert world(hall) == before, code


def test_a_finding_of_a_cancelled_notice_may_be_issued_again(hall):
    findings = findings_of(hall)
    first = issued_notice(hall, findings=findings)
    services.notice_cancel(user=hall.users["supervision"], notice=first, reason="要求写错")
    second = issued_notice(hall, findings=findings)
    assert second.seq == 2 and second.items.get().finding == findings[0]
    assert not fresh(first.items.get()).active


def test_a_finding_of_a_closed_notice_is_not_issued_again(hall):
    notice = notice_in_state(hall, NoticeState.VERIFIED)
    with pytest.raises(ValidationError) as error:
        issued_notice(hall, findings=[notice.items.get().finding])
    assert error.value.code == "finding_held"


# -- the zone's side --------------------------------------------------------------------------------


def two_finding_notice(small, state=NoticeState.RECTIFYING):
    """A notice of zone 1 holding two findings (exit-clear, a veto; counter-whitelist, minor), moved to
    ``state`` (acknowledged or rectifying) through the services."""
    add_service_window(small)
    findings = findings_of(small, fails={"exit-clear": 1, "counter-whitelist": 1})
    assert len(findings) == 2
    notice = issued_notice(small, findings=findings)
    lead = small.users["lead1"]
    notice = services.notice_acknowledge(user=lead, notice=notice)
    if state == NoticeState.RECTIFYING:
        notice = services.notice_start(user=lead, notice=notice)
    return notice


def items_of(notice):
    return list(notice.items.select_related("finding__rule").order_by("order", "pk"))


def test_submit_needs_an_answer_with_photos_for_every_finding(hall, media):
    notice = two_finding_notice(hall)
    lead = hall.users["lead1"]
    first, second = items_of(notice)
    good = FindingAnswer(item=first.pk, text="已清理", photos=(photo_file(),))
    before = world(hall), FindingResponse.objects.count()
    cases = [
        # (refused answers, the field the error is keyed by, its code)
        ([good], f"finding-{second.pk}", "finding_text"),
        (
            [good, FindingAnswer(item=second.pk, text=" ", photos=(photo_file("blue"),))],
            f"finding-{second.pk}",
            "finding_text",
        ),
        ([good, FindingAnswer(item=second.pk, text="已整改")], f"finding-{second.pk}", "finding_photo"),
        (
            [
                FindingAnswer(
                    item=first.pk, text="已整改", photos=(photo_file(), upload(b"not a picture", name="x.jpg"))
                ),
                FindingAnswer(item=second.pk, text="已整改", photos=(photo_file("blue"),)),
            ],
            f"finding-{first.pk}",
            "photo",
        ),
        (
            [
                FindingAnswer(
                    item=first.pk, text="已整改", photos=tuple(photo_file(f"#{i:02x}0000") for i in range(7))
                ),
                FindingAnswer(item=second.pk, text="已整改", photos=(photo_file("blue"),)),
            ],
            f"finding-{first.pk}",
            "too_many_photos",
        ),
        (
            [
                good,
                FindingAnswer(item=second.pk, text="已整改", photos=(photo_file("blue"),)),
                FindingAnswer(item=first.pk, text="又一次", photos=(photo_file("red"),)),
            ],
            f"finding-{first.pk}",
            "finding_twice",
        ),
    ]
    for answers, key, code in cases:
        with pytest.raises(ValidationError) as error:
            services.notice_submit(user=lead, notice=notice, answers=answers)
        assert list(error.value.error_dict) == [key]
        assert [e.code for e in error.value.error_dict[key]] == [code]
        assert (world(hall), FindingResponse.objects.count()) == before
    # The message names the finding, by its number on the notice and its rule.
    with pytest.raises(ValidationError) as error:
        services.notice_submit(user=lead, notice=notice, answers=[good])
    assert (
        f"({second.order}" in error.value.messages[0].replace("（", "(")
        and second.finding.rule.code in (error.value.messages[0])
    )
    assert not [p for p in media.rglob("*") if p.is_file()]  # no file left behind either


def test_submit_refuses_a_finding_of_another_notice(hall, media):
    notice = two_finding_notice(hall)
    other = issued_notice(hall, findings=findings_of(hall))
    answers = answers_for(notice) + [FindingAnswer(item=other.items.get().pk, text="顺手", photos=(photo_file("red"),))]
    before = world(hall)
    with pytest.raises(ValidationError) as error:
        services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers)
    assert "findings" in error.value.error_dict
    assert world(hall) == before


def test_the_policy_may_spare_minor_findings_an_after_photo(hall):
    notice = two_finding_notice(hall)
    veto, minor = sorted(items_of(notice), key=lambda i: i.finding.severity != "veto")
    assert (veto.finding.severity, minor.finding.severity) == ("veto", "minor")
    answers = [
        FindingAnswer(item=veto.pk, text="通道已清理", photos=(photo_file(),)),
        FindingAnswer(item=minor.pk, text="白名单已更新"),
    ]
    with pytest.raises(ValidationError) as error:
        services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers)
    assert f"finding-{minor.pk}" in error.value.error_dict
    RectificationPolicy.objects.update_or_create(hall=hall.hall, defaults={"minor_without_photo": True})
    response = services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers)
    assert response.answers.get(item=veto).photos.count() == 1
    assert response.answers.get(item=minor).photos.count() == 0
    policy = RectificationPolicy.objects.get(hall=hall.hall)
    assert policy.needs_after_photo("veto") and policy.needs_after_photo("major")
    assert not policy.needs_after_photo("minor")


def test_submit_stores_each_findings_answer_and_photos(hall):
    notice = two_finding_notice(hall, NoticeState.ACKNOWLEDGED)
    first, second = items_of(notice)
    same = photo_file("blue")
    response = services.notice_submit(
        user=hall.users["lead1"],
        notice=notice,
        answers=[
            FindingAnswer(item=first.pk, text=" 通道已清理 ", photos=(same, photo_file("blue"), photo_file())),
            FindingAnswer(item=second.pk, text="白名单已张贴", photos=(photo_file("blue"),)),
        ],
        remark=" 全部完成 ",
    )
    assert response.text == "全部完成"
    a1, a2 = response.answers.order_by("item__order")
    assert (a1.item_id, a1.text, a2.item_id, a2.text) == (first.pk, "通道已清理", second.pk, "白名单已张贴")
    assert a1.photos.count() == 2  # the same picture twice for one finding is stored once
    assert a2.photos.count() == 1  # … but the same picture may show another finding
    photos = list(response.photos.order_by("pk"))
    assert all(p.thumbnail.name and p.width == 320 and p.answer_id for p in photos)
    notice = fresh(notice)
    assert notice.state == NoticeState.SUBMITTED and notice.last_submitted_at == response.at
    event = events_for(notice).last()
    assert event.verb == "notice.submitted" and event.data["photos"] == [p.pk for p in photos]
    assert event.data["findings"] == {str(first.pk): "通道已清理", str(second.pk): "白名单已张贴"}


def test_rejection_names_findings_and_resubmission_keeps_the_history(hall):
    notice = two_finding_notice(hall)
    lead, inspector = hall.users["lead1"], hall.users["supervision"]
    first, second = items_of(notice)
    round1 = services.notice_submit(user=lead, notice=notice, answers=answers_for(notice, "第一次"))
    notice = services.notice_reject(
        user=inspector, notice=fresh(notice), reason="出口仍有纸箱", unsatisfactory=[first.pk]
    )
    assert notice.state == NoticeState.RECTIFYING
    assert list(round1.answers.order_by("item__order").values_list("unsatisfactory", flat=True)) == [True, False]
    assert events_for(notice).last().data["unsatisfactory"] == [first.pk]
    round2 = services.notice_submit(user=lead, notice=notice, answers=answers_for(notice, "第二次", "red"))
    assert round2.pk != round1.pk
    assert list(notice.responses.order_by("at", "pk")) == [round1, round2]
    assert set(round1.answers.values_list("text", flat=True)) == {"第一次"}  # the rejected round stays as it was
    assert round1.photos.count() == 2 and round2.photos.count() == 2
    assert set(round2.answers.values_list("unsatisfactory", flat=True)) == {False}


def test_rejection_refuses_a_finding_not_in_the_last_round(hall):
    notice = two_finding_notice(hall)
    services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers_for(notice))
    other = issued_notice(hall, findings=findings_of(hall))
    before = world(hall)
    for named in ([other.items.get().pk], [10**15]):
        with pytest.raises(ValidationError) as error:
            services.notice_reject(
                user=hall.users["supervision"], notice=fresh(notice), reason="不合格", unsatisfactory=named
            )
        assert "unsatisfactory" in error.value.error_dict
        assert world(hall) == before
        assert not FindingResponse.objects.filter(unsatisfactory=True).exists()


def test_a_failed_submission_removes_the_files_it_wrote(hall, media, monkeypatch):
    notice = notice_in_state(hall, NoticeState.RECTIFYING)

    def broken(*args, **kwargs):
        raise IntegrityError("lost connection")

    monkeypatch.setattr("hallkeeper.rectification.services._record", broken)
    with pytest.raises(IntegrityError):
        services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers_for(notice, "已整改"))
    assert not ResponsePhoto.objects.exists() and fresh(notice).state == NoticeState.RECTIFYING
    assert not [p for p in media.rglob("*") if p.is_file()]


def test_other_zone_lead_may_not_touch_the_notice(hall):
    notice = issued_notice(hall)
    with pytest.raises(PermissionDenied):
        services.notice_acknowledge(user=hall.users["lead2"], notice=notice)
    assert fresh(notice).state == NoticeState.ISSUED


# -- the inspector's side --------------------------------------------------------------------------


def test_verifying_ones_own_rectification_is_refused(hall):
    lead = hall.users["lead1"]
    RoleFactory(user=lead, hall=hall.hall, role=Role.SUPERVISION)  # a zone lead who is also an inspector
    forget_access(lead)
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    before = world(hall)
    with pytest.raises(ValidationError) as error:
        services.notice_verify(user=lead, notice=notice)
    assert error.value.code == "own_rectification"
    assert world(hall) == before
    assert services.notice_verify(user=hall.users["supervision"], notice=notice).state == NoticeState.VERIFIED


def test_reject_needs_a_reason_then_the_whole_loop_closes(hall):
    lead, inspector = hall.users["lead1"], hall.users["supervision"]
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    with pytest.raises(ValidationError):
        services.notice_reject(user=inspector, notice=notice, reason="")
    notice = services.notice_reject(user=inspector, notice=notice, reason="通道仍有纸箱")
    assert notice.state == NoticeState.RECTIFYING and notice.times_rejected == 1
    assert events_for(notice).last().comment == "通道仍有纸箱"
    services.notice_submit(user=lead, notice=notice, answers=answers_for(notice, "纸箱已搬走", "yellow"))
    notice = services.notice_verify(user=inspector, notice=fresh(notice), comment="复查合格")
    assert notice.state == NoticeState.VERIFIED and notice.closed_at is not None
    assert notice.closed_late is False
    assert verbs(notice) == [
        "notice.issued",
        "notice.acknowledged",
        "notice.started",
        "notice.submitted",
        "notice.rejected",
        "notice.submitted",
        "notice.verified",
    ]
    assert [e.to_state for e in selectors.timeline(notice)][-3:] == ["rectifying", "submitted", "verified"]


def test_cancel_needs_a_reason_and_the_issuer(hall):
    notice = notice_in_state(hall, NoticeState.ACKNOWLEDGED)
    with pytest.raises(ValidationError):
        services.notice_cancel(user=hall.users["supervision"], notice=notice, reason=" ")
    with pytest.raises(PermissionDenied):
        services.notice_cancel(user=hall.users["leadership"], notice=notice, reason="不是我发的")
    notice = services.notice_cancel(user=hall.users["admin"], notice=notice, reason="重复")
    assert notice.state == NoticeState.CANCELLED and notice.cancel_reason == "重复" and notice.closed_at


def test_verify_by_a_recheck_inspection(hall):
    notice = notice_in_state(hall, NoticeState.SUBMITTED)
    failing = submitted(hall, {"exit-clear": 1})
    with pytest.raises(ValidationError) as error:
        services.notice_verify(user=hall.users["supervision"], notice=notice, verification_inspection=failing)
    assert error.value.code == "recheck_failed"
    other_zone = submitted(hall, zone_index=1)
    with pytest.raises(ValidationError) as error:
        services.notice_verify(user=hall.users["supervision"], notice=notice, verification_inspection=other_zone)
    assert error.value.code == "verification_inspection"
    notice = services.notice_reject(
        user=hall.users["supervision"], notice=notice, reason="复查仍不合格", verification_inspection=failing
    )
    assert events_for(notice).last().data["inspection"] == failing.pk
    services.notice_submit(user=hall.users["lead1"], notice=notice, answers=answers_for(notice, "已清理"))
    passing = submitted(hall, {}, user_key="leadership")
    notice = services.notice_verify(
        user=hall.users["leadership"], notice=fresh(notice), verification_inspection=passing
    )
    assert notice.state == NoticeState.VERIFIED and notice.verification_inspection == passing


def test_an_acceptance_failure_closes_with_a_passed_reacceptance(hall):
    first = submitted(hall, {"exit-clear": 1}, kind=InspectionKind.ACCEPTANCE)
    assert first.passed is False
    with pytest.raises(ValidationError):
        services.notice_issue(
            user=hall.users["supervision"],
            zone=hall.zones[0],
            requirement="整改",
            acceptance_inspection=submitted(hall, {}, kind=InspectionKind.PATROL),
        )
    notice = services.notice_issue(
        user=hall.users["supervision"], zone=hall.zones[0], requirement="整改后申请复验", acceptance_inspection=first
    )
    assert notice.acceptance_failure and notice.source_inspection == first
    assert [i.finding for i in notice.items.all()] == list(first.findings.all())
    services.notice_acknowledge(user=hall.users["lead1"], notice=notice)
    services.notice_submit(user=hall.users["lead1"], notice=fresh(notice), answers=answers_for(fresh(notice), "已整改"))
    notice = fresh(notice)
    with pytest.raises(ValidationError) as error:
        services.notice_verify(user=hall.users["supervision"], notice=notice)
    assert error.value.code == "needs_reacceptance"
    patrol = submitted(hall, {})
    with pytest.raises(ValidationError) as error:
        services.notice_verify(user=hall.users["supervision"], notice=notice, verification_inspection=patrol)
    assert error.value.code == "needs_reacceptance"
    retake = answer(start(hall, kind=InspectionKind.ACCEPTANCE, retake_of=first))
    retake = inspections.inspection_submit(user=retake.inspector, inspection=retake)
    assert retake.passed
    notice = services.notice_verify(user=hall.users["supervision"], notice=notice, verification_inspection=retake)
    assert notice.state == NoticeState.VERIFIED and notice.verification_inspection == retake


# -- stale actions ------------------------------------------------------------------------------------


def test_acting_on_a_stale_notice_is_refused(hall):
    seen_by_inspector = issued_notice(hall)
    seen_by_lead = fresh(seen_by_inspector)
    services.notice_acknowledge(user=hall.users["lead1"], notice=seen_by_lead)
    before = world(hall)
    with pytest.raises(ValidationError) as error:
        services.notice_cancel(user=hall.users["supervision"], notice=seen_by_inspector, reason="撤销")
    assert error.value.code == "stale" and "已有其他人先处理了这份通知书" in str(error.value)
    assert world(hall) == before
    with pytest.raises(ValidationError) as error:  # the state sent back by a page
        services.notice_start(user=hall.users["lead1"], notice=fresh(seen_by_lead), expected_state="issued")
    assert error.value.code == "stale"
    services.notice_cancel(
        user=hall.users["supervision"], notice=seen_by_inspector, reason="撤销", expected_state="acknowledged"
    )
    assert fresh(seen_by_lead).state == NoticeState.CANCELLED


# -- more time ---------------------------------------------------------------------------------------


def test_extension_request_grant_and_refusal(hall):
    lead, inspector = hall.users["lead1"], hall.users["supervision"]
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    deadline = notice.deadline
    with pytest.raises(ValidationError) as error:
        services.extension_request(user=lead, notice=notice, requested_until=deadline, reason="需要采购")
    assert error.value.code == "extension_date"
    with pytest.raises(ValidationError):
        services.extension_request(user=lead, notice=notice, requested_until=deadline + timedelta(3), reason="")
    asked = services.extension_request(
        user=lead, notice=notice, requested_until=deadline + timedelta(3), reason="需要采购"
    )
    with pytest.raises(ValidationError) as error:
        services.extension_request(user=lead, notice=notice, requested_until=deadline + timedelta(5), reason="再延")
    assert error.value.code == "extension_pending"
    with pytest.raises(ValidationError):
        services.extension_decide(user=inspector, extension=asked, grant=False, note="")
    services.extension_decide(user=inspector, extension=asked, grant=True)
    assert fresh(notice).deadline == deadline + timedelta(3) and fresh(notice).original_deadline == deadline
    again = services.extension_request(user=lead, notice=notice, requested_until=deadline + timedelta(9), reason="再延")
    services.extension_decide(user=inspector, extension=again, grant=False, note="期限已够")
    assert fresh(again).state == ExtensionState.REFUSED and fresh(notice).deadline == deadline + timedelta(3)
    assert verbs(notice)[-4:] == [
        "notice.extension_requested",
        "notice.extension_granted",
        "notice.extension_requested",
        "notice.extension_refused",
    ]


def test_more_time_is_never_asked_for_a_past_date(hall):
    """An overdue notice's lead cannot ask for a new deadline that has passed already."""
    notice = notice_in_state(hall, NoticeState.RECTIFYING)
    today = timezone.localdate()
    Notice.objects.filter(pk=notice.pk).update(deadline=today - timedelta(days=10))
    with pytest.raises(ValidationError) as error:
        services.extension_request(
            user=hall.users["lead1"], notice=fresh(notice), requested_until=today - timedelta(days=3), reason="补办"
        )
    assert error.value.code == "deadline_past"
    assert not fresh(notice).extensions.exists()


def test_closing_a_notice_settles_a_pending_request(hall):
    notice = notice_in_state(hall, NoticeState.ISSUED)
    asked = services.extension_request(
        user=hall.users["lead1"], notice=notice, requested_until=notice.deadline + timedelta(2), reason="等待维修"
    )
    services.notice_cancel(user=hall.users["supervision"], notice=notice, reason="已撤销")
    assert fresh(asked).state == ExtensionState.REFUSED and fresh(asked).decided_by == hall.users["supervision"]


# -- overdue and counts --------------------------------------------------------------------------------


def test_overdue_is_derived_from_the_deadline(hall):
    today = timezone.localdate()
    late = notice_in_state(hall, NoticeState.RECTIFYING)
    waiting = notice_in_state(hall, NoticeState.SUBMITTED)
    on_time = notice_in_state(hall, NoticeState.ISSUED)
    done = notice_in_state(hall, NoticeState.VERIFIED)
    Notice.objects.filter(pk__in=[late.pk, waiting.pk, done.pk]).update(deadline=today - timedelta(days=2))
    assert fresh(late).is_overdue and fresh(late).state_colour == "danger"
    assert not fresh(waiting).is_overdue  # submitted: waiting for the inspector, not the zone
    assert not fresh(on_time).is_overdue and not fresh(done).is_overdue
    assert list(Notice.objects.overdue(today)) == [late]
    assert set(Notice.objects.open()) == {late, waiting, on_time}
    counts = {c.zone: c for c in selectors.zone_counts(hall.hall)}
    assert (counts[hall.zones[0]].open, counts[hall.zones[0]].overdue) == (3, 1)
    assert (counts[hall.zones[1]].open, counts[hall.zones[1]].overdue) == (0, 0)
    states = selectors.state_counts(Notice.objects.filter(hall=hall.hall), today)
    assert (states["open"], states["overdue"], states["verified"], states["submitted"]) == (3, 1, 1, 1)


def test_average_days_to_close_per_zone(hall):
    now = timezone.now()
    a = notice_in_state(hall, NoticeState.VERIFIED)
    b = notice_in_state(hall, NoticeState.VERIFIED)
    c = notice_in_state(hall, NoticeState.VERIFIED, zone_index=1)
    notice_in_state(hall, NoticeState.CANCELLED)
    Notice.objects.filter(pk=a.pk).update(issued_at=now - timedelta(days=4), closed_at=now - timedelta(days=1))
    Notice.objects.filter(pk=b.pk).update(issued_at=now - timedelta(days=6), closed_at=now - timedelta(days=1))
    Notice.objects.filter(pk=c.pk).update(issued_at=now - timedelta(days=40), closed_at=now - timedelta(days=35))
    today = timezone.localdate()
    result = selectors.days_to_close(hall.hall, today - timedelta(days=7), today)
    assert set(result) == {hall.zones[0].pk}
    assert result[hall.zones[0].pk].closed == 2 and result[hall.zones[0].pk].average_days == 4.0
    wide = selectors.days_to_close(hall.hall, today - timedelta(days=60), today)
    assert wide[hall.zones[1].pk].average_days == 5.0
