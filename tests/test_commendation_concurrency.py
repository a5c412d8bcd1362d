"""Two leaders approving or publishing the same commendation at once (PostgreSQL row locks): one wins, the other
is refused with a clear message; the decision numbers of two commendations published at once follow on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import services
from hallkeeper.assessment.models import Commendation, CommendationState, HonourTitle
from hallkeeper.core.models import Event

from .factories import RoleFactory, UserFactory, make_hall
from .test_rectification_concurrency import needs_postgresql, run_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def submitted(small, month: dt.date) -> Commendation:
    sup = small.users[Role.SUPERVISION]
    item = services.commendation_create(user=sup, hall=small.hall, title="", from_month=month, to_month=month)
    services.nomination_add(user=sup, commendation=item, honour=HonourTitle.RED_FLAG, target_type="window",
                            target_id=small.windows[0].pk, reason="好")  # fmt: skip
    return services.commendation_submit(user=sup, commendation=item)


def test_two_approving_and_publishing_at_once_one_wins():
    needs_postgresql()
    small = make_hall("crace")
    leader = small.users[Role.LEADERSHIP]
    second = UserFactory(username="crace-leader2")
    RoleFactory(user=second, hall=small.hall, role=Role.LEADERSHIP)
    item = submitted(small, dt.date(2026, 1, 1))

    def step(name, user):
        call = getattr(services, name)
        return lambda: call(user=user, commendation=Commendation.objects.get(pk=item.pk))

    for name, verb in (("commendation_approve", "approved"), ("commendation_publish", "published")):
        outcomes = run_at_once([step(name, leader), step(name, second)])
        done = [o for o in outcomes if isinstance(o, Commendation)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(done) == 1 and len(refused) == 1, outcomes
        assert refused[0].code == "stale_state"
        assert Event.objects.filter(verb=f"commendation.{verb}").count() == 1
    item.refresh_from_db()
    assert item.state == CommendationState.PUBLISHED and item.decision_seq == 1


def test_two_commendations_published_at_once_take_consecutive_numbers():
    needs_postgresql()
    small = make_hall("cnum")
    leader = small.users[Role.LEADERSHIP]
    items = [
        services.commendation_approve(user=leader, commendation=submitted(small, month))
        for month in (dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    ]

    def publish(pk):
        return lambda: services.commendation_publish(user=leader, commendation=Commendation.objects.get(pk=pk))

    outcomes = run_at_once([publish(i.pk) for i in items])
    assert all(isinstance(o, Commendation) for o in outcomes), outcomes
    assert sorted(Commendation.objects.values_list("decision_seq", flat=True)) == [1, 2]
