"""Opinions and suggestions (意见建议): submitting, tagging, answering, the link to the handbook revision, and who
reaches which page."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from hallkeeper.accounts.choices import Role
from hallkeeper.core.models import Event
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.models import Notification
from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.org.models import Membership, Person, WorkGroup
from hallkeeper.standards import services as handbook
from hallkeeper.suggestions import services
from hallkeeper.suggestions.models import Suggestion

from .factories import make_hall
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db


def png_upload(name="p.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def promote(small, username: str, role=MemberRole.DEPUTY) -> None:
    """Make ``username``'s person a leader or deputy of the hall's promotion group (推进小组)."""
    group, _ = WorkGroup.objects.get_or_create(hall=small.hall, kind=GroupKind.PROMOTION, defaults={"name": "推进小组"})
    user = small.users[username]
    person = Person.objects.filter(hall=small.hall, user=user).first()
    Membership.objects.create(group=group, person=person, role=role)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small = make_hall("alpha")
    small.v1 = install_tiny_handbook(small.hall)
    promote(small, "lead2")
    return small


def submit(world, user="lead1", **kwargs):
    values = {"subject": "layout", "text": "台面的评价器位置不便群众操作，建议移到右侧。", "zone": world.zones[0]}
    values.update(kwargs)
    return services.suggestion_submit(user=world.users[user], hall=world.hall, **values)


def counts():
    return Suggestion.objects.count(), Event.objects.count()


# -- services ------------------------------------------------------------------------------------------------------


def test_submit_with_a_photo_and_a_rule(world):
    rule = world.v1.rules.get(key="counter-whitelist")
    item = submit(world, subject="handbook", rule=rule, photo=png_upload())
    assert item.state == "open" and item.rule == rule and item.zone == world.zones[0]
    assert item.image.name and item.thumbnail.name
    assert Event.objects.filter(verb="suggestion.submitted", object_id=item.pk).exists()


def test_staff_name_the_zone_of_their_window(world):
    item = submit(world, user="staff1", zone=world.zones[0])
    assert item.zone == world.zones[0]


@pytest.mark.parametrize(
    ("user", "kwargs", "field"),
    [
        ("lead1", {"text": "   "}, "text"),
        ("lead1", {"text": "太长" * 1001}, "text"),
        ("lead1", {"subject": "weather"}, "subject"),
        ("lead1", {"zone": "other"}, "zone"),  # a zone the lead does not see
        ("staff1", {"zone": "other"}, "zone"),
        ("lead1", {"photo": SimpleUploadedFile("x.png", b"<svg onload=alert(1)>")}, "photo"),
    ],
)
def test_submit_refusals_change_nothing(world, user, kwargs, field):
    if kwargs.get("zone") == "other":
        kwargs["zone"] = world.zones[1]
    before = counts()
    with pytest.raises(ValidationError) as refused:
        submit(world, user=user, **kwargs)
    assert field in refused.value.error_dict
    assert counts() == before


def test_rule_of_another_hall_or_a_draft_is_refused(world):
    draft = handbook.handbook_version_revise(handbook=world.v1.handbook, user=world.users[Role.ADMIN])
    before = counts()
    with pytest.raises(ValidationError):
        submit(world, subject="handbook", rule=draft.rules.first())
    assert counts() == before


def test_viewer_does_not_submit(world):
    with pytest.raises(PermissionDenied):
        submit(world, user=Role.VIEWER, zone=None)


def test_answer_tells_the_submitter_and_records(world):
    item = submit(world)
    item = services.suggestion_answer(
        user=world.users["lead2"], suggestion=item, outcome="noted", reply="已记录，下一轮修订时统筹考虑。"
    )
    assert item.state == "noted" and item.answered_at and item.answerer_name
    note = Notification.objects.get(recipient=world.users["lead1"])
    assert f"#{item.pk}" in note.title and note.link == item.get_absolute_url()
    assert note.kind == NotificationKind.SUGGESTION_ANSWERED
    assert Event.objects.filter(verb="suggestion.answered", to_state="noted").exists()


def submitted_notes():
    return Notification.objects.filter(kind=NotificationKind.SUGGESTION_SUBMITTED)


def test_a_new_suggestion_reaches_the_promotion_groups_leads_not_its_author(world):
    promote(world, "staff1", role=MemberRole.LEADER)
    promote(world, "staff2", role=MemberRole.MEMBER)  # a plain member answers nothing: not told
    beta = make_hall("beta")
    promote(beta, "lead2")  # another hall's deputy: not told
    item = submit(world)  # by lead1
    notes = submitted_notes()
    assert sorted(n.recipient.username for n in notes) == sorted(
        [world.users["lead2"].username, world.users["staff1"].username]
    )
    note = notes.get(recipient=world.users["lead2"])
    assert note.hall == world.hall and note.link == item.get_absolute_url()
    assert f"#{item.pk}" in note.title and world.zones[0].code in note.title and item.text in note.body
    assert note.get_kind_display()


def test_a_lead_who_submits_is_not_told_of_their_own_suggestion(world):
    submit(world, user="lead2", zone=None)
    assert not submitted_notes().exists()


def test_a_refused_suggestion_tells_nobody(world):
    with pytest.raises(ValidationError):
        submit(world, text="  ")
    assert not submitted_notes().exists()


def test_an_inactive_lead_is_not_told(world):
    lead = world.users["lead2"]
    lead.is_active = False
    lead.save(update_fields=["is_active"])
    submit(world)
    assert not submitted_notes().exists()


@pytest.mark.parametrize("user", ["lead1", "staff1", Role.SUPERVISION, Role.VIEWER])
def test_only_the_promotion_group_answers(world, user):
    item = submit(world)
    with pytest.raises(PermissionDenied):
        services.suggestion_answer(user=world.users[user], suggestion=item, outcome="noted", reply="好")
    item.refresh_from_db()
    assert item.state == "open"


def test_answer_refusals(world):
    item = submit(world)
    leader = world.users[Role.LEADERSHIP]
    for outcome, reply in (("open", "好"), ("accepted", "  "), ("maybe", "好")):
        with pytest.raises(ValidationError):
            services.suggestion_answer(user=leader, suggestion=item, outcome=outcome, reply=reply)
    item.refresh_from_db()
    assert item.state == "open" and not item.reply


def test_accepted_for_the_handbook_links_the_draft_rule_and_shows_publication(world, client):
    admin = world.users[Role.ADMIN]
    item = submit(world, subject="handbook", rule=world.v1.rules.get(key="counter-whitelist"))
    published_rule = world.v1.rules.get(key="counter-whitelist")
    with pytest.raises(ValidationError):  # a rule of the published version is not a revision
        services.suggestion_answer(
            user=admin, suggestion=item, outcome="accepted", reply="采纳", revised_rule=published_rule
        )
    draft = handbook.handbook_version_revise(handbook=world.v1.handbook, user=admin)
    draft_rule = draft.rules.get(key="counter-whitelist")
    with pytest.raises(ValidationError):  # only an accepted one
        services.suggestion_answer(user=admin, suggestion=item, outcome="noted", reply="记录", revised_rule=draft_rule)
    item = services.suggestion_answer(
        user=admin, suggestion=item, outcome="accepted", reply="采纳，修订细则。", revised_rule=draft_rule
    )
    assert item.revision == draft and item.revised_rule == draft_rule and not item.revision_published
    client.force_login(world.users["lead1"])
    page = client.get(item.get_absolute_url()).content.decode()
    assert "V2" in page and "draft" in page.lower() or "草稿" in page
    handbook.handbook_version_publish(version=draft, user=admin, note="采纳意见修订台面细则")
    item.refresh_from_db()
    assert item.revision_published
    assert 'data-testid="revision"' in client.get(item.get_absolute_url()).content.decode()


def test_link_later_and_tags(world):
    admin = world.users[Role.ADMIN]
    item = services.suggestion_answer(user=admin, suggestion=submit(world), outcome="accepted", reply="采纳")
    draft = handbook.handbook_version_revise(handbook=world.v1.handbook, user=admin)
    item = services.suggestion_link_revision(user=admin, suggestion=item, revised_rule=draft.rules.first())
    assert item.revision == draft
    services.suggestion_tag(user=admin, suggestion=item, tags="台面，标识 台面")
    assert sorted(item.tags.values_list("name", flat=True)) == ["台面", "标识"]
    with pytest.raises(ValidationError):
        services.suggestion_tag(user=admin, suggestion=item, tags="一,二,三,四,五,六")
    with pytest.raises(ValidationError):
        services.suggestion_tag(user=admin, suggestion=item, tags="很" * 21)
    assert item.tags.count() == 2


# -- pages ---------------------------------------------------------------------------------------------------------


def url(world, name, **kwargs):
    return reverse(name, kwargs={"hall": world.hall.code, **kwargs})


@pytest.mark.parametrize(
    ("role", "list_status", "detail_status", "create_status"),
    [
        (Role.ADMIN, 200, 200, 200),
        (Role.LEADERSHIP, 200, 200, 200),
        (Role.SUPERVISION, 200, 200, 200),
        (Role.VIEWER, 200, 200, 403),
        ("lead1", 200, 200, 200),  # their own
        ("lead2", 200, 200, 200),  # the promotion group's deputy
        ("staff1", 200, 404, 200),  # not theirs, not their zone
        (Role.SECURITY_ADMIN, 403, 403, 403),
    ],
)
def test_pages_per_role(world, client, role, list_status, detail_status, create_status):
    item = submit(world)
    client.force_login(world.users[role])
    assert client.get(url(world, "suggestion_list")).status_code == list_status
    assert client.get(url(world, "suggestion_detail", pk=item.pk)).status_code == detail_status
    assert client.get(url(world, "suggestion_create")).status_code == create_status


@pytest.mark.parametrize(("role", "status"), [("lead1", 403), ("staff1", 404), (Role.SUPERVISION, 403)])
def test_answer_post_refused(world, client, role, status):
    item = submit(world)
    client.force_login(world.users[role])
    response = client.post(
        url(world, "suggestion_action", pk=item.pk, action="answer"), {"outcome": "noted", "reply": "x"}
    )
    assert response.status_code == status
    item.refresh_from_db()
    assert item.state == "open"


def test_another_halls_admin_and_hostile_ids_get_404(world, client):
    item = submit(world)
    beta = make_hall("beta")
    client.force_login(beta.users[Role.ADMIN])
    assert client.get(reverse("suggestion_detail", kwargs={"hall": "beta", "pk": item.pk})).status_code == 404
    client.force_login(world.users[Role.ADMIN])
    assert client.get(url(world, "suggestion_detail", pk=99999999999)).status_code == 404
    assert client.post(url(world, "suggestion_action", pk=item.pk, action="explode")).status_code == 404


def test_submit_page_refuses_an_unseen_zone(world, client):
    client.force_login(world.users["lead1"])
    before = counts()
    response = client.post(
        url(world, "suggestion_create"), {"subject": "layout", "text": "建议", "zone": world.zones[1].pk}
    )
    assert response.status_code == 400 and counts() == before
    response = client.post(url(world, "suggestion_create"), {"subject": "layout", "text": ""})
    assert response.status_code == 400 and counts() == before
    response = client.post(
        url(world, "suggestion_create"),
        {"subject": "handbook", "text": "便民笔应固定", "zone": world.zones[0].pk, "photo": png_upload()},
    )
    assert response.status_code == 302 and Suggestion.objects.count() == before[0] + 1


def test_list_filters_paginates_and_exports(world, client, settings):
    settings.HALLKEEPER_PAGE_SIZE = 2
    admin = world.users[Role.ADMIN]
    for i in range(3):
        submit(world, text=f"建议{i}")
    first = Suggestion.objects.order_by("pk").first()
    services.suggestion_answer(user=admin, suggestion=first, outcome="accepted", reply="采纳")
    services.suggestion_tag(user=admin, suggestion=first, tags="台面")
    client.force_login(admin)
    page = client.get(url(world, "suggestion_list"))
    assert page.context["paginator"].count == 3 and len(page.context["object_list"]) == 2
    assert client.get(url(world, "suggestion_list") + "?state=accepted").context["paginator"].count == 1
    tag = first.tags.get()
    assert client.get(url(world, "suggestion_list") + f"?tag={tag.pk}").context["paginator"].count == 1
    assert client.get(url(world, "suggestion_list") + "?subject=process").context["paginator"].count == 0
    response = client.get(url(world, "suggestion_list") + "?state=accepted&export=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2 and "建议0" in rows[1] and "台面" in rows[1]


def test_photo_only_for_readers(world, client):
    item = submit(world, photo=png_upload())
    client.force_login(world.users["lead1"])
    response = client.get(url(world, "suggestion_thumb", pk=item.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(world.users["staff2"])
    assert client.get(url(world, "suggestion_photo", pk=item.pk)).status_code == 404
