"""Notices and what happened to them are read-only in the admin; the rectification policy is edited there."""

import pytest
from django.apps import apps
from django.urls import reverse

from .factories import UserFactory
from .inspection_data import notice_in_state
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

MODELS = list(apps.get_app_config("rectification").get_models())


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelists_open_and_only_the_policy_is_added_here(client, alpha, model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    notice_in_state(alpha, "submitted")
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    expected = 200 if opts.model_name == "rectificationpolicy" else 403
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == expected
