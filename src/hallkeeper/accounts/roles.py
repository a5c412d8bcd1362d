"""Role assignment rules for the three separated administrators (等保 三员)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .choices import ADMINISTRATOR_ROLES, Role


def separation_problem(*, user_id: int | None, hall_id: int | None, role: str, exclude_pk: int | None = None) -> str:
    """A message if giving ``role`` in the hall would make one user two of the three administrators."""
    if role not in ADMINISTRATOR_ROLES or user_id is None or hall_id is None:
        return ""
    from .models import RoleAssignment

    held = (
        RoleAssignment.objects.filter(user_id=user_id, hall_id=hall_id, role__in=ADMINISTRATOR_ROLES)
        .exclude(role=role)
        .exclude(pk=exclude_pk)
        .values_list("role", flat=True)
        .first()
    )
    if held is None:
        return ""
    return _(
        "The system, security and audit administrators are separate people: this user is already the %(held)s "
        "of this hall and cannot also be the %(role)s."
    ) % {"held": Role(held).label, "role": Role(role).label}
