"""What one user may reach: the single source every ``visible_to`` rule reads.

An :class:`Access` is computed once per user object (one query over the user's role assignments, read through
the user's ``role_assignments`` relation, so core needs no import of the accounts app) and cached on it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .capabilities import HALL_WIDE_ROLES, SEPARATED_ADMIN_ROLES
from .roles import Role


@dataclass(frozen=True)
class Access:
    user_id: int | None
    is_superuser: bool = False
    hall_roles: Mapping[int, frozenset[str]] = field(default_factory=dict)

    # -- halls -------------------------------------------------------------
    def halls_with_role(self, *roles: str) -> list[int]:
        wanted = set(roles)
        return sorted(h for h, rs in self.hall_roles.items() if rs & wanted)

    def halls_for_reference(self, action: str) -> list[int]:
        """Halls whose reference data (areas, units, people, groups) the user reaches."""
        if action == "view":
            return sorted(self.hall_roles)
        return self.halls_with_role(Role.ADMIN)

    def halls_hall_wide(self, action: str) -> list[int]:
        """Halls in which the user reaches every zone, window and position."""
        if action == "view":
            return self.halls_with_role(*HALL_WIDE_ROLES)
        return self.halls_with_role(Role.ADMIN)

    # -- roles -------------------------------------------------------------
    def roles_in(self, hall_id: int) -> frozenset[str]:
        if self.is_superuser:
            return frozenset(Role.values)
        return self.hall_roles.get(hall_id, frozenset())

    def has_role(self, hall_id: int, *roles: str) -> bool:
        return bool(self.roles_in(hall_id) & set(roles))

    def is_admin_of(self, hall_id: int) -> bool:
        return self.has_role(hall_id, Role.ADMIN)

    def is_security_admin_of(self, hall_id: int) -> bool:
        return self.has_role(hall_id, Role.SECURITY_ADMIN)

    def is_audit_admin_of(self, hall_id: int) -> bool:
        return self.has_role(hall_id, Role.AUDIT_ADMIN)

    def reaches_business_data(self, hall_id: int) -> bool:
        """Whether the user holds a role in the hall other than the security or audit administrator's:
        those two reach only their own pages (等保 三员)."""
        return bool(self.roles_in(hall_id) - SEPARATED_ADMIN_ROLES)

    @property
    def is_any_admin(self) -> bool:
        return self.is_superuser or bool(self.halls_with_role(Role.ADMIN))

    @property
    def is_any_security_admin(self) -> bool:
        return self.is_superuser or bool(self.halls_with_role(Role.SECURITY_ADMIN))

    @property
    def is_any_audit_admin(self) -> bool:
        return self.is_superuser or bool(self.halls_with_role(Role.AUDIT_ADMIN))


ANONYMOUS = Access(user_id=None)


def build_access(user_id: int, is_superuser: bool, rows: Iterable[tuple[int, str]]) -> Access:
    roles: dict[int, set[str]] = {}
    for hall_id, role in rows:
        roles.setdefault(hall_id, set()).add(role)
    return Access(
        user_id=user_id,
        is_superuser=is_superuser,
        hall_roles={h: frozenset(rs) for h, rs in roles.items()},
    )


def get_access(user) -> Access:
    """The user's access, computed once per user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_hallkeeper_access", None)
    if cached is not None:
        return cached
    rows = user.role_assignments.order_by().values_list("hall_id", "role")
    access = build_access(user.pk, user.is_superuser, rows)
    user._hallkeeper_access = access
    return access


def forget_access(user) -> None:
    """Drop the cached access, e.g. after changing the user's role assignments."""
    if hasattr(user, "_hallkeeper_access"):
        del user._hallkeeper_access
