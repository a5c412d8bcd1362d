from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind
from .models import HallNotificationSettings


class NotificationFilterForm(forms.Form):
    """The notification centre's filters: unread or all, and what about."""

    SHOW_CHOICES = [("all", _("All")), ("unread", _("Unread"))]

    show = forms.ChoiceField(label=_("Show"), choices=SHOW_CHOICES, required=False)
    kind = forms.ChoiceField(
        label=_("About"), choices=[("", _("Everything")), *NotificationKind.choices], required=False
    )


class HallNotificationSettingsForm(forms.ModelForm):
    """The robot and email settings; neither the robot's address (it holds the robot's key) nor the DingTalk
    secret is shown again once saved: an empty field keeps the saved value."""

    clear_webhook = forms.BooleanField(label=_("Remove the saved robot address"), required=False)
    clear_secret = forms.BooleanField(label=_("Remove the saved signing secret"), required=False)

    class Meta:
        model = HallNotificationSettings
        fields = ["email_enabled", "webhook_kind", "webhook_url", "dingtalk_keyword", "dingtalk_secret"]
        labels = {"webhook_kind": _("Robot platform")}  # the section heading already says “Group robot”
        widgets = {
            "webhook_url": forms.URLInput(
                attrs={"placeholder": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"}
            ),
            "dingtalk_secret": forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        }

    field_order = ["email_enabled", "webhook_kind", "webhook_url", "clear_webhook"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.had_secret = bool(self.instance.dingtalk_secret)
        self.had_webhook = bool(self.instance.webhook_url)
        self.fields["webhook_url"].widget.attrs["inputmode"] = "url"
        if self.had_webhook:
            self.initial["webhook_url"] = ""
            self.fields["webhook_url"].help_text = _(
                "A robot address is saved (%(address)s). Leave this empty to keep it, or enter a new one to replace it."
            ) % {"address": self.instance.webhook_display}
        else:
            del self.fields["clear_webhook"]
        if self.had_secret:
            self.fields["dingtalk_secret"].help_text = _(
                "A secret is saved. Leave this empty to keep it, or enter a new one to replace it."
            )
        else:
            del self.fields["clear_secret"]

    def clean_webhook_url(self):
        value = (self.cleaned_data.get("webhook_url") or "").strip()
        if self.had_webhook and not value and not self.data.get(self.add_prefix("clear_webhook")):
            return self.instance.webhook_url  # empty means "keep the saved one"
        return value

    def clean_dingtalk_secret(self):
        value = (self.cleaned_data.get("dingtalk_secret") or "").strip()
        if self.had_secret and not value and not self.data.get(self.add_prefix("clear_secret")):
            return self.instance.dingtalk_secret  # empty means "keep the saved one"
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("clear_secret"):
            cleaned["dingtalk_secret"] = ""
        if cleaned.get("clear_webhook"):
            cleaned["webhook_url"] = ""
        return cleaned
