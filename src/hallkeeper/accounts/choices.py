from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a user may do in a hall. Scope (which zones, which windows) comes from the data."""

    ADMIN = "admin", _("System administrator")
    LEADERSHIP = "leadership", _("Leadership group")
    SUPERVISION = "supervision", _("Supervision group")
    ZONE_LEAD = "zone_lead", _("Zone lead")
    WINDOW_STAFF = "window_staff", _("Window staff")
    VIEWER = "viewer", _("Viewer")
    #: Security policies, account unlocks and role assignments (等保 三员: 安全管理员).
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    #: Reads and exports the audit trail, nothing else (等保 三员: 审计管理员).
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


#: Roles that see every zone, window and position of their hall.
HALL_WIDE_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER})

#: The three separated administrators (等保 三员): system, security and audit administrator. No user holds
#: two of them in the same hall, and none does the others' work.
ADMINISTRATOR_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
#: Roles that reach only their own pages (roles and unlocks; the audit trail), never the business data.
SEPARATED_ADMIN_ROLES = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
