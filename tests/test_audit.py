"""The audit trail: every kind of event, before/after values, the actor copy, append-only, the hash chain,
retention, the audit page, and the separation of the three administrators (等保 三员)."""

from __future__ import annotations

import threading
from datetime import timedelta
from io import BytesIO, StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.core import chain
from hallkeeper.core.events import record_event
from hallkeeper.core.models import AppendOnlyError, AuditChain, Event
from hallkeeper.core.retention import prune, retention_days
from hallkeeper.places.models import Position, Zone
from hallkeeper.standards import services as handbook
from hallkeeper.transfer.services import import_rows

from .audit_helpers import trigger_disabled
from .factories import UserFactory
from .test_transfer import upload, xlsx

pytestmark = pytest.mark.django_db


def url(name, h, **kw):
    return reverse(name, kwargs={"hall": h.hall.code, **kw})


def last(verb: str) -> Event:
    return Event.objects.filter(verb=verb).order_by("-pk").first()


# -- each kind of event ---------------------------------------------------------------------------
def test_login_logout_and_failed_login_are_events_without_the_password(client, alpha):
    user = alpha.users[Role.ADMIN]
    client.post(reverse("login"), {"username": user.username, "password": "wrong-secret-99"})
    failed = last("user.login_failed")
    assert failed.actor is None and failed.actor_username == user.username and failed.address == "127.0.0.1"
    assert "wrong-secret-99" not in str(failed.data) and failed.data["known"] is True
    client.post(reverse("login"), {"username": "nobody-here", "password": "x"})
    assert last("user.login_failed").data == {"username": "nobody-here", "known": False}

    assert client.post(reverse("login"), {"username": user.username, "password": "pass-for-tests-1"}).status_code == 302
    login = last("user.logged_in")
    assert (login.actor, login.actor_username, login.address) == (user, user.username, "127.0.0.1")
    assert login.actor_roles == "admin"
    client.post(reverse("logout"))
    assert last("user.logged_out").actor == user


def test_zone_edit_records_before_and_after(client, alpha):
    zone = alpha.zones[0]
    old_name = zone.name
    client.force_login(alpha.users["lead1"])
    response = client.post(url("zone_edit", alpha, pk=zone.pk), {"name": "新名称", "description": "说明"})
    assert response.status_code == 302
    event = last("zone.changed")
    assert event.object_id == zone.pk and event.hall_id == alpha.hall.pk
    assert event.data["changes"] == {"name": [old_name, "新名称"], "description": [zone.description, "说明"]}
    assert event.actor_roles == "zone_lead" and event.address == "127.0.0.1"


def test_position_create_and_edit_are_events(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    data = {"code": "NEW-1", "name": "新定置点", "kind": alpha.positions[0].kind, "zone": alpha.zones[0].pk}
    assert client.post(url("position_create", alpha), data).status_code == 302
    position = Position.objects.get(code="NEW-1")
    created = last("position.created")
    assert created.object_id == position.pk and created.data["changes"]["code"] == [None, "NEW-1"]
    client.post(url("position_edit", alpha, pk=position.pk), data | {"name": "改名"})
    assert last("position.changed").data["changes"] == {"name": ["新定置点", "改名"]}


def test_import_records_row_counts(alpha):
    rows = [["U900", "新单位", "", "科室", "", 1]]
    result = import_rows(
        hall=alpha.hall, entity="units", file=upload(xlsx(rows, entity="units")), user=alpha.users[Role.ADMIN]
    )
    assert result.ok, result.messages()
    event = last("import.units")
    assert event.data["created"] == 1 and event.data["rows"] == 1 and event.data["file"] == "data.xlsx"


def test_handbook_edits_are_events(alpha):
    from .standards_data import install_tiny_handbook

    editor = alpha.users[Role.ADMIN]
    v1 = install_tiny_handbook(alpha.hall, user=editor)
    assert last("handbook_version.published").object_id == v1.pk
    draft = handbook.handbook_version_revise(handbook=v1.handbook, user=editor)
    assert last("handbook_version.revised").data == {"based_on": 1, "number": 2}
    rule = draft.rules.order_by("pk").first()
    old_title = rule.title
    rule.title = "新的细则标题"
    handbook.rule_save(rule=rule, user=editor)
    assert last("rule.changed").data["changes"] == {"title": [old_title, "新的细则标题"]}
    handbook.rule_delete(rule=rule, user=editor)
    assert last("rule.deleted").data["changes"]["title"] == ["新的细则标题", None]
    handbook.handbook_version_discard(version=draft, user=editor)
    assert last("handbookversion.deleted").hall_id == alpha.hall.pk


def test_settings_page_records_before_and_after(client, alpha):
    client.force_login(alpha.users[Role.ADMIN])
    from .test_inspection_plans import _policy

    client.post(url("scoring_policy", alpha), _policy(acceptance_pass_line="92.5"))
    client.post(url("scoring_policy", alpha), _policy(acceptance_pass_line="93"))
    assert last("scoring_policy.saved").data["changes"] == {"acceptance_pass_line": ["92.5", "93"]}


def test_admin_changes_are_events_with_before_and_after(client, alpha):
    admin_user = alpha.users[Role.ADMIN]
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    zone = alpha.zones[0]
    change_url = reverse("admin:places_zone_change", args=[zone.pk])
    form = client.get(change_url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "name": "后台改名",
            "areas": [a.pk for a in zone.areas.all()],
            "lead": zone.lead_id,
            "windows-TOTAL_FORMS": "0",
            "windows-INITIAL_FORMS": "0",
        }
    )
    response = client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    event = last("zone.changed")
    assert event.data["via"] == "admin" and event.data["changes"]["name"][1] == "后台改名"
    client.post(reverse("admin:places_position_delete", args=[alpha.positions[1].pk]), {"post": "yes"})
    assert last("position.deleted").data["changes"]["code"][0] == alpha.positions[1].code


def test_role_assignment_by_the_security_admin_is_an_event(client, alpha):
    client.force_login(alpha.users[Role.SECURITY_ADMIN])
    target = UserFactory(username="newcomer")
    response = client.post(
        reverse("admin:accounts_roleassignment_add"), {"user": target.pk, "hall": alpha.hall.pk, "role": Role.VIEWER}
    )
    assert response.status_code == 302
    event = last("roleassignment.created")
    assert event.data["changes"]["role"] == [None, "viewer"] and event.data["changes"]["hall"] == [None, alpha.hall.pk]
    assert event.actor_roles == "security_admin"


# -- the actor copy -----------------------------------------------------------------------------------
def test_the_actor_survives_the_deletion_of_the_user(alpha):
    user = UserFactory(username="leaver", last_name="离", first_name="职")
    RoleAssignment.objects.create(user=user, hall=alpha.hall, role=Role.VIEWER)
    event = record_event(target=alpha.zones[0], actor=user, verb="zone.viewed")
    user.delete()
    event = Event.objects.get(pk=event.pk)
    assert event.actor is None
    assert (event.actor_name, event.actor_username, event.actor_roles) == ("离职", "leaver", "viewer")
    assert chain.verify().ok


def test_deleting_a_hall_keeps_its_events(db):
    from .factories import HallFactory

    hall = HallFactory(code="gone")
    event = record_event(target=hall, verb="hall.checked")
    hall_pk = hall.pk
    hall.delete()
    assert Event.objects.get(pk=event.pk).hall_id == hall_pk
    assert chain.verify().ok


# -- append-only ------------------------------------------------------------------------------------
def test_the_code_refuses_to_change_or_delete_events(alpha):
    event = record_event(target=alpha.hall, verb="hall.checked")
    event.verb = "hall.changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(verb="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).verb == "hall.checked"


def test_postgresql_refuses_raw_updates_and_deletes(alpha):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    event = record_event(target=alpha.hall, verb="hall.checked")
    for sql in (
        "UPDATE core_event SET verb = 'forged' WHERE id = %s",
        "UPDATE core_event SET actor_name = 'someone' WHERE id = %s",
        "DELETE FROM core_event WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.pk])
    assert Event.objects.get(pk=event.pk).verb == "hall.checked"


# -- the chain --------------------------------------------------------------------------------------------
def test_chain_links_each_event_to_the_one_before(alpha):
    first = record_event(target=alpha.hall, verb="a.one", data={"n": 1, "day": timezone.localdate()})
    second = record_event(target=alpha.hall, verb="a.two")
    assert second.prev_hash == first.hash and len(first.hash) == 64
    assert AuditChain.objects.get(pk=1).head_hash == second.hash
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "已校验" in out.getvalue()


def test_verify_audit_finds_the_tampered_row(alpha):
    events = [record_event(target=alpha.hall, verb=f"a.{i}") for i in range(5)]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_event SET comment = 'forged' WHERE id = %s", [events[2].pk])
    result = chain.verify()
    assert result.broken.pk == events[2].pk and "content" in result.reason
    with pytest.raises(CommandError, match=f"#{events[2].pk}"):
        call_command("verify_audit")


def test_verify_audit_finds_a_removed_row(alpha):
    events = [record_event(target=alpha.hall, verb=f"a.{i}") for i in range(4)]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [events[1].pk])
    assert chain.verify().broken.pk == events[2].pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear():
    if connection.vendor != "postgresql":
        pytest.skip("threads with their own connections need PostgreSQL")
    from .factories import HallFactory

    hall = HallFactory(code="conc")
    barrier = threading.Barrier(8)
    errors = []

    def append(n):
        from django.db import connection as own

        try:
            barrier.wait(timeout=30)
            for i in range(5):
                record_event(target=hall, verb=f"t.{n}.{i}")
        except Exception as error:  # noqa: BLE001 — checked below
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert Event.objects.filter(hall_id=hall.pk).count() == 40
    assert chain.verify().ok
    hashes = list(Event.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes))  # no two events built on the same previous hash


# -- retention --------------------------------------------------------------------------------------
def test_retention_below_180_days_is_refused(settings):
    with pytest.raises(ValidationError):
        retention_days(179)
    assert retention_days(365) == 365
    with pytest.raises(CommandError, match="180"):
        call_command("prune_audit", "--days", "90")


def test_settings_refuse_a_short_retention(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import hallkeeper.settings.base as base

    monkeypatch.setenv("HALLKEEPER_AUDIT_RETENTION_DAYS", "30")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(base)
    monkeypatch.delenv("HALLKEEPER_AUDIT_RETENTION_DAYS")
    importlib.reload(base)


def test_prune_archives_then_removes_and_the_chain_still_verifies(alpha, tmp_path):
    now = timezone.now()
    old = [record_event(target=alpha.hall, verb="old", at=now - timedelta(days=200 + i)) for i in range(3)]
    recent = record_event(target=alpha.hall, verb="recent")
    result = prune(archive_dir=tmp_path, now=now)
    assert result.archived >= 3 and result.anchor_id >= old[-1].pk
    lines = result.archive.read_text(encoding="utf-8").splitlines()
    assert any('"verb": "old"' in line for line in lines)
    assert not Event.objects.filter(verb="old").exists() and Event.objects.filter(pk=recent.pk).exists()
    assert chain.verify().ok
    record_event(target=alpha.hall, verb="after")
    assert chain.verify().ok


# -- the audit page ------------------------------------------------------------------------------------
def test_audit_page_filters_paginates_and_exports(client, alpha, beta):
    record_event(target=alpha.zones[0], actor=alpha.users[Role.ADMIN], verb="zone.changed")
    record_event(target=alpha.hall, actor=alpha.users["lead1"], verb="hall.checked")
    record_event(target=beta.hall, actor=beta.users[Role.ADMIN], verb="hall.elsewhere")
    client.force_login(alpha.users[Role.AUDIT_ADMIN])
    page = client.get(url("audit_trail", alpha))
    verbs = [e.verb for e in page.context["object_list"]]
    assert "zone.changed" in verbs and "hall.checked" in verbs and "hall.elsewhere" not in verbs
    filtered = client.get(url("audit_trail", alpha), {"verb": "zone.changed"}).context["object_list"]
    assert [e.verb for e in filtered] == ["zone.changed"]
    by_actor = client.get(url("audit_trail", alpha), {"actor": "lead1"}).context["object_list"]
    assert [e.verb for e in by_actor] == ["hall.checked"]
    ct = ContentType.objects.get_for_model(Zone)
    typed = client.get(url("audit_trail", alpha), {"record_type": ct.pk}).context["object_list"]
    assert {e.verb for e in typed} == {"zone.changed"}
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert not client.get(url("audit_trail", alpha), {"since": future}).context["object_list"]
    export = client.get(url("audit_trail", alpha), {"export": "xlsx", "verb": "zone.changed"})
    content = b"".join(export.streaming_content)
    rows = list(load_workbook(BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "zone.changed" in rows[1]


# -- three separated administrators ------------------------------------------------------------------
def _system_admin_actions(client, h):
    """(label, response) for work of the system administrator."""
    return [
        ("edit a zone", client.post(url("zone_edit", h, pk=h.zones[0].pk), {"name": "x", "description": ""})),
        ("import", client.get(url("transfer_index", h))),
        ("settings page", client.post(url("notification_settings", h), {})),
        ("admin: places", client.get(reverse("admin:places_zone_changelist"))),
    ]


def _security_admin_actions(client, h):
    return [
        ("role assignments", client.get(reverse("admin:accounts_roleassignment_changelist"))),
        (
            "assign a role",
            client.post(
                reverse("admin:accounts_roleassignment_add"),
                {"user": h.users[Role.VIEWER].pk, "hall": h.hall.pk, "role": Role.LEADERSHIP},
            ),
        ),
    ]


def _audit_admin_actions(client, h):
    return [
        ("audit page", client.get(url("audit_trail", h))),
        ("audit export", client.get(url("audit_trail", h), {"export": "xlsx"})),
        ("admin: events", client.get(reverse("admin:core_event_changelist"))),
    ]


@pytest.mark.parametrize(
    ("role", "refused"),
    [
        (Role.ADMIN, ("security", "audit")),
        (Role.SECURITY_ADMIN, ("system", "audit")),
        (Role.AUDIT_ADMIN, ("system", "security")),
    ],
)
def test_no_administrator_does_the_others_work(client, alpha, role, refused):
    user = alpha.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    actions = {"system": _system_admin_actions, "security": _security_admin_actions, "audit": _audit_admin_actions}
    before = RoleAssignment.objects.count()
    for kind in refused:
        for label, response in actions[kind](client, alpha):
            assert response.status_code in (302, 403) and not (
                response.status_code == 302 and "/admin/login/" not in response["Location"]
            ), f"{role} may {label}"
    assert RoleAssignment.objects.count() == before
    assert Zone.objects.get(pk=alpha.zones[0].pk).name != "x"


@pytest.mark.parametrize("role", [Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN])
def test_each_administrator_does_their_own_work(client, alpha, role):
    user = alpha.users[role]
    user.is_staff = True
    user.save()
    client.force_login(user)
    own = {
        Role.ADMIN: lambda: client.get(url("transfer_index", alpha)),
        Role.SECURITY_ADMIN: lambda: client.get(reverse("admin:accounts_roleassignment_changelist")),
        Role.AUDIT_ADMIN: lambda: client.get(url("audit_trail", alpha)),
    }[role]
    assert own().status_code == 200


@pytest.mark.usefixtures("english")
def test_one_user_is_never_two_of_the_three_administrators(client, alpha):
    client.force_login(alpha.users[Role.SECURITY_ADMIN])
    response = client.post(
        reverse("admin:accounts_roleassignment_add"),
        {"user": alpha.users[Role.ADMIN].pk, "hall": alpha.hall.pk, "role": Role.AUDIT_ADMIN},
    )
    assert response.status_code == 200 and "separate people" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=alpha.users[Role.ADMIN], role=Role.AUDIT_ADMIN).exists()


def test_separated_admins_land_on_their_own_pages(client, alpha):
    client.force_login(alpha.users[Role.AUDIT_ADMIN])
    assert client.get(url("hall_home", alpha))["Location"] == url("audit_trail", alpha)
    client.force_login(alpha.users[Role.SECURITY_ADMIN])
    assert client.get(url("hall_home", alpha))["Location"] == reverse("security", kwargs={"hall": alpha.hall.code})


def test_user_create_change_and_delete_in_the_admin_are_events(client, alpha):
    owner = UserFactory(username="owner", is_superuser=True, is_staff=True)
    client.force_login(owner)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "newclerk",
            "password1": "Long-enough-pass-77",
            "password2": "Long-enough-pass-77",
            "usable_password": "true",
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-INITIAL_FORMS": "0",
            "role_assignments-0-hall": alpha.hall.pk,
            "role_assignments-0-role": Role.VIEWER,
        },
    )
    assert response.status_code == 302
    created = last("user.created")
    assert created.data["changes"]["username"] == [None, "newclerk"]
    assert "password" not in created.data["changes"] and "Long-enough" not in str(created.data)
    assert last("roleassignment.created").data["changes"]["role"] == [None, "viewer"]
    clerk = get_user_model().objects.get(username="newclerk")
    deleted = client.post(reverse("admin:accounts_user_delete", args=[clerk.pk]), {"post": "yes"})
    assert deleted.status_code == 302, deleted.content.decode()[:3000]
    assert last("user.deleted").data["changes"]["username"] == ["newclerk", None]
    assert chain.verify().ok


def test_verify_audit_finds_removed_last_events(alpha):
    events = [record_event(target=alpha.hall, verb=f"a.{i}") for i in range(3)]
    with trigger_disabled(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_event WHERE id = %s", [events[-1].pk])
    result = chain.verify()
    assert not result.ok and "missing" in result.reason
    with pytest.raises(CommandError, match="不完整"):
        call_command("verify_audit")


def test_handbook_import_is_an_event(alpha, beta, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hallkeeper.standards.sharing import export_version, import_version

    from .standards_data import install_tiny_handbook

    settings.MEDIA_ROOT = tmp_path
    v1 = install_tiny_handbook(alpha.hall, user=alpha.users[Role.ADMIN])
    content = export_version(v1)
    draft = import_version(hall=beta.hall, file=SimpleUploadedFile("shared.zip", content), user=beta.users[Role.ADMIN])
    event = last("handbook_version.imported")
    assert event.object_id == draft.pk and event.hall_id == beta.hall.pk
    assert event.data["file"] == "shared.zip" and event.data["rules"] == v1.rules.count()
