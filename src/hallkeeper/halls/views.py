from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.core.official.numbers import doc_number, suggest_issuer_code
from hallkeeper.core.views import AdminEditsMixin, HallMixin

from . import services
from .documents import issuer_for
from .forms import DocumentSettingsForm
from .models import DocumentSettings, Hall


class RootView(TemplateView):
    """Sends a user with one hall straight to it; lists the halls otherwise."""

    template_name = "halls/hall_list.html"

    def get(self, request, *args, **kwargs):
        halls = list(Hall.objects.visible_to(request.user, "view"))
        if len(halls) == 1:
            return redirect(halls[0].get_absolute_url())
        return self.render_to_response(self.get_context_data(halls=halls))


class DocumentSettingsView(AdminEditsMixin, HallMixin, HallSettingsView):
    """The issuer of the hall's official documents: administrators edit, everyone else reads."""

    settings_model = DocumentSettings
    form_class = DocumentSettingsForm
    template_name = "halls/document_settings.html"
    url_name = "document_settings"
    saved_message = gettext_lazy("Document settings saved; they apply to documents and notices issued from now on.")
    edit_refused_message = gettext_lazy("Only administrators change the document settings.")
    invalid_status = 400

    def save(self, instance) -> None:
        services.document_settings_save(user=self.request.user, document_settings=instance)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        issuer = issuer_for(self.hall, self.saved_settings())  # the saved values, not the refused ones
        year = timezone.localdate().year
        ctx.update(
            issuer=issuer,
            can_edit=self.can_edit,
            example_number=doc_number(issuer.code, year, 7),
            example_decision_number=doc_number(issuer.decision_code, year, 3),
            suggested_code=suggest_issuer_code(issuer.name),
        )
        return ctx
