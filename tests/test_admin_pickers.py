"""A hall administrator's pickers in /admin (selects, raw ids, autocompletes, inlines) offer only their halls'
records: every add form of the admin is walked and no record of another hall may be among the choices."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core.admin import ScopedAdmin

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def _hall_records(hall) -> set[tuple[str, int]]:
    """Every record that belongs to ``hall`` alone: its own row, the rows with that hall, its users."""
    records = {("halls.hall", hall.pk)}
    for model in apps.get_models():
        if any(f.name == "hall" and f.is_relation for f in model._meta.get_fields()):
            records |= {
                (model._meta.label_lower, pk)
                for pk in model._default_manager.filter(hall=hall).values_list("pk", flat=True)
            }
    others = RoleAssignment.objects.exclude(hall=hall).values("user_id")
    users = RoleAssignment.objects.filter(hall=hall).exclude(user_id__in=others).values_list("user_id", flat=True)
    records |= {(get_user_model()._meta.label_lower, pk) for pk in users}
    return records


def _offered(form) -> set[tuple[str, int]]:
    offered = set()
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None:
            offered |= {(queryset.model._meta.label_lower, pk) for pk in queryset.values_list("pk", flat=True)}
    return offered


@pytest.fixture
def hall_admin(alpha):
    user = alpha.users[Role.ADMIN]
    user.is_staff = True
    user.save()
    return user


def test_every_add_form_offers_only_the_admins_halls(client, alpha, beta, hall_admin):
    UserFactory(username="newcomer")  # an account no hall has yet may be picked
    forbidden = _hall_records(beta.hall)
    assert ("halls.hall", beta.hall.pk) in forbidden and len(forbidden) > 20
    client.force_login(hall_admin)
    walked = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, ScopedAdmin):
            continue
        opts = model._meta
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        if response.status_code == 403:
            continue  # read-only records and halls (superusers only)
        assert response.status_code == 200, opts.label
        walked += 1
        offered = _offered(response.context["adminform"].form)
        for formset in response.context["inline_admin_formsets"]:
            for form in formset.formset.forms + [formset.formset.empty_form]:
                offered |= _offered(form)
        leaked = offered & forbidden
        assert not leaked, f"{opts.label} offers records of another hall: {sorted(leaked)}"
        if any(label == "halls.hall" for label, _pk in offered):
            assert ("halls.hall", alpha.hall.pk) in offered  # their own hall is offered
    assert walked >= 10


def test_user_pickers_list_the_halls_people_and_new_accounts_only(client, alpha, beta):
    """Roles are the security administrator's to give: to the hall's people and to new accounts only."""
    newcomer = UserFactory(username="newcomer")
    security = alpha.users[Role.SECURITY_ADMIN]
    security.is_staff = True
    security.save(update_fields=["is_staff"])
    client.force_login(security)
    form = client.get(reverse("admin:accounts_roleassignment_add")).context["adminform"].form
    users = set(form.fields["user"].queryset)
    assert alpha.users["lead1"] in users and newcomer in users
    assert not users & set(beta.users.values())
    assert set(form.fields["hall"].queryset) == {alpha.hall}


def test_a_foreign_record_typed_into_a_raw_id_field_is_refused(client, alpha, beta, hall_admin):
    client.force_login(hall_admin)
    person = alpha.zones[0].lead
    response = client.post(
        reverse("admin:org_person_change", args=[person.pk]),
        {"hall": alpha.hall.pk, "name": person.name, "user": beta.users[Role.ADMIN].pk, "unit": "", "code": ""},
    )
    assert response.status_code == 200 and "user" in response.context["adminform"].form.errors
    person.refresh_from_db()
    assert person.user_id != beta.users[Role.ADMIN].pk


def test_autocomplete_offers_only_the_admins_halls(client, alpha, beta, hall_admin):
    client.force_login(hall_admin)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "roleassignment", "field_name": "hall", "term": ""},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(alpha.hall.pk)]
