"""The hall roles (defined beside the visibility chokepoint in core; named here for the accounts app)."""

from hallkeeper.core.capabilities import ADMINISTRATOR_ROLES, HALL_WIDE_ROLES, SEPARATED_ADMIN_ROLES
from hallkeeper.core.roles import Role

__all__ = ["ADMINISTRATOR_ROLES", "HALL_WIDE_ROLES", "SEPARATED_ADMIN_ROLES", "Role"]
