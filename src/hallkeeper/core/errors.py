"""The friendly refusal page: what a person sees when their role does not allow an action."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def back_url(request) -> str:
    """Where “Back” leads: the page the person came from on this site, else the hall's overview or the start."""
    referer = request.META.get("HTTP_REFERER", "")
    if (
        referer
        and referer != request.build_absolute_uri()
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referer
    hall = getattr(request, "hall", None)
    return reverse("hall_home", kwargs={"hall": hall.code}) if hall is not None else reverse("home")


def permission_denied(request, exception=None, template_name="403.html"):
    """403 with the reason the code gave (always a product message, never a stack detail) and a way back."""
    reason = str(exception) if exception is not None and exception.args else ""
    return render(request, template_name, {"reason": reason, "back_url": back_url(request)}, status=403)


def error_text(error: ValidationError | PermissionDenied) -> str:
    """A service's refusal as one line for the page or an htmx/JSON answer."""
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    return str(error) or _("You may not do this.")


def wants_json(request) -> bool:
    """Whether the request comes from a script (htmx or ``Accept: application/json``) rather than a form post."""
    return "application/json" in request.headers.get("Accept", "") or request.headers.get("HX-Request") == "true"
