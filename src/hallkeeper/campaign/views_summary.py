"""The campaign's summary (总结报告) pages: the figures, the lessons the leadership group writes, the report as
Word and PDF, and the handbook revision it calls for. For the campaign managers (administrators and the
leadership group): another hall's or an unseen campaign is a 404, any other role a 403; opening the revision
also asks ``core.capabilities.edits_handbook``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.capabilities import edits_handbook
from hallkeeper.core.validation import apply_service_errors
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion

from . import services, summary, summary_report
from .choices import CampaignState
from .forms import LessonsForm
from .views import CampaignMixin, document_response


def summary_url(campaign) -> str:
    return reverse("campaign_summary", kwargs={"hall": campaign.hall.code, "pk": campaign.pk})


class SummaryMixin(CampaignMixin):
    def summary_campaign(self):
        campaign = self.get_campaign()  # 404 first: an unseen campaign is not there at all
        self.require_manager()
        return campaign


class SummaryView(SummaryMixin, TemplateView):
    """The summary's figures, the lessons form, the downloads and the handbook revision."""

    template_name = "campaign/summary.html"

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.summary_campaign()
        data = summary.gather(campaign, self.request.user)
        hall_code = self.hall.code
        rules = [
            (r, reverse("handbook_rule", kwargs={"hall": hall_code, "number": r.version, "key": r.key}))
            for r in data.rules_failed
            if r.key and r.version
        ]
        ctx.update(
            campaign=campaign,
            data=data,
            report_title=summary_report.summary_title(campaign.title),
            rules=rules,
            handbook_adopted=[a for a in data.adopted if a.subject == "handbook"],
            draft=HandbookVersion.objects.filter(handbook__hall=self.hall, status=VersionStatus.DRAFT).first(),
            may_revise=edits_handbook(self.access, self.hall.pk),
            closed=campaign.state == CampaignState.CLOSED,
            form=form or LessonsForm(initial={"lessons": campaign.lessons}),
        )
        return ctx


class LessonsView(SummaryView):
    """POST the lessons; a refusal shows the page again with its message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        campaign = self.summary_campaign()
        form = LessonsForm(request.POST)
        if form.is_valid():
            try:
                services.campaign_lessons_save(user=request.user, campaign=campaign, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Lessons saved."))
                return redirect(summary_url(campaign))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class ReviseView(SummaryMixin, View):
    """POST: open the handbook's draft revision (or go to the one already open)."""

    def post(self, request, *args, **kwargs):
        campaign = self.summary_campaign()
        if not edits_handbook(self.access, self.hall.pk):
            raise PermissionDenied(_("Only administrators and the leadership group revise the handbook."))
        try:
            draft, created = services.campaign_handbook_draft(user=request.user, campaign=campaign)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(summary_url(campaign))
        if created:
            messages.success(request, _("Draft %(label)s of the handbook opened.") % {"label": draft.label})
        else:
            messages.info(request, _("Draft %(label)s was already open; continue it.") % {"label": draft.label})
        return redirect(draft.get_absolute_url())


class SummaryDocumentView(SummaryMixin, View):
    """The summary report as Word or PDF. The first download of a closed campaign's report numbers it (kept);
    before the close it prints as a draft without a number."""

    extension = "pdf"

    def get(self, request, *args, **kwargs):
        campaign = self.summary_campaign()
        if campaign.state == CampaignState.CLOSED and not campaign.summary_number:
            campaign = services.campaign_summary_number(user=request.user, campaign=campaign)
        render = summary_report.summary_docx if self.extension == "docx" else summary_report.summary_pdf
        content = render(campaign, request.user)
        title = summary_report.summary_title(campaign.title)
        return document_response(content, self.extension, f"summary-{campaign.pk}", title)
