from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "hallkeeper.inspections"
    label = "inspections"
    verbose_name = _("Inspections")

    def ready(self):
        from . import exports  # noqa: F401 - registers the background exports
