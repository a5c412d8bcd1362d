from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")


#: Bounds of what a person types: counts and quantities, and unit prices and amounts in yuan.
MAX_QUANTITY = 100_000
MAX_PRICE = 1_000_000
