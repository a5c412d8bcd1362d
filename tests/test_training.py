"""Training sessions, model-window visits, QR sign-in, the handbook quiz and the coverage: services and their
refusals (nothing changed), the promotion group as organizers, the QR image, the form and the export. Who gets
200/403/404 on every training page is in the permission matrix (tests/test_permissions.py)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import segno
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.core.models import Event
from hallkeeper.org.choices import GroupKind
from hallkeeper.org.models import Membership, Person, WorkGroup
from hallkeeper.standards.choices import Severity
from hallkeeper.training import quiz as quiz_rules
from hallkeeper.training import selectors, services
from hallkeeper.training.choices import QuestionKind, SessionKind, SignMethod
from hallkeeper.training.models import Attendance, QuizAttempt, Session
from hallkeeper.training.signing import GRACE, make_token

from .factories import PersonFactory
from .standards_data import install_tiny_handbook
from .training_data import open_quiz, started_session, units_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def person(small, key):
    return Person.objects.get(hall=small.hall, user=small.users[key])


def unchanged(fn):
    """Call ``fn`` expecting a refusal; nothing written (no event, no attendance or attempt change)."""
    before = (Event.objects.count(), list(Attendance.objects.values_list("pk", "present")), QuizAttempt.objects.count())
    with pytest.raises(ValidationError) as info:
        fn()
    after = (Event.objects.count(), list(Attendance.objects.values_list("pk", "present")), QuizAttempt.objects.count())
    assert before == after
    return info.value


# -- sessions and attendance ----------------------------------------------------------------------------------


def test_session_lists_the_people_of_its_units(alpha):
    session = started_session(alpha, units=units_of(alpha)[:1])
    expected = set(Person.objects.filter(unit=units_of(alpha)[0]).values_list("pk", flat=True))
    assert set(session.attendances.values_list("person_id", flat=True)) == expected
    assert Event.objects.filter(verb="training.session_created", object_id=session.pk).exists()


def test_qr_sign_in_once_then_refused(alpha):
    session = started_session(alpha)
    token = make_token(session)
    attendance = services.attendance_sign(user=alpha.users["lead1"], token=token)
    assert attendance.present and attendance.method == SignMethod.QR
    error = unchanged(lambda: services.attendance_sign(user=alpha.users["lead1"], token=token))
    assert error.error_dict["session"][0].code == "twice"


def test_sign_in_refused_before_the_start_and_after_the_grace(alpha):
    session = started_session(alpha, start_in=dt.timedelta(hours=2))
    error = unchanged(lambda: services.attendance_sign(user=alpha.users["lead1"], token=make_token(session)))
    assert error.error_dict["session"][0].code == "not_started"
    late = session.ends_at + GRACE + dt.timedelta(minutes=1)
    error = unchanged(lambda: services.attendance_sign(user=alpha.users["lead1"], token=make_token(session), now=late))
    assert "token" in error.error_dict or error.error_dict["session"][0].code == "ended"
    ok = services.attendance_sign(user=alpha.users["lead1"], token=make_token(session), now=session.ends_at + GRACE)
    assert ok.present


def test_forged_token_and_login_without_person_are_refused(alpha):
    session = started_session(alpha)
    token = make_token(session)
    unchanged(lambda: services.attendance_sign(user=alpha.users["lead1"], token=token[:-2] + "xx"))
    error = unchanged(lambda: services.attendance_sign(user=alpha.users[Role.VIEWER], token=token))
    assert error.error_dict["session"][0].code == "no_person"


def test_ticked_list_make_up_and_coverage(alpha):
    session = started_session(alpha)
    lead1, staff1 = person(alpha, "lead1"), person(alpha, "staff1")
    everyone = set(session.attendances.values_list("person_id", flat=True))
    services.attendance_tick(user=alpha.users[Role.ADMIN], session=session, present_ids=everyone - {staff1.pk})
    absentees = [r for r in selectors.attendance_rows(session, alpha.users[Role.ADMIN]) if not r.attendance.present]
    assert [r.attendance.person_id for r in absentees] == [staff1.pk]
    assert lead1.pk in selectors.trained_person_ids(alpha.hall)

    make_up = started_session(alpha, units=[], makes_up=session, start_in=dt.timedelta(minutes=-10))
    assert list(make_up.attendances.values_list("person_id", flat=True)) == [staff1.pk]
    services.attendance_sign(user=alpha.users["staff1"], token=make_token(make_up))
    rows = selectors.attendance_rows(session, alpha.users[Role.ADMIN])
    assert next(r for r in rows if r.attendance.person_id == staff1.pk).made_up_in == make_up
    untrained = {p.pk for row in selectors.coverage(alpha.hall) for p in row.untrained}
    assert staff1.pk not in untrained and lead1.pk not in untrained


def test_tick_refused_before_start_and_for_strangers(alpha):
    session = started_session(alpha, start_in=dt.timedelta(hours=3))
    ids = list(session.attendances.values_list("person_id", flat=True))
    unchanged(lambda: services.attendance_tick(user=alpha.users[Role.ADMIN], session=session, present_ids=ids))
    started = started_session(alpha)
    stranger = PersonFactory(hall=alpha.hall)
    started.attendances.filter(person=stranger).delete()
    admin = alpha.users[Role.ADMIN]
    unchanged(lambda: services.attendance_tick(user=admin, session=started, present_ids=[stranger.pk]))


def test_session_refusals_change_nothing(alpha):
    now = timezone.now()
    bad = {"user": alpha.users[Role.ADMIN], "hall": alpha.hall, "kind": SessionKind.TRAINING, "topic": " ",
           "starts_at": now, "ends_at": now - dt.timedelta(hours=1), "units": []}  # fmt: skip
    count = Session.objects.count()
    with pytest.raises(ValidationError) as info:
        services.session_create(**bad)
    assert {"topic", "ends_at", "units"} <= set(info.value.error_dict)
    assert Session.objects.count() == count
    with pytest.raises(PermissionDenied):
        started_session(alpha) and services.session_create(**{**bad, "user": alpha.users["lead1"]})


def test_promotion_group_member_organizes(alpha):
    assert not selectors.can_organize(alpha.users["lead1"], alpha.hall)
    group = WorkGroup.objects.create(hall=alpha.hall, kind=GroupKind.PROMOTION, name="推进小组")
    Membership.objects.create(group=group, person=person(alpha, "lead1"))
    assert selectors.can_organize(alpha.users["lead1"], alpha.hall)
    assert Session.objects.visible_to(alpha.users["lead1"], "change").filter(pk=started_session(alpha).pk).exists()


def test_visit_expects_the_window_heads(alpha):
    window = alpha.windows[0]
    visit = started_session(alpha, kind=SessionKind.VISIT, units=[window.unit])
    heads = set(visit.attendances.values_list("person_id", flat=True))
    assert heads == {alpha.zones[0].lead_id}
    assert visit.model_window is None or visit.model_window.hall_id == alpha.hall.pk


def test_material_pdf_and_picture_and_refusal(alpha, client):
    session = started_session(alpha)
    pdf = SimpleUploadedFile("h.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    material = services.material_add(user=alpha.users[Role.ADMIN], session=session, title="讲义", file=pdf)
    unchanged(lambda: services.material_add(user=alpha.users[Role.ADMIN], session=session, title="脚本",
                                            file=SimpleUploadedFile("x.pdf", b"<svg onload=alert(1)>")))  # fmt: skip
    client.force_login(alpha.users["staff1"])
    response = client.get(reverse("training_material", kwargs={"hall": alpha.hall.code, "pk": material.pk}))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    client.force_login(alpha.users[Role.SECURITY_ADMIN])
    url = reverse("training_material", kwargs={"hall": alpha.hall.code, "pk": material.pk})
    assert client.get(url).status_code == 403


# -- the quiz -------------------------------------------------------------------------------------------------


def test_questions_are_sound():
    facts = [
        quiz_rules.RuleFact(f"k{i}", f"{p}.{i}", f"规则{i}", f"要求{i}", f"{p} 部分{p}", f"{p}.1", sev)
        for i, (p, sev) in enumerate(
            [(1, Severity.MINOR), (1, Severity.VETO), (2, Severity.MAJOR), (3, Severity.MINOR)]
        )
    ]
    questions = quiz_rules.make_questions(facts, 4, seed=3)
    assert len(questions) == 4 and questions == quiz_rules.make_questions(facts, 4, seed=3)
    by_key = {f.key: f for f in facts}
    for q in questions:
        fact = by_key[q["rule"]]
        if q["kind"] == QuestionKind.PART:
            assert q["options"][q["answer"]] == fact.part and len(set(q["options"])) == len(q["options"])
        elif q["kind"] == QuestionKind.STATEMENT:
            assert (q["statement"] == fact.requirement) == (q["answer"] == quiz_rules.TRUE)
        else:
            assert q["options"][q["answer"]] == fact.severity
    assert quiz_rules.score(questions, [q["answer"] for q in questions]) == (4, 4, 100)
    assert quiz_rules.score(questions, [None] * 4) == (0, 4, 0)


def test_quiz_once_scored_then_refused(alpha):
    quiz = open_quiz(alpha)
    right = [q["answer"] for q in quiz.questions]
    attempt = services.quiz_submit(user=alpha.users["lead1"], quiz=quiz, answers=right)
    assert attempt.score == 100
    error = unchanged(lambda: services.quiz_submit(user=alpha.users["lead1"], quiz=quiz, answers=right))
    assert error.error_dict["quiz"][0].code == "twice"
    results = {r.unit.pk: r for r in selectors.quiz_results(quiz) if r.unit}
    assert results[person(alpha, "lead1").unit_id].average == 100


def test_quiz_refused_after_close_and_bad_options(alpha):
    quiz = open_quiz(alpha)
    error = unchanged(lambda: services.quiz_submit(user=alpha.users["staff1"], quiz=quiz, answers=[0],
                                                   now=quiz.closes_at + dt.timedelta(seconds=1)))  # fmt: skip
    assert error.error_dict["quiz"][0].code == "closed"
    unchanged(lambda: services.quiz_submit(user=alpha.users["staff1"], quiz=quiz, answers=[9] * len(quiz.questions)))


def test_quiz_refused_before_it_opens(alpha):
    quiz = open_quiz(alpha, opens_in=dt.timedelta(hours=2))
    right = [q["answer"] for q in quiz.questions]
    error = unchanged(lambda: services.quiz_submit(user=alpha.users["staff1"], quiz=quiz, answers=right))
    assert error.error_dict["quiz"][0].code == "not_open"


def test_quiz_page_refuses_a_second_answer_and_one_after_the_close_with_a_message(alpha, client):
    quiz = open_quiz(alpha)
    path = reverse("training_quiz", kwargs={"hall": alpha.hall.code, "pk": quiz.pk})
    answers = {f"q{i}": q["answer"] for i, q in enumerate(quiz.questions)}
    client.force_login(alpha.users["lead1"])
    assert client.post(path, answers).status_code == 302
    again = client.post(path, {f"q{i}": 0 for i in range(len(quiz.questions))})
    assert again.status_code == 400 and "您已参加过本次测验" in again.content.decode()
    assert QuizAttempt.objects.get().score == 100  # the first answers stand
    quiz.closes_at = timezone.now() - dt.timedelta(minutes=1)
    quiz.save(update_fields=["closes_at"])
    client.force_login(alpha.users["staff1"])
    late = client.post(path, answers)
    assert late.status_code == 400 and "不再接受答卷" in late.content.decode()
    assert QuizAttempt.objects.count() == 1


def test_quiz_create_refusals(alpha):
    now = timezone.now()
    with pytest.raises(ValidationError) as info:
        services.quiz_create(user=alpha.users[Role.ADMIN], hall=alpha.hall, title="", opens_at=now,
                             closes_at=now - dt.timedelta(days=1), count=0)  # fmt: skip
    assert {"title", "closes_at", "count"} <= set(info.value.error_dict)
    with pytest.raises(PermissionDenied):
        open_quiz(alpha) and services.quiz_create(user=alpha.users["staff1"], hall=alpha.hall, title="x",
                                                  opens_at=now, closes_at=now + dt.timedelta(days=1))  # fmt: skip


# -- pages ----------------------------------------------------------------------------------------------------


def test_qr_image_encodes_the_sign_in_url(alpha, client):
    session = started_session(alpha)
    client.force_login(alpha.users[Role.LEADERSHIP])
    detail = client.get(session.get_absolute_url())
    sign_url = detail.context["sign_url"]
    assert f"/h/{alpha.hall.code}/training/sign/" in sign_url
    response = client.get(reverse("training_session_qr", kwargs={"hall": alpha.hall.code, "pk": session.pk}))
    assert response["Content-Type"] == "image/svg+xml" and response.content.lstrip().startswith(b"<?xml")
    out = io.BytesIO()
    segno.make(sign_url, error="m").save(out, kind="svg", scale=8, border=2, title=f"签到二维码：{session.topic}")
    assert response.content == out.getvalue()  # the very QR code of that URL, named by the session's topic
    assert client.get(sign_url).status_code == 200


def test_sign_in_page_signs_and_refuses_twice(alpha, client):
    session = started_session(alpha)
    path = reverse("training_sign", kwargs={"hall": alpha.hall.code, "token": make_token(session)})
    client.force_login(alpha.users["lead1"])
    assert client.post(path).status_code == 302
    again = client.post(path)
    assert again.status_code == 400 and "请勿重复签到" in again.content.decode()
    assert client.get(path.replace("/sign/", "/sign/x")).status_code == 404


def test_coverage_export_lists_the_untrained(alpha, client):
    started_session(alpha)
    client.force_login(alpha.users[Role.SUPERVISION])
    response = client.get(reverse("training_coverage", kwargs={"hall": alpha.hall.code}) + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = {row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == set(Person.objects.filter(hall=alpha.hall).values_list("name", flat=True))


def test_session_form_refuses_field_by_field_then_schedules(alpha, client):
    client.force_login(alpha.users[Role.LEADERSHIP])
    path = reverse("training_session_create", kwargs={"hall": alpha.hall.code})
    unit = alpha.windows[0].unit
    data = {"kind": SessionKind.VISIT, "topic": "参观示范窗口", "starts_at": "2026-07-08T09:30",
            "ends_at": "2026-07-08T09:00", "units": [unit.pk]}  # fmt: skip
    response = client.post(path, data)
    assert response.status_code == 200 and "ends_at" in response.context["form"].errors
    assert not Session.objects.exists()
    response = client.post(path, {**data, "ends_at": "2026-07-08T10:30"})
    visit = Session.objects.get()
    assert response.status_code == 302 and visit.kind == SessionKind.VISIT
    assert set(visit.attendances.values_list("person_id", flat=True)) == {alpha.zones[0].lead_id}
