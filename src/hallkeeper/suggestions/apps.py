from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    """Opinions and suggestions (意见建议) from zone leads and staff on the handbook, the layout and the process;
    collected, answered and tagged by the promotion group; an accepted one links to the rule revision answering it."""

    name = "hallkeeper.suggestions"
    label = "suggestions"
    verbose_name = _("Suggestions")
