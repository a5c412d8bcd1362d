"""Start is idempotent: a double tap (two POSTs, or two requests at once) makes one draft."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hallkeeper.core.models import Event
from hallkeeper.inspections import services
from hallkeeper.inspections.choices import InspectionKind, InspectionStatus
from hallkeeper.inspections.models import Inspection

from .factories import make_hall
from .inspection_data import answer, start
from .standards_data import install_tiny_handbook
from .test_rectification_concurrency import needs_postgresql, run_at_once


@pytest.fixture
def hall(alpha):
    install_tiny_handbook(alpha.hall)
    return alpha


@pytest.mark.django_db
def test_two_posts_of_start_make_one_draft(client, hall):
    client.force_login(hall.users["supervision"])
    url = reverse("inspection_start", kwargs={"hall": hall.hall.code})
    data = {"kind": InspectionKind.PATROL, "zone": hall.zones[0].pk}
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    (draft,) = Inspection.objects.filter(inspector=hall.users["supervision"])
    assert draft.status == InspectionStatus.DRAFT
    assert Event.objects.filter(verb="inspection.started").count() == 1


@pytest.mark.django_db
def test_only_the_same_inspector_kind_and_target_with_an_open_draft_is_reused(hall):
    draft = start(hall)
    assert start(hall) == draft
    assert start(hall, zone_index=1) != draft  # another zone
    assert start(hall, user_key="leadership") != draft  # another inspector
    assert start(hall, kind=InspectionKind.SPECIAL, rule_keys=["exit-clear"]) != draft  # another kind
    window = hall.windows[0]
    with_window = start(hall, windows=[window])
    assert with_window != draft and start(hall, windows=[window]) == with_window  # another target
    services.inspection_submit(user=draft.inspector, inspection=answer(draft))
    assert start(hall) not in (draft, with_window)  # a submitted one is never reopened


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_draft_on_postgresql():
    needs_postgresql()
    small = make_hall("twice")
    install_tiny_handbook(small.hall)
    user_id, zone_id = small.users["supervision"].pk, small.zones[0].pk

    def job():
        from django.contrib.auth import get_user_model

        from hallkeeper.inspections import services
        from hallkeeper.places.models import Zone

        return services.inspection_start(
            user=get_user_model().objects.get(pk=user_id),
            zone=Zone.objects.get(pk=zone_id),
            kind=InspectionKind.PATROL,
        )

    outcomes = run_at_once([job, job, job])
    assert all(isinstance(o, Inspection) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert Inspection.objects.filter(inspector_id=user_id).count() == 1
