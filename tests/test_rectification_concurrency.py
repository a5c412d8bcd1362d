"""Concurrency on PostgreSQL: gap-free numbers when many issue at once; one winner when two act on one notice."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from hallkeeper.core.events import events_for
from hallkeeper.inspections.models import Finding
from hallkeeper.rectification import services
from hallkeeper.rectification.choices import NoticeState
from hallkeeper.rectification.models import Notice, NoticeCounter

from .factories import make_hall
from .inspection_data import add_service_window, notice_in_state, submitted
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db(transaction=True)

ISSUES = 50


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def run_at_once(jobs) -> list[object]:
    """Run each job in its own thread (own connection), all released together; results or errors."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = []
    lock = threading.Lock()

    def run(job):
        from django.db import connection as thread_connection

        try:
            barrier.wait(timeout=30)
            result = job()
        except Exception as error:  # noqa: BLE001 — collected and checked by the test
            result = error
        finally:
            thread_connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_issues_at_once_get_fifty_gap_free_numbers():
    needs_postgresql()
    small = make_hall("race")
    install_tiny_handbook(small.hall)
    add_service_window(small, 0)
    while Finding.objects.filter(zone=small.zones[0]).count() < ISSUES:
        submitted(small, {"exit-clear": 1, "seal-locked": 1, "counter-whitelist": 1})
    finding_ids = list(Finding.objects.filter(zone=small.zones[0]).order_by("pk").values_list("pk", flat=True))
    hall_id, zone_id, user_id = small.hall.pk, small.zones[0].pk, small.users["supervision"].pk

    def issue(finding_id):
        def job():
            from django.contrib.auth import get_user_model

            from hallkeeper.places.models import Zone

            user = get_user_model().objects.get(pk=user_id)
            zone = Zone.objects.get(pk=zone_id)
            return services.notice_issue(
                user=user, zone=zone, findings=[Finding.objects.get(pk=finding_id)], requirement="限期整改"
            )

        return job

    outcomes = run_at_once([issue(pk) for pk in finding_ids[:ISSUES]])
    errors = [o for o in outcomes if not isinstance(o, Notice)]
    assert not errors, errors[:3]
    year = timezone.localdate().year
    seqs = sorted(Notice.objects.filter(hall_id=hall_id, year=year).values_list("seq", flat=True))
    assert seqs == list(range(1, ISSUES + 1))
    numbers = set(Notice.objects.filter(hall_id=hall_id).values_list("number", flat=True))
    assert numbers == {f"测审批整改〔{year}〕{n}号" for n in range(1, ISSUES + 1)}
    assert NoticeCounter.objects.get(hall_id=hall_id, year=year).last == ISSUES


def test_two_people_acting_on_one_notice_one_wins(settings, tmp_path):
    needs_postgresql()
    settings.MEDIA_ROOT = tmp_path
    small = make_hall("duel")
    install_tiny_handbook(small.hall)
    notice = notice_in_state(small, NoticeState.SUBMITTED)
    verifier, rejecter = small.users["supervision"], small.users["leadership"]

    seen_by_verifier, seen_by_rejecter = Notice.objects.get(pk=notice.pk), Notice.objects.get(pk=notice.pk)

    def verify():
        return services.notice_verify(user=verifier, notice=seen_by_verifier, comment="合格")

    def reject():
        return services.notice_reject(user=rejecter, notice=seen_by_rejecter, reason="不合格")

    outcomes = run_at_once([verify, reject])
    winners = [o for o in outcomes if isinstance(o, Notice)]
    losers = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "stale"
    final = Notice.objects.get(pk=notice.pk)
    assert final.state == winners[0].state
    closing = [e.verb for e in events_for(final) if e.verb in ("notice.verified", "notice.rejected")]
    assert len(closing) == 1


def test_one_finding_issued_twice_at_once_makes_one_notice():
    needs_postgresql()
    small = make_hall("twice")
    install_tiny_handbook(small.hall)
    finding = submitted(small, {"exit-clear": 1}).findings.get()
    inspectors = (small.users["supervision"], small.users["leadership"])

    def issue(user):
        return lambda: services.notice_issue(user=user, zone=small.zones[0], findings=[finding], requirement="整改")

    outcomes = run_at_once([issue(user) for user in inspectors])
    notices = [o for o in outcomes if isinstance(o, Notice)]
    refusals = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(notices) == 1 and len(refusals) == 1, outcomes
    assert refusals[0].code == "finding_held"
    assert notices[0].seq == 1
    assert NoticeCounter.objects.get(hall=small.hall).last == 1  # the refused issue took no number
