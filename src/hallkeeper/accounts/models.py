from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.capabilities import halls_secured
from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.visibility import NOTHING, VisibleQuerySet

from .choices import Role


class User(AbstractUser):
    """A login. What it may see and do comes from its role assignments."""

    #: Set when an administrator creates the account or resets its password; cleared when the user changes it.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    def set_password(self, raw_password) -> None:
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    def get_full_name(self) -> str:
        # Chinese names are written family name first without a space.
        return f"{self.last_name}{self.first_name}".strip()


class RoleAssignmentQuerySet(VisibleQuerySet):
    def visibility_q(self, access, action):
        # Role assignments are the security administrator's (等保 三员), not the system administrator's.
        halls = halls_secured(access)
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


class PasswordHistory(models.Model):
    """A former password's hash, so that a new password cannot be one of the last few."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history", verbose_name=_("user")
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("former password")
        verbose_name_plural = _("former passwords")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class HallSecurityPolicy(TimeStampedModel):
    """A hall's login rules, set by its security administrator."""

    hall = models.OneToOneField(
        "halls.Hall", on_delete=models.CASCADE, related_name="security_policy", verbose_name=_("hall")
    )
    require_admin_second_factor = models.BooleanField(
        _("require a second factor for administrators"),
        default=False,
        help_text=_(
            "System, security and audit administrators of this hall must set up a one-time code app "
            "at their next login."
        ),
    )

    class Meta:
        verbose_name = _("hall security policy")
        verbose_name_plural = _("hall security policies")

    def __str__(self) -> str:
        return str(self.hall)
