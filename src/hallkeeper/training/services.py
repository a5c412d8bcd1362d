"""Every write of the training app: each checks who may do it, refuses bad input field by field with nothing
changed, and records its event."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.events import record_event
from hallkeeper.core.uploads import files_for_transaction, validate_image
from hallkeeper.core.validation import field_error
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.models import Window
from hallkeeper.standards.models import Part

from . import quiz as quiz_rules
from .choices import SessionKind, SignMethod
from .models import Attendance, Material, Quiz, QuizAttempt, Session
from .selectors import can_organize, expected_people, person_of, published_version, rule_facts
from .signing import GRACE, read_token

#: Materials: pictures (checked and cleaned like inspection photos) or PDF handouts up to this size.
MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MAX_QUESTIONS = 30


def _require_organizer(user, hall) -> None:
    if not can_organize(user, hall):
        raise PermissionDenied(
            _("Only the administrators, the leadership group and the promotion group organize training.")
        )


def _person_or_refuse(user, hall, field: str) -> Person:
    person = person_of(user, hall)
    if person is None:
        raise field_error(
            field,
            _("Your login is not linked to a member of staff of this hall; ask the administrator to link it."),
            "no_person",
        )
    return person


@transaction.atomic
def session_create(
    *,
    user,
    hall,
    kind: str,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    trainer: str = "",
    parts: Iterable[Part] = (),
    units: Iterable[Unit] = (),
    model_window: Window | None = None,
    makes_up: Session | None = None,
    notes: str = "",
) -> Session:
    """Schedule a training session or a model-window visit and list who must attend: everyone of the units for
    a training session, the units' window heads for a visit, the absentees of the session made up for."""
    _require_organizer(user, hall)
    parts, units = list(parts), list(units)
    errors: dict[str, list] = {}

    def refuse(name: str, message, code: str) -> None:
        errors.setdefault(name, []).append(field_error(name, message, code).error_dict[name][0])

    if kind not in SessionKind.values:
        refuse("kind", _("Choose a training session or a model-window visit."), "kind")
    if not (topic or "").strip():
        refuse("topic", _("Give the session a topic."), "required")
    if starts_at and ends_at and ends_at <= starts_at:
        refuse("ends_at", _("The session must end after it starts."), "ends_before")
    version = published_version(hall)
    if parts and (version is None or any(p.version_id != version.pk for p in parts)):
        refuse("parts", _("Choose parts of the published handbook."), "parts")
    if any(u.hall_id != hall.pk for u in units):
        refuse("units", _("Choose units of this hall."), "units")
    if model_window is not None and model_window.hall_id != hall.pk:
        refuse("model_window", _("Choose a window of this hall."), "window")
    if makes_up is not None:
        if makes_up.hall_id != hall.pk or makes_up.kind != kind or makes_up.makes_up_id:
            refuse("makes_up", _("A make-up session makes up for a session of the same kind in this hall."), "makes_up")
        elif starts_at and starts_at <= makes_up.starts_at:
            refuse("starts_at", _("A make-up session comes after the session it makes up for."), "makes_up_before")
        units = units or list(makes_up.units.all())
    elif not units:
        refuse("units", _("Choose the units that must attend."), "required")
    if errors:
        raise ValidationError(errors)

    if kind == SessionKind.VISIT and model_window is None:
        model_window = Window.objects.filter(hall=hall, is_model=True).order_by("number").first()
    session = Session.objects.create(
        hall=hall,
        kind=kind,
        topic=topic.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        trainer=trainer.strip(),
        version=version,
        model_window=model_window,
        makes_up=makes_up,
        notes=notes.strip(),
        created_by=user,
    )
    session.parts.set(parts)
    session.units.set(units)
    if makes_up is not None:
        people = Person.objects.filter(
            training_attendances__session=makes_up, training_attendances__expected=True,
            training_attendances__present=False,
        )  # fmt: skip
    else:
        people = expected_people(hall, kind, units)
    Attendance.objects.bulk_create(Attendance(session=session, person=p) for p in people.distinct())
    record_event(
        target=session,
        verb="training.session_created",
        actor=user,
        data={
            "kind": kind,
            "topic": session.topic,
            "starts_at": starts_at.isoformat(),
            "units": [u.code for u in units],
            "expected": session.attendances.count(),
            "makes_up": makes_up.pk if makes_up else None,
        },
    )
    return session


def _clean_material(file) -> ContentFile:
    """A picture is checked and cleaned like an inspection photo; anything else must be a PDF within the limit."""
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(5)
    if hasattr(file, "seek"):
        file.seek(0)
    if head != b"%PDF-":
        try:
            return validate_image(file)
        except ValidationError as error:
            raise field_error(
                "file", _("Upload a PDF handout or a JPEG, PNG or WebP picture. %(reason)s"), "material",
                {"reason": " ".join(error.messages)},
            ) from None  # fmt: skip
    data = file.read(MAX_MATERIAL_BYTES + 1)
    if len(data) > MAX_MATERIAL_BYTES:
        raise field_error(
            "file", _("The file is larger than %(limit)s."), "too_large",
            {"limit": filesizeformat(MAX_MATERIAL_BYTES)},
        )  # fmt: skip
    if b"%%EOF" not in data[-2048:]:
        raise field_error("file", _("The PDF is incomplete or damaged."), "pdf")
    return ContentFile(data, name=f"{uuid.uuid4().hex}.pdf")


@transaction.atomic
def material_add(*, user, session: Session, title: str, file) -> Material:
    """Attach a handout, slide deck (as PDF) or picture to a session."""
    _require_organizer(user, session.hall)
    if not (title or "").strip():
        raise field_error("title", _("Give the material a title."), "required")
    clean = _clean_material(file)
    with files_for_transaction() as files:
        material = Material(session=session, title=title.strip())
        files.save(material.file, clean.name, clean)
        material.save()
        record_event(
            target=material,
            hall=session.hall,
            verb="training.material_added",
            actor=user,
            data={"session": session.pk, "title": material.title},
        )
    return material


def _sign_window_error(session: Session, now: dt.datetime):
    if now < session.starts_at:
        return field_error(
            "session",
            _("The session has not started yet; sign in from %(start)s."),
            "not_started",
            {"start": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")},
        )
    if now > session.ends_at + GRACE:
        return field_error("session", _("The session is over; sign-in has closed."), "ended")
    return None


@transaction.atomic
def attendance_sign(*, user, token: str, now: dt.datetime | None = None) -> Attendance:
    """The person of ``user`` signs in to the session of the QR code's ``token``: refused when the token is not
    valid, before the session starts, after it ended (beyond the grace period) or when already signed in."""
    now = now or timezone.now()
    data = read_token(token)
    session = Session.objects.select_for_update().filter(pk=data.session_id).first() if data else None
    if session is None or session.hall_id != data.hall_id:
        raise field_error("token", _("This sign-in code is not valid; scan the code shown at the session."), "token")
    if int(now.timestamp()) > data.expires:
        raise field_error("token", _("The session is over; sign-in has closed."), "ended")
    if (error := _sign_window_error(session, now)) is not None:
        raise error
    person = _person_or_refuse(user, session.hall, "session")
    attendance = Attendance.objects.filter(session=session, person=person).first()
    if attendance is not None and attendance.present:
        raise field_error(
            "session",
            _("You already signed in to this session at %(time)s."),
            "twice",
            {"time": timezone.localtime(attendance.signed_at or now).strftime("%H:%M")},
        )
    if attendance is None:
        attendance = Attendance(session=session, person=person, expected=False)
    attendance.present, attendance.method, attendance.signed_at, attendance.recorded_by = True, SignMethod.QR, now, user
    attendance.save()
    record_event(
        target=attendance,
        hall=session.hall,
        verb="training.signed_in",
        actor=user,
        data={"session": session.pk, "person": person.code, "expected": attendance.expected},
    )
    return attendance


@transaction.atomic
def attendance_tick(
    *, user, session: Session, present_ids: Iterable[int], now: dt.datetime | None = None
) -> tuple[int, int]:
    """The organizer's list: the expected people ticked are present, the others absent (a QR sign-in stays).
    Refused before the session starts. Returns (marked present, marked absent)."""
    _require_organizer(user, session.hall)
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=session.pk)
    if now < session.starts_at:
        raise field_error(
            "present", _("The session has not started yet; tick the attendance once it has."), "not_started"
        )
    wanted = {int(i) for i in present_ids}
    rows = list(Attendance.objects.filter(session=session))
    unknown = wanted - {a.person_id for a in rows}
    if unknown:
        raise field_error("present", _("Tick only people on the session's list."), "unknown")
    came, left = [], []
    for a in rows:
        if a.person_id in wanted and not a.present:
            a.present, a.method, a.signed_at, a.recorded_by = True, SignMethod.LIST, now, user
            came.append(a)
        elif a.person_id not in wanted and a.present and a.method == SignMethod.LIST:
            a.present, a.method, a.signed_at, a.recorded_by = False, "", None, user
            left.append(a)
    Attendance.objects.bulk_update(came + left, ["present", "method", "signed_at", "recorded_by", "updated_at"])
    record_event(
        target=session,
        verb="training.attendance_ticked",
        actor=user,
        data={"present": [a.person_id for a in came], "absent": [a.person_id for a in left]},
    )
    return len(came), len(left)


@transaction.atomic
def quiz_create(
    *, user, hall, title: str, opens_at: dt.datetime, closes_at: dt.datetime, count: int = 10, seed: int | None = None
) -> Quiz:
    """Open a quiz of ``count`` questions drawn from the published handbook's rules."""
    _require_organizer(user, hall)
    errors: dict[str, list] = {}
    if not (title or "").strip():
        errors["title"] = [_("Give the quiz a title.")]
    if opens_at and closes_at and closes_at <= opens_at:
        errors["closes_at"] = [_("The quiz must close after it opens.")]
    if not 1 <= count <= MAX_QUESTIONS:
        errors["count"] = [_("Ask between 1 and %(max)s questions.") % {"max": MAX_QUESTIONS}]
    version = published_version(hall)
    if version is None:
        errors["title"] = [*errors.get("title", []), _("The hall has no published handbook to draw questions from.")]
    if errors:
        raise ValidationError(errors)
    facts = rule_facts(version)
    seed = seed if seed is not None else random.SystemRandom().randrange(1 << 30)
    questions = quiz_rules.make_questions(facts, count, seed)
    quiz = Quiz.objects.create(
        hall=hall,
        title=title.strip(),
        version=version,
        opens_at=opens_at,
        closes_at=closes_at,
        questions=questions,
        created_by=user,
    )
    record_event(
        target=quiz,
        verb="training.quiz_created",
        actor=user,
        data={"title": quiz.title, "questions": len(questions), "version": version.number, "seed": seed},
    )
    return quiz


@transaction.atomic
def quiz_submit(*, user, quiz: Quiz, answers: Sequence[int | None], now: dt.datetime | None = None) -> QuizAttempt:
    """Score and keep the user's answers: refused before the quiz opens, after it closes, or a second time."""
    now = now or timezone.now()
    quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
    if now < quiz.opens_at:
        raise field_error("quiz", _("The quiz has not opened yet."), "not_open")
    if now > quiz.closes_at:
        raise field_error("quiz", _("The quiz closed at %(time)s; answers are no longer taken."), "closed",
                          {"time": timezone.localtime(quiz.closes_at).strftime("%Y-%m-%d %H:%M")})  # fmt: skip
    person = _person_or_refuse(user, quiz.hall, "quiz")
    if QuizAttempt.objects.filter(quiz=quiz, person=person).exists():
        raise field_error("quiz", _("You have already taken this quiz."), "twice")
    answers = list(answers)[: len(quiz.questions)]
    answers += [None] * (len(quiz.questions) - len(answers))
    for question, answer in zip(quiz.questions, answers, strict=True):
        choices = len(question["options"]) or 2
        if answer is not None and not 0 <= answer < choices:
            raise field_error("quiz", _("An answer is not one of the question's options."), "option")
    correct, total, points = quiz_rules.score(quiz.questions, answers)
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                quiz=quiz, person=person, answers=answers, correct=correct, total=total, score=points, submitted_at=now
            )
    except IntegrityError:
        raise field_error("quiz", _("You have already taken this quiz."), "twice") from None
    record_event(
        target=attempt,
        hall=quiz.hall,
        verb="training.quiz_submitted",
        actor=user,
        data={"quiz": quiz.pk, "person": person.code, "score": points, "correct": correct, "total": total},
    )
    return attempt
