from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class CheckMethod(models.TextChoices):
    LOOK = "look", _("On-site look")
    PHOTO = "photo", _("Photo against the layout")
    COUNT = "count", _("Count")
    SPOT = "spot", _("Spot check")
    LEDGER = "ledger", _("Check the ledger")
    SYSTEM = "system", _("Check the system")
    AFTER_HOURS = "after_hours", _("After-hours patrol")
    CCTV = "cctv", _("CCTV review")
    MYSTERY = "mystery", _("Mystery visit")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    VETO = "veto", _("Veto")


SEVERITY_COLOURS = {Severity.MINOR: "secondary", Severity.MAJOR: "warning", Severity.VETO: "danger"}


class ImageKind(models.TextChoices):
    REFERENCE = "reference", _("Reference photo")
    COUNTER = "counter", _("Counter-example")


#: A rule's points (分值) when none are given; the default handbook gives every rule its own.
DEFAULT_POINTS = Decimal("2")
