"""The handbook editor: install, revise, edit a draft, publish or discard it.

Only administrators and the leadership group of the hall open these pages (403 for other roles,
404 for another hall). Only drafts are edited: a published or superseded version is refused here
with a message and, whatever the view does, again by the services, which make every write.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView, View

from hallkeeper.core.input import parse_id, parse_int
from hallkeeper.core.validation import ServiceErrorsMixin
from hallkeeper.core.views import HallMixin

from . import services
from .choices import VersionStatus
from .forms import (
    LayoutForm,
    PartForm,
    PublishForm,
    QuantityFormSet,
    RuleForm,
    RuleImageForm,
    SectionForm,
    SlotFormSet,
    VersionForm,
)
from .layouts import boxes, layout_svg, slot_problems
from .models import Handbook, HandbookVersion, Layout, Rule, RuleImage
from .selectors import version_or_404, versions_for

# -- URLs of the reader ------------------------------------------------------------------------


def version_url(version: HandbookVersion) -> str:
    return reverse("handbook_version", kwargs={"hall": version.handbook.hall.code, "number": version.number})


def diff_url(old: HandbookVersion, new: HandbookVersion) -> str:
    """The reader's diff of two versions, field by field."""
    base = reverse("handbook_diff", kwargs={"hall": new.handbook.hall.code})
    return f"{base}?{urlencode({'from': old.number, 'to': new.number})}"


def home_url(hall) -> str:
    return reverse("handbook_home", kwargs={"hall": hall.code})


def _refuse(request, error: ValidationError | PermissionDenied, url: str) -> HttpResponseRedirect:
    """Report why a write was refused and go back; nothing was changed."""
    for message in getattr(error, "messages", None) or [str(error)]:
        messages.error(request, message)
    return redirect(url)


# -- base classes ------------------------------------------------------------------------------


class _EditorGate:
    """Runs after ``HallMixin`` resolved the hall: editors only, then the version of the URL."""

    draft_only = True

    def dispatch(self, request, *args, **kwargs):
        if not services.can_edit_handbook(request.user, self.hall):
            raise PermissionDenied(_("Only administrators and the leadership group revise the handbook."))
        self.version = None
        if "number" in kwargs:
            self.version = version_or_404(request.user, self.hall, kwargs["number"])
            if self.draft_only and self.version.status != VersionStatus.DRAFT:
                try:
                    services.ensure_draft(self.version)
                except ValidationError as error:
                    return _refuse(request, error, version_url(self.version))
        return super().dispatch(request, *args, **kwargs)


class EditorMixin(HallMixin, _EditorGate):
    """An editor page of a hall; ``self.version`` is the version of the URL (a draft) or None."""

    title = ""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(version=self.version, title=self.get_title(), can_edit=True)
        return ctx

    def get_title(self) -> str:
        return str(self.title)


class EditorFormView(EditorMixin, ServiceErrorsMixin, FormView):
    """A form that saves through a service; a refusal of the service shows on the form."""

    template_name = "standards/editor/form.html"

    def save(self, form):  # pragma: no cover — every subclass saves
        raise TypeError(f"{type(self).__name__} must define save()")

    def success_message(self, obj) -> str:
        return _("Saved.")

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(self.request, self.success_message(obj))
        return redirect(self.get_success_url(obj))

    def get_success_url(self, obj=None) -> str:
        return version_url(self.version)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("cancel_url", version_url(self.version))
        return ctx


def _rule_or_404(version: HandbookVersion, key: str) -> Rule:
    return get_object_or_404(
        Rule.objects.select_related("section", "version__handbook__hall"), version=version, key=key
    )


# -- the handbook as a whole -------------------------------------------------------------------


class InstallView(EditorMixin, TemplateView):
    """Give a hall without a handbook the default one (GET asks, POST installs)."""

    template_name = "standards/editor/confirm.html"

    def get_title(self):
        return _("Install the default handbook")

    def get(self, request, *args, **kwargs):
        if HandbookVersion.objects.filter(handbook__hall=self.hall).exists():
            messages.info(request, _("This hall already has a handbook."))
            return redirect(home_url(self.hall))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            text=_(
                "The default handbook follows GB/T 36112-2018: four parts of rules with check methods and "
                "deductions, layout standards and the standard quantity table. It is published as version 1; "
                "revise it afterwards to fit this hall."
            ),
            button=_("Install and publish version 1"),
            cancel_url=home_url(self.hall),
            testid="handbook-install",
        )
        return ctx

    def post(self, request, *args, **kwargs):
        try:
            version = services.handbook_install(hall=self.hall, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            return _refuse(request, error, home_url(self.hall))
        messages.success(request, _("The default handbook is installed as %(label)s.") % {"label": version.label})
        return redirect(version_url(version))


class ReviseView(EditorMixin, TemplateView):
    """Start a revision: a draft copy of the latest version (GET asks, POST starts it)."""

    template_name = "standards/editor/confirm.html"

    def get_title(self):
        return _("Start a revision")

    def _state(self):
        versions = list(versions_for(self.request.user, self.hall))
        draft = next((v for v in versions if v.status == VersionStatus.DRAFT), None)
        latest = versions[0] if versions else None  # newest first
        return draft, latest

    def get(self, request, *args, **kwargs):
        draft, self.latest = self._state()
        if draft is not None:
            messages.info(request, _("A draft revision already exists; finish or discard it first."))
            return redirect(version_url(draft))
        if self.latest is None:
            messages.info(request, _("The handbook has no version to revise."))
            return redirect(home_url(self.hall))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            text=_(
                "A draft %(new)s is made as a copy of %(old)s: every rule, picture, layout standard and row of the "
                "quantity table. Readers keep seeing %(old)s until the draft is published."
            )
            % {"new": f"V{self.latest.number + 1}", "old": self.latest.label},
            button=_("Start the revision"),
            cancel_url=version_url(self.latest),
            testid="handbook-revise",
        )
        return ctx

    def post(self, request, *args, **kwargs):
        handbook = Handbook.objects.filter(hall=self.hall).first()
        if handbook is None:
            raise Http404
        try:
            draft = services.handbook_version_revise(handbook=handbook, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            existing = handbook.versions.filter(status=VersionStatus.DRAFT).first()
            return _refuse(request, error, version_url(existing) if existing else home_url(self.hall))
        messages.success(
            request,
            _("Draft %(label)s started as a copy of %(old)s.") % {"label": draft.label, "old": draft.based_on.label},
        )
        return redirect(version_url(draft))


class PublishView(EditorFormView):
    """Publish a draft with a revision note; what keeps it from being published is listed."""

    form_class = PublishForm
    template_name = "standards/editor/publish.html"

    def get_title(self):
        return _("Publish %(label)s") % {"label": self.version.label}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"version": self.version}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["problems"] = services.version_problems(self.version)
        return ctx

    def form_valid(self, form):
        try:
            version = self.save(form)
        except ValidationError as error:
            # The rules' problems are listed above the form already; one line points at them.
            return self.service_refused(
                form, error, shown_elsewhere={"rules": _("The version cannot be published yet: see the list above.")}
            )
        messages.success(self.request, self.success_message(version))
        return redirect(self.get_success_url(version))

    def save(self, form):
        return services.handbook_version_publish(
            version=self.version, user=self.request.user, note=form.cleaned_data["note"]
        )

    def success_message(self, version):
        return _("%(label)s is published; readers and new inspections now use it.") % {"label": version.label}

    def get_success_url(self, version=None):
        if version.based_on_id:
            return diff_url(version.based_on, version)
        return version_url(version)


class DiscardView(EditorMixin, View):
    """Throw a draft away (POST)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        label = self.version.label
        try:
            services.handbook_version_discard(version=self.version, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            return _refuse(request, error, version_url(self.version))
        messages.success(request, _("Draft %(label)s is discarded.") % {"label": label})
        return redirect(home_url(self.hall))


class PrefaceEditView(EditorFormView):
    form_class = VersionForm

    def get_title(self):
        return _("Title and preface of %(label)s") % {"label": self.version.label}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.version}

    def save(self, form):
        return services.handbook_version_save(version=form.save(commit=False), user=self.request.user)


class PartEditView(EditorFormView):
    form_class = PartForm

    def get_part(self):
        if not hasattr(self, "part"):
            self.part = get_object_or_404(self.version.parts.all(), pk=self.kwargs["pk"])
        return self.part

    def get_title(self):
        return _("Edit part %(part)s") % {"part": self.get_part()}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.get_part()}

    def save(self, form):
        return services.part_save(part=form.save(commit=False), user=self.request.user)


class SectionEditView(EditorFormView):
    form_class = SectionForm

    def get_section(self):
        if not hasattr(self, "section"):
            self.section = get_object_or_404(self.version.sections.select_related("part"), pk=self.kwargs["pk"])
        return self.section

    def get_title(self):
        return _("Edit section %(section)s") % {"section": self.get_section()}

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": self.get_section()}

    def save(self, form):
        return services.section_save(section=form.save(commit=False), user=self.request.user)


# -- rules -------------------------------------------------------------------------------------


class RuleFormView(EditorFormView):
    """Create (no key in the URL) or edit a rule of a draft."""

    form_class = RuleForm
    template_name = "standards/editor/rule_form.html"

    def get_rule(self) -> Rule | None:
        if not hasattr(self, "rule"):
            self.rule = _rule_or_404(self.version, self.kwargs["key"]) if "key" in self.kwargs else None
        return self.rule

    def get_title(self):
        rule = self.get_rule()
        if rule is None:
            return _("New rule in %(label)s") % {"label": self.version.label}
        return _("Edit rule %(rule)s") % {"rule": rule}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs() | {"version": self.version}
        rule = self.get_rule()
        if rule is not None:
            kwargs["instance"] = rule
        else:
            section = self.request.GET.get("section")
            if parse_id(section):
                kwargs["initial"] = {"section": parse_id(section)}
        return kwargs

    def save(self, form):
        rule = form.save(commit=False)
        if rule.pk is None:
            last = self.version.rules.filter(section=rule.section).aggregate(m=Max("order"))["m"]
            rule.order = 0 if last is None else last + 1
        return services.rule_save(rule=rule, user=self.request.user)

    def success_message(self, rule):
        return _("Rule %(rule)s saved.") % {"rule": rule}

    def get_success_url(self, rule=None):
        return rule.get_absolute_url()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rule = self.get_rule()
        ctx["rule"] = rule
        if rule is not None:
            ctx["cancel_url"] = rule.get_absolute_url()
            ctx["problems"] = services.rule_problems(rule)
        return ctx


class RuleDeleteView(EditorMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        rule = _rule_or_404(self.version, kwargs["key"])
        label = str(rule)
        try:
            services.rule_delete(rule=rule, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            return _refuse(request, error, rule.get_absolute_url())
        messages.success(request, _("Rule %(rule)s deleted.") % {"rule": label})
        return redirect(version_url(self.version))


class RuleImagesView(EditorFormView):
    """A rule's reference photos and counter-examples: upload with a caption, delete."""

    form_class = RuleImageForm
    template_name = "standards/editor/rule_images.html"

    def get_rule(self) -> Rule:
        if not hasattr(self, "rule"):
            self.rule = _rule_or_404(self.version, self.kwargs["key"])
        return self.rule

    def get_title(self):
        return _("Pictures of rule %(rule)s") % {"rule": self.get_rule()}

    def save(self, form):
        d = form.cleaned_data
        return services.rule_image_add(
            rule=self.get_rule(), user=self.request.user, kind=d["kind"], image=d["image"], caption=d["caption"]
        )

    def success_message(self, image):
        return _("Picture added.")

    def get_success_url(self, obj=None):
        return reverse(
            "handbook_rule_images", kwargs={"hall": self.hall.code, "number": self.version.number, "key": self.rule.key}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        rule = self.get_rule()
        ctx.update(rule=rule, images=list(rule.images.all()), cancel_url=rule.get_absolute_url())
        return ctx


class ImageDeleteView(EditorMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        image = get_object_or_404(RuleImage.objects.select_related("rule"), rule__version=self.version, pk=kwargs["pk"])
        back = reverse(
            "handbook_rule_images",
            kwargs={"hall": self.hall.code, "number": self.version.number, "key": image.rule.key},
        )
        try:
            services.rule_image_delete(image=image, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            return _refuse(request, error, back)
        messages.success(request, _("Picture removed."))
        return redirect(back)


# -- layout standards --------------------------------------------------------------------------


_int = parse_int


class LayoutFormView(EditorMixin, TemplateView):
    """Create (no pk) or edit a layout standard: its surface and a formset of slots, with the live diagram."""

    template_name = "standards/editor/layout_form.html"

    def get_layout(self) -> Layout | None:
        if not hasattr(self, "layout"):
            pk = self.kwargs.get("pk")
            self.layout = get_object_or_404(self.version.layouts.all(), pk=pk) if pk is not None else None
        return self.layout

    def get_title(self):
        layout = self.get_layout()
        if layout is None:
            return _("New layout standard in %(label)s") % {"label": self.version.label}
        return _("Edit layout standard “%(name)s”") % {"name": layout.name}

    def get_forms(self, data=None):
        layout = self.get_layout()
        initial_layout = {"position_kind": self.request.GET.get("position_kind", "")} if layout is None else None
        form = LayoutForm(data, instance=layout, version=self.version, initial=initial_layout)
        initial = (
            [
                {
                    "item": s.item,
                    "x": s.x,
                    "y": s.y,
                    "width": s.width,
                    "depth": s.depth,
                    "quantity": s.quantity,
                    "colour": s.colour,
                }
                for s in layout.slots.all()
            ]
            if layout is not None
            else []
        )
        formset = SlotFormSet(data, initial=None if data is not None else initial, prefix="slots")
        return form, formset

    def get(self, request, *args, **kwargs):
        form, formset = self.get_forms()
        layout = self.get_layout()
        if layout is not None:
            diagram = layout_svg(layout.name, layout.width, layout.depth, boxes(layout.slots.all()))
        else:
            diagram = ""
        return self.render(form, formset, diagram, [])

    def render(self, form, formset, diagram, problems, *, refused=False):
        ctx = self.get_context_data(form=form, formset=formset, diagram=diagram, problems=problems, refused=refused)
        layout = self.get_layout()
        ctx["layout"] = layout
        ctx["preview_url"] = reverse(
            "handbook_layout_preview",
            kwargs={"hall": self.hall.code, "number": self.version.number, "pk": layout.pk if layout else 0},
        )
        ctx["cancel_url"] = (
            reverse("handbook_layout", kwargs={"hall": self.hall.code, "number": self.version.number, "pk": layout.pk})
            if layout
            else version_url(self.version)
        )
        return self.render_to_response(ctx)

    def post(self, request, *args, **kwargs):
        form, formset = self.get_forms(request.POST)
        if not (form.is_valid() and formset.is_valid()):
            diagram, problems = _preview(form, formset)
            return self.render(form, formset, diagram, problems, refused=True)
        slots = formset.boxes()
        layout = form.save(commit=False)
        if layout.pk is None:
            last = self.version.layouts.aggregate(m=Max("order"))["m"]
            layout.order = 0 if last is None else last + 1
        try:
            layout = services.layout_save(layout=layout, slots=slots, user=request.user)
        except ValidationError as error:
            diagram, _problems = _preview(form, formset)
            return self.render(form, formset, diagram, error.messages, refused=True)
        messages.success(request, _("Layout standard “%(name)s” saved.") % {"name": layout.name})
        return redirect(
            reverse(
                "handbook_layout_edit", kwargs={"hall": self.hall.code, "number": self.version.number, "pk": layout.pk}
            )
        )


def _preview(form, formset) -> tuple[str, list[str]]:
    """The diagram and its problems from what is posted so far (rows still invalid are left out)."""
    data = form.data
    prefix = form.add_prefix
    width = _int(data.get(prefix("width")))
    depth = _int(data.get(prefix("depth")))
    name = (data.get(prefix("name")) or "").strip() or _("Layout standard")
    if width < 50 or depth < 50 or width > 20000 or depth > 20000:
        return "", [_("Enter the surface's width and depth (at least 50 mm).")]
    slots = formset.preview_boxes()
    return layout_svg(name, width, depth, slots), slot_problems(width, depth, slots)


class LayoutPreviewView(EditorMixin, View):
    """The diagram partial for htmx, drawn from the posted (unsaved) layout form and slots. ``pk`` 0: a new layout."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        layout = None
        if kwargs["pk"]:
            layout = get_object_or_404(self.version.layouts.all(), pk=kwargs["pk"])
        form = LayoutForm(request.POST, instance=layout, version=self.version)
        formset = SlotFormSet(request.POST, prefix="slots")
        diagram, problems = _preview(form, formset)
        return TemplateResponse(
            request, "standards/editor/partials/layout_preview.html", {"diagram": diagram, "problems": problems}
        )


# -- the standard quantity table ---------------------------------------------------------------


class QuantitiesEditView(EditorMixin, TemplateView):
    """The standard quantity table as a formset: change, add and delete rows."""

    template_name = "standards/editor/quantities_form.html"

    def get_title(self):
        return _("Standard quantity table of %(label)s") % {"label": self.version.label}

    def get_formset(self, data=None):
        if data is not None:
            return QuantityFormSet(data, prefix="rows")  # see forms.RowsFormSet
        initial = [
            {"position_kind": q.position_kind, "item": q.item, "quantity": q.quantity, "unit": q.unit, "note": q.note}
            for q in self.version.quantities.order_by("position_kind", "order", "item")
        ]
        return QuantityFormSet(initial=initial, prefix="rows")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(formset=self.get_formset()))

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            try:
                services.quantity_table_save(version=self.version, rows=formset.rows(), user=request.user)
            except ValidationError as error:
                formset._non_form_errors = formset.error_class(error.messages)
            else:
                messages.success(request, _("The standard quantity table is saved."))
                return redirect(
                    reverse("handbook_quantities", kwargs={"hall": self.hall.code, "number": self.version.number})
                )
        return self.render_to_response(self.get_context_data(formset=formset))
