"""The campaign pages: thin views over ``services.py``, every read from ``visible_to``.

Everyone with a business role in the hall reads its campaigns; the administrators and the leadership group
change them; a task's owner records its progress. Another hall's campaign is a 404; a change the user may
not make is a 403.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.capabilities import manages_campaigns, updates_campaign_task
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import apply_service_errors
from hallkeeper.core.views import HallMixin, ScopedListView, private_file_response
from hallkeeper.exports.views import export_or_offer

from . import services, workplan
from .choices import CampaignState, TaskStatus
from .filters import TaskFilter
from .forms import (
    AnnexForm,
    CampaignCreateForm,
    CampaignForm,
    CopyForm,
    PhaseForm,
    PublicityForm,
    StateForm,
    TaskForm,
    TaskUpdateForm,
)
from .models import Campaign, Phase, PublicityItem, Task, TaskUpdate
from .selectors import hall_tasks, my_tasks, overdue_days, owns_task, progress_of, timeline, with_progress

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_CONTENT_TYPE = "application/pdf"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_OWNERS = ("owner_group", "owner_unit", "owner_person", "owner_zone")


def document_response(content: bytes, extension: str, stem: str, title: str) -> HttpResponse:
    """A campaign document (``docx`` or ``pdf``) as a private download named by its Chinese title."""
    name = quote(f"{_UNSAFE.sub('', title)}.{extension}")
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE if extension == "docx" else PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename=\"{stem}.{extension}\"; filename*=UTF-8''{name}"
    response["Cache-Control"] = "private, no-cache"
    return response


def next_year(day):
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class CampaignMixin(HallMixin):
    def can_manage(self) -> bool:
        return manages_campaigns(self.access, self.hall.pk)

    def require_manager(self) -> None:
        if not self.can_manage():
            raise PermissionDenied(_("Only the administrators and the leadership group run the campaigns."))

    def campaigns(self):
        return Campaign.objects.visible_to(self.request.user).filter(hall=self.hall)

    def get_campaign(self) -> Campaign:
        return get_object_or_404(self.campaigns(), pk=parse_id(self.kwargs["pk"]))

    def get_context_data(self, **kwargs):
        kwargs["can_manage"] = self.can_manage()
        return super().get_context_data(**kwargs)


class CampaignListView(CampaignMixin, TemplateView):
    """The hall's campaigns, newest first, filtered by state, 20 a page."""

    template_name = "campaign/campaign_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rows = self.campaigns()
        state = self.request.GET.get("state", "")
        if state in CampaignState.values:
            rows = rows.filter(state=state)
        page = Paginator(with_progress(rows, timezone.localdate()), 20).get_page(self.request.GET.get("page"))
        campaigns = [(c, c.progress) for c in page.object_list]
        ctx.update(
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            querystring=f"state={state}" if state in CampaignState.values else "",
            campaigns=campaigns,
            states=CampaignState.choices,
            state=state,
        )
        return ctx


class CampaignFormView(CampaignMixin, TemplateView):
    """Create a campaign (no ``pk``) or change one."""

    template_name = "campaign/form.html"

    def form(self, data=None):
        if "pk" not in self.kwargs:
            today = timezone.localdate()
            initial = {
                "starts": today.replace(month=7, day=1),
                "ends": today.replace(month=8, day=31),
                "title": f"{self.hall.name}现场管理标准化建设",
            }
            return CampaignCreateForm(data, initial=initial)
        campaign = self.campaign
        initial = {f: getattr(campaign, f) for f in ("title", "starts", "ends", "goal", "content", "requirements")}
        return CampaignForm(data, initial=initial)

    def dispatch_checked(self):
        self.require_manager()
        self.campaign = self.get_campaign() if "pk" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        self.dispatch_checked()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Change the campaign") if self.campaign else _("New campaign")
        ctx["cancel_url"] = (
            self.campaign.get_absolute_url()
            if self.campaign
            else reverse("campaign_list", kwargs={"hall": self.hall.code})
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.dispatch_checked()
        form = self.form(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                if self.campaign is None:
                    campaign = services.campaign_create(user=request.user, hall=self.hall, **data)
                else:
                    campaign = services.campaign_update(user=request.user, campaign=self.campaign, **data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Campaign saved."))
                return redirect(campaign.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CampaignDetailView(CampaignMixin, TemplateView):
    """The campaign: progress, the timeline by phase, the tasks, the publicity, and the managers' forms."""

    template_name = "campaign/campaign_detail.html"

    def get_context_data(self, bound=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        campaign = self.get_campaign()
        user, today = self.request.user, timezone.localdate()
        phases = list(Phase.objects.visible_to(user).filter(campaign=campaign))
        tasks = list(Task.objects.visible_to(user).filter(campaign=campaign).select_related(*_OWNERS, "phase"))
        by_phase = [(p, [t for t in tasks if t.phase_id == p.pk]) for p in phases]
        forms = {
            "phase_form": PhaseForm(initial={"starts": campaign.starts, "ends": campaign.ends}),
            "task_form": TaskForm(phases=phases, hall=self.hall),
            "annex_form": AnnexForm(phases=phases),
            "publicity_form": PublicityForm(initial={"on": min(today, campaign.ends)}),
            "copy_form": CopyForm(initial={"starts": next_year(campaign.starts)}),
            "state_form": StateForm(initial={"state": campaign.state}),
        }
        forms.update(bound or {})
        ctx.update(
            campaign=campaign,
            phases=phases,
            by_phase=by_phase,
            task_count=len(tasks),
            progress=progress_of(Task.objects.filter(campaign=campaign), today),
            timeline=timeline(campaign, phases, tasks, today),
            publicity=PublicityItem.objects.visible_to(user).filter(campaign=campaign),
            today=today,
            **forms,
        )
        return ctx


class CampaignActionView(CampaignDetailView):
    """POST one of the managers' forms of the campaign page: a phase, a task, the annex's tasks, a publicity
    item, a copy, the state. A refusal shows the page again with the form and its message."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        campaign = self.get_campaign()
        self.require_manager()
        action, user = kwargs["action"], request.user
        phases = list(campaign.phases.all())
        phase_of = {p.pk: p for p in phases}
        if action == "phase":
            form, key = PhaseForm(request.POST), "phase_form"
        elif action == "task":
            form, key = TaskForm(request.POST, phases=phases, hall=self.hall), "task_form"
        elif action == "annex":
            form, key = AnnexForm(request.POST, phases=phases), "annex_form"
        elif action == "publicity":
            form, key = PublicityForm(request.POST, request.FILES), "publicity_form"
        elif action == "copy":
            form, key = CopyForm(request.POST), "copy_form"
        elif action == "state":
            form, key = StateForm(request.POST), "state_form"
        else:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                target = campaign
                if action == "phase":
                    services.phase_add(user=user, campaign=campaign, **data)
                    done = _("Phase added.")
                elif action == "task":
                    kind, owner_id = data["owner"]
                    services.task_add(
                        user=user,
                        campaign=campaign,
                        phase=phase_of[data["phase"]],
                        title=data["title"],
                        owner_kind=kind,
                        owner_id=owner_id,
                        due=data["due"],
                    )
                    done = _("Task added.")
                elif action == "annex":
                    made = services.tasks_from_annex(
                        user=user, campaign=campaign, phase=phase_of[data["phase"]], due=data.get("due")
                    )
                    done = _("%(count)s tasks created from the task breakdown table.") % {"count": len(made)}
                elif action == "publicity":
                    services.publicity_add(user=user, campaign=campaign, **data)
                    done = _("Publicity recorded.")
                elif action == "copy":
                    target = services.campaign_copy(user=user, campaign=campaign, **data)
                    done = _("Campaign copied; its tasks start anew.")
                else:
                    services.campaign_set_state(user=user, campaign=campaign, state=data["state"])
                    done = _("State changed.")
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect(target.get_absolute_url())
        messages.error(request, _("Nothing was changed; see the form below."))
        return self.render_to_response(self.get_context_data(bound={key: form}, open_form=key), status=400)


class PartFormView(CampaignMixin, TemplateView):
    """Change a phase or a task (the managers)."""

    template_name = "campaign/form.html"
    part = "phase"

    def setup_part(self):
        self.require_manager()
        model = Phase if self.part == "phase" else Task
        self.obj = get_object_or_404(
            model.objects.visible_to(self.request.user).filter(campaign__hall=self.hall).select_related("campaign"),
            pk=parse_id(self.kwargs["pk"]),
        )
        self.campaign = self.obj.campaign

    def form(self, data=None):
        o = self.obj
        if self.part == "phase":
            return PhaseForm(
                data, initial={"name": o.name, "starts": o.starts, "ends": o.ends, "description": o.description}
            )
        owner = f"{o.owner_kind}:{o.owner.pk}"
        return TaskForm(
            data,
            phases=list(self.campaign.phases.all()),
            hall=self.hall,
            initial={"phase": o.phase_id, "title": o.title, "owner": owner, "due": o.due},
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["title"] = _("Change the phase") if self.part == "phase" else _("Change the task")
        ctx["cancel_url"] = self.campaign.get_absolute_url()
        return ctx

    def get(self, request, *args, **kwargs):
        self.setup_part()
        return self.render_to_response(self.get_context_data(form=self.form()))

    def post(self, request, *args, **kwargs):
        self.setup_part()
        form = self.form(request.POST)
        if form.is_valid():
            data, user = form.cleaned_data, request.user
            try:
                if self.part == "phase":
                    services.phase_update(user=user, phase=self.obj, **data)
                else:
                    kind, owner_id = data["owner"]
                    phase = self.campaign.phases.get(pk=data["phase"])
                    services.task_change(
                        user=user,
                        task=self.obj,
                        phase=phase,
                        title=data["title"],
                        owner_kind=kind,
                        owner_id=owner_id,
                        due=data["due"],
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.campaign.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TaskDetailView(CampaignMixin, TemplateView):
    """A task with its updates; its owner (or a manager) records progress here."""

    template_name = "campaign/task_detail.html"

    def get_task(self) -> Task:
        tasks = Task.objects.visible_to(self.request.user).filter(campaign__hall=self.hall)
        return get_object_or_404(tasks.select_related("campaign", "phase", *_OWNERS), pk=parse_id(self.kwargs["pk"]))

    def may_update(self, task) -> bool:
        return updates_campaign_task(self.access, self.hall.pk, owns=owns_task(self.request.user, task))

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        task = self.get_task()
        may = self.may_update(task) and task.campaign.state != CampaignState.CLOSED
        ctx.update(
            task=task,
            campaign=task.campaign,
            updates=TaskUpdate.objects.visible_to(self.request.user).filter(task=task).select_related("author"),
            may_update=may,
            form=form or (TaskUpdateForm(initial={"status": task.status}) if may else None),
            overdue=task.status != TaskStatus.DONE and task.due < timezone.localdate(),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        task = self.get_task()
        if not self.may_update(task):
            raise PermissionDenied(_("Only the task's owner or the leadership group records its progress."))
        form = TaskUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.task_update(user=request.user, task=task, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Progress recorded."))
                return redirect(task.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class TaskListMixin(CampaignMixin):
    """A filtered, paginated task list with its Excel export (``?export=xlsx``: the rows of the current filters,
    through ``exports.export_or_offer`` — at once, or prepared in the background when long)."""

    model = Task
    filterset_class = TaskFilter
    export_kind = ""

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            return export_or_offer(request, self.hall, self.export_kind)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for task in ctx["object_list"]:
            task.days_overdue = overdue_days(task, today)
        ctx.update(tasks=ctx["object_list"], today=today)
        return ctx


class MyTasksView(TaskListMixin, ScopedListView):
    """The tasks the user owns (themselves, their unit, their groups, the zones they lead), open first."""

    template_name = "campaign/my_tasks.html"
    export_kind = "campaign_my_tasks"

    def base_queryset(self, for_export=False):
        return my_tasks(self.request.user, self.hall)


class UpdateEvidenceView(CampaignMixin, View):
    def get(self, request, *args, **kwargs):
        updates = TaskUpdate.objects.visible_to(request.user).filter(task__campaign__hall=self.hall)
        update = get_object_or_404(updates.exclude(evidence=""), pk=parse_id(kwargs["pk"]))
        return private_file_response(update.evidence, filename=f"task-evidence-{update.pk}")


class PublicityEvidenceView(CampaignMixin, View):
    def get(self, request, *args, **kwargs):
        items = PublicityItem.objects.visible_to(request.user).filter(campaign__hall=self.hall)
        item = get_object_or_404(items.exclude(evidence=""), pk=parse_id(kwargs["pk"]))
        return private_file_response(item.evidence, filename=f"publicity-{item.pk}")


class WorkPlanView(CampaignMixin, View):
    """The work plan (工作方案) as Word or PDF, for whoever reads the campaign; a campaign manager's first
    download numbers it."""

    extension = "pdf"

    def get(self, request, *args, **kwargs):
        campaign = self.get_campaign()
        if self.can_manage() and not campaign.plan_number:
            # A manager's download issues the plan: it takes its 发文字号 (kept; others print the number taken).
            campaign = services.campaign_plan_number(user=request.user, campaign=campaign)
        render = workplan.plan_docx if self.extension == "docx" else workplan.plan_pdf
        content = render(campaign, request.user)
        return document_response(
            content, self.extension, f"workplan-{campaign.pk}", workplan.plan_title(campaign.title)
        )


class TaskListView(TaskListMixin, ScopedListView):
    """Every task of the hall's campaigns the user sees, filtered by campaign, phase, status, kind of owner,
    overdue and open, paginated, and exported to Excel with the same filters."""

    template_name = "campaign/task_list.html"
    export_kind = "campaign_tasks"

    def base_queryset(self, for_export=False):
        return hall_tasks(self.request.user, self.hall)
