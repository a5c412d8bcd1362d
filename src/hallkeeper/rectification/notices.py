"""Who is told about a rectification notice's transitions, and what they read.

``rectification/services.py`` calls, at the end of each transition::

    notify(recipients=notices.zone_lead(notice), actor=user, **notices.issued(notice))

Every message builder returns the keyword arguments of :func:`~hallkeeper.notifications.services.notify`
except the recipients: ``hall``, ``kind``, ``title``, ``body`` and ``link`` (the notice's page). Texts are
written in the site's language (``LANGUAGE_CODE``), not the language of whoever acted: the recipient
reads them later, in a list or an email.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _

from hallkeeper.accounts.choices import Role
from hallkeeper.notifications.choices import NotificationKind as K

from .choices import ExtensionState
from .transitions import is_inspector

EXCERPT = 300


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def notice_link(notice) -> str:
    try:
        return reverse("notice_detail", kwargs={"hall": notice.hall.code, "pk": notice.pk})
    except NoReverseMatch:
        return ""


def supervision_users(hall_id: int):
    """The active users holding the supervision role in the hall."""
    return (
        get_user_model()
        .objects.filter(is_active=True, role_assignments__hall_id=hall_id, role_assignments__role=Role.SUPERVISION)
        .distinct()
    )


# -- recipients -------------------------------------------------------------------------------------


def zone_lead(notice) -> list:
    """The login of the notice's zone lead (none when the zone has no lead, or the lead has no login)."""
    lead = notice.zone.lead
    return [lead.user] if lead is not None and lead.user_id is not None else []


def issuer_side(notice) -> list:
    """The issuer; when they are gone (inactive, or no longer on the supervision side of the hall),
    the hall's supervision group instead, so a submitted rectification never waits unseen."""
    issuer = notice.issued_by
    if issuer.is_active and is_inspector(issuer, notice.hall_id):
        return [issuer]
    return list(supervision_users(notice.hall_id))


# -- messages ---------------------------------------------------------------------------------------


def _message(notice, kind: str, title: str, lines: list[str]) -> dict:
    return {
        "hall": notice.hall,
        "kind": kind,
        "title": title,
        "body": "\n".join(line for line in lines if line),
        "link": notice_link(notice),
    }


def _head(notice) -> list[str]:
    return [
        _("Notice: %(number)s") % {"number": notice.number},
        _("Zone: %(zone)s") % {"zone": notice.zone},
        _("Deadline: %(date)s") % {"date": notice.deadline.isoformat()},
    ]


def issued(notice) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        findings = notice.items.filter(active=True).count()
        return _message(
            notice,
            K.NOTICE_ISSUED,
            _("Rectification notice %(number)s to zone %(zone)s") % {"number": notice.number, "zone": notice.zone},
            [
                *_head(notice),
                _("Findings: %(count)s") % {"count": findings},
                _("Requirement: %(text)s") % {"text": _excerpt(notice.requirement)},
                _("Issued by: %(name)s") % {"name": notice.issued_by.display_name},
                _("Acknowledge it and put things right before the deadline."),
            ],
        )


def _what_was_done(response) -> str:
    """The round's remark, else its answers finding by finding (numbered as on the notice)."""
    if response.text.strip():
        return response.text
    answers = response.answers.select_related("item").order_by("item__order", "item__pk")
    return "；".join(f"（{a.item.order}）{a.text}" for a in answers)


def submitted(notice, response) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            notice,
            K.NOTICE_SUBMITTED,
            _("Rectification of %(number)s submitted: please verify") % {"number": notice.number},
            [
                *_head(notice),
                _("Submitted by: %(name)s") % {"name": response.by.display_name},
                _("What was done: %(text)s") % {"text": _excerpt(_what_was_done(response))},
            ],
        )


def rejected(notice, reason: str, by) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            notice,
            K.NOTICE_REJECTED,
            _("Rectification of %(number)s rejected") % {"number": notice.number},
            [
                *_head(notice),
                _("Rejected by: %(name)s") % {"name": by.display_name},
                _("Reason: %(text)s") % {"text": _excerpt(reason)},
                _("Put it right and submit again before the deadline."),
            ],
        )


def verified(notice, by) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        late = notice.closed_late
        return _message(
            notice,
            K.NOTICE_VERIFIED,
            _("Notice %(number)s verified and closed") % {"number": notice.number},
            [
                *_head(notice),
                _("Verified by: %(name)s") % {"name": by.display_name},
                _("The rectification was submitted after the deadline.") if late else "",
            ],
        )


def cancelled(notice, reason: str, by) -> dict:
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            notice,
            K.NOTICE_CANCELLED,
            _("Notice %(number)s cancelled") % {"number": notice.number},
            [
                _("Notice: %(number)s") % {"number": notice.number},
                _("Zone: %(zone)s") % {"zone": notice.zone},
                _("Cancelled by: %(name)s") % {"name": by.display_name},
                _("Reason: %(text)s") % {"text": _excerpt(reason)},
            ],
        )


def extension_requested(extension) -> dict:
    notice = extension.notice
    with translation.override(settings.LANGUAGE_CODE):
        return _message(
            notice,
            K.EXTENSION_REQUESTED,
            _("More time asked for on %(number)s, until %(date)s")
            % {"number": notice.number, "date": extension.requested_until.isoformat()},
            [
                *_head(notice),
                _("Asked by: %(name)s") % {"name": extension.requested_by.display_name},
                _("Reason: %(text)s") % {"text": _excerpt(extension.reason)},
                _("Grant or refuse it on the notice's page."),
            ],
        )


def extension_decided(extension, notice) -> dict:
    """``notice`` as it is after the decision (its deadline moved when more time was granted)."""
    granted = extension.state == ExtensionState.GRANTED
    with translation.override(settings.LANGUAGE_CODE):
        if granted:
            title = _("More time granted on %(number)s: new deadline %(date)s") % {
                "number": notice.number,
                "date": notice.deadline.isoformat(),
            }
        else:
            title = _("More time refused on %(number)s: the deadline stays %(date)s") % {
                "number": notice.number,
                "date": notice.deadline.isoformat(),
            }
        return _message(
            notice,
            K.EXTENSION_DECIDED,
            title,
            [
                *_head(notice),
                _("Decided by: %(name)s") % {"name": extension.decided_by.display_name} if extension.decided_by else "",
                _("Note: %(text)s") % {"text": _excerpt(extension.decision_note)} if extension.decision_note else "",
            ],
        )
