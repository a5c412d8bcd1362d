"""Training scenes for the tests: the factory hall with the tiny handbook, a session started an hour ago."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.org.models import Unit
from hallkeeper.training import services
from hallkeeper.training.choices import SessionKind


def units_of(small) -> list[Unit]:
    return list(Unit.objects.filter(hall=small.hall).order_by("pk"))


def started_session(small, *, kind=SessionKind.TRAINING, start_in: dt.timedelta = dt.timedelta(hours=-1), **extra):
    now = timezone.now()
    return services.session_create(
        user=small.users[Role.LEADERSHIP],
        hall=small.hall,
        kind=kind,
        topic=extra.pop("topic", "现场管理标准化集中学习"),
        starts_at=now + start_in,
        ends_at=now + start_in + dt.timedelta(hours=2),
        place="三楼会议室",
        trainer="于涛",
        units=extra.pop("units", None) or units_of(small),
        **extra,
    )


def open_quiz(small, *, count: int = 6, opens_in=dt.timedelta(hours=-1), closes_in=dt.timedelta(days=1)):
    now = timezone.now()
    return services.quiz_create(
        user=small.users[Role.LEADERSHIP], hall=small.hall, title="《手册》应知应会测验",
        opens_at=now + opens_in, closes_at=now + closes_in, count=count, seed=7,
    )  # fmt: skip
