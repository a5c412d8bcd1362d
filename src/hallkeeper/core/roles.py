"""The roles a user may hold in a hall. Which rows each role reaches is decided by the ``visibility_q`` rules
(:mod:`hallkeeper.core.visibility`); what each role may do, by :mod:`hallkeeper.core.capabilities`."""

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
