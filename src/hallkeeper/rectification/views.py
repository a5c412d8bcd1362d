"""The pages of the rectification loop: the notices list and statistics, the inboxes, issuing a notice,
the notice page with its actions, after-photos and the hall's policy.

Views stay thin: every write is a ``services.py`` call; a ``ValidationError`` is shown as a message
(400 for htmx/JSON), a ``PermissionDenied`` is a 403, and a notice outside the user's scope is a 404.
Which buttons a notice shows comes from ``transitions.allowed_actions``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Exists, IntegerField, Max, OuterRef, Q, Sum, Value, When
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from hallkeeper.core.capabilities import leads_zones
from hallkeeper.core.errors import error_text, wants_json
from hallkeeper.core.exports import build_workbook, export_filename, xlsx_response
from hallkeeper.core.hall_settings import HallSettingsView
from hallkeeper.core.input import date_in_range, date_range_error, parse_id
from hallkeeper.core.validation import apply_service_errors, error_on, refusal_json
from hallkeeper.core.views import AdminEditsMixin, HallMixin, PrivatePhotoView, ScopedListView
from hallkeeper.inspections.choices import InspectionKind, InspectionStatus
from hallkeeper.inspections.history import attach_photos
from hallkeeper.inspections.models import Finding, Inspection
from hallkeeper.places.models import Zone
from hallkeeper.standards.choices import Severity

from . import selectors, services, transitions
from .choices import (
    AWAITING_ZONE_STATES,
    EVENT_LABELS,
    MAX_RESPONSE_PHOTOS,
    NOTICE_STATE_COLOURS,
    OPEN_STATES,
    OVERDUE_COLOUR,
    ExtensionState,
    NoticeAction,
    NoticeState,
)
from .deadlines import default_deadline, most_severe
from .exports import NOTICE_COLUMNS, ZONE_STATS_COLUMNS, days_overdue
from .filters import NoticeFilter, PeriodForm
from .forms import NoticeIssueForm, RectificationPolicyForm
from .models import ExtensionRequest, Notice, NoticeItem, RectificationPolicy, ResponsePhoto
from .numbering import policy_for

DEFAULT_PERIOD_DAYS = 90
MAX_PERIOD_DAYS = 366
INBOX_LIMIT = 100

#: The timeline's words for each event of a notice.
EVENT_ICONS = {
    "notice.issued": ("bi-send", "primary"),
    "notice.acknowledged": ("bi-pen", "info"),
    "notice.started": ("bi-tools", "warning"),
    "notice.submitted": ("bi-upload", "dark"),
    "notice.verified": ("bi-check-circle", "success"),
    "notice.rejected": ("bi-arrow-counterclockwise", "danger"),
    "notice.cancelled": ("bi-x-circle", "secondary"),
    "notice.extension_requested": ("bi-hourglass-split", "warning"),
    "notice.extension_granted": ("bi-calendar-plus", "success"),
    "notice.extension_refused": ("bi-calendar-x", "secondary"),
}

SEVERITY_RANK = {Severity.MINOR: 1, Severity.MAJOR: 2, Severity.VETO: 3}
RANK_SEVERITY = {rank: severity for severity, rank in SEVERITY_RANK.items()}


# -- shared pieces -----------------------------------------------------------------------------


def with_summary(notices):
    """Each notice's findings count, deductions and worst severity rank (aggregated in the same query)."""
    rank = Case(
        *(When(items__finding__severity=s, then=Value(r)) for s, r in SEVERITY_RANK.items()),
        default=Value(0),
        output_field=IntegerField(),
    )
    return notices.annotate(
        finding_count=Count("items", distinct=True),
        deduction_sum=Sum("items__finding__deduction"),
        worst_rank=Max(rank),
    )


def decorate(notices: list[Notice], today: date | None = None) -> list[Notice]:
    today = today or timezone.localdate()
    for notice in notices:
        notice.worst_severity = RANK_SEVERITY.get(getattr(notice, "worst_rank", 0) or 0, "")
        notice.worst_label = Severity(notice.worst_severity).label if notice.worst_severity else ""
        notice.days_overdue = days_overdue(notice, today)
    return notices


class NoticeMixin(HallMixin):
    """``self.get_notice()``: the URL's notice in this hall, visible to the user, or 404."""

    def notices(self):
        return Notice.objects.visible_to(self.request.user, "view").filter(hall=self.hall)

    def get_notice(self) -> Notice:
        return get_object_or_404(
            self.notices().select_related(
                "hall", "zone__lead", "issued_by", "source_inspection__hall", "verification_inspection__hall"
            ),
            pk=self.kwargs["pk"],
        )

    def notice_url(self, notice: Notice, anchor: str = "") -> str:
        url = reverse("notice_detail", kwargs={"hall": self.hall.code, "pk": notice.pk})
        return f"{url}#{anchor}" if anchor else url


# -- the list, statistics and inboxes ----------------------------------------------------------


class NoticeListView(ScopedListView):
    model = Notice
    filterset_class = NoticeFilter
    template_name = "rectification/notice_list.html"
    export_columns = NOTICE_COLUMNS
    export_title = gettext_lazy("Rectification notices")

    def base_queryset(self, for_export=False):
        qs = with_summary(self.scoped_queryset().select_related("hall", "zone__lead", "issued_by"))
        return qs.order_by("-issued_at", "-pk")

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "xlsx":
            notices = decorate(list(self.get_queryset(for_export=True)))
            title = str(self.export_title)
            content = build_workbook([(title, NOTICE_COLUMNS, notices)])
            return xlsx_response(content, export_filename(self.hall.display_name, title))
        return super().get(request, *args, **kwargs)

    def decorate_page(self, objects):
        return decorate(objects)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counts = selectors.state_counts(self.scoped_queryset())
        current = self.request.GET.get("state", "")
        overdue = self.request.GET.get("overdue", "")
        is_open = self.request.GET.get("open", "")
        total = sum(counts[s] for s in NoticeState.values)
        chips = [
            ("all", _("All"), "secondary", total, "?", not ctx["is_filtered"]),
            ("open", _("Open"), "primary", counts["open"], "?open=true", is_open == "true"),
            ("overdue", _("Overdue"), OVERDUE_COLOUR, counts["overdue"], "?overdue=true", overdue == "true"),
        ]
        chips += [
            (s.value, s.label, NOTICE_STATE_COLOURS[s], counts[s.value], f"?state={s.value}", current == s.value)
            for s in NoticeState
        ]
        ctx["chips"] = chips
        ctx["counts"] = counts
        ctx["can_issue"] = transitions.is_inspector(self.request.user, self.hall.pk)
        return ctx


class NoticeInboxView(HallMixin, TemplateView):
    """What waits for the user: a zone lead's open notices (overdue first, with the next step), and for the
    supervision side the rectifications to verify and the requests for more time to decide."""

    template_name = "rectification/inbox.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, hall, today = self.request.user, self.hall, timezone.localdate()
        notices = Notice.objects.visible_to(user, "view").filter(hall=hall).select_related("zone__lead", "issued_by")
        is_lead = leads_zones(self.access, hall.pk)
        is_inspector = transitions.is_inspector(user, hall.pk)
        pending = ExtensionRequest.objects.filter(notice=OuterRef("pk"), state=ExtensionState.REQUESTED)
        lead_cards = []
        if is_lead:
            mine = with_summary(
                notices.filter(zone__lead__user_id=user.pk, state__in=OPEN_STATES).annotate(
                    is_late=Case(
                        When(state__in=AWAITING_ZONE_STATES, deadline__lt=today, then=Value(0)),
                        When(state=NoticeState.SUBMITTED, then=Value(2)),
                        default=Value(1),
                        output_field=IntegerField(),
                    ),
                    extension_pending=Exists(pending),
                )
            ).order_by("is_late", "deadline", "issued_at", "pk")
            lead_cards = decorate(list(mine[:INBOX_LIMIT]), today)
            rejections = selectors.current_rejections(lead_cards)
            for notice in lead_cards:
                notice.next_step = _lead_step(notice)
                notice.rejection = rejections.get(notice.pk)
        to_verify, to_decide = [], []
        if is_inspector:
            own_first = Case(When(issued_by_id=user.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
            to_verify = decorate(
                list(
                    with_summary(notices.filter(state=NoticeState.SUBMITTED))
                    .annotate(own=own_first)
                    .order_by("own", "last_submitted_at", "pk")[:INBOX_LIMIT]
                ),
                today,
            )
            to_decide = list(
                ExtensionRequest.objects.filter(
                    notice__in=notices.values("pk"), state=ExtensionState.REQUESTED, notice__state__in=OPEN_STATES
                )
                .select_related("notice__zone__lead", "requested_by")
                .order_by("requested_at", "pk")[:INBOX_LIMIT]
            )
        ctx.update(
            is_lead=is_lead,
            is_inspector=is_inspector,
            lead_cards=lead_cards,
            to_verify=to_verify,
            to_decide=to_decide,
            today=today,
            waiting=len([n for n in lead_cards if n.next_step != "wait"]) + len(to_verify) + len(to_decide),
        )
        return ctx


def _lead_step(notice: Notice) -> str:
    if notice.state == NoticeState.ISSUED:
        return "acknowledge"
    if notice.state in (NoticeState.ACKNOWLEDGED, NoticeState.RECTIFYING):
        return "rectify"
    return "wait"


class NoticeZoneStatsView(HallMixin, TemplateView):
    """Per zone: open and overdue notices now, notices closed in a period and their average days to close."""

    template_name = "rectification/zone_stats.html"

    def get(self, request, *args, **kwargs):
        self.form = PeriodForm(request.GET or None)
        data = self.form.cleaned_data if self.form.is_bound and self.form.is_valid() else {}
        today = timezone.localdate()
        end = data.get("date_to") or today
        start = data.get("date_from") or end - timedelta(days=DEFAULT_PERIOD_DAYS)
        self.clamped = (end - start).days > MAX_PERIOD_DAYS
        if self.clamped:
            start = end - timedelta(days=MAX_PERIOD_DAYS)
        self.start, self.end = start, end
        zones = selectors.notice_zones(request.user, self.access, self.hall).select_related("lead")
        counts = selectors.zone_counts(self.hall, zones)
        closing = selectors.days_to_close(self.hall, start, end, zones)
        self.rows = [
            ZoneRow(
                zone=c.zone,
                open=c.open,
                overdue=c.overdue,
                closed=closing[c.zone.pk].closed if c.zone.pk in closing else 0,
                average_days=closing[c.zone.pk].average_days if c.zone.pk in closing else None,
            )
            for c in counts
        ]
        if request.GET.get("export") == "xlsx":
            title = str(_("Notices by zone"))
            period = f"{start:%Y%m%d}-{end:%Y%m%d}"
            content = build_workbook([(title, ZONE_STATS_COLUMNS, self.rows)])
            return xlsx_response(content, export_filename(self.hall.display_name, title, period))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("export", None)
        ctx.update(
            form=self.form,
            rows=self.rows,
            start=self.start,
            end=self.end,
            clamped=self.clamped,
            querystring=query.urlencode(),
            totals={
                "open": sum(r.open for r in self.rows),
                "overdue": sum(r.overdue for r in self.rows),
                "closed": sum(r.closed for r in self.rows),
            },
            chart={
                "zones": [r.zone.code for r in self.rows],
                "open": [r.open for r in self.rows],
                "overdue": [r.overdue for r in self.rows],
                "average": [r.average_days for r in self.rows],
                "labels": {
                    "open": str(_("Open")),
                    "overdue": str(_("Overdue")),
                    "average": str(_("Average days to close")),
                },
            },
        )
        return ctx


class ZoneRow:
    __slots__ = ("zone", "open", "overdue", "closed", "average_days")

    def __init__(self, *, zone, open, overdue, closed, average_days):  # noqa: A002 — the selectors' word
        self.zone, self.open, self.overdue, self.closed, self.average_days = zone, open, overdue, closed, average_days


# -- issuing -----------------------------------------------------------------------------------


_int = parse_id


class NoticeIssueView(HallMixin, FormView):
    """Issue a notice for findings of one zone (from a report, the findings list, or a failed acceptance)."""

    template_name = "rectification/notice_issue.html"
    form_class = NoticeIssueForm

    def setup_issue(self) -> None:
        user = self.request.user
        if not transitions.is_inspector(user, self.hall.pk):
            raise PermissionDenied(_("Only the supervision side issues rectification notices."))
        self.policy = policy_for(self.hall)
        self.today = timezone.localdate()
        self.all_findings = Finding.objects.visible_to(user, "view").filter(
            hall=self.hall, inspection__status=InspectionStatus.SUBMITTED
        )
        self.acceptances = Inspection.objects.visible_to(user, "view").filter(
            hall=self.hall, kind=InspectionKind.ACCEPTANCE, status=InspectionStatus.SUBMITTED, passed=False
        )
        params = self.request.POST if self.request.method == "POST" else self.request.GET
        self.acceptance = None
        self.preselected: list[int] = []
        self.zone = None
        self.warning = ""
        if _int(params.get("acceptance")):
            self.acceptance = get_object_or_404(self.acceptances.select_related("zone"), pk=_int(params["acceptance"]))
            self.zone = self.acceptance.zone
            self.preselected = list(self.acceptance.findings.values_list("pk", flat=True))
        elif _int(params.get("inspection")):
            inspection = get_object_or_404(
                Inspection.objects.visible_to(user, "view")
                .filter(hall=self.hall, status=InspectionStatus.SUBMITTED)
                .select_related("zone"),
                pk=_int(params["inspection"]),
            )
            self.zone = inspection.zone
            self.preselected = list(inspection.findings.values_list("pk", flat=True))
        if self.request.method == "POST":
            self.preselected = [_int(v) for v in params.getlist("findings") if _int(v)]
        elif params.getlist("finding"):
            ids = [_int(v) for v in params.getlist("finding") if _int(v)]
            chosen = list(self.all_findings.filter(pk__in=ids).select_related("zone").order_by("found_at", "pk"))
            if not chosen:
                raise Http404
            self.zone = self.zone or chosen[0].zone
            self.preselected = [f.pk for f in chosen if f.zone_id == self.zone.pk]
            if len(self.preselected) < len(chosen):
                self.warning = _("A notice covers the findings of one zone: only those of %(zone)s are ticked.") % {
                    "zone": self.zone
                }
        if self.zone is None and _int(params.get("zone")):
            self.zone = get_object_or_404(
                Zone.objects.visible_to(self.request.user, "view").filter(hall=self.hall), pk=_int(params["zone"])
            )
        if self.zone is None:
            only = list(Zone.objects.visible_to(user, "view").filter(hall=self.hall).select_related("lead")[:2])
            if len(only) == 1:  # a single zone is the one the notice goes to
                self.zone = only[0]

    def get(self, request, *args, **kwargs):
        self.setup_issue()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_issue()
        if self.zone is None:
            messages.error(request, _("Choose the zone first."))
            return redirect("notice_issue", hall=self.hall.code)
        return super().post(request, *args, **kwargs)

    def free_findings(self):
        """The zone's findings not on an open notice, newest first, with their photos (the checklist)."""
        if self.zone is None:
            return []
        held = NoticeItem.objects.filter(finding=OuterRef("pk"), active=True)
        qs = (
            self.all_findings.filter(zone=self.zone)
            .filter(~Exists(held) | Q(pk__in=self.preselected))
            .select_related("rule", "window", "position", "inspection__inspector", "hall")
            .order_by("-found_at", "pk")
        )
        if self.acceptance is not None:
            qs = qs.filter(inspection=self.acceptance)
        return attach_photos(list(qs[:200]))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(findings=self.all_findings, acceptances=self.acceptances)
        return kwargs

    def get_initial(self):
        initial = {"acceptance": self.acceptance}
        chosen = list(
            self.all_findings.filter(pk__in=self.preselected, zone=self.zone)
            .exclude(notice_items__active=True)
            .select_related("rule")
            .order_by("found_at", "pk")
        )
        self.preselected = [f.pk for f in chosen]
        initial["findings"] = self.preselected
        if chosen:
            initial["deadline"] = default_deadline(self.policy, [f.severity for f in chosen], self.today)
            lines, seen = [], set()
            for f in chosen:
                if f.rule_key in seen:
                    continue
                seen.add(f.rule_key)
                lines.append(f"{len(lines) + 1}. {f.rule.code} {f.rule.title}：{f.rule.requirement.strip()}")
            initial["requirement"] = "\n".join(lines)
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            notice = services.notice_issue(
                user=self.request.user,
                zone=self.zone,
                findings=list(data["findings"]),
                requirement=data["requirement"],
                deadline=data["deadline"],
                acceptance_inspection=data["acceptance"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Notice %(number)s issued to %(zone)s; deadline %(deadline)s.")
            % {"number": notice.number, "zone": notice.zone, "deadline": notice.deadline.isoformat()},
        )
        return redirect("notice_detail", hall=self.hall.code, pk=notice.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = ctx["form"]
        checked = {str(v) for v in (form.data.getlist("findings") if form.is_bound else self.preselected)}
        findings = self.free_findings()
        for f in findings:
            f.checked = str(f.pk) in checked
        defaults = {s: default_deadline(self.policy, s, self.today) for s in Severity.values}
        worst = most_severe([f.severity for f in findings if f.checked]) if any(f.checked for f in findings) else ""
        ctx.update(
            zone=self.zone,
            acceptance=self.acceptance,
            findings=findings,
            warning=self.warning,
            policy=self.policy,
            severity_days=[(Severity(s).label, s, self.policy.days_for(s), defaults[s]) for s in Severity.values],
            default_deadlines={s: d.isoformat() for s, d in defaults.items()},
            worst=worst,
            worst_days=self.policy.days_for(worst) if worst else None,
            worst_label=Severity(worst).label if worst else "",
        )
        if self.zone is None:
            held = NoticeItem.objects.filter(finding=OuterRef("pk"), active=True)
            free = self.all_findings.filter(~Exists(held)).values("zone_id").annotate(n=Count("pk"))
            by_zone = {r["zone_id"]: r["n"] for r in free}
            zones = list(
                Zone.objects.visible_to(self.request.user, "view")
                .filter(hall=self.hall)
                .select_related("lead")
                .order_by("order", "code")
            )
            ctx["zone_choices"] = [(z, by_zone.get(z.pk, 0)) for z in zones]
        return ctx


# -- one notice --------------------------------------------------------------------------------

SESSION_DRAFT = "notice-draft-%s"


class NoticeDetailView(NoticeMixin, TemplateView):
    template_name = "rectification/notice_detail.html"

    def get(self, request, *args, **kwargs):
        self.notice = self.get_notice()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user, notice, today = self.request.user, self.notice, timezone.localdate()
        items = list(
            notice.items.select_related(
                "finding__rule", "finding__inspection", "finding__window", "finding__position", "finding__hall"
            ).order_by("order", "pk")
        )
        attach_photos([i.finding for i in items])
        responses = selectors.rounds(notice)
        extensions = list(notice.extensions.select_related("requested_by", "decided_by"))
        events = list(selectors.timeline(notice))
        for event in events:
            event.label = EVENT_LABELS.get(event.verb, event.verb)
            event.icon, event.colour = EVENT_ICONS.get(event.verb, ("bi-dot", "secondary"))
            event.from_label = NoticeState(event.from_state).label if event.from_state in NoticeState.values else ""
            event.to_label = NoticeState(event.to_state).label if event.to_state in NoticeState.values else ""
        verdicts, waiting = {}, None
        for event in events:  # each rectification's verdict: the verify or reject that followed it
            if event.verb == "notice.submitted":
                waiting = (event.data or {}).get("response")
            elif event.verb in ("notice.verified", "notice.rejected") and waiting is not None:
                verdicts[waiting], waiting = event, None
        for response in responses:
            response.verdict = verdicts.get(response.pk)
        latest = responses[-1] if responses else None
        answers = {a.item_id: a for a in latest.answer_list} if latest else {}
        draft = self.request.session.pop(SESSION_DRAFT % notice.pk, {})
        typed = draft.get("answers", {}) if draft.get("action") == NoticeAction.SUBMIT else {}
        policy = policy_for(notice.hall)
        for item in items:
            item.answer = answers.get(item.pk)
            item.draft_text = typed.get(str(item.pk), "")
            item.needs_photo = policy.needs_after_photo(item.finding.severity)
        allowed = transitions.allowed_actions(notice, user)
        rule_keys = sorted({i.finding.rule_key for i in items if i.active} or {i.finding.rule_key for i in items})
        ctx.update(
            notice=notice,
            items=items,
            responses=responses,
            latest=latest,
            active_items=[i for i in items if i.active],
            extensions=extensions,
            pending_extension=next((e for e in extensions if e.is_pending), None),
            events=events,
            rejection=selectors.current_rejection(events) if notice.state in OPEN_STATES else None,
            allowed=allowed,
            actions={a: a in allowed for a in NoticeAction.values},
            days_overdue=days_overdue(notice, today),
            extended=notice.deadline != notice.original_deadline,
            state_colour=notice.state_colour,
            deductions=sum((i.finding.deduction for i in items), 0),
            draft=draft,
            max_photos=MAX_RESPONSE_PHOTOS,
            today=today,
            zone_visible=Zone.objects.visible_to(user).filter(pk=notice.zone_id).exists(),
        )
        if {NoticeAction.VERIFY, NoticeAction.REJECT} & set(allowed):
            ctx["rechecks"] = list(
                Inspection.objects.visible_to(user, "view")
                .filter(
                    hall=self.hall,
                    zone=notice.zone_id,
                    status=InspectionStatus.SUBMITTED,
                    submitted_at__gte=notice.issued_at,
                )
                .select_related("hall", "inspector")
                .order_by("-submitted_at", "-pk")[:20]
            )
            start = reverse("inspection_start", kwargs={"hall": self.hall.code})
            if notice.acceptance_failure and notice.source_inspection_id:
                ctx["recheck_url"] = (
                    f"{start}?kind=acceptance&zone={notice.zone_id}&retake_of={notice.source_inspection_id}"
                )
            else:
                keys = "".join(f"&rule_keys={k}" for k in rule_keys)
                ctx["recheck_url"] = f"{start}?kind=special&zone={notice.zone_id}{keys}"
        return ctx


def _date(value: str, field_label: str) -> date:
    parsed = None
    try:
        parsed = parse_date((value or "").strip())
    except ValueError:
        parsed = None
    if parsed is None:
        raise ValidationError(_("Enter a valid date for “%(field)s”.") % {"field": field_label}, code="date")
    if not date_in_range(parsed):
        raise date_range_error()
    return parsed


ANSWER_FIELD = re.compile(r"finding-([^-]*)-(?:text|photos)")


class NoticeActionView(NoticeMixin, View):
    """One transition of a notice (POST): the form's ``expected_state`` guards against acting on a stale page."""

    http_method_names = ["post"]
    ACTIONS = {
        NoticeAction.ACKNOWLEDGE,
        NoticeAction.START,
        NoticeAction.SUBMIT,
        NoticeAction.VERIFY,
        NoticeAction.REJECT,
        NoticeAction.CANCEL,
        NoticeAction.REQUEST_EXTENSION,
    }
    DONE = {
        NoticeAction.ACKNOWLEDGE: gettext_lazy("Notice %(number)s acknowledged."),
        NoticeAction.START: gettext_lazy("Rectifying of notice %(number)s started."),
        NoticeAction.SUBMIT: gettext_lazy("Rectification of notice %(number)s submitted for verification."),
        NoticeAction.VERIFY: gettext_lazy("Notice %(number)s verified and closed."),
        NoticeAction.REJECT: gettext_lazy("Rectification of notice %(number)s rejected; the zone has been sent back."),
        NoticeAction.CANCEL: gettext_lazy("Notice %(number)s cancelled."),
        NoticeAction.REQUEST_EXTENSION: gettext_lazy("Request for more time on notice %(number)s sent."),
    }
    #: What a refused form keeps for the page, so nobody types it again.
    KEEP = {
        NoticeAction.SUBMIT: ("remark",),
        NoticeAction.VERIFY: ("comment", "inspection"),
        NoticeAction.REJECT: ("reason", "inspection"),
        NoticeAction.CANCEL: ("reason",),
        NoticeAction.REQUEST_EXTENSION: ("requested_until", "reason"),
    }

    def inspection(self, notice: Notice) -> Inspection | None:
        pk = self.request.POST.get("inspection", "")
        if not pk:
            return None
        found = (
            Inspection.objects.visible_to(self.request.user, "view").filter(hall=self.hall, pk=_int(pk) or 0).first()
        )
        if found is None:
            raise ValidationError(_("The verification inspection chosen cannot be found."), code="inspection")
        return found

    def answers(self) -> list[services.FindingAnswer]:
        """Each ``finding-<id>-text`` (and its ``finding-<id>-photos``) of the form, by notice finding id.

        The service decides which ids belong to the notice; an id that is no number is refused here."""
        ids: set[int] = set()
        for key in (*self.request.POST.keys(), *self.request.FILES.keys()):
            match = ANSWER_FIELD.fullmatch(key)
            if match is None:
                continue
            pk = _int(match.group(1))
            if pk is None:
                raise ValidationError(
                    {"findings": [ValidationError(_("A finding in the form cannot be found; reload the page."))]},
                )
            ids.add(pk)
        return [
            services.FindingAnswer(
                item=pk,
                text=self.request.POST.get(f"finding-{pk}-text", ""),
                photos=tuple(self.request.FILES.getlist(f"finding-{pk}-photos")),
            )
            for pk in sorted(ids)
        ]

    def named_findings(self) -> list[int]:
        named = []
        for value in self.request.POST.getlist("unsatisfactory"):
            pk = _int(value)
            if pk is None:
                raise ValidationError(
                    {"unsatisfactory": [ValidationError(_("A finding named cannot be found; reload the page."))]}
                )
            named.append(pk)
        return named

    def keep(self, action: str) -> dict:
        """What a refused form keeps for the page, so nobody types it again."""
        post = self.request.POST
        keep = {name: post.get(name, "") for name in self.KEEP.get(action, ())}
        if action == NoticeAction.SUBMIT:
            keep["answers"] = {
                m.group(1): post.get(key, "")[: services.MAX_TEXT]
                for key in post
                if (m := ANSWER_FIELD.fullmatch(key)) and key.endswith("-text") and _int(m.group(1))
            }
        if action == NoticeAction.REJECT:
            keep["unsatisfactory"] = [v for v in post.getlist("unsatisfactory") if _int(v)]
        return keep

    def run(self, action: str, notice: Notice):
        data, user = self.request.POST, self.request.user
        common = {"user": user, "notice": notice, "expected_state": data.get("expected_state") or None}
        if action == NoticeAction.ACKNOWLEDGE:
            return services.notice_acknowledge(comment=data.get("comment", ""), **common)
        if action == NoticeAction.START:
            return services.notice_start(comment=data.get("comment", ""), **common)
        if action == NoticeAction.SUBMIT:
            return services.notice_submit(answers=self.answers(), remark=data.get("remark", ""), **common)
        if action == NoticeAction.VERIFY:
            return services.notice_verify(
                comment=data.get("comment", ""), verification_inspection=self.inspection(notice), **common
            )
        if action == NoticeAction.REJECT:
            return services.notice_reject(
                reason=data.get("reason", ""),
                verification_inspection=self.inspection(notice),
                unsatisfactory=self.named_findings(),
                **common,
            )
        if action == NoticeAction.CANCEL:
            return services.notice_cancel(reason=data.get("reason", ""), **common)
        return services.extension_request(
            requested_until=_date(data.get("requested_until", ""), _("New deadline")),
            reason=data.get("reason", ""),
            **common,
        )

    def post(self, request, *args, **kwargs):
        action = kwargs["action"]
        if action not in self.ACTIONS:
            raise Http404
        notice = self.get_notice()
        try:
            self.run(action, notice)
        except ValidationError as error:
            message = error_text(error)
            if wants_json(request):
                return JsonResponse({"ok": False, "error": message, **refusal_json(error)}, status=400)
            messages.error(request, message)
            keep = self.keep(action)
            if keep and not error_on(error, services.STALE):
                request.session[SESSION_DRAFT % notice.pk] = {"action": action, **keep}
            return HttpResponseRedirect(self.notice_url(notice, "actions"))
        except PermissionDenied as error:
            raise PermissionDenied(error_text(error)) from None
        message = str(self.DONE[action]) % {"number": notice.number}
        if wants_json(request):
            notice.refresh_from_db()
            return JsonResponse({"ok": True, "message": message, "state": notice.state})
        messages.success(request, message)
        return HttpResponseRedirect(self.notice_url(notice))


class ExtensionDecideView(NoticeMixin, View):
    """The supervision side grants or refuses a request for more time (POST)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        notice = self.get_notice()
        extension = get_object_or_404(ExtensionRequest.objects.filter(notice=notice), pk=kwargs["extension"])
        decision = request.POST.get("decision")
        try:
            if decision not in ("grant", "refuse"):
                raise ValidationError(_("Choose to grant or to refuse the request."), code="decision")
            services.extension_decide(
                user=request.user, extension=extension, grant=decision == "grant", note=request.POST.get("note", "")
            )
        except ValidationError as error:
            message = error_text(error)
            if wants_json(request):
                return JsonResponse({"ok": False, "error": message, **refusal_json(error)}, status=400)
            messages.error(request, message)
            return HttpResponseRedirect(self.notice_url(notice, "extensions"))
        except PermissionDenied as error:
            raise PermissionDenied(error_text(error)) from None
        if decision == "grant":
            message = _("More time granted: the deadline of %(number)s is now %(deadline)s.") % {
                "number": notice.number,
                "deadline": extension.requested_until.isoformat(),
            }
        else:
            message = _("The request for more time on %(number)s was refused.") % {"number": notice.number}
        if wants_json(request):
            return JsonResponse({"ok": True, "message": message})
        messages.success(request, message)
        return HttpResponseRedirect(self.notice_url(notice, "extensions"))


class ResponsePhotoView(PrivatePhotoView):
    """An after-photo (or its thumbnail) for someone who may see the notice; never /media."""

    filename_prefix = "after"

    def photos(self):
        return ResponsePhoto.objects.visible_to(self.request.user, "view").filter(response__notice__hall=self.hall)


# -- policy ------------------------------------------------------------------------------------


class RectificationPolicyView(AdminEditsMixin, HallMixin, HallSettingsView):
    """Notice numbers, default deadlines and reminders: administrators edit, everyone else reads."""

    settings_model = RectificationPolicy
    form_class = RectificationPolicyForm
    template_name = "rectification/policy.html"
    url_name = "rectification_policy"
    saved_message = gettext_lazy("Rectification policy saved; it applies to notices issued from now on.")
    edit_refused_message = gettext_lazy("Only administrators change the rectification policy.")
    invalid_status = 400

    def save(self, instance) -> None:
        services.policy_save(user=self.request.user, policy=instance)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        policy = self.saved_settings()  # the example shows the saved values, not the refused ones
        today = timezone.localdate()
        ctx.update(
            policy=policy,
            can_edit=self.can_edit,
            examples=[policy.format_number(today.year, n) for n in (1, 12, 123)],
            deadlines=[
                (Severity(s).label, s, policy.days_for(s), default_deadline(policy, s, today)) for s in Severity.values
            ],
            today=today,
        )
        return ctx
