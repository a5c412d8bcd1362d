"""The display links' pages (the hall's administrators) and the big screen itself (the link's token, no login).

The screen's two URLs are the only ones a token opens: ``/screen/<token>/`` (the page: no navigation, no form,
nothing of the session) and ``/screen/<token>/data`` (its figures as JSON). Both answer GET only, need no
cookie, set none, and give a 404 for an unknown or revoked token — the page's script then clears every panel.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from hallkeeper.assessment import heatmap
from hallkeeper.core.capabilities import administers
from hallkeeper.core.errors import error_text
from hallkeeper.core.validation import apply_service_errors
from hallkeeper.core.views import HallMixin

from . import selectors, services
from .forms import DisplayLinkForm
from .models import DisplayLink


class DisplayLinksMixin(HallMixin):
    def check_admin(self) -> None:
        if not administers(self.access, self.hall.pk):
            raise PermissionDenied(_("Only the hall's administrators manage display links."))


class DisplayLinkListView(DisplayLinksMixin, TemplateView):
    """The hall's display links, newest first; issue one (its link is shown once) or revoke one."""

    template_name = "screen/links.html"

    def get(self, request, *args, **kwargs):
        self.check_admin()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, form=None, new_url=None, **kwargs):
        ctx = super().get_context_data(**kwargs)
        links = DisplayLink.objects.visible_to(self.request.user).filter(hall=self.hall)
        page = Paginator(links.select_related("issued_by", "revoked_by"), settings.HALLKEEPER_PAGE_SIZE).get_page(
            self.request.GET.get("page")
        )
        ctx.update(
            links=page.object_list,
            page_obj=page,
            paginator=page.paginator,
            is_paginated=page.has_other_pages(),
            form=form or DisplayLinkForm(),
            new_url=new_url,
        )
        return ctx

    def post(self, request, *args, **kwargs):
        self.check_admin()
        form = DisplayLinkForm(request.POST)
        if form.is_valid():
            try:
                link, token = services.display_link_issue(
                    user=request.user, hall=self.hall, label=form.cleaned_data["label"]
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                url = request.build_absolute_uri(reverse("screen", kwargs={"token": token}))
                messages.success(request, _("Display link %(label)s issued.") % {"label": link.label})
                # The token exists only in this response: shown once, never stored.
                return self.render_to_response(self.get_context_data(new_url=url))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class DisplayLinkRevokeView(DisplayLinksMixin, View):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.check_admin()
        link = get_object_or_404(
            DisplayLink.objects.visible_to(request.user, "change").filter(hall=self.hall), pk=kwargs["pk"]
        )
        try:
            services.display_link_revoke(user=request.user, link=link)
        except ValidationError as error:
            messages.error(request, error_text(error))
        else:
            messages.success(request, _("Display link %(label)s revoked.") % {"label": link.label})
        return redirect("display_links", hall=self.hall.code)


#: The screen asks for fresh figures every this many seconds and turns to its next panel every ROTATE_SECONDS.
REFRESH_SECONDS = 30
ROTATE_SECONDS = 12


def _link(token: str) -> DisplayLink:
    link = services.display_link_for_token(token)
    if link is None:
        raise Http404
    return link


@method_decorator([login_not_required, never_cache], name="dispatch")
class ScreenView(TemplateView):
    """The big screen: 1920×1080, dark, full-screen on a click, its panels filled and rotated by screen.js."""

    http_method_names = ["get"]
    template_name = "screen/screen.html"

    def get_context_data(self, **kwargs):
        link = _link(kwargs["token"])
        services.display_link_seen(link)
        ctx = {
            "screen_hall": link.hall,
            "heat": heatmap.heat_map(link.hall),
            "screen_config": {
                "data": reverse("screen_data", kwargs={"token": kwargs["token"]}),
                "refresh": REFRESH_SECONDS,
                "rotate": ROTATE_SECONDS,
                "text": {
                    "checks": _("%(total)s checks today in %(zones)s zones"),
                    "notAssessed": _("not assessed"),
                    "nobody": _("Not awarded yet"),
                    "none": _("None"),
                    "provisional": _("provisional, live"),
                    "published": _("published"),
                    "period": _("Assessment %(period)s"),
                },
            },
        }
        return ctx


@method_decorator([login_not_required, never_cache], name="dispatch")
class ScreenDataView(View):
    """The screen's figures as JSON (``selectors.screen_data``); 404 once the link is revoked."""

    http_method_names = ["get"]

    def get(self, request, token: str):
        link = _link(token)
        services.display_link_seen(link)
        return JsonResponse(selectors.screen_data(link.hall), json_dumps_params={"ensure_ascii": False})
