"""The plan's mobilization phase (动员培训阶段, 7月1日—7月中旬) in training: the bureau's staff learn the handbook
by unit (组织行政审批局全员以部门为单位……集中学习), the window heads visit the model window (组织各窗口负责人到
示范窗口参观学习), and everyone takes the handbook quiz.

:func:`play_training` acts through the training services, as the leadership group would: one session per group
of units in the first days of July of the demo's year, a few absentees, a make-up session for the first
session's absentees (one of them still missing), one model-window visit with one head missing, and a quiz taken
by the staff with a login. A hall that already has training sessions keeps them (nothing is written).
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.events import recorded_at
from hallkeeper.org.models import Person, Unit
from hallkeeper.places.models import Window
from hallkeeper.training import services
from hallkeeper.training.choices import SessionKind
from hallkeeper.training.models import Session
from hallkeeper.training.selectors import published_version
from hallkeeper.training.signing import make_token

from .anshan import campaign_year

SEED = 36112
GROUPS = 3
ABSENT_PER_SESSION = 2
PLACE = "政务服务大厅三楼会议室"
TRAINER = "于涛"
QUIZ_TAKERS = 16
#: How many people of a session sign by QR code on their phone (the others are ticked from the list).
QR_SIGNERS = 3
RIGHT_SHARE = 0.8


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def play_training(hall, *, today: dt.date | None = None) -> str:
    """Play the mobilization training of the demo's year; a line for the console."""
    if Session.objects.filter(hall=hall).exists():
        return "培训：已有记录，保持不变。"
    today = today or timezone.localdate()
    year = campaign_year(today)
    organizer = (
        RoleAssignment.objects.filter(hall=hall, role=Role.LEADERSHIP).select_related("user").order_by("pk").first()
    )
    version = published_version(hall)
    if organizer is None or version is None:
        return "培训：没有领导小组账号或已发布的手册，未生成。"
    rng = random.Random(SEED)
    user = organizer.user
    parts = list(version.parts.all())
    sessions = []
    for i, group in enumerate(_groups(hall)):
        day = dt.date(year, 7, 2 + i)
        with recorded_at(_at(day - dt.timedelta(days=1), 16)):
            session = services.session_create(
                user=user, hall=hall, kind=SessionKind.TRAINING,
                topic=f"现场管理标准化集中学习（第{i + 1}场）",
                starts_at=_at(day, 9), ends_at=_at(day, 11), place=PLACE, trainer=TRAINER,
                parts=parts, units=group,
            )  # fmt: skip
        _attend(session, user, rng, absent=ABSENT_PER_SESSION)
        sessions.append(session)
    if sessions:
        first = sessions[0]
        day = dt.date(year, 7, 9)
        with recorded_at(_at(day - dt.timedelta(days=1), 16)):
            make_up = services.session_create(
                user=user, hall=hall, kind=SessionKind.TRAINING, topic=f"{first.topic}补课",
                starts_at=_at(day, 14), ends_at=_at(day, 16), place=PLACE, trainer=TRAINER, parts=parts,
                makes_up=first,
            )  # fmt: skip
        _attend(make_up, user, rng, absent=1)
    visit = _visit(hall, user, year, rng)
    takers = _quiz(hall, user, year, rng)
    return f"培训：集中学习 {len(sessions)} 场 + 补课 1 场，示范窗口参观 {1 if visit else 0} 次，测验 {takers} 人。"


def _groups(hall) -> list[list[Unit]]:
    """The units with people in :data:`GROUPS` groups of about the same headcount, in the units' order."""
    units = list(Unit.objects.filter(hall=hall).annotate(n=Count("people")).filter(n__gt=0).order_by("order", "code"))
    share = sum(u.n for u in units) / GROUPS
    groups: list[list[Unit]] = [[]]
    seated = 0
    for unit in units:
        if seated >= share * len(groups) and len(groups) < GROUPS:
            groups.append([])
        groups[-1].append(unit)
        seated += unit.n
    return [g for g in groups if g]


def _attend(session: Session, user, rng: random.Random, *, absent: int) -> None:
    """A few people sign by QR code on their phone, the organizer ticks the rest from the list; ``absent`` stay
    away."""
    rows = list(session.attendances.select_related("person__user").order_by("person__code"))
    missing = {a.person_id for a in rng.sample(rows, min(absent, len(rows)))} if len(rows) > absent else set()
    token = make_token(session)
    scanners = [r for r in rows if r.person_id not in missing and r.person.user_id][:QR_SIGNERS]
    for minute, a in enumerate(scanners):
        signed = session.starts_at + dt.timedelta(minutes=minute)
        with recorded_at(signed):
            services.attendance_sign(user=a.person.user, token=token, now=signed)
    ticked = [r.person_id for r in rows if r.person_id not in missing]
    with recorded_at(session.ends_at):
        services.attendance_tick(user=user, session=session, present_ids=ticked, now=session.ends_at)


def _visit(hall, user, year: int, rng: random.Random) -> Session | None:
    window = Window.objects.filter(hall=hall, is_model=True).order_by("number").first()
    units = list(Unit.objects.filter(hall=hall, windows__isnull=False).distinct().order_by("order", "code"))
    if window is None or not units:
        return None
    day = dt.date(year, 7, 8)
    with recorded_at(_at(day - dt.timedelta(days=2), 16)):
        visit = services.session_create(
            user=user, hall=hall, kind=SessionKind.VISIT, topic="各窗口负责人到示范窗口参观学习",
            starts_at=_at(day, 9, 30), ends_at=_at(day, 10, 30), place=f"示范窗口 {window}", trainer=TRAINER,
            units=units, model_window=window,
        )  # fmt: skip
    _attend(visit, user, rng, absent=1)
    return visit


def _quiz(hall, user, year: int, rng: random.Random) -> int:
    opens = _at(dt.date(year, 7, 12), 8)
    with recorded_at(opens):
        quiz = services.quiz_create(
            user=user, hall=hall, title="《手册》应知应会测验", opens_at=opens,
            closes_at=_at(dt.date(year, 7, 19), 18), count=10, seed=SEED,
        )  # fmt: skip
    takers = list(Person.objects.filter(hall=hall, user__isnull=False).select_related("user").order_by("code"))
    takers = sorted(rng.sample(takers, min(QUIZ_TAKERS, len(takers))), key=lambda p: p.code)  # from many units
    for n, person in enumerate(takers):
        answers = []
        for q in quiz.questions:
            choices = len(q["options"]) or 2
            right = rng.random() < RIGHT_SHARE
            answers.append(q["answer"] if right else (q["answer"] + 1) % choices)
        when = opens + dt.timedelta(days=n % 6, hours=1 + n % 8)
        with recorded_at(when):
            services.quiz_submit(user=person.user, quiz=quiz, answers=answers, now=when)
    return len(takers)
