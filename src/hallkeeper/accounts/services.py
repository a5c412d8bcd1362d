"""Writes of the accounts app that are not about lockout or the second factor."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallkeeper.core.events import record_event, record_save

from .access import forget_access, get_access
from .models import RoleAssignment
from .roles import separation_problem


def password_change(*, request, form) -> None:
    """The user chose a new password (the form has checked the old one and the policy): it no longer has to
    change, the session stays signed in, the change is recorded."""
    user = form.user
    with transaction.atomic():
        user.must_change_password = False
        form.save()  # set_password notes the time; Django's validators keep the history
        record_event(target=user, verb="auth.password_changed", actor=user)
    update_session_auth_hash(request, user)


@transaction.atomic
def role_assign(*, user, hall, role: str, actor=None) -> RoleAssignment:
    """Give ``user`` the ``role`` in ``hall`` (nothing changes when they hold it already), recorded as
    ``roleassignment.created`` like an assignment made in the admin.

    ``actor`` is the security administrator of the hall (or a superuser) who gives it; ``None`` is the
    installation itself (the demo loader, management commands). The system, security and audit administrators
    stay three people."""
    if actor is not None:
        access = get_access(actor)
        if not (access.is_superuser or access.is_security_admin_of(hall.pk)):
            raise PermissionDenied(_("Only the hall's security administrator gives roles."))
    existing = RoleAssignment.objects.filter(user=user, hall=hall, role=role).first()
    if existing is not None:
        return existing
    problem = separation_problem(user_id=user.pk, hall_id=hall.pk, role=role)
    if problem:
        raise ValidationError(problem)
    assignment = RoleAssignment(user=user, hall=hall, role=role)
    assignment.full_clean()
    assignment.save()
    record_save(target=assignment, actor=actor, before=None, hall=hall)
    forget_access(user)
    return assignment
