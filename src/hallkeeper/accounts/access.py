"""What one user may reach: :class:`~hallkeeper.core.access.Access`, kept beside the visibility chokepoint in
core; named here too because accounts owns the role assignments it is computed from."""

from hallkeeper.core.access import ANONYMOUS, Access, build_access, forget_access, get_access

__all__ = ["ANONYMOUS", "Access", "build_access", "forget_access", "get_access"]
