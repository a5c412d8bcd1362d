from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionKind(models.TextChoices):
    """A training session (集中学习) or a visit to the model window (参观学习): the same attendance machinery."""

    TRAINING = "training", _("Training session")
    VISIT = "visit", _("Model-window visit")


class SignMethod(models.TextChoices):
    QR = "qr", _("QR code")
    LIST = "list", _("Ticked by the organizer")


class QuestionKind(models.TextChoices):
    PART = "part", _("Which part")
    STATEMENT = "statement", _("True or false")
    SEVERITY = "severity", _("Severity")
