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


#: Roles that see every zone, window and position of their hall.
HALL_WIDE_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER})
