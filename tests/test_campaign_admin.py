"""The campaign's records in the admin — campaigns with their phases and tasks, progress updates, publicity,
training, the budget, suggestions and the model window — are read-only there (their writes go through the
services) and scoped: a hall's administrator sees their hall's rows only."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.campaign import services as campaigns
from hallkeeper.campaign.models import Campaign, Task
from hallkeeper.suggestions import services as suggestions

from .campaign_data import make_campaign
from .factories import UserFactory

pytestmark = pytest.mark.django_db

APPS = ("campaign", "training", "budget", "suggestions", "showcase")
#: Every model of the campaign's apps but the digest's run log (a hall-and-day marker, no record of the work).
MODELS = [m for label in APPS for m in apps.get_app_config(label).get_models() if m._meta.model_name != "taskdigestrun"]


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def add_task(small, campaign):
    phase = campaign.phases.order_by("starts").first()
    return campaigns.task_add(
        user=small.users[Role.LEADERSHIP],
        campaign=campaign,
        phase=phase,
        title="他厅的任务",
        owner_kind="zone",
        owner_id=small.zones[0].pk,
        due=phase.ends,
    )


def test_every_model_of_the_campaign_apps_is_in_the_admin():
    assert [m._meta.label for m in MODELS if m not in admin.site._registry] == []


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_superuser_opens_every_list_and_record_read_only(client, demo, model):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    listed = client.get(admin_url(model, "changelist"))
    assert listed.status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 403
    record = model._default_manager.order_by("pk").first()
    if record is None:  # the demo keeps no training material
        return
    page = client.get(admin_url(model, "change", record.pk))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(admin_url(model, "delete", record.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.filter(pk=record.pk).exists()


def test_the_demo_halls_administrator_reads_its_campaign_with_phases_and_tasks(client, demo):
    user = RoleAssignment.objects.filter(hall=demo, role=Role.ADMIN).select_related("user").first().user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    campaign = Campaign.objects.filter(hall=demo).first()
    page = client.get(admin_url(Campaign, "change", campaign.pk)).content.decode()
    assert campaign.phases.first().name in page and campaign.tasks.first().title[:20] in page


def test_a_hall_administrator_sees_only_their_halls_campaigns_and_suggestions(client, alpha, beta):
    mine, theirs = make_campaign(alpha, title="本厅专项工作"), make_campaign(beta, title="他厅专项工作")
    foreign_task = add_task(beta, theirs)
    note = suggestions.suggestion_submit(
        user=beta.users["lead1"], hall=beta.hall, subject="process", text="他厅的建议", zone=beta.zones[0]
    )
    user = alpha.users[Role.ADMIN]
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    body = client.get(admin_url(Campaign, "changelist")).content.decode()
    assert mine.title in body and theirs.title not in body
    assert client.get(admin_url(Campaign, "change", theirs.pk)).status_code == 302  # outside the queryset
    assert client.get(admin_url(Task, "change", foreign_task.pk)).status_code == 302
    assert "他厅的建议" not in client.get(admin_url(type(note), "changelist")).content.decode()
    viewer = alpha.users[Role.VIEWER]
    viewer.is_staff = True
    viewer.save(update_fields=["is_staff"])
    client.force_login(viewer)
    assert client.get(admin_url(Campaign, "changelist")).status_code == 403
