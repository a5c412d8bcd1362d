"""The model window's page (示范窗口): the current model window, its set-up sheet against the handbook with the
photos and completeness, and the forms of those who record it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from hallkeeper.core.errors import error_text
from hallkeeper.core.input import parse_id
from hallkeeper.core.validation import form_errors
from hallkeeper.core.views import HallMixin, PrivatePhotoView, get_to_change
from hallkeeper.standards.services import can_edit_handbook

from . import services
from .forms import DesignateForm, PhotoForm
from .models import SetupPhoto
from .selectors import can_record, current_model_window, draft_version, setup_sheet


class ModelWindowView(HallMixin, TemplateView):
    template_name = "showcase/model_window.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        record = current_model_window(user, self.hall)
        recorder = can_record(user, self.hall)
        sheet = setup_sheet(user, record) if record else None
        ctx.update(model_window=record, sheet=sheet, can_record=recorder)
        if recorder:
            ctx["designate_form"] = DesignateForm(
                hall=self.hall, initial={"window": record.window_id if record else None}
            )
            if sheet is not None:
                ctx["photo_form"] = PhotoForm(hall=self.hall, sheet=sheet)
            ctx["can_adopt"] = can_edit_handbook(user, self.hall)
            ctx["draft"] = draft_version(self.hall)
        return ctx


class ModelWindowActionView(HallMixin, View):
    """POST: designate the model window, or add a set-up photo."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not can_record(request.user, self.hall):
            raise PermissionDenied(_("Only those who record the model window change it."))
        back = reverse("model_window", kwargs={"hall": self.hall.code})
        try:
            if kwargs["action"] == "designate":
                form = DesignateForm(request.POST, hall=self.hall)
                if not form.is_valid():
                    raise ValidationError(form_errors(form))
                services.model_window_designate(
                    user=request.user,
                    hall=self.hall,
                    window=form.cleaned_data["window"],
                    note=form.cleaned_data["note"],
                )
                done = _("The model window is set.")
            elif kwargs["action"] == "photo":
                record = current_model_window(request.user, self.hall)
                if record is None:
                    raise ValidationError(_("Choose the model window first."))
                form = PhotoForm(request.POST, request.FILES, hall=self.hall, sheet=setup_sheet(request.user, record))
                if not form.is_valid():
                    raise ValidationError(form_errors(form))
                kind, key = form.cleaned_data["target"]
                services.setup_photo_add(
                    user=request.user,
                    model_window=record,
                    kind=kind,
                    target_key=key,
                    image=form.cleaned_data["image"],
                    built_on=form.cleaned_data["built_on"],
                    built_by=form.cleaned_data["built_by"],
                    caption=form.cleaned_data["caption"],
                )
                done = _("Photo recorded.")
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
        return redirect(back)


class SetupPhotoActionView(HallMixin, View):
    """POST on one photo: remove it, or adopt it as the handbook's picture of its rule."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        pk = parse_id(kwargs["pk"])
        if pk is None:
            raise Http404
        scope = {"model_window__hall": self.hall}
        photo = get_to_change(
            SetupPhoto.objects.visible_to(request.user, "change").filter(**scope).select_related("model_window__hall"),
            SetupPhoto.objects.visible_to(request.user).filter(**scope),
            pk=pk,
        )
        try:
            if kwargs["action"] == "remove":
                services.setup_photo_remove(user=request.user, photo=photo)
                done = _("Photo removed.")
            elif kwargs["action"] == "adopt":
                services.setup_photo_adopt(user=request.user, photo=photo)
                done = _("The photo is now the rule's reference picture in the draft revision.")
            else:
                raise Http404
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, done)
        return redirect(reverse("model_window", kwargs={"hall": self.hall.code}))


class SetupPhotoView(PrivatePhotoView):
    """A set-up photo (or its thumbnail), for whoever reads the model window."""

    filename_prefix = "model-window"

    def photos(self):
        return SetupPhoto.objects.visible_to(self.request.user).filter(model_window__hall=self.hall)
