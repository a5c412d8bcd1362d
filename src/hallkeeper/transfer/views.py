from django.views.generic import TemplateView

from hallkeeper.core.views import HallMixin


class TransferIndexView(HallMixin, TemplateView):
    """Import and export of the hall's units, people, zones, windows and positions."""

    hall_admin_required = True
    template_name = "transfer/index.html"
