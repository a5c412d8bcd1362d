"""Capturing an inspection on a phone: start, answer item by item, photograph, count, submit.

Every tap posts at once (``static/inspections/capture.js``); each endpoint answers JSON to the
script and, without the script, redirects back to the capture page with a message. The writes
are ``services.py``'s; a ``ValidationError`` is the person's mistake (400 with its message),
a row outside the user's reach is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from hallkeeper.core.errors import error_text, wants_json
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import ServiceErrorsMixin, error_on
from hallkeeper.core.views import HallMixin, PrivatePhotoView
from hallkeeper.places.models import Position, Window
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.standards.models import HandbookVersion, QuantityStandard
from hallkeeper.standards.services import can_edit_handbook

from . import capture, services
from .choices import InspectionKind, InspectionStatus, ItemResult
from .forms_capture import InspectionStartForm
from .models import AcceptanceRound, CheckItem, DueInspection, Inspection, ItemPhoto
from .permissions import kinds_for
from .views_common import InspectionMixin

#: How long a browser may keep a photo it was shown (photos never change once stored).


# -- starting --------------------------------------------------------------------


class InspectionStartView(HallMixin, ServiceErrorsMixin, FormView):
    """Choose what to inspect; the checklist is built from the published handbook."""

    template_name = "inspections/start.html"
    form_class = InspectionStartForm
    prefill = ("kind", "zone", "round", "retake_of", "due", "note")

    def setup_start(self) -> None:
        if not kinds_for(self.request.user, self.hall):
            raise PermissionDenied(_("You may not carry out inspections in this hall."))
        self.version = HandbookVersion.objects.filter(handbook__hall=self.hall, status=VersionStatus.PUBLISHED).first()

    def get(self, request, *args, **kwargs):
        self.setup_start()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.setup_start()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        params = self.request.GET
        initial = {k: params.get(k) for k in self.prefill if params.get(k)}
        for many in ("windows", "positions", "rule_keys"):
            if params.getlist(many):
                initial[many] = params.getlist(many)
        user = self.request.user
        if params.get("due"):
            due = get_object_or_404(
                DueInspection.objects.visible_to(user, "view").filter(hall=self.hall).select_related("plan"),
                pk=_int_or_404(params["due"]),
            )
            initial.setdefault("zone", due.zone_id)
            initial.setdefault("kind", due.plan.kind)
            if due.plan.rule_keys and "rule_keys" not in initial:
                initial["rule_keys"] = list(due.plan.rule_keys)
            self.due = due
        if params.get("retake_of"):
            first = get_object_or_404(
                Inspection.objects.visible_to(user, "view").filter(hall=self.hall, kind=InspectionKind.ACCEPTANCE),
                pk=_int_or_404(params["retake_of"]),
            )
            initial.update(kind=InspectionKind.ACCEPTANCE, zone=first.zone_id, round=first.round_id)
            self.retake_of = first
        if params.get("round"):
            acceptance_round = get_object_or_404(
                AcceptanceRound.objects.visible_to(user, "view").filter(hall=self.hall),
                pk=_int_or_404(params["round"]),
            )
            initial.setdefault("kind", InspectionKind.ACCEPTANCE)
            self.acceptance_round = acceptance_round
        return initial

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, hall=self.hall, version=self.version)
        return kwargs

    def form_valid(self, form):
        if self.version is None:
            form.add_error(None, _("The hall has no published handbook yet; publish one before inspecting."))
            return self.form_invalid(form)
        data = form.cleaned_data
        try:
            inspection = services.inspection_start(
                user=self.request.user,
                zone=data["zone"],
                kind=data["kind"],
                windows=data["windows"],
                positions=data["positions"],
                rule_keys=data["rule_keys"],
                round=data["round"],
                retake_of=data["retake_of"],
                due=data["due"],
                note=data["note"],
            )
        except PermissionDenied as error:
            form.add_error(None, error_text(error))
            return self.form_invalid(form)
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(
            self.request,
            _("%(kind)s of %(zone)s started: %(count)d items to check. Answers are saved as you go.")
            % {"kind": inspection.get_kind_display(), "zone": inspection.zone, "count": inspection.item_count},
        )
        return redirect("inspection_capture", hall=self.hall.code, pk=inspection.pk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["version"] = self.version
        ctx["can_edit_handbook"] = can_edit_handbook(self.request.user, self.hall)
        ctx["due"] = getattr(self, "due", None)
        ctx["retake_of"] = getattr(self, "retake_of", None)
        ctx["acceptance_round"] = getattr(self, "acceptance_round", None)
        ctx["drafts"] = list(
            Inspection.objects.visible_to(self.request.user, "change")
            .filter(hall=self.hall, status=InspectionStatus.DRAFT)
            .select_related("zone")
            .order_by("-started_at")[:5]
        )
        return ctx


def _int_or_404(value) -> int:
    number = parse_id(value)
    if number is None:
        raise Http404
    return number


# -- the capture page ------------------------------------------------------------------


class InspectionCaptureView(InspectionMixin, TemplateView):
    """The phone page: every item of the checklist with one-tap answers, photos and counts."""

    template_name = "inspections/capture/capture.html"

    def get(self, request, *args, **kwargs):
        try:
            self.inspection = self.get_inspection("change")
        except PermissionDenied:
            # Someone who only reads the inspection: a submitted one opens on its report page.
            readable = Inspection.objects.visible_to(request.user, "view").filter(hall=self.hall, pk=kwargs["pk"])
            if readable.exclude(status=InspectionStatus.DRAFT).exists():
                return redirect("inspection_detail", hall=self.hall.code, pk=kwargs["pk"])
            raise
        if not self.inspection.is_draft:
            return redirect("inspection_detail", hall=self.hall.code, pk=self.inspection.pk)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        inspection = self.inspection
        inspection.hall = self.hall
        items = capture.decorate_items(inspection, list(capture.item_rows(inspection)))
        windows = capture.target_windows(inspection)
        positions = capture.target_positions(inspection)
        highlight = self.request.GET.get("unanswered") == "1"
        ctx.update(
            inspection=inspection,
            parts=capture.checklist(inspection, items),
            progress=capture.progress(inspection),
            windows=windows,
            positions=positions,
            count_groups=capture.count_groups(inspection, positions),
            highlight_unanswered=highlight,
            results=ItemResult,
            chosen_windows=list(inspection.windows.all()),
            chosen_positions=list(inspection.positions.all()),
        )
        return ctx


# -- the endpoints the page posts to ---------------------------------------------------


class CaptureActionMixin(InspectionMixin):
    """A POST on a draft the user is inspecting; answers JSON to the script, redirects otherwise."""

    http_method_names = ["post"]

    def capture_url(self, anchor: str = "") -> str:
        url = reverse("inspection_capture", kwargs={"hall": self.hall.code, "pk": self.inspection.pk})
        return url + (f"#{anchor}" if anchor else "")

    def refused(self, error, *, status: int = 400, anchor: str = "", **extra):
        message = error_text(error) if not isinstance(error, str) else error
        if wants_json(self.request):
            return JsonResponse({"ok": False, "error": message, **extra}, status=status)
        messages.error(self.request, message)
        if not self.inspection.is_draft or error_on(error, "status"):
            return redirect("inspection_detail", hall=self.hall.code, pk=self.inspection.pk)
        return HttpResponseRedirect(self.capture_url(anchor))

    def done(self, payload: dict, *, anchor: str = "", message: str = ""):
        if wants_json(self.request):
            return JsonResponse({"ok": True, **payload})
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.capture_url(anchor))

    def load(self):
        self.inspection = self.get_inspection("change")
        self.inspection.hall = self.hall
        return self.inspection

    def item(self) -> CheckItem:
        return get_object_or_404(
            CheckItem.objects.select_related("rule"), pk=self.kwargs["item"], inspection=self.inspection
        )


def _place(model, value, inspection: Inspection, message: str):
    """A window or position of the inspected zone from a posted id ("" for none)."""
    if value in (None, ""):
        return None
    pk = parse_id(value)
    if pk is None:
        raise ValidationError(message)
    place = model.objects.filter(hall_id=inspection.hall_id, zone_id=inspection.zone_id, pk=pk).first()
    if place is None:
        raise ValidationError(message)
    return place


class ItemAnswerView(CaptureActionMixin, View):
    """Pass, fail (with occurrences, note, window, position) or not applicable for one item."""

    def post(self, request, *args, **kwargs):
        self.load()
        item = self.item()
        data = request.POST
        try:
            window = _place(Window, data.get("window"), self.inspection, _("The window is not in the inspected zone."))
            position = _place(
                Position, data.get("position"), self.inspection, _("The position is not in the inspected zone.")
            )
            item = services.item_answer(
                user=request.user,
                item=item,
                result=data.get("result", ""),
                occurrences=data.get("occurrences"),
                note=data.get("note"),
                window=window,
                position=position,
            )
        except (ValidationError, PermissionDenied) as error:
            item.refresh_from_db()
            return self.refused(error, anchor=f"item-{item.pk}", item=capture.item_state(item))
        return self.done(
            {"item": capture.item_state(item), "progress": capture.progress(self.inspection).as_dict()},
            anchor=f"item-{item.pk}",
        )


class PhotoAddView(CaptureActionMixin, View):
    """One or more photos for an item; a refused photo is reported, the others are kept."""

    def post(self, request, *args, **kwargs):
        self.load()
        item = self.item()
        files = request.FILES.getlist("photos")
        anchor = f"item-{item.pk}"
        if not files:
            return self.refused(_("Choose or take a photo first."), anchor=anchor)
        errors, added = [], 0
        for upload in files:
            try:
                services.photo_add(user=request.user, item=item, file=upload, taken_at=request.POST.get("taken_at"))
                added += 1
            except (ValidationError, PermissionDenied) as error:
                name = upload.name or _("photo")
                errors.append(_("%(name)s: %(error)s") % {"name": name, "error": error_text(error)})
                if error_on(error, "status"):
                    break
        photos = [
            capture.photo_state(p, self.hall.code, self.inspection.pk)
            for p in ItemPhoto.objects.filter(item=item).order_by("created_at", "pk")
        ]
        if errors:
            return self.refused(" ".join(errors), anchor=anchor, photos=photos, added=added)
        return self.done({"photos": photos, "added": added}, anchor=anchor)


class PhotoDeleteView(CaptureActionMixin, View):
    def post(self, request, *args, **kwargs):
        self.load()
        photo = get_object_or_404(
            ItemPhoto.objects.select_related("item__inspection"), pk=kwargs["photo"], item__inspection=self.inspection
        )
        anchor = f"item-{photo.item_id}"
        try:
            services.photo_remove(user=request.user, photo=photo)
        except (ValidationError, PermissionDenied) as error:
            return self.refused(error, anchor=anchor)
        return self.done({"deleted": kwargs["photo"]}, anchor=anchor)


class CountView(CaptureActionMixin, View):
    """The quantity counted at a position beside the standard (empty clears it)."""

    def post(self, request, *args, **kwargs):
        self.load()
        data = request.POST
        try:
            position = _place(
                Position, data.get("position"), self.inspection, _("The position is not in the inspected zone.")
            )
            if position is None:
                raise ValidationError(_("Choose the position counted."))
            standard_id = data.get("standard", "")
            standard = (
                QuantityStandard.objects.filter(version_id=self.inspection.version_id, pk=parse_id(standard_id)).first()
                if parse_id(standard_id)
                else None
            )
            if standard is None:
                raise ValidationError(_("This standard quantity does not apply to the position."))
            count = services.count_record(
                user=request.user,
                inspection=self.inspection,
                position=position,
                standard=standard,
                counted=data.get("counted"),
            )
        except (ValidationError, PermissionDenied) as error:
            return self.refused(error, anchor="counts")
        counted = count.counted if count is not None else None
        return self.done(
            {
                "position": position.pk,
                "standard": standard.pk,
                "quantity": standard.quantity,
                "counted": counted,
                "matches": None if counted is None else counted == standard.quantity,
            },
            anchor="counts",
        )


class PassRestView(CaptureActionMixin, View):
    """Pass every unanswered item. The script gets every item's saved answer back and updates the cards
    where they are; without the script the page comes back at the place it was sent from (``anchor``)."""

    def post(self, request, *args, **kwargs):
        self.load()
        anchor = capture.safe_anchor(request.POST.get("anchor"))
        try:
            passed = services.items_pass_rest(user=request.user, inspection=self.inspection)
        except (ValidationError, PermissionDenied) as error:
            return self.refused(error, anchor=anchor)
        message = _("%(count)d unanswered items marked as passed.") % {"count": passed}
        return self.done(
            {
                "passed": passed,
                "progress": capture.progress(self.inspection).as_dict(),
                "items": capture.item_states(self.inspection),
                "message": message,
            },
            anchor=anchor,
            message=message,
        )


class SubmitView(CaptureActionMixin, View):
    """Score and store the inspection; refused with the unanswered items listed."""

    def post(self, request, *args, **kwargs):
        self.load()
        try:
            inspection = services.inspection_submit(
                user=request.user, inspection=self.inspection, note=request.POST.get("note")
            )
        except (ValidationError, PermissionDenied) as error:
            if error_on(error, "status"):
                messages.info(request, _("This inspection was already submitted; here is its report."))
                return redirect("inspection_detail", hall=self.hall.code, pk=self.inspection.pk)
            messages.error(request, error_text(error))
            url = reverse("inspection_capture", kwargs={"hall": self.hall.code, "pk": self.inspection.pk})
            if error_on(error, "items"):
                return HttpResponseRedirect(f"{url}?unanswered=1#checklist")
            return HttpResponseRedirect(url)
        grade = inspection.get_grade_display()
        if inspection.veto_failed:
            text = _("Submitted: score %(score)s, %(grade)s — a veto rule failed.")
        else:
            text = _("Submitted: score %(score)s, %(grade)s.")
        messages.success(request, text % {"score": capture._fmt(inspection.score), "grade": grade})
        return redirect("inspection_detail", hall=self.hall.code, pk=inspection.pk)


class DiscardView(CaptureActionMixin, View):
    def post(self, request, *args, **kwargs):
        self.load()
        try:
            services.inspection_discard(user=request.user, inspection=self.inspection)
        except (ValidationError, PermissionDenied) as error:
            return self.refused(error)
        messages.success(request, _("The draft was discarded."))
        return redirect("inspection_list", hall=self.hall.code)


# -- photos, through the access checks ----------------------------------------------------


class PhotoView(PrivatePhotoView):
    """An inspection photo (or its thumbnail) for someone who may see the inspection; never /media."""

    def photos(self):
        return ItemPhoto.objects.visible_to(self.request.user, "view").filter(item__inspection__hall=self.hall)
