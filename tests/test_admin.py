"""The administration configures everything; hall administrators see only their halls."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from hallkeeper.accounts.choices import Role

from .factories import UserFactory

pytestmark = pytest.mark.django_db

HALLKEEPER_MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in {"halls", "accounts", "org", "places"} and m._meta.label != "accounts.PasswordHistory"
]
#: Records of what happened (inspections, the event log) are read-only in the admin.
READ_ONLY_MODELS = [
    m
    for m in apps.get_models()
    if m._meta.app_label in {"inspections", "core"} and m._meta.model_name not in {"scoringpolicy", "checkitem"}
] + [apps.get_model("accounts", "PasswordHistory")]  # former password hashes: listed, never edited


def test_every_model_is_in_the_admin():
    missing = [m._meta.label for m in HALLKEEPER_MODELS + READ_ONLY_MODELS if m not in admin.site._registry]
    assert not missing


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m._meta.label)
def test_records_are_read_only_in_the_admin(client, alpha, model):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403


@pytest.mark.parametrize("model", HALLKEEPER_MODELS, ids=lambda m: m._meta.label)
def test_superuser_opens_every_changelist_and_add_form(client, alpha, model):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_hall_admin_sees_only_their_hall_in_the_admin(client, alpha, beta):
    user = alpha.users[Role.ADMIN]
    user.is_staff = True
    user.save()
    client.force_login(user)
    body = client.get(reverse("admin:places_zone_changelist")).content.decode()
    assert alpha.zones[0].name in body and beta.zones[0].name not in body
    other = reverse("admin:places_zone_change", args=[beta.zones[0].pk])
    assert client.get(other).status_code == 302  # the admin redirects away from objects outside the queryset
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_staff_flag_without_admin_role_gives_no_admin(client, alpha):
    user = alpha.users[Role.VIEWER]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("admin:places_zone_changelist")).status_code == 403
