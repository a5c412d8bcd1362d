"""The handbook reader: every role of a hall reads the published handbook; editors also read drafts.

Views only translate the request: the reads live in ``selectors.py`` and ``reading.py``.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, View

from hallkeeper.core.exports import Column, build_workbook, export_filename, xlsx_response
from hallkeeper.core.input import parse_id
from hallkeeper.core.views import HallMixin, PrivatePhotoView

from . import reading
from .choices import VersionStatus
from .diff import version_diff
from .filters import RuleFilterForm, VersionPairForm
from .models import HandbookVersion, RuleImage
from .selectors import current_version, structure_of, version_or_404, versions_for
from .services import can_edit_handbook

COVERAGE_COLUMNS = (
    Column(_("Clause"), lambda row: row.clause.code, 8),
    Column(_("Title"), lambda row: row.clause.title, 28),
    Column(_("Rule codes"), lambda row: "、".join(r.code for r in row.rules), 30),
    Column(_("Rules"), lambda row: "\n".join(f"{r.code} {r.title}" for r in row.rules), 60),
    Column(_("Gap"), lambda row: row.is_gap, 8),
)

QUANTITY_COLUMNS = (
    Column(_("Position kind"), lambda q: q.get_position_kind_display(), 18),
    Column(_("Item"), lambda q: q.item, 24),
    Column(_("Standard quantity"), lambda q: q.quantity, 10),
    Column(_("Unit of measure"), lambda q: q.unit, 10),
    Column(_("Note"), lambda q: q.note, 40),
)


def _int_or_404(value: str) -> int:
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


class HandbookPageMixin(HallMixin):
    """A page of the hall's handbook: ``self.version`` is a version the user may open (or None).

    ``tab`` names the entry of the handbook's own navigation that the page belongs to.
    """

    tab = ""

    def get_version(self) -> HandbookVersion | None:
        return version_or_404(self.request.user, self.hall, self.kwargs["number"])

    def get(self, request, *args, **kwargs):
        self.version = self.get_version()
        return super().get(request, *args, **kwargs)

    def nav_version(self) -> HandbookVersion | None:
        """The version whose layouts and quantities the handbook navigation links to."""
        return self.version or current_version(self.request.user, self.hall)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["version"] = self.version
        ctx["nav_version"] = self.nav_version()
        ctx["tab"] = self.tab
        ctx["can_edit"] = can_edit_handbook(self.request.user, self.hall)
        if self.version is not None and self.version.status == VersionStatus.SUPERSEDED:
            ctx["current"] = current_version(self.request.user, self.hall)
        return ctx


class ReaderView(HandbookPageMixin, TemplateView):
    """A version's parts → sections → rules, with search, filters and a table of contents."""

    template_name = "standards/reader/reader.html"
    tab = "rules"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = RuleFilterForm(self.request.GET or None)
        criteria = form.criteria()
        rules = reading.version_rules(self.version)
        shown = reading.filter_rules(rules, **criteria) if criteria else rules
        ctx.update(
            form=form,
            is_filtered=bool(criteria),
            show_filters=form.has_filters,
            parts=structure_of(self.version, shown),
            rule_total=len(rules),
            rule_count=len(shown),
        )
        if ctx["can_edit"] and not self.version.is_draft:
            ctx["draft"] = versions_for(self.request.user, self.hall).filter(status=VersionStatus.DRAFT).first()
        return ctx


class HandbookHomeView(ReaderView):
    """The current published version; without one, an empty state (and for editors the way to start)."""

    def get_version(self):
        return current_version(self.request.user, self.hall)

    def get_template_names(self):
        return [self.template_name if self.version is not None else "standards/reader/empty.html"]

    def get_context_data(self, **kwargs):
        if self.version is not None:
            return super().get_context_data(**kwargs)
        ctx = super(ReaderView, self).get_context_data(**kwargs)
        if ctx["can_edit"]:
            versions = list(versions_for(self.request.user, self.hall))
            ctx["draft"] = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
            ctx["install_url"] = self._install_url() if not versions else None
        return ctx

    def _install_url(self) -> str | None:
        try:
            return reverse("handbook_install", kwargs={"hall": self.hall.code})
        except NoReverseMatch:  # the editor's install view is not mounted
            return None


class RuleView(HandbookPageMixin, TemplateView):
    """One rule in full: requirement, scoring, applicability, clauses, examples with their pictures."""

    template_name = "standards/reader/rule.html"
    tab = "rules"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rule = reading.rule_or_404(self.version, self.kwargs["key"])
        kinds = rule.position_kinds
        ctx.update(
            rule=rule,
            other_versions=reading.rule_in_other_versions(self.request.user, self.hall, rule),
            layouts=reading.layouts_of(self.version, position_kinds=kinds) if kinds else [],
            quantity_groups=reading.quantities_of(self.version, position_kinds=kinds) if kinds else [],
        )
        return ctx


class VersionsView(HandbookPageMixin, TemplateView):
    """Every version with its status, revision note, publisher and rule count."""

    template_name = "standards/reader/versions.html"
    tab = "versions"

    def get_version(self):
        return None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["versions"] = reading.version_history(self.request.user, self.hall)
        return ctx


class DiffView(HandbookPageMixin, TemplateView):
    """What changed between two versions; by default the published version against the one before."""

    template_name = "standards/reader/diff.html"
    tab = "versions"

    def get_version(self):
        return None

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        versions = list(versions_for(self.request.user, self.hall))
        default_from, default_to = reading.default_pair(versions)
        to = self.request.GET.get("to", "").strip() or default_to
        chosen_from = self.request.GET.get("from", "").strip()
        if not chosen_from:
            try:
                chosen_from = reading.previous_number(versions, _int_or_404(to))
            except (TypeError, ValueError, Http404):
                chosen_from = default_from
        pair = {"from": chosen_from, "to": to}
        if chosen_from is None or to is None:
            # Nothing chosen and no pair to offer: an empty form, without errors about choices not yet made.
            form = VersionPairForm(initial=pair, versions=versions)
        else:
            form = VersionPairForm(pair, versions=versions)
        ctx.update(form=form, enough_versions=len(versions) >= 2, diff=None)
        if len(versions) >= 2 and form.is_bound and form.is_valid():
            diff = version_diff(form.old, form.new)
            ctx.update(diff=diff, changes=reading.highlighted_changes(diff))
        return ctx


class CoverageView(HandbookPageMixin, TemplateView):
    """Which rules serve each clause of GB/T 36112, and which leaf clauses no rule serves."""

    template_name = "standards/reader/coverage.html"
    tab = "coverage"

    def get_version(self):
        number = self.request.GET.get("version")
        if number:
            return version_or_404(self.request.user, self.hall, _int_or_404(number))
        return current_version(self.request.user, self.hall)

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            self.version = self.get_version()
            if self.version is None:
                raise Http404
            title = str(_("Clause coverage"))
            content = build_workbook([(title, COVERAGE_COLUMNS, reading.coverage(self.version).rows)])
            return xlsx_response(content, export_filename(self.hall.display_name, title, self.version.label))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["coverage"] = reading.coverage(self.version) if self.version is not None else None
        return ctx


class QuantitiesView(HandbookPageMixin, TemplateView):
    """The standard quantity table (GB/T 36112 Annex B) grouped by position kind."""

    template_name = "standards/reader/quantities.html"
    tab = "quantities"

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            version = self.get_version()
            title = str(_("Standard quantities"))
            rows = [row for group in reading.quantities_of(version) for row in group.rows]
            content = build_workbook([(title, QUANTITY_COLUMNS, rows)])
            return xlsx_response(content, export_filename(self.hall.display_name, title, version.label))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["groups"] = reading.quantities_of(self.version)
        return ctx


class LayoutsView(HandbookPageMixin, TemplateView):
    """The layout standards of a version as cards with their diagrams."""

    template_name = "standards/reader/layouts.html"
    tab = "layouts"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["layouts"] = reading.layouts_of(self.version)
        return ctx


class LayoutView(HandbookPageMixin, TemplateView):
    """One layout standard: the diagram (printable at its real size) and its slots."""

    template_name = "standards/reader/layout.html"
    tab = "layouts"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        layout = reading.layout_or_404(self.version, self.kwargs["pk"])
        ctx.update(layout=layout, svg=reading.layout_document(layout))
        return ctx


class LayoutSvgView(HallMixin, View):
    """The diagram as an ``image/svg+xml`` document sized in millimetres."""

    def get(self, request, *args, **kwargs):
        version = version_or_404(request.user, self.hall, kwargs["number"])
        layout = reading.layout_or_404(version, kwargs["pk"])
        response = HttpResponse(reading.layout_document(layout), content_type="image/svg+xml; charset=utf-8")
        # The document is opened directly in the browser: it may not run scripts or load anything.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
        response["Content-Disposition"] = f'inline; filename="layout-{version.label}-{layout.pk}.svg"'
        return response


class RulePictureView(PrivatePhotoView):
    """A rule's reference photo or counter-example, for whoever may open its version (drafts: editors only)."""

    filename_prefix = "rule-picture"

    def photos(self):
        versions = versions_for(self.request.user, self.hall).values("pk")
        return RuleImage.objects.visible_to(self.request.user, "view").filter(rule__version__in=versions)
