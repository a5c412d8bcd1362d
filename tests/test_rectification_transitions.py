"""Every notice state × every action × every role, against a table written out here by hand.

For each (state, action) a notice is brought to the state through the services; then each role tries
the action inside a savepoint that is rolled back afterwards, so every role starts from the same notice.
Allowed → the new state and the event; refused → an exception and nothing changed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hallkeeper.core.events import events_for
from hallkeeper.rectification import services
from hallkeeper.rectification.choices import ExtensionState, NoticeAction, NoticeState
from hallkeeper.rectification.models import ExtensionRequest, Notice, NoticeResponse
from hallkeeper.rectification.transitions import TRANSITIONS, allowed_actions

from .inspection_data import answers_for, issued_notice
from .standards_data import install_tiny_handbook

pytestmark = pytest.mark.django_db

S, A = NoticeState, NoticeAction
ROLES = ("admin", "leadership", "supervision", "viewer", "lead1", "lead2", "staff1")
INSPECTORS = {"admin", "leadership", "supervision"}
ZONE = {"lead1"}  # the lead of the notice's zone (zone 1); lead2 leads the other zone
ISSUER = {"supervision", "admin"}  # supervision issued the notice; administrators may also cancel
OPEN = (S.ISSUED, S.ACKNOWLEDGED, S.RECTIFYING, S.SUBMITTED)
WORKING = (S.ISSUED, S.ACKNOWLEDGED, S.RECTIFYING)

#: (state, action) → (state after, roles allowed). Anything not listed is refused for everyone.
EXPECTED: dict[tuple[str, str], tuple[str, set[str]]] = {
    (S.ISSUED, A.ACKNOWLEDGE): (S.ACKNOWLEDGED, ZONE),
    (S.ACKNOWLEDGED, A.START): (S.RECTIFYING, ZONE),
    (S.ACKNOWLEDGED, A.SUBMIT): (S.SUBMITTED, ZONE),
    (S.RECTIFYING, A.SUBMIT): (S.SUBMITTED, ZONE),
    (S.SUBMITTED, A.VERIFY): (S.VERIFIED, INSPECTORS),
    (S.SUBMITTED, A.REJECT): (S.RECTIFYING, INSPECTORS),
    **{(state, A.CANCEL): (S.CANCELLED, ISSUER) for state in OPEN},
    **{(state, A.REQUEST_EXTENSION): (state, ZONE) for state in WORKING},
    **{(state, A.DECIDE_EXTENSION): (state, INSPECTORS) for state in OPEN},
}

VERBS = {
    A.ACKNOWLEDGE: "notice.acknowledged",
    A.START: "notice.started",
    A.SUBMIT: "notice.submitted",
    A.VERIFY: "notice.verified",
    A.REJECT: "notice.rejected",
    A.CANCEL: "notice.cancelled",
    A.REQUEST_EXTENSION: "notice.extension_requested",
    A.DECIDE_EXTENSION: "notice.extension_granted",
}

#: The path to each state; the request for more time (for the decide action) is made at the last working state.
PATHS = {
    S.ISSUED: [],
    S.ACKNOWLEDGED: ["acknowledge"],
    S.RECTIFYING: ["acknowledge", "start"],
    S.SUBMITTED: ["acknowledge", "start", "submit"],
    S.VERIFIED: ["acknowledge", "start", "submit", "verify"],
    S.CANCELLED: ["cancel"],
}


class Undo(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def build(small, state: str, with_extension: bool) -> Notice:
    lead, inspector = small.users["lead1"], small.users["supervision"]
    notice = issued_notice(small)
    steps = PATHS[state]
    working_steps = [s for s in steps if s in ("acknowledge", "start")]
    if with_extension and not working_steps:
        services.extension_request(user=lead, notice=notice, requested_until=notice.deadline + timedelta(7), reason="x")
    for step in steps:
        if step == "acknowledge":
            notice = services.notice_acknowledge(user=lead, notice=notice)
        elif step == "start":
            notice = services.notice_start(user=lead, notice=notice)
        elif step == "submit":
            services.notice_submit(user=lead, notice=notice, answers=answers_for(notice, "已整改"))
        elif step == "verify":
            notice = services.notice_verify(user=inspector, notice=Notice.objects.get(pk=notice.pk))
        elif step == "cancel":
            notice = services.notice_cancel(user=inspector, notice=notice, reason="误发")
        if with_extension and working_steps and step == working_steps[-1]:
            services.extension_request(
                user=lead, notice=notice, requested_until=notice.deadline + timedelta(7), reason="x"
            )
    notice = Notice.objects.get(pk=notice.pk)
    assert notice.state == state
    return notice


def attempt(action: str, user, notice: Notice):
    if action == A.ACKNOWLEDGE:
        return services.notice_acknowledge(user=user, notice=notice)
    if action == A.START:
        return services.notice_start(user=user, notice=notice)
    if action == A.SUBMIT:
        return services.notice_submit(user=user, notice=notice, answers=answers_for(notice, "再次整改", "red"))
    if action == A.VERIFY:
        return services.notice_verify(user=user, notice=notice, comment="合格")
    if action == A.REJECT:
        return services.notice_reject(user=user, notice=notice, reason="仍有堆放")
    if action == A.CANCEL:
        return services.notice_cancel(user=user, notice=notice, reason="撤销")
    if action == A.REQUEST_EXTENSION:
        return services.extension_request(
            user=user, notice=notice, requested_until=notice.deadline + timedelta(days=10), reason="材料未到"
        )
    if action == A.DECIDE_EXTENSION:
        extension = ExtensionRequest.objects.filter(notice=notice).order_by("-pk").first()
        return services.extension_decide(user=user, extension=extension, grant=True, note="同意")
    raise AssertionError(action)


def snapshot(notice: Notice):
    fresh = Notice.objects.get(pk=notice.pk)
    return (
        fresh.state,
        fresh.deadline,
        fresh.updated_at,
        fresh.times_rejected,
        fresh.closed_at,
        events_for(notice).count(),
        NoticeResponse.objects.filter(notice=notice).count(),
        list(ExtensionRequest.objects.filter(notice=notice).order_by("pk").values_list("state", flat=True)),
    )


def test_the_table_in_code_is_the_table_here():
    in_code = {(t.from_state, t.action): t.to_state for t in TRANSITIONS}
    assert in_code == {key: to for key, (to, _roles) in EXPECTED.items()}


@pytest.mark.parametrize("action", NoticeAction.values)
@pytest.mark.parametrize("state", NoticeState.values)
def test_state_action_role(alpha, state, action):
    install_tiny_handbook(alpha.hall)
    notice = build(alpha, state, with_extension=action == A.DECIDE_EXTENSION)
    to_state, allowed_roles = EXPECTED.get((state, action), (None, set()))
    for role in ROLES:
        user = alpha.users[role]
        seen = Notice.objects.get(pk=notice.pk)
        assert (action in allowed_actions(seen, user)) == (role in allowed_roles), (state, action, role)
        before = snapshot(notice)
        events_before = events_for(notice).count()
        try:
            with transaction.atomic():
                if role in allowed_roles:
                    attempt(action, user, seen)
                    after = Notice.objects.get(pk=notice.pk)
                    assert after.state == to_state, (state, action, role)
                    event = events_for(notice).last()
                    assert event.verb == VERBS[action]
                    assert (event.actor, event.from_state, event.to_state) == (user, state, to_state)
                    assert events_for(notice).count() == events_before + 1
                else:
                    expected_error = PermissionDenied if (state, action) in EXPECTED else ValidationError
                    with pytest.raises(expected_error):
                        attempt(action, user, seen)
                    assert snapshot(notice) == before, (state, action, role)
                raise Undo
        except Undo:
            pass
        assert snapshot(notice) == before


def test_pending_extension_is_decided_once(alpha):
    install_tiny_handbook(alpha.hall)
    notice = build(alpha, S.RECTIFYING, with_extension=True)
    extension = ExtensionRequest.objects.get(notice=notice)
    services.extension_decide(user=alpha.users["supervision"], extension=extension, grant=False, note="不同意")
    assert A.DECIDE_EXTENSION not in allowed_actions(notice, alpha.users["supervision"])
    assert A.REQUEST_EXTENSION in allowed_actions(notice, alpha.users["lead1"])
    with pytest.raises(ValidationError) as error:
        services.extension_decide(user=alpha.users["admin"], extension=extension, grant=True)
    assert error.value.code == "stale"
    assert ExtensionRequest.objects.get(pk=extension.pk).state == ExtensionState.REFUSED
