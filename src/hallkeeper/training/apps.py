from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    """Training sessions and model-window visits with the units that must attend, attendance (QR sign-in or
    ticked by the organizer), absentees and make-up sessions; the handbook quiz; who has not yet been trained."""

    name = "hallkeeper.training"
    label = "training"
    verbose_name = _("Training")
