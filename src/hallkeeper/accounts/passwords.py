"""The password policy: validators for ``AUTH_PASSWORD_VALIDATORS`` and the expiry rule.

Length comes from Django's ``MinimumLengthValidator``; these add character classes, the username and the
history of former passwords.
"""

from __future__ import annotations

import string
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def character_classes(password: str) -> int:
    """How many of the four classes (lower case, upper case, digits, other characters) the password uses."""
    lower = any(c.islower() for c in password)
    upper = any(c.isupper() for c in password)
    digit = any(c in string.digits for c in password)
    other = any(not (c.islower() or c.isupper() or c in string.digits) for c in password)  # symbols, 汉字
    return lower + upper + digit + other


class CharacterClassValidator:
    """At least ``min_classes`` of lower case letters, upper case letters, digits and other characters."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must use at least %(count)d of: lower case letters, upper case letters, digits, "
            "other characters."
        ) % {"count": self.min_classes}


class NotUsernameValidator:
    """The password may not contain the username (in any case, forwards or backwards)."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").casefold()
        if len(username) < 3:
            return
        folded = password.casefold()
        if username in folded or username[::-1] in folded:
            raise ValidationError(_("Your password must not contain your username."), code="password_has_username")

    def get_help_text(self):
        return _("Your password must not contain your username.")


class PasswordHistoryValidator:
    """Not one of the user's last ``HALLKEEPER_PASSWORD_HISTORY`` passwords (the current one included)."""

    @property
    def keep(self) -> int:
        return settings.HALLKEEPER_PASSWORD_HISTORY

    def validate(self, password, user=None):
        if user is None or user.pk is None or self.keep <= 0:
            return
        from .models import PasswordHistory

        hashes = list(PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.keep])
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        if any(check_password(password, h) for h in hashes[: self.keep]):
            raise ValidationError(
                ngettext(
                    "Your password must differ from your last password.",
                    "Your password must differ from your last %(count)d passwords.",
                    self.keep,
                )
                % {"count": self.keep},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        """Django calls this after saving a new password: keep its hash, drop what is older than the window."""
        if user is None or user.pk is None or self.keep <= 0:
            return
        from .models import PasswordHistory

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep :]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()

    def get_help_text(self):
        return ngettext(
            "Your password must differ from your last password.",
            "Your password must differ from your last %(count)d passwords.",
            self.keep,
        ) % {"count": self.keep}


def password_expired(*, changed_at: datetime | None, joined_at: datetime, now: datetime, max_age_days: int) -> bool:
    """Whether a password set at ``changed_at`` (never changed: when the account was made) is too old."""
    if max_age_days <= 0:
        return False
    return now - (changed_at or joined_at) > timedelta(days=max_age_days)


def must_change_password(user, now: datetime) -> bool:
    """Whether the user is sent to the change page: set by an administrator, or the password expired."""
    return user.must_change_password or password_expired(
        changed_at=user.password_changed_at,
        joined_at=user.date_joined,
        now=now,
        max_age_days=settings.HALLKEEPER_PASSWORD_MAX_AGE_DAYS,
    )
