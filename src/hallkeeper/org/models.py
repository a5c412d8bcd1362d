"""The organization of a hall: units, people, and the work groups of the campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.core.models import TimeStampedModel
from hallkeeper.core.visibility import HallReferenceQuerySet
from hallkeeper.halls.models import code_validator

from .choices import GroupKind, MemberRole, UnitKind


class Unit(TimeStampedModel):
    """A department of the bureau, a stationed agency, or the service centre itself."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="units", verbose_name=_("hall"))
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.DEPARTMENT)
    parent_organization = models.CharField(
        _("parent organization"),
        max_length=120,
        blank=True,
        help_text=_("For a stationed agency, the body it belongs to."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = HallReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "order", "code"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="unique_unit_code_per_hall"),
            models.CheckConstraint(condition=models.Q(kind__in=UnitKind.values), name="unit_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class Person(TimeStampedModel):
    """A member of staff, optionally linked to a login."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="people", verbose_name=_("hall"))
    code = models.CharField(_("staff number"), max_length=40, validators=[code_validator])
    name = models.CharField(_("full name"), max_length=60)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="people", verbose_name=_("unit"), null=True, blank=True
    )
    title = models.CharField(_("post"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    duty = models.TextField(_("post responsibility"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
    )

    objects = HallReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="unique_person_code_per_hall"),
            models.UniqueConstraint(
                fields=["hall", "user"], condition=models.Q(user__isnull=False), name="unique_person_login_per_hall"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkGroup(TimeStampedModel):
    """The leadership, promotion and supervision groups of the campaign."""

    hall = models.ForeignKey("halls.Hall", on_delete=models.CASCADE, related_name="work_groups", verbose_name=_("hall"))
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices)
    name = models.CharField(_("name"), max_length=120)
    composition = models.CharField(
        _("composition"),
        max_length=200,
        blank=True,
        help_text=_("Who the group is made of, e.g. the heads of every department and stationed window."),
    )
    duty = models.TextField(_("responsibilities"), blank=True)
    members = models.ManyToManyField(
        Person, through="Membership", related_name="work_groups", verbose_name=_("members")
    )

    objects = HallReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["hall", "kind"]
        verbose_name = _("work group")
        verbose_name_plural = _("work groups")
        constraints = [
            models.UniqueConstraint(fields=["hall", "kind"], name="unique_group_kind_per_hall"),
            models.CheckConstraint(condition=models.Q(kind__in=GroupKind.values), name="group_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(HallReferenceQuerySet):
    hall_field = "group__hall"


class Membership(TimeStampedModel):
    """A person's seat in a work group, with the duty and what they oversee (分管)."""

    group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    role = models.CharField(
        _("position in group"), max_length=20, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    duty = models.TextField(_("duty"), blank=True)
    oversees_units = models.ManyToManyField(
        Unit, blank=True, related_name="overseen_by", verbose_name=_("oversees units")
    )
    oversees_areas = models.ManyToManyField(
        "places.Area", blank=True, related_name="overseen_by", verbose_name=_("oversees areas")
    )
    oversees_zones = models.ManyToManyField(
        "places.Zone", blank=True, related_name="overseen_by", verbose_name=_("oversees zones")
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "pk"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="unique_person_per_group"),
            models.CheckConstraint(condition=models.Q(role__in=MemberRole.values), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.person} · {self.get_role_display()}"
