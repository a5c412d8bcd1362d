from django import forms
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _


class AdministratorCreationForm(AdminUserCreationForm):
    """An account made by an administrator: its first login must choose a new password."""

    def save(self, commit=True):
        self.instance.must_change_password = True
        return super().save(commit=commit)


class AdministratorPasswordResetForm(AdminPasswordChangeForm):
    """A password set by an administrator: the user must change it at their next login."""

    def save(self, commit=True):
        self.user.must_change_password = True
        self.user.password_reset_by_admin = True  # UserAdmin.log_change records the event with the actor
        return super().save(commit=commit)


class OneTimeCodeForm(forms.Form):
    code = forms.CharField(
        label=_("One-time code"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The six digits your authenticator app shows now."),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("Enter the six digits."))
        return code


class SecurityPolicyForm(forms.Form):
    require_admin_second_factor = forms.BooleanField(
        label=_("require a second factor for administrators"),
        required=False,
        help_text=_(
            "System, security and audit administrators of this hall must set up a one-time code app "
            "at their next login."
        ),
    )


class UnlockAddressForm(forms.Form):
    address = forms.GenericIPAddressField(label=_("address"))
