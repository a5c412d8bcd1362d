from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hallkeeper.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in

        from . import receivers

        user_logged_in.connect(receivers.on_login, dispatch_uid="hallkeeper.accounts.on_login")
        user_locked_out.connect(receivers.on_locked_out, dispatch_uid="hallkeeper.accounts.on_locked_out")
