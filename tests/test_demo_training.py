"""The demo's mobilization training (``hallkeeper.demo.training``): the plan's sessions by unit in early July, a
few absentees, a make-up session, the model-window visit with a missing head, and the quiz's results."""

from __future__ import annotations

import datetime as dt

import pytest

from hallkeeper.demo.training import play_training
from hallkeeper.training import selectors
from hallkeeper.training.choices import SessionKind
from hallkeeper.training.models import Quiz, Session

pytestmark = pytest.mark.django_db


def test_demo_plays_the_plans_training(demo):
    sessions = Session.objects.filter(hall=demo)
    trainings = sessions.filter(kind=SessionKind.TRAINING, makes_up__isnull=True)
    assert trainings.count() >= 2
    for session in trainings:
        day = session.starts_at.date()
        assert day.month == 7 and day.day <= 15  # 动员培训阶段（7月1日—7月中旬）
        absent = session.attendances.filter(expected=True, present=False).count()
        assert 0 < absent <= 3
    units = [set(s.units.values_list("pk", flat=True)) for s in trainings]
    assert all(not (a & b) for i, a in enumerate(units) for b in units[i + 1 :])  # one session per group of units
    make_up = sessions.get(makes_up__isnull=False)
    assert make_up.attendances.filter(present=True).exists()
    visit = sessions.get(kind=SessionKind.VISIT)
    assert visit.model_window.is_model
    assert visit.attendances.filter(present=False).count() == 1  # a missing head
    quiz = Quiz.objects.get(hall=demo)
    assert quiz.attempts.count() > 10
    assert any(r.average for r in selectors.quiz_results(quiz))
    untrained = sum(len(r.untrained) for r in selectors.coverage(demo))
    assert 0 < untrained < 15
    assert play_training(demo, today=dt.date.today()) == "培训：已有记录，保持不变。"
