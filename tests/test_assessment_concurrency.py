"""Two leaders publishing the same period at once (PostgreSQL row locks): one publishes, the other is refused
with a clear message, and one event is recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.choices import PeriodState
from hallkeeper.assessment.models import AssessmentPeriod
from hallkeeper.core.models import Event

from .factories import RoleFactory, UserFactory, make_hall
from .test_rectification_concurrency import needs_postgresql, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_publishing_at_once_one_wins():
    needs_postgresql()
    small = make_hall("race")
    today = timezone.localdate()
    sup, leader = small.users[Role.SUPERVISION], small.users[Role.LEADERSHIP]
    second = UserFactory(username="race-leader2")
    RoleFactory(user=second, hall=small.hall, role=Role.LEADERSHIP)
    period = services.period_create(user=sup, hall=small.hall, kind="month", starts_on=today.replace(day=1))
    period = services.period_open_appeal(user=sup, period=period, deadline=today + dt.timedelta(days=1))
    period = services.period_approve(user=leader, period=period)

    def publish(user):
        return lambda: services.period_publish(user=user, period=AssessmentPeriod.objects.get(pk=period.pk))

    outcomes = run_at_once([publish(leader), publish(second)])
    published = [o for o in outcomes if isinstance(o, AssessmentPeriod)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(published) == 1 and len(refused) == 1, outcomes
    assert refused[0].code == "stale_state"
    period.refresh_from_db()
    assert period.state == PeriodState.PUBLISHED
    assert Event.objects.filter(verb="assessment.published").count() == 1


def test_two_bulletins_numbered_at_once_take_consecutive_numbers():
    needs_postgresql()
    small = make_hall("bull")
    today = timezone.localdate()
    sup, leader = small.users[Role.SUPERVISION], small.users[Role.LEADERSHIP]
    periods = []
    for start in (today.replace(day=1), (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)):
        period = services.period_create(user=sup, hall=small.hall, kind="month", starts_on=start)
        period = services.period_open_appeal(user=sup, period=period, deadline=today + dt.timedelta(days=1))
        periods.append(services.period_approve(user=leader, period=period))

    def number(user, pk):
        return lambda: services.bulletin_number(user=user, period=AssessmentPeriod.objects.get(pk=pk))

    # two periods at once, and the first period twice: three calls, two numbers, no gap
    outcomes = run_at_once([number(leader, periods[0].pk), number(sup, periods[1].pk), number(sup, periods[0].pk)])
    assert all(isinstance(o, AssessmentPeriod) for o in outcomes), outcomes
    seqs = sorted(AssessmentPeriod.objects.filter(hall=small.hall).values_list("bulletin_seq", flat=True))
    assert seqs == [1, 2]
    assert Event.objects.filter(verb="assessment.bulletin_numbered").count() == 2
