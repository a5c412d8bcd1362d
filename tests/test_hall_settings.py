"""The shared per-hall settings helper: the reader, the save service and the four settings rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import HallSecurityPolicy
from hallkeeper.core.events import events_for
from hallkeeper.core.hall_settings import settings_for, settings_save
from hallkeeper.halls.models import DocumentSettings
from hallkeeper.inspections.models import ScoringPolicy
from hallkeeper.notifications.models import HallNotificationSettings
from hallkeeper.rectification.models import RectificationPolicy

MODELS = [ScoringPolicy, RectificationPolicy, HallNotificationSettings, HallSecurityPolicy, DocumentSettings]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("fresh", [False, True])
def test_unsaved_defaults_until_a_row_exists(alpha, model, fresh):
    row = settings_for(model, alpha.hall, fresh=fresh)
    assert row.pk is None and row.hall == alpha.hall
    assert not model.objects.exists()  # reading never writes
    assert settings_for(model, None).pk is None


@pytest.mark.parametrize("model", MODELS)
def test_the_saved_row_is_returned(alpha, model):
    saved = model.objects.create(hall=alpha.hall)
    assert settings_for(model, alpha.hall, fresh=True).pk == saved.pk
    alpha.hall.refresh_from_db()
    assert settings_for(model, alpha.hall).pk == saved.pk


def test_fresh_reads_the_database_the_default_reads_the_halls_cache(alpha):
    ScoringPolicy.objects.create(hall=alpha.hall)
    cached = settings_for(ScoringPolicy, alpha.hall)
    ScoringPolicy.objects.filter(hall=alpha.hall).update(acceptance_pass_line=Decimal("95"))
    assert settings_for(ScoringPolicy, alpha.hall) is cached
    assert settings_for(ScoringPolicy, alpha.hall, fresh=True).acceptance_pass_line == Decimal("95")


def test_save_by_an_administrator_records_the_change(alpha):
    policy = settings_for(ScoringPolicy, alpha.hall)
    policy.acceptance_pass_line = Decimal("92.5")
    settings_save(user=alpha.users[Role.ADMIN], instance=policy, verb="scoring_policy.saved", refused="no")
    assert ScoringPolicy.objects.get(hall=alpha.hall).acceptance_pass_line == Decimal("92.5")
    event = events_for(policy).get()
    assert event.verb == "scoring_policy.saved" and event.actor == alpha.users[Role.ADMIN]
    assert event.data["changes"]["acceptance_pass_line"][1] == "92.5"


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1"])
def test_save_by_anyone_else_is_refused_and_changes_nothing(alpha, who):
    policy = settings_for(ScoringPolicy, alpha.hall)
    with pytest.raises(PermissionDenied, match="only admins"):
        settings_save(user=alpha.users[who], instance=policy, verb="scoring_policy.saved", refused="only admins")
    assert not ScoringPolicy.objects.exists()


def test_invalid_values_are_refused_before_saving(alpha):
    policy = settings_for(ScoringPolicy, alpha.hall)
    policy.excellent_min = Decimal("101")
    with pytest.raises(ValidationError):
        settings_save(user=alpha.users[Role.ADMIN], instance=policy, verb="scoring_policy.saved", refused="no")
    assert not ScoringPolicy.objects.exists()


def test_a_settings_page_without_its_save_service_is_a_programming_error():
    from hallkeeper.core.hall_settings import HallSettingsView

    class Incomplete(HallSettingsView):
        pass

    with pytest.raises(TypeError, match="Incomplete must define save"):
        Incomplete().save(None)
