"""The overview's "site management at a glance": coverage, scores, open and overdue notices, the latest round —
scoped to what the user sees, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallkeeper.dashboard.overview import site_glance
from hallkeeper.inspections import services
from hallkeeper.rectification.models import Notice

from .inspection_data import issued_notice, submitted
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def hall(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    return alpha


def test_the_glance_sums_up_patrols_scores_and_notices(hall):
    submitted(hall, {"exit-clear": 1})  # zone 1: 2 of its one rule's 30 points, 93.3, veto failed
    submitted(hall, zone_index=1)  # zone 2: 100
    notice = issued_notice(hall, zone_index=0)
    Notice.objects.filter(pk=notice.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    services.round_create(user=hall.users["admin"], hall=hall.hall, name="第一轮", starts_on=timezone.localdate())

    glance = site_glance(hall.users["leadership"], hall.hall)
    assert [g.zone.code for g in glance.zones] == ["Z01", "Z02"]
    assert glance.patrolled == 2 and glance.coverage_percent == 100
    by_zone = {g.zone.code: g for g in glance.zones}
    # the issued notice came from a third patrol of zone 1 (tests' issued_notice makes its own findings)
    assert by_zone["Z01"].inspections == 2 and by_zone["Z01"].average == Decimal("93.3")
    assert by_zone["Z02"].average == 100 and by_zone["Z02"].grade == "excellent"
    assert (glance.open, glance.overdue) == (1, 1) and by_zone["Z01"].overdue == 1
    assert glance.average == Decimal("95.5")  # (93.3 × 2 + 100) / 3, weighted by inspections
    assert glance.progress is not None and glance.progress.total == 2 and glance.progress.checked == 0


def test_a_zone_lead_sees_only_their_zone_and_staff_see_no_glance(hall):
    submitted(hall, zone_index=1)
    issued_notice(hall, zone_index=1)
    lead = site_glance(hall.users["lead1"], hall.hall)
    assert [g.zone.code for g in lead.zones] == ["Z01"]
    assert (lead.open, lead.inspections, lead.patrolled) == (0, 0, 0)
    assert lead.progress is None  # rounds are for the hall-wide roles' overview
    assert site_glance(hall.users["staff1"], hall.hall) is None


def test_the_overview_shows_the_glance_with_bounded_queries(client, hall):
    client.force_login(hall.users["leadership"])
    url = reverse("hall_home", kwargs={"hall": hall.hall.code})
    submitted(hall)
    with CaptureQueriesContext(connection) as few:
        body = client.get(url).content.decode()
    assert 'data-testid="site-glance"' in body and 'data-testid="glance-chart"' in body
    for _ in range(5):
        submitted(hall, {"exit-clear": 1})
        submitted(hall, zone_index=1)
        issued_notice(hall, zone_index=1)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_an_empty_hall_says_what_to_do_next(client, hall):
    client.force_login(hall.users["supervision"])
    body = client.get(reverse("hall_home", kwargs={"hall": hall.hall.code})).content.decode()
    assert 'data-testid="site-glance"' in body and "glance-chart" not in body
    assert "start with a patrol of each zone" in body
