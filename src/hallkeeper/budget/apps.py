from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """The budget survey (调查摸底) computed from positions and layouts against what each zone has, the price
    list, its approval, and the purchases and hand-outs that make the survey a tracked purchase."""

    name = "hallkeeper.budget"
    label = "budget"
    verbose_name = _("Budget")
