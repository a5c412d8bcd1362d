"""A hall's issuer of official documents (halls/documents.py): the authority and its 机关代字, their defaults,
the settings page administrators change (a recorded event), and what is refused."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.core.events import events_for
from hallkeeper.halls.documents import Issuer, issuer_for
from hallkeeper.halls.models import DocumentSettings
from hallkeeper.halls.services import document_settings_save

pytestmark = pytest.mark.django_db


def url(small) -> str:
    return reverse("document_settings", kwargs={"hall": small.hall.code})


def test_defaults_come_from_the_halls_organization(alpha):
    assert issuer_for(alpha.hall) == Issuer(name="测试市行政审批局", code="测审批", decision_code="测审批发")
    alpha.hall.organization = "鞍山市行政审批局"  # the demo hall's operating organization
    assert issuer_for(alpha.hall) == Issuer(name="鞍山市行政审批局", code="鞍审批", decision_code="鞍审批发")
    alpha.hall.organization = ""
    assert issuer_for(alpha.hall) == Issuer(name=alpha.hall.name, code="", decision_code="")
    assert not DocumentSettings.objects.exists()  # reading never writes


def test_saved_settings_win_and_the_change_is_recorded(alpha):
    saved = document_settings_save(
        user=alpha.users[Role.ADMIN],
        document_settings=DocumentSettings(hall=alpha.hall, issuer_name=" 鞍山市行政审批局 ", issuer_code=" 鞍审批 "),
    )
    alpha.hall.refresh_from_db()
    assert issuer_for(alpha.hall) == Issuer(name="鞍山市行政审批局", code="鞍审批", decision_code="鞍审批发")
    event = events_for(saved).get()
    assert event.verb == "document_settings.saved" and event.actor == alpha.users[Role.ADMIN]
    assert event.data["changes"]["issuer_code"][1] == "鞍审批"


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER, "lead1"])
def test_only_administrators_change_them(alpha, who):
    with pytest.raises(PermissionDenied):
        document_settings_save(
            user=alpha.users[who], document_settings=DocumentSettings(hall=alpha.hall, issuer_code="某")
        )
    assert not DocumentSettings.objects.exists()


def test_an_administrator_of_another_hall_is_refused(alpha, beta):
    with pytest.raises(PermissionDenied):
        document_settings_save(user=beta.users[Role.ADMIN], document_settings=DocumentSettings(hall=alpha.hall))


@pytest.mark.parametrize("code", ["鞍〔审批", "鞍审批2026", "<script>", "一二三四五六七八九十一二三", "鞍\u200b审批"])
def test_a_bad_code_is_refused_and_changes_nothing(alpha, code):
    with pytest.raises(ValidationError):
        document_settings_save(
            user=alpha.users[Role.ADMIN], document_settings=DocumentSettings(hall=alpha.hall, issuer_code=code)
        )
    assert not DocumentSettings.objects.exists()


def test_page_everyone_reads_administrators_edit(client, alpha):
    year = timezone.localdate().year
    client.force_login(alpha.users[Role.VIEWER])
    page = client.get(url(alpha))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="read-only"' in body and f"测审批〔{year}〕7号" in body
    assert client.post(url(alpha), {"issuer_name": "x", "issuer_code": "某"}).status_code == 403
    assert not DocumentSettings.objects.exists()

    client.force_login(alpha.users[Role.ADMIN])
    response = client.post(url(alpha), {"issuer_name": "鞍山市行政审批局", "issuer_code": "鞍审批"})
    assert response.status_code == 302
    page = client.get(url(alpha))
    assert f"鞍审批〔{year}〕7号" in page.content.decode()
    assert page.context["issuer"] == Issuer(name="鞍山市行政审批局", code="鞍审批", decision_code="鞍审批发")

    response = client.post(url(alpha), {"issuer_name": "鞍山市行政审批局", "issuer_code": "鞍〔审批〕<b>"})
    assert response.status_code == 400 and response.context["form"].errors["issuer_code"]
    assert "<b>" not in response.content.decode().split('name="issuer_code"')[0][-200:]  # never echoed as markup
    assert DocumentSettings.objects.get(hall=alpha.hall).issuer_code == "鞍审批"


def test_settings_rows_stay_in_their_hall(alpha, beta):
    DocumentSettings.objects.create(hall=alpha.hall, issuer_code="甲")
    DocumentSettings.objects.create(hall=beta.hall, issuer_code="乙")
    assert set(DocumentSettings.objects.visible_to(alpha.users[Role.VIEWER]).values_list("issuer_code", flat=True)) == {
        "甲"
    }
    assert not DocumentSettings.objects.visible_to(alpha.users[Role.VIEWER], "change").exists()
    assert issuer_for(beta.hall).code == "乙"


def test_a_saved_decision_code_wins_and_a_bad_one_is_refused(alpha):
    admin = alpha.users[Role.ADMIN]
    row = DocumentSettings(hall=alpha.hall, issuer_code="鞍审批", decision_code=" 鞍审批决 ")
    saved = document_settings_save(user=admin, document_settings=row)
    assert issuer_for(alpha.hall).decision_code == "鞍审批决"
    assert events_for(saved).get().data["changes"]["decision_code"] == [None, "鞍审批决"]
    for bad in ("鞍审批〔决〕", "鞍审批 2026", "鞍审批"):  # brackets, digits, or the documents' own code
        saved.refresh_from_db()
        saved.decision_code = bad
        with pytest.raises(ValidationError) as refused:
            document_settings_save(user=admin, document_settings=saved)
        assert "decision_code" in refused.value.error_dict
    saved.refresh_from_db()
    assert saved.decision_code == "鞍审批决" and events_for(saved).count() == 1


def test_without_a_saved_issuer_code_the_derived_one_may_not_be_the_decisions_code(alpha):
    with pytest.raises(ValidationError):
        document_settings_save(
            user=alpha.users[Role.ADMIN], document_settings=DocumentSettings(hall=alpha.hall, decision_code="测审批")
        )
    assert not DocumentSettings.objects.exists()


def test_the_page_edits_the_decision_code_and_shows_its_numbers(client, alpha):
    year = timezone.localdate().year
    client.force_login(alpha.users[Role.ADMIN])
    body = client.get(url(alpha)).content.decode()
    assert 'name="decision_code"' in body and f"测审批发〔{year}〕3号" in body
    response = client.post(url(alpha), {"issuer_name": "", "issuer_code": "", "decision_code": "测审批表"})
    assert response.status_code == 302
    assert f"测审批表〔{year}〕3号" in client.get(url(alpha)).content.decode()
    response = client.post(url(alpha), {"issuer_name": "", "issuer_code": "", "decision_code": "测审批"})
    assert response.status_code == 400 and response.context["form"].errors["decision_code"]
    assert DocumentSettings.objects.get(hall=alpha.hall).decision_code == "测审批表"
