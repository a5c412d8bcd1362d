"""Import and export pages for hall administrators: thin views over services and exporters."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.exports import export_filename, xlsx_response
from hallkeeper.core.views import HallMixin

from .exporters import export_workbook, template_workbook
from .forms import ImportForm
from .results import ImportResult
from .services import import_rows
from .specs import SPECS, EntitySpec


@dataclass(frozen=True)
class EntityCard:
    spec: EntitySpec
    form: ImportForm
    count: int
    result: ImportResult | None = None


def _form(spec: EntitySpec, *args) -> ImportForm:
    return ImportForm(*args, auto_id=f"id_{spec.key}_%s")


class TransferMixin(HallMixin):
    hall_admin_required = True

    def get_spec(self) -> EntitySpec:
        spec = SPECS.get(self.kwargs.get("entity", ""))
        if spec is None:
            raise Http404("unknown entity")
        return spec


class TransferIndexView(TransferMixin, TemplateView):
    """Import and export of the hall's units, people, zones, windows and positions."""

    template_name = "transfer/index.html"

    def get_context_data(self, *, failed: EntityCard | None = None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        cards = []
        for spec in SPECS.values():
            if failed is not None and failed.spec is spec:
                cards.append(failed)
                continue
            count = spec.model.objects.visible_to(self.request.user, "view").filter(hall=self.hall).count()
            cards.append(EntityCard(spec=spec, form=_form(spec), count=count))
        ctx.update(
            hall=self.hall,
            cards=cards,
            failed=failed,
            max_rows=settings.HALLKEEPER_IMPORT_MAX_ROWS,
            max_bytes=settings.HALLKEEPER_IMPORT_MAX_BYTES,
        )
        return ctx


class TransferImportView(TransferIndexView):
    """POST an .xlsx file: on success a message and back to the index; otherwise the errors."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        spec = self.get_spec()
        form = _form(spec, request.POST, request.FILES)
        result = None
        if form.is_valid():
            result = import_rows(hall=self.hall, entity=spec.key, file=form.cleaned_data["file"], user=request.user)
            if result.ok:
                summary = _(
                    "%(entity)s imported: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
                ) % {"entity": spec.label, "created": result.created, "updated": result.updated,
                     "unchanged": result.unchanged}
                messages.success(request, f"{summary} {result.skipped_example_message}".strip())
                return redirect(reverse("transfer_index", kwargs={"hall": self.hall.code}))
        count = spec.model.objects.visible_to(request.user, "view").filter(hall=self.hall).count()
        failed = EntityCard(spec=spec, form=form, count=count, result=result)
        return self.render_to_response(self.get_context_data(failed=failed))


class TransferTemplateView(TransferMixin, View):
    """An empty workbook to fill in: header row, one example row, and notes."""

    def get(self, request, *args, **kwargs):
        spec = self.get_spec()
        filename = export_filename(str(spec.label), _("import template"))
        return xlsx_response(template_workbook(spec), filename)


class TransferExportView(TransferMixin, View):
    """Every row of the hall, in the template's layout, ready to edit and import again."""

    def get(self, request, *args, **kwargs):
        spec = self.get_spec()
        content = export_workbook(spec, user=request.user, hall=self.hall)
        return xlsx_response(content, export_filename(self.hall.display_name, str(spec.label)))
