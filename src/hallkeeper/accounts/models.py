from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet

from .choices import Role


class User(AbstractUser):
    """A login. What it may see and do comes from its role assignments."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # Chinese names are written family name first without a space.
        return f"{self.last_name}{self.first_name}".strip()


class RoleAssignmentQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        # Role assignments are the security administrator's (等保 三员), not the system administrator's.
        halls = access.halls_with_role(Role.SECURITY_ADMIN)
        q = models.Q(hall__in=halls) if halls else NOTHING
        if action == "view":
            q |= models.Q(user_id=access.user_id)
        return q


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    hall = models.ForeignKey(
        "halls.Hall", on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("hall")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "user", "role"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "hall", "role"], name="unique_role_per_user_hall"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="role_assignment_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.hall} · {self.get_role_display()}"
