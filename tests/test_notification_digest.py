"""The daily rectification digest: reminders before the deadline, escalation of overdue notices to the overseeing
deputy and the supervision group, the robot's summary, once a day — run through the task backends."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from hallkeeper.accounts.choices import Role
from hallkeeper.notifications.choices import NotificationKind, WebhookKind
from hallkeeper.notifications.models import DigestRun, HallNotificationSettings, Notification
from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.rectification.deadlines import add_working_days
from hallkeeper.rectification.digest import collect, run_digest
from hallkeeper.rectification.models import RectificationPolicy
from hallkeeper.rectification.tasks import rectification_digest

from .factories import MembershipFactory, PersonFactory, RoleFactory, UnitFactory, UserFactory, WorkGroupFactory
from .inspection_data import issued_notice
from .standards_data import install_tiny_handbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


class Scene:
    """Zone 1's notice is overdue on ``day``; zone 2's is due the next working day. A deputy oversees zone 1's
    department (unit); another deputy oversees zone 2 only."""

    def __init__(self, small):
        install_tiny_handbook(small.hall)
        self.small = small
        self.hall = small.hall
        self.unit = UnitFactory(hall=self.hall, name="行政审批科")
        small.zones[0].units.add(self.unit)
        group = WorkGroupFactory(hall=self.hall, kind=GroupKind.LEADERSHIP)
        self.deputy = self._deputy(group, "deputy1")
        self.deputy.membership.oversees_units.add(self.unit)
        self.other_deputy = self._deputy(group, "deputy2")
        self.other_deputy.membership.oversees_zones.add(small.zones[1])

        self.overdue = issued_notice(small, zone_index=0)
        self.due = issued_notice(small, zone_index=1)
        self.day = self.overdue.deadline + timedelta(days=3)
        # zone 2's deadline is the next working day after the digest's day: a reminder, not overdue
        self.due.deadline = add_working_days(self.day, 1)
        self.due.save(update_fields=["deadline"])
        Notification.objects.all().delete()  # the "issued" notifications; the digest is what is tested

    def _deputy(self, group, name):
        user = UserFactory(username=f"{self.hall.code}-{name}")
        RoleFactory(user=user, hall=self.hall, role=Role.LEADERSHIP)
        person = PersonFactory(hall=self.hall, user=user, name=name)
        user.membership = MembershipFactory(group=group, person=person, role=MemberRole.DEPUTY)
        return user

    @property
    def users(self):
        return self.small.users


@pytest.fixture
def scene(alpha):
    return Scene(alpha)


def inbox(user):
    return list(Notification.objects.filter(recipient=user).order_by("pk"))


def assert_digest_delivered(scene):
    users = scene.users
    (lead_note,) = inbox(users["lead1"])
    assert lead_note.kind == NotificationKind.DEADLINE_REMINDER
    assert scene.overdue.number in lead_note.title + lead_note.body
    assert scene.overdue.number in lead_note.body and "overdue" in lead_note.body
    assert lead_note.link == reverse("notice_detail", kwargs={"hall": scene.hall.code, "pk": scene.overdue.pk})

    (deputy_note,) = inbox(scene.deputy)
    assert deputy_note.kind == NotificationKind.OVERDUE_ESCALATION
    assert scene.overdue.number in deputy_note.body and scene.due.number not in deputy_note.body
    assert "oversee" in deputy_note.title
    assert deputy_note.link == lead_note.link  # one notice: its page

    (supervision_note,) = inbox(users["supervision"])
    assert supervision_note.kind == NotificationKind.OVERDUE_ESCALATION
    assert scene.overdue.number in supervision_note.body
    assert scene.small.zones[0].lead.name in supervision_note.body  # who answers for it

    (reminder,) = inbox(users["lead2"])  # zone 2 is due soon, not overdue: a reminder only
    assert reminder.kind == NotificationKind.DEADLINE_REMINDER
    assert scene.due.number in reminder.body and scene.overdue.number not in reminder.body

    for quiet in (scene.other_deputy, users["admin"], users["leadership"], users["viewer"], users["staff1"]):
        assert inbox(quiet) == [], quiet.username


# -- through the task backends ----------------------------------------------------------------------------


def test_overdue_notice_reaches_the_right_inboxes_with_the_immediate_backend(scene):
    result = rectification_digest.enqueue(scene.hall.pk, scene.day.isoformat())
    assert result.return_value == {
        "hall": scene.hall.code,
        "day": scene.day.isoformat(),
        "skipped": False,
        "reminders": 1,
        "overdue": 1,
        "recipients": 4,
        "webhook": False,
    }
    assert_digest_delivered(scene)


@pytest.mark.django_db(transaction=True)
def test_overdue_notice_reaches_the_right_inboxes_only_after_the_database_worker_ran(alpha):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    scene = Scene(alpha)
    scene.users["lead1"].email = "lead1@example.org"
    scene.users["lead1"].save()
    with override_settings(TASKS=DB_TASKS):
        result = rectification_digest.enqueue(scene.hall.pk, scene.day.isoformat())
        assert DBTaskResult.objects.filter(pk=result.id, status="READY").exists()
        assert not Notification.objects.exists() and not DigestRun.objects.exists()
        # The worker of `hallkeeper db_worker --batch --no-startup-delay`, run in this process (the command
        # itself would also install its signal handlers and log handlers in the test process).
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()
        assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
        assert_digest_delivered(scene)
        # The digest queued the email of lead 1's reminder; the worker's batch ran it too.
        assert [m.to for m in mail.outbox] == [["lead1@example.org"]]
        assert scene.overdue.number in mail.outbox[0].body


# -- rules of the digest -------------------------------------------------------------------------------


def test_the_same_days_digest_is_sent_once(scene):
    first = run_digest(scene.hall, scene.day)
    count = Notification.objects.count()
    assert first["skipped"] is False and count == 4
    assert run_digest(scene.hall, scene.day)["skipped"] is True
    assert rectification_digest.enqueue(scene.hall.pk, scene.day.isoformat()).return_value["skipped"] is True
    assert Notification.objects.count() == count
    run = DigestRun.objects.get(hall=scene.hall, day=scene.day)
    assert (run.reminders, run.overdue, run.recipients) == (1, 1, 4)
    # the next day is another digest
    assert run_digest(scene.hall, scene.day + timedelta(days=1))["skipped"] is False


def test_one_message_per_person_whatever_the_number_of_notices(scene):
    second = issued_notice(scene.small, zone_index=0)
    second.deadline = scene.overdue.deadline
    second.save(update_fields=["deadline"])
    Notification.objects.all().delete()
    run_digest(scene.hall, scene.day)
    for user in (scene.users["lead1"], scene.deputy, scene.users["supervision"]):
        (note,) = inbox(user)
        assert scene.overdue.number in note.body and second.number in note.body
    note = inbox(scene.users["supervision"])[0]
    assert "2" in note.title
    assert note.link == reverse("notice_list", kwargs={"hall": scene.hall.code}) + "?overdue=true"
    assert inbox(scene.users["lead1"])[0].link == reverse("notice_inbox", kwargs={"hall": scene.hall.code})


def test_a_lead_who_also_oversees_gets_one_combined_message(scene):
    lead2 = scene.users["lead2"]
    scene.other_deputy.membership.person.user = None
    scene.other_deputy.membership.person.save()
    person = scene.small.zones[1].lead
    membership = MembershipFactory(group=scene.deputy.membership.group, person=person, role=MemberRole.DEPUTY)
    membership.oversees_zones.add(scene.small.zones[0])
    run_digest(scene.hall, scene.day)
    (note,) = inbox(lead2)
    assert note.kind == NotificationKind.DIGEST
    assert scene.due.number in note.body and scene.overdue.number in note.body


def test_nothing_due_nothing_sent(alpha):
    install_tiny_handbook(alpha.hall)
    notice = issued_notice(alpha)
    Notification.objects.all().delete()
    far_before = notice.deadline - timedelta(days=30)
    assert run_digest(alpha.hall, far_before)["recipients"] == 0
    assert not Notification.objects.exists()
    assert DigestRun.objects.filter(hall=alpha.hall, day=far_before, recipients=0).exists()


def test_reminder_days_follow_the_policy(scene):
    RectificationPolicy.objects.update_or_create(hall=scene.hall, defaults={"remind_days_before": 0})
    scene.hall.refresh_from_db()
    _inboxes, overdue, due, horizon = collect(scene.hall, scene.day)
    assert horizon == scene.day and due == [] and overdue == [scene.overdue]
    RectificationPolicy.objects.filter(hall=scene.hall).update(remind_days_before=2)
    scene.hall.refresh_from_db()
    _inboxes, _overdue, due, horizon = collect(scene.hall, scene.day)
    assert due == [scene.due] and horizon == add_working_days(scene.day, 2)


def test_closed_and_submitted_notices_are_not_chased(scene, django_capture_on_commit_callbacks):
    from hallkeeper.rectification import services as rectification

    rectification.notice_cancel(user=scene.users["supervision"], notice=scene.overdue, reason="重复")
    Notification.objects.all().delete()
    run_digest(scene.hall, scene.day)
    assert inbox(scene.deputy) == [] and inbox(scene.users["supervision"]) == []
    assert inbox(scene.users["lead1"]) == []


def test_people_without_a_role_in_the_hall_are_not_told(scene):
    from hallkeeper.accounts.models import RoleAssignment

    RoleAssignment.objects.filter(user=scene.deputy).delete()
    run_digest(scene.hall, scene.day)
    assert inbox(scene.deputy) == []
    assert len(inbox(scene.users["supervision"])) == 1


def test_the_robot_gets_one_summary_per_hall(scene, settings, robot, django_capture_on_commit_callbacks):
    settings.HALLKEEPER_BASE_URL = "https://hall.example.gov.cn/"
    HallNotificationSettings.objects.create(
        hall=scene.hall, webhook_url=robot.url("access_token=t"), webhook_kind=WebhookKind.DINGTALK
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = run_digest(scene.hall, scene.day)
    assert summary["webhook"] is True
    (request,) = robot.requests
    markdown = request["json"]["markdown"]
    assert set(markdown) == {"title", "text"}
    assert scene.overdue.number in markdown["text"] and scene.due.number not in markdown["text"]
    assert scene.hall.display_name in markdown["title"]
    assert f"(https://hall.example.gov.cn/h/{scene.hall.code}/rectification/?overdue=true)" in markdown["text"]
    assert json.dumps(request["json"], ensure_ascii=False)  # plain JSON the robot accepts
    assert DigestRun.objects.get(hall=scene.hall, day=scene.day).webhook_posted


def test_a_dead_robot_does_not_stop_the_digest(scene, robot, django_capture_on_commit_callbacks):
    HallNotificationSettings.objects.create(hall=scene.hall, webhook_url=robot.dead_url)
    with django_capture_on_commit_callbacks(execute=True):
        run_digest(scene.hall, scene.day)
    assert len(inbox(scene.users["supervision"])) == 1
    assert HallNotificationSettings.objects.get(hall=scene.hall).last_webhook_ok is False


# -- the command -----------------------------------------------------------------------------------------


def test_command_queues_every_halls_digest(scene, beta, capsys):
    call_command("rectification_digest", "--date", scene.day.isoformat())
    out = capsys.readouterr().out
    assert "alpha" in out and "beta" in out and "2 digest(s) queued" in out
    assert set(DigestRun.objects.values_list("hall__code", flat=True)) == {"alpha", "beta"}
    assert len(inbox(scene.deputy)) == 1
    call_command("rectification_digest", "--hall", "alpha", "--date", scene.day.isoformat())
    assert len(inbox(scene.deputy)) == 1  # idempotent


def test_command_defaults_to_today_and_refuses_bad_input(alpha):
    call_command("rectification_digest", "--hall", "alpha")
    assert DigestRun.objects.get(hall=alpha.hall).day == timezone.localdate()
    with pytest.raises(CommandError):
        call_command("rectification_digest", "--date", "31.12.2026")
    with pytest.raises(CommandError):
        call_command("rectification_digest", "--hall", "nowhere")


def test_command_with_the_database_backend_only_queues(scene):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS=DB_TASKS):
        call_command("rectification_digest", "--hall", "alpha", "--date", scene.day.isoformat())
    assert DBTaskResult.objects.count() == 1
    assert not DigestRun.objects.exists() and not Notification.objects.exists()
