"""The suggestion pages (意见建议): thin views over ``services.py``, every read from ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.errors import error_text
from hallkeeper.core.exports import Column
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import apply_service_errors, form_errors
from hallkeeper.core.views import HallMixin, PrivatePhotoView, ScopedListView, get_to_change

from . import services
from .filters import SuggestionFilter
from .forms import AnswerForm, LinkForm, SuggestionForm, TagForm
from .models import Suggestion
from .selectors import can_answer, can_submit, draft_rules, suggestions_for


def _when(value):
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


class SuggestionListView(ScopedListView):
    model = Suggestion
    filterset_class = SuggestionFilter
    template_name = "suggestions/suggestion_list.html"
    select_related = ("zone", "rule", "revision")
    prefetch_related = ("tags",)
    export_title = gettext_lazy("Opinions and suggestions")
    export_columns = (
        Column(gettext_lazy("Number"), lambda s: s.pk, 8),
        Column(gettext_lazy("Submitted at"), lambda s: _when(s.created_at), 17),
        Column(gettext_lazy("Submitter"), lambda s: s.submitter_name, 12),
        Column(gettext_lazy("About"), lambda s: s.get_subject_display(), 12),
        Column(gettext_lazy("Rule"), lambda s: str(s.rule) if s.rule else "", 24),
        Column(gettext_lazy("Zone"), lambda s: str(s.zone) if s.zone else "", 16),
        Column(gettext_lazy("Opinion or suggestion"), lambda s: s.text, 50),
        Column(gettext_lazy("State"), lambda s: s.get_state_display(), 10),
        Column(gettext_lazy("Tags"), lambda s: "、".join(t.name for t in s.tags.all()), 16),
        Column(gettext_lazy("Reply"), lambda s: s.reply, 40),
        Column(gettext_lazy("Answered by"), lambda s: s.answerer_name, 12),
        Column(gettext_lazy("Answered at"), lambda s: _when(s.answered_at), 17),
        Column(gettext_lazy("Handbook revision"), lambda s: s.revision.label if s.revision else "", 10),
    )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["can_submit"] = can_submit(self.request.user, self.hall)
        ctx["can_answer"] = can_answer(self.request.user, self.hall)
        return ctx


class SuggestionCreateView(HallMixin, TemplateView):
    """The phone form: what it is about, optionally a rule and a zone, the text and a photo."""

    template_name = "suggestions/suggestion_form.html"

    def dispatch_allowed(self):
        if not can_submit(self.request.user, self.hall):
            raise PermissionDenied(_("Viewers read suggestions; they do not submit them."))

    def get_context_data(self, form=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["form"] = form or SuggestionForm(user=self.request.user, hall=self.hall)
        ctx["cancel_url"] = reverse("suggestion_list", kwargs={"hall": self.hall.code})
        return ctx

    def get(self, request, *args, **kwargs):
        self.dispatch_allowed()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.dispatch_allowed()
        form = SuggestionForm(request.POST, request.FILES, user=request.user, hall=self.hall)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = services.suggestion_submit(
                    user=request.user,
                    hall=self.hall,
                    subject=data["subject"],
                    text=data["text"],
                    zone=data["zone"],
                    rule=data["rule"],
                    photo=data["photo"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Thank you: the promotion group will answer your suggestion."))
                return redirect(created.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SuggestionMixin(HallMixin):
    def get_suggestion(self) -> Suggestion:
        return get_object_or_404(suggestions_for(self.request.user, self.hall), pk=parse_id(self.kwargs["pk"]))


class SuggestionDetailView(SuggestionMixin, TemplateView):
    template_name = "suggestions/suggestion_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        item = self.get_suggestion()
        answer = can_answer(self.request.user, self.hall)
        ctx.update(suggestion=item, tags=list(item.tags.all()), can_answer=answer)
        if answer:
            initial = {"outcome": item.state if item.is_answered else "", "reply": item.reply}
            ctx.update(
                answer_form=AnswerForm(hall=self.hall, initial=initial | {"revised_rule": item.revised_rule_id}),
                tag_form=TagForm(initial={"tags": "，".join(t.name for t in ctx["tags"])}),
                link_form=LinkForm(hall=self.hall, initial={"revised_rule": item.revised_rule_id}),
                has_draft=draft_rules(self.hall).exists(),
            )
        return ctx


class SuggestionActionView(SuggestionMixin, View):
    """POST one step of the promotion group: answer, tag, link to the draft revision."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pk = parse_id(kwargs["pk"])
        if pk is None:
            raise Http404
        item = get_to_change(
            suggestions_for(request.user, self.hall, "change"), suggestions_for(request.user, self.hall), pk=pk
        )
        action, user = kwargs["action"], request.user
        try:
            if action == "answer":
                form = AnswerForm(request.POST, hall=self.hall)
                if not form.is_valid():
                    raise ValidationError(form_errors(form))
                services.suggestion_answer(
                    user=user,
                    suggestion=item,
                    outcome=form.cleaned_data["outcome"],
                    reply=form.cleaned_data["reply"],
                    revised_rule=form.cleaned_data["revised_rule"],
                )
                done = _("Answered; the submitter has been told.")
            elif action == "tag":
                services.suggestion_tag(user=user, suggestion=item, tags=request.POST.get("tags", ""))
                done = _("Tags saved.")
            elif action == "link":
                form = LinkForm(request.POST, hall=self.hall)
                if not form.is_valid():
                    raise ValidationError(_("Choose a rule of the handbook's draft revision."))
                services.suggestion_link_revision(
                    user=user, suggestion=item, revised_rule=form.cleaned_data["revised_rule"]
                )
                done = _("Linked to the handbook revision.")
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
        return redirect(item.get_absolute_url())


class SuggestionPhotoView(PrivatePhotoView):
    """The suggestion's photo (or its thumbnail), for whoever reads the suggestion."""

    filename_prefix = "suggestion"

    def photos(self):
        return suggestions_for(self.request.user, self.hall).exclude(image="")
