from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from hallkeeper.core.validation import ServiceErrorsMixin
from hallkeeper.core.views import HallMixin

from . import lockout, sessions, twofactor
from .forms import OneTimeCodeForm, SecurityPolicyForm, UnlockAddressForm
from .models import RoleAssignment
from .passwords import must_change_password
from .services import password_change


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path on this site: anything else (a bare word, a number) would be taken for a URL name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class ProfileView(TemplateView):
    """The user's own roles, the people records linked to their login and their second factor."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["assignments"] = RoleAssignment.objects.filter(user=user).select_related("hall")
        ctx["people"] = user.people.select_related("hall", "unit")
        ctx["second_factor"] = twofactor.confirmed_device(user)
        return ctx


class LoginView(auth_views.LoginView):
    """Django's login page (django-axes counts its failures); says why a session ended."""

    redirect_authenticated_user = True
    expired_messages = {
        sessions.IDLE: _("You were logged out after a period without activity. Please log in again."),
        sessions.ABSOLUTE: _("Your session reached its maximum length. Please log in again."),
    }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["expired_message"] = self.expired_messages.get(self.request.GET.get("expired", ""))
        return ctx


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's password; also the page a forced or expired password leads to."""

    success_url = reverse_lazy("password_change_done")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        user = self.request.user
        ctx["forced"] = must_change_password(user, timezone.now())
        ctx["first_or_reset"] = user.must_change_password
        ctx["next"] = _safe_next(self.request, "")
        return ctx

    def form_valid(self, form):
        password_change(request=self.request, form=form)
        return redirect(_safe_next(self.request, str(self.get_success_url())))


class OtpVerifyView(ServiceErrorsMixin, FormView):
    """After the password: the one-time code of the user's authenticator app."""

    template_name = "registration/otp_verify.html"
    form_class = OneTimeCodeForm

    def dispatch(self, request, *args, **kwargs):
        if request.session.get(twofactor.PENDING) != twofactor.PENDING_VERIFY:
            return redirect(_safe_next(request, reverse("home")))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["next"] = _safe_next(self.request, "")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            twofactor.totp_verify(request=self.request, token=form.cleaned_data["code"])
        except ValidationError as error:
            return self.service_refused(form, error)
        return redirect(_safe_next(self.request, reverse("home")))


class OtpEnrolView(ServiceErrorsMixin, FormView):
    """Set up an authenticator app: scan the QR code, confirm with a code."""

    template_name = "registration/otp_enrol.html"
    form_class = OneTimeCodeForm

    def dispatch(self, request, *args, **kwargs):
        if twofactor.confirmed_device(request.user) is not None:
            request.session.pop(twofactor.PENDING, None)
            return redirect("profile")
        self.device = twofactor.totp_enrolment(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        from base64 import b32encode

        kwargs["qr_svg"] = twofactor.qr_svg(self.device)
        kwargs["secret"] = b32encode(self.device.bin_key).decode()
        kwargs["required"] = self.request.session.get(twofactor.PENDING) == twofactor.PENDING_ENROL
        kwargs["next"] = _safe_next(self.request, "")
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        try:
            twofactor.totp_confirm(request=self.request, device=self.device, token=form.cleaned_data["code"])
        except ValidationError as error:
            return self.service_refused(form, error)
        messages.success(self.request, _("Your authenticator app is set up; you will need a code at each login."))
        return redirect(_safe_next(self.request, reverse("profile")))


# -- the hall's security administrator ----------------------------------------------------------------------
class _SecurityAdminOnly:
    """After ``HallMixin`` has resolved the hall: only its security administrator goes on."""

    def dispatch(self, request, *args, **kwargs):
        if not self.access.is_security_admin_of(self.hall.pk):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SecurityView(HallMixin, _SecurityAdminOnly, TemplateView):
    """Locked accounts and addresses, the users' second factors and the hall's login policy."""

    template_name = "accounts/security.html"
    for_separated_admins = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["locked_accounts"], ctx["locked_addresses"] = lockout.locks_in_hall(self.hall)
        users = list(lockout.hall_users(self.hall).order_by("username"))
        enrolled = set(
            twofactor.TOTPDevice.objects.filter(user__in=users, confirmed=True).values_list("user_id", flat=True)
        )
        ctx["users"] = [(u, u.pk in enrolled) for u in users]
        policy = twofactor.security_policy_for(self.hall)
        ctx["policy_form"] = SecurityPolicyForm(
            initial={"require_admin_second_factor": policy.require_admin_second_factor}
        )
        ctx["lockout_limit"] = settings.AXES_FAILURE_LIMIT
        return ctx


class _SecurityAction(HallMixin, _SecurityAdminOnly, View):
    http_method_names = ["post"]
    for_separated_admins = True

    def done(self):
        return redirect("security", hall=self.hall.code)

    def hall_user(self, pk):
        return get_object_or_404(lockout.hall_users(self.hall), pk=pk)


class UnlockAccountView(_SecurityAction):
    def post(self, request, *args, **kwargs):
        user = self.hall_user(kwargs["pk"])
        lockout.lockout_unlock_account(actor=request.user, hall=self.hall, user=user)
        messages.success(request, _("The account %(username)s is unlocked.") % {"username": user.username})
        return self.done()


class UnlockAddressView(_SecurityAction):
    def post(self, request, *args, **kwargs):
        form = UnlockAddressForm(request.POST)
        try:
            if not form.is_valid():
                raise ValueError
            lockout.lockout_unlock_address(actor=request.user, hall=self.hall, address=form.cleaned_data["address"])
        except ValueError:
            messages.error(request, _("No failed login of this hall's users came from that address."))
        else:
            messages.success(request, _("The address %(address)s is unlocked.") % form.cleaned_data)
        return self.done()


class ResetSecondFactorView(_SecurityAction):
    def post(self, request, *args, **kwargs):
        user = self.hall_user(kwargs["pk"])
        twofactor.second_factor_reset(actor=request.user, hall=self.hall, user=user)
        messages.success(request, _("The second factor of %(username)s is removed.") % {"username": user.username})
        return self.done()


class SecurityPolicyView(_SecurityAction):
    def post(self, request, *args, **kwargs):
        form = SecurityPolicyForm(request.POST)
        form.is_valid()  # a checkbox: always valid
        twofactor.security_policy_update(
            actor=request.user,
            hall=self.hall,
            require_admin_second_factor=form.cleaned_data.get("require_admin_second_factor", False),
        )
        messages.success(request, _("The hall's login policy is saved."))
        return self.done()
