from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """The model window (示范窗口): its set-up recorded against the handbook, a photo per layout and per rule that
    applies, who built it and when; its reference photos illustrate the handbook."""

    name = "hallkeeper.showcase"
    label = "showcase"
    verbose_name = _("Model window")
