from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreenConfig(AppConfig):
    """The big screen (大屏) of a hall's display, opened through a revocable, read-only display link that an
    administrator issues: no login is left on a public screen. It reads the apps below it; none reads it."""

    name = "hallkeeper.screen"
    label = "screen"
    verbose_name = _("Big screen")
