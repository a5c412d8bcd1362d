from django.db import models
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    HANDBOOK = "handbook", _("The handbook")
    LAYOUT = "layout", _("The layout of a place")
    PROCESS = "process", _("The process")
    OTHER = "other", _("Other")


class SuggestionState(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")
    NOTED = "noted", _("Noted")


#: The answers the promotion group gives (every state but waiting).
ANSWERS = (SuggestionState.ACCEPTED, SuggestionState.NOT_ADOPTED, SuggestionState.NOTED)
#: A Bootstrap colour per state, for the badges.
STATE_COLOURS = {
    SuggestionState.OPEN: "warning",
    SuggestionState.ACCEPTED: "success",
    SuggestionState.NOT_ADOPTED: "secondary",
    SuggestionState.NOTED: "info",
}
