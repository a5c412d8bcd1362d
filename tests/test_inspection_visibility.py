"""visible_to for every inspection model, for every role of alpha, with beta's rows never leaking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.inspections import services
from hallkeeper.inspections.choices import Frequency, InspectionKind, ItemResult
from hallkeeper.inspections.models import (
    AcceptanceRound,
    DueInspection,
    Finding,
    Inspection,
    InspectionPlan,
    ItemPhoto,
    ScoringPolicy,
)

from .inspection_data import add_service_window, jpeg_with_gps, start, submitted, upload
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

ROLES = [Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1", "lead2", "staff1", "staff2"]
MODELS = [Inspection, Finding, ItemPhoto, DueInspection, InspectionPlan, AcceptanceRound, ScoringPolicy]


@dataclass
class World:
    """Named rows of one hall."""

    patrol0: Inspection  # supervision, zone 0, submitted, one finding and one photo
    patrol1: Inspection  # supervision, zone 1, submitted, one finding
    staff_self: Inspection  # staff1's self-check of their window in zone 0 (draft)
    lead_self: Inspection  # lead2's self-check of zone 1 (draft)
    finding0: Finding
    finding1: Finding
    photo0: ItemPhoto
    photo_self: ItemPhoto  # on staff1's draft
    due0: DueInspection  # zone 0, assigned to supervision
    due1: DueInspection  # zone 1, assigned to lead2
    plan: InspectionPlan
    round: AcceptanceRound
    policy: ScoringPolicy


def _photo(inspection, colour):
    item = inspection.items.first()
    return services.photo_add(user=inspection.inspector, item=item, file=upload(jpeg_with_gps((120, 90), colour)))


def build(small) -> World:
    install_tiny_handbook(small.hall)
    patrol0 = start(small, "supervision", 0)
    photo0 = _photo(patrol0, "blue")
    item = patrol0.items.get()
    services.item_answer(user=patrol0.inspector, item=item, result=ItemResult.FAIL)
    patrol0 = services.inspection_submit(user=patrol0.inspector, inspection=patrol0)
    patrol1 = submitted(small, {"exit-clear": 1}, user_key="supervision", zone_index=1)
    staff_self = start(small, "staff1", 0, InspectionKind.SELF_CHECK)
    photo_self = _photo(staff_self, "red")
    lead_self = start(small, "lead2", 1, InspectionKind.SELF_CHECK)
    plan = InspectionPlan.objects.create(
        hall=small.hall,
        name="每日巡查",
        kind=InspectionKind.PATROL,
        frequency=Frequency.DAILY,
        starts_on=date(2026, 1, 1),
    )
    today = timezone.localdate()
    due0 = DueInspection.objects.create(
        hall=small.hall,
        plan=plan,
        zone=small.zones[0],
        opens_on=today,
        due_on=today,
        assignee=small.users["supervision"],
    )
    due1 = DueInspection.objects.create(
        hall=small.hall, plan=plan, zone=small.zones[1], opens_on=today, due_on=today, assignee=small.users["lead2"]
    )
    acceptance_round = services.round_create(
        user=small.users[Role.ADMIN], hall=small.hall, name="验收", starts_on=date(2026, 11, 1)
    )
    policy = ScoringPolicy.objects.create(hall=small.hall)
    return World(
        patrol0=patrol0,
        patrol1=patrol1,
        staff_self=staff_self,
        lead_self=lead_self,
        finding0=Finding.objects.get(inspection=patrol0),
        finding1=Finding.objects.get(inspection=patrol1),
        photo0=photo0,
        photo_self=photo_self,
        due0=due0,
        due1=due1,
        plan=plan,
        round=acceptance_round,
        policy=policy,
    )


@pytest.fixture
def worlds(alpha, beta, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build(alpha), build(beta)


def everything(world: World, model) -> set:
    return {
        Inspection: {world.patrol0, world.patrol1, world.staff_self, world.lead_self},
        Finding: {world.finding0, world.finding1},
        ItemPhoto: {world.photo0, world.photo_self},
        DueInspection: {world.due0, world.due1},
        InspectionPlan: {world.plan},
        AcceptanceRound: {world.round},
        ScoringPolicy: {world.policy},
    }[model]


def expected_view(w: World, role: str, model) -> set:
    if role in (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER):
        return everything(w, model)
    if model in (InspectionPlan, AcceptanceRound, ScoringPolicy):
        return everything(w, model)  # everybody in the hall reads plans, rounds and the policy
    if role in ("staff1", "staff2"):
        # Window staff: inspections targeting their windows or made by them, findings and photos on their
        # windows — not the zone patrols, which name no window (see test_staff_see_what_is_on_their_windows).
        mine = {Inspection: {w.staff_self}, ItemPhoto: {w.photo_self}}
        return mine.get(model, set()) if role == "staff1" else set()
    zone0 = {
        Inspection: {w.patrol0, w.staff_self},
        Finding: {w.finding0},
        ItemPhoto: {w.photo0, w.photo_self},
        DueInspection: {w.due0},
    }[model]
    zone1 = {
        Inspection: {w.patrol1, w.lead_self},
        Finding: {w.finding1},
        ItemPhoto: set(),
        DueInspection: {w.due1},
    }[model]
    return zone0 if role == "lead1" else zone1


def expected_change(w: World, role: str, model) -> set:
    managers = (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION)
    if model is Inspection:
        return {
            Role.SUPERVISION: {w.patrol0, w.patrol1},
            "staff1": {w.staff_self},
            "lead2": {w.lead_self},
        }.get(role, set())
    if model is ItemPhoto:
        return {Role.SUPERVISION: {w.photo0}, "staff1": {w.photo_self}}.get(role, set())
    if model is Finding:
        return set()
    if model is DueInspection:
        if role in managers:
            return {w.due0, w.due1}
        return {"lead2": {w.due1}}.get(role, set())
    if model is ScoringPolicy:
        return {w.policy} if role == Role.ADMIN else set()
    return everything(w, model) if role in managers else set()


def mismatches(world: World, user, action: str, expected, models=MODELS) -> dict:
    wrong = {}
    for model in models:
        seen = set(model.objects.visible_to(user, action))
        if seen != expected(model):
            wrong[model.__name__] = {"extra": seen - expected(model), "missing": expected(model) - seen}
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_what(worlds, alpha, role):
    a, _b = worlds
    assert mismatches(a, alpha.users[role], "view", lambda m: expected_view(a, role, m)) == {}


@pytest.mark.parametrize("role", ROLES)
def test_who_changes_what(worlds, alpha, role):
    a, _b = worlds
    models = [m for m in MODELS if not (m is ScoringPolicy and role in (Role.LEADERSHIP, Role.SUPERVISION))]
    assert mismatches(a, alpha.users[role], "change", lambda m: expected_change(a, role, m), models) == {}


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.SUPERVISION])
def test_only_administrators_reach_the_scoring_policy_to_change_it(worlds, alpha, role):
    assert not ScoringPolicy.objects.visible_to(alpha.users[role], "change").exists()


@pytest.mark.parametrize("role", ROLES)
def test_nothing_leaks_between_halls(worlds, alpha, beta, role):
    a, b = worlds
    for small, other in ((alpha, b), (beta, a)):
        user = small.users[role]
        for model in MODELS:
            for action in ("view", "change"):
                seen = set(model.objects.visible_to(user, action))
                assert not seen & everything(other, model), (small.hall.code, model.__name__, action)


def test_viewer_sees_everything_but_changes_nothing(worlds, alpha):
    a, _b = worlds
    viewer = alpha.users[Role.VIEWER]
    for model in MODELS:
        assert set(model.objects.visible_to(viewer)) == everything(a, model)
        assert not model.objects.visible_to(viewer, "change").exists()


def test_an_inspector_keeps_seeing_their_own_inspection_outside_their_scope(worlds, alpha):
    a, _b = worlds
    # lead1 does not lead zone 1; make them the inspector of its patrol (as if their scope had changed since).
    Inspection.objects.filter(pk=a.patrol1.pk).update(inspector=alpha.users["lead1"])
    lead1 = type(alpha.users["lead1"]).objects.get(pk=alpha.users["lead1"].pk)
    assert a.patrol1 in set(Inspection.objects.visible_to(lead1))
    assert a.patrol1 in set(Inspection.objects.visible_to(lead1, "change"))
    assert a.finding1 in set(Finding.objects.visible_to(lead1))


def test_without_any_role_nothing_is_visible(worlds, alpha):
    from .factories import UserFactory

    nobody = UserFactory(username="nobody")
    for model in MODELS:
        for action in ("view", "change"):
            assert not model.objects.visible_to(nobody, action).exists()


def test_staff_see_what_is_on_their_windows(alpha, settings, tmp_path):
    """A zone patrol naming staff1's window on an item: staff1 sees that finding and photo (not the patrol, nor
    what it found elsewhere); a self-check a zone lead made of their window they see whole; staff2 nothing."""
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    staff1, staff2 = alpha.users["staff1"], alpha.users["staff2"]
    window, _counter, _drawer = add_service_window(alpha, 0, staff_user=staff1)  # every rule applies
    patrol = start(alpha, "supervision", 0)
    on_window, elsewhere = patrol.items.order_by("order")[:2]
    for item, where in ((on_window, window), (elsewhere, None)):
        services.item_answer(user=patrol.inspector, item=item, result=ItemResult.FAIL, window=where)
    photo_on = _photo_of(patrol, on_window, "green")
    photo_elsewhere = _photo_of(patrol, elsewhere, "yellow")
    for item in patrol.items.exclude(pk__in=[on_window.pk, elsewhere.pk]):
        services.item_answer(user=patrol.inspector, item=item, result=ItemResult.PASS)
    patrol = services.inspection_submit(user=patrol.inspector, inspection=patrol)
    finding_on = Finding.objects.get(inspection=patrol, window=window)
    lead_check = start(alpha, "lead1", 0, InspectionKind.SELF_CHECK, windows=[window])
    lead_photo = _photo(lead_check, "purple")

    assert set(Inspection.objects.visible_to(staff1)) == {lead_check}
    assert set(Finding.objects.visible_to(staff1)) == {finding_on}
    assert set(ItemPhoto.objects.visible_to(staff1)) == {photo_on, lead_photo}
    assert photo_elsewhere not in set(ItemPhoto.objects.visible_to(staff1))
    for model in (Inspection, Finding, ItemPhoto):
        assert not model.objects.visible_to(staff2).exists()
        assert not model.objects.visible_to(staff1, "change").exists()


def _photo_of(inspection, item, colour):
    return services.photo_add(user=inspection.inspector, item=item, file=upload(jpeg_with_gps((120, 90), colour)))
