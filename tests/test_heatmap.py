"""The floor plan's geometry of zones and windows, and the heat map of zone scores (assessment/heatmap.py)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.assessment import heatmap
from hallkeeper.assessment.choices import PeriodKind, PeriodState, TargetType
from hallkeeper.assessment.models import AssessmentPeriod, AssessmentResult
from hallkeeper.assessment.services import _freeze_honours
from hallkeeper.inspections.models import ScoringPolicy
from hallkeeper.inspections.scoring import Bands
from hallkeeper.places.models import Zone

from .factories import FloorFactory
from .inspection_data import submitted
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

D = Decimal


def place(small) -> None:
    """Draw alpha's two zones side by side on its area's floor (60 × 40 m), each window a desk inside."""
    floor = small.area.floor
    for i, (zone, window) in enumerate(zip(small.zones, small.windows, strict=True)):
        zone.plan_floor = floor
        zone.plan_x, zone.plan_y, zone.plan_width, zone.plan_depth = D(10 * i), D(0), D(8), D(6)
        zone.full_clean()
        zone.save()
        window.plan_x, window.plan_y, window.plan_width, window.plan_depth = D(10 * i + 1), D(1), D("1.6"), D(1)
        window.full_clean()
        window.save()


def published(small, month: dt.date, scores: dict[int, tuple[Decimal | None, int | None]], revision: int = 1):
    """A published month period with the zones' results (score, rank) by zone index, and its honours frozen as
    publishing freezes them (the hall's default rules: the flag to the best zone at 85 or more)."""
    period = AssessmentPeriod.objects.create(
        hall=small.hall,
        kind=PeriodKind.MONTH,
        starts_on=month,
        ends_on=month.replace(day=28),
        state=PeriodState.PUBLISHED,
        revision=revision,
    )
    for index, (score, rank) in scores.items():
        zone = small.zones[index]
        AssessmentResult.objects.create(
            hall=small.hall,
            period=period,
            target_type=TargetType.ZONE,
            zone=zone,
            name=str(zone),
            score=score,
            rank=rank,
        )
    _freeze_honours(period, None)
    return period


# -- colours by the hall's bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (D("100"), "excellent"),
        (D("95"), "excellent"),
        (D("94.9"), "good"),
        (D("85"), "good"),
        (D("84.9"), "qualified"),
        (D("70"), "qualified"),
        (D("69.9"), "unqualified"),
        (D("0"), "unqualified"),
        (None, ""),
    ],
)
def test_fill_follows_the_default_bands_and_grey_when_not_assessed(score, grade):
    got_grade, fill = heatmap.fill_for(score, Bands())
    assert got_grade == grade
    assert fill == (heatmap.GRADE_FILLS[grade] if grade else heatmap.NOT_ASSESSED_FILL)


def test_a_hall_with_other_bands_colours_the_same_score_differently():
    strict = Bands(excellent=D("98"), good=D("90"), qualified=D("80"))
    assert heatmap.fill_for(D("96"), Bands())[0] == "excellent"
    assert heatmap.fill_for(D("96"), strict)[0] == "good"
    assert heatmap.fill_for(D("75"), strict)[0] == "unqualified"
    legend = heatmap.legend(strict)
    assert [row.grade for row in legend] == ["excellent", "good", "qualified", "unqualified", ""]
    assert legend[0].range == "≥ 98" and legend[-1].fill == heatmap.NOT_ASSESSED_FILL


def test_parse_month():
    assert heatmap.parse_month("2026-07") == dt.date(2026, 7, 1)
    for bad in (None, "", "2026-13", "07/2026", "2026-07-01", "x" * 500):
        assert heatmap.parse_month(bad) is None


# -- the selector ------------------------------------------------------------------------------------------


def test_published_month_colours_each_zone_by_its_result_and_marks_the_flag_holder(alpha, beta):
    place(alpha)
    place(beta)
    published(alpha, dt.date(2026, 5, 1), {0: (D("96.5"), 1), 1: (None, None)})
    published(beta, dt.date(2026, 6, 1), {0: (D("50"), 1)})  # another hall's later month: never alpha's
    heat = heatmap.heat_map(alpha.hall)
    assert heat.month == dt.date(2026, 5, 1) and not heat.provisional
    [floor] = heat.floors
    first, second = floor.zones
    assert (first.score, first.grade, first.fill, first.flag) == (D("96.5"), "excellent", "#75b798", True)
    assert (second.score, second.grade, second.fill, second.flag) == (None, "", heatmap.NOT_ASSESSED_FILL, False)
    assert [w.fill for w in floor.windows] == [first.fill, second.fill]
    assert heat.assessed_count == 1
    assert {z.pk for z in heat.zones} == {z.pk for z in alpha.zones}


def test_the_latest_published_revision_counts(alpha):
    place(alpha)
    published(alpha, dt.date(2026, 5, 1), {0: (D("96"), 1), 1: (D("80"), 2)})
    published(alpha, dt.date(2026, 5, 1), {0: (D("82"), 2), 1: (D("88"), 1)}, revision=2)
    heat = heatmap.heat_map(alpha.hall, dt.date(2026, 5, 1))
    assert heat.period.revision == 2
    assert [(z.score, z.flag) for z in heat.zones] == [(D("82"), False), (D("88"), True)]


def test_flag_holders_passed_in_replace_the_frozen_ones(alpha):
    place(alpha)
    period = published(alpha, dt.date(2026, 5, 1), {0: (D("96"), 1), 1: (D("80"), 2)})
    assert heatmap.flag_holder_ids(alpha.hall, period) == {(TargetType.ZONE, alpha.zones[0].pk)}
    holders = {(TargetType.ZONE, alpha.zones[1].pk), (TargetType.WINDOW, alpha.windows[0].pk)}
    heat = heatmap.heat_map(alpha.hall, flag_holders=holders)
    assert [z.flag for z in heat.zones] == [False, True]
    assert [w.flag for w in heat.floors[0].windows] == [True, False]


def test_a_month_not_published_shows_live_provisional_scores(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    place(alpha)
    install_tiny_handbook(alpha.hall)
    inspection = submitted(alpha)
    heat = heatmap.heat_map(alpha.hall)  # nothing published: the current month, live
    month = timezone.localdate().replace(day=1)
    assert heat.month == month and heat.provisional and heat.period is None
    first, second = heat.zones
    assert first.score == inspection.score and first.rank is None and first.grade
    assert second.score is None and second.fill == heatmap.NOT_ASSESSED_FILL
    assert not any(z.flag for z in heat.zones)
    # a month with no checks at all: every zone grey, none 0 or 100
    empty = heatmap.heat_map(alpha.hall, dt.date(2020, 1, 1))
    assert empty.provisional and all(z.score is None for z in empty.zones)


def test_the_hall_bands_colour_the_live_scores(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    place(alpha)
    install_tiny_handbook(alpha.hall)
    submitted(alpha)
    ScoringPolicy.objects.create(hall=alpha.hall, excellent_min=D("100"), good_min=D("99.9"), qualified_min=D("99.8"))
    zone = heatmap.heat_map(alpha.hall).zones[0]
    assert zone.grade == ("excellent" if zone.score >= 100 else "unqualified")


def test_zones_without_a_rectangle_are_listed_not_drawn(alpha):
    heat = heatmap.heat_map(alpha.hall)
    assert heat.floors == [] and len(heat.unplaced) == 2


def test_query_count_does_not_grow_with_zones(alpha, django_assert_max_num_queries):
    place(alpha)
    published(alpha, dt.date(2026, 5, 1), {0: (D("96"), 1)})
    with django_assert_max_num_queries(8):
        heatmap.heat_map(alpha.hall)


# -- the places' geometry is validated like the areas' ---------------------------------------------------


def test_zone_rectangle_must_fit_a_floor_of_its_hall(alpha, beta):
    zone = alpha.zones[0]
    zone.plan_floor = alpha.area.floor
    zone.plan_x, zone.plan_y, zone.plan_width, zone.plan_depth = D(55), D(0), D(8), D(6)
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert "plan_width" in error.value.message_dict
    zone.plan_x = D(0)
    zone.full_clean()
    zone.plan_floor = beta.area.floor
    with pytest.raises(ValidationError) as error:
        zone.full_clean()
    assert "plan_floor" in error.value.message_dict
    zone.plan_floor, zone.plan_width = alpha.area.floor, D(0)
    with pytest.raises(ValidationError):
        zone.full_clean()


def test_window_place_must_lie_on_its_floor(alpha):
    window = alpha.windows[0]
    window.plan_x, window.plan_y = D(59), D(39)
    window.full_clean()  # a point on the floor
    window.plan_width = D(2)
    with pytest.raises(ValidationError) as error:
        window.full_clean()
    assert "plan_x" in error.value.message_dict
    window.plan_width, window.plan_y = D(0), None
    with pytest.raises(ValidationError):
        window.full_clean()
    window.area = None  # no area, and its zone has no plan floor: nowhere to draw it
    window.plan_y = D(1)
    with pytest.raises(ValidationError):
        window.full_clean()


def test_other_floors_are_validated_by_their_own_size(alpha):
    small = FloorFactory(hall=alpha.hall, level=2, width=D(10), depth=D(10))
    zone = Zone(hall=alpha.hall, code="Z9", name="小", plan_floor=small, plan_width=D(11), plan_depth=D(2))
    with pytest.raises(ValidationError):
        zone.clean()


# -- the page ----------------------------------------------------------------------------------------------


def _page(client, small, query=""):
    return client.get(reverse("assessment_heatmap", kwargs={"hall": small.hall.code}) + query)


def test_page_draws_one_coloured_cell_per_zone_with_its_score_as_text(client, alpha, beta):
    place(alpha)
    place(beta)
    Zone.objects.filter(pk=alpha.zones[1].pk).update(name='<script>alert("x")</script>')
    published(alpha, dt.date(2026, 5, 1), {0: (D("88.5"), 1), 1: (D("66"), 2)})
    client.force_login(alpha.users[Role.SUPERVISION])
    body = _page(client, alpha, "?month=2026-05").content.decode()
    cells = re.findall(r'<rect class="heatmap-cell" data-testid="heatmap-zone"[^>]*fill="(#[0-9a-f]{6})"', body)
    assert cells == [heatmap.GRADE_FILLS["good"], heatmap.GRADE_FILLS["unqualified"]]
    assert ">88.5</text>" in body and ">66.0</text>" in body, re.findall(r"data-score>([^<]*)<", body)  # as text
    assert "⚑ Z01" in body
    assert "<script>alert" not in body and "&lt;script&gt;alert" in body
    assert "beta" not in body.split('data-testid="heatmap"')[1]


def test_page_explains_a_provisional_month_and_a_bad_month(client, alpha):
    place(alpha)
    client.force_login(alpha.users[Role.LEADERSHIP])
    response = _page(client, alpha, "?month=not-a-month")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-provisional="true"' in body and "alert-warning" in body


def test_zone_leads_and_staff_do_not_see_the_whole_hall(client, alpha):
    for user in (alpha.users["lead1"], alpha.users["staff1"]):
        client.force_login(user)
        assert _page(client, alpha).status_code == 404


def test_the_floor_plan_on_the_overview_draws_zones_and_windows(client, alpha):
    place(alpha)
    client.force_login(alpha.users[Role.LEADERSHIP])
    body = client.get(reverse("hall_home", kwargs={"hall": alpha.hall.code})).content.decode()
    assert body.count('data-testid="plan-zone"') == 2 and body.count('data-testid="plan-window"') == 2
    client.force_login(alpha.users["lead1"])  # a zone lead sees only the zones they may see
    body = client.get(reverse("hall_home", kwargs={"hall": alpha.hall.code})).content.decode()
    assert body.count('data-testid="plan-zone"') <= 1


def test_the_demo_hall_draws_its_17_zones_apart_and_every_window_on_the_ground_floor(demo):
    heat = heatmap.heat_map(demo)
    [ground] = heat.floors
    assert ground.floor.level == 1 and not heat.unplaced
    assert len(ground.zones) == 17 and len(ground.windows) == demo.windows.count()
    rects = [(z.x, z.y, z.x + z.width, z.y + z.depth) for z in ground.zones]
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)  # no two zones overlap
    for zone in Zone.objects.filter(hall=demo):
        zone.full_clean()
