from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    """A hall's campaigns (标准化建设专项工作): goal, phases with dates, the task breakdown with owners, progress
    and evidence, publicity, the work plan (工作方案) and the summary report. It reads the apps below it (training,
    budget, suggestions, the model window, assessment); none reads it."""

    name = "hallkeeper.campaign"
    label = "campaign"
    verbose_name = _("Campaigns")

    def ready(self):
        from . import exports  # noqa: F401 - registers the task lists' exports
