from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("Department")
    STATIONED = "stationed", _("Stationed agency")
    CENTRE = "centre", _("Service centre")


class GroupKind(models.TextChoices):
    LEADERSHIP = "leadership", _("Leadership group")
    PROMOTION = "promotion", _("Promotion group")
    SUPERVISION = "supervision", _("Supervision group")


class MemberRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    DEPUTY = "deputy", _("Deputy leader")
    MEMBER = "member", _("Member")


#: Order in which roles are listed in the task breakdown table.
MEMBER_ROLE_ORDER = {MemberRole.LEADER: 0, MemberRole.DEPUTY: 1, MemberRole.MEMBER: 2}
GROUP_KIND_ORDER = {GroupKind.LEADERSHIP: 0, GroupKind.PROMOTION: 1, GroupKind.SUPERVISION: 2}
