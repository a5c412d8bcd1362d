"""States of a rectification notice (整改通知书) and of a request for more time.

A notice moves issued → acknowledged (签收) → rectifying → submitted → verified (closed). A failed
verification is not a state of its own: it sends the notice back to ``rectifying`` and is recorded
as a ``notice.rejected`` event with the reason (the notice also counts how often it was rejected).
The issuer (or an administrator) may cancel an open notice with a reason. Overdue is never stored:
it is derived from the deadline (:attr:`Notice.is_overdue`, ``NoticeQuerySet.overdue``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from hallkeeper.standards.choices import Severity


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("Issued")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RECTIFYING = "rectifying", _("Rectifying")
    SUBMITTED = "submitted", _("Awaiting verification")
    VERIFIED = "verified", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


#: Notices still in the loop.
OPEN_STATES = (NoticeState.ISSUED, NoticeState.ACKNOWLEDGED, NoticeState.RECTIFYING, NoticeState.SUBMITTED)
CLOSED_STATES = (NoticeState.VERIFIED, NoticeState.CANCELLED)
#: Notices waiting for the zone to act: these become overdue after their deadline. A notice whose
#: rectification has been submitted waits for the inspector, so it is not the zone's delay.
AWAITING_ZONE_STATES = (NoticeState.ISSUED, NoticeState.ACKNOWLEDGED, NoticeState.RECTIFYING)

NOTICE_STATE_COLOURS = {
    NoticeState.ISSUED: "primary",
    NoticeState.ACKNOWLEDGED: "info",
    NoticeState.RECTIFYING: "warning",
    NoticeState.SUBMITTED: "dark",
    NoticeState.VERIFIED: "success",
    NoticeState.CANCELLED: "secondary",
}
#: The badge colour of an overdue notice, whatever its state.
OVERDUE_COLOUR = "danger"


class NoticeAction(models.TextChoices):
    """What someone may do to a notice; each is a row (or rows) of ``transitions.TRANSITIONS``."""

    ACKNOWLEDGE = "acknowledge", _("Acknowledge receipt")
    START = "start", _("Start rectifying")
    SUBMIT = "submit", _("Submit the rectification")
    VERIFY = "verify", _("Verify and close")
    REJECT = "reject", _("Reject the rectification")
    CANCEL = "cancel", _("Cancel the notice")
    REQUEST_EXTENSION = "request_extension", _("Ask for more time")
    DECIDE_EXTENSION = "decide_extension", _("Grant or refuse more time")


class Side(models.TextChoices):
    """Who may take an action: the roles behind each side are in ``transitions.py``."""

    INSPECTOR = "inspector", _("Supervision (administrators, leadership and supervision groups)")
    ZONE = "zone", _("The zone's lead")
    ISSUER = "issuer", _("The issuer or an administrator")


class ExtensionState(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


EXTENSION_STATE_COLOURS = {
    ExtensionState.REQUESTED: "warning",
    ExtensionState.GRANTED: "success",
    ExtensionState.REFUSED: "secondary",
}

#: Most severe first: the deadline of a notice follows its most severe finding.
SEVERITY_ORDER = (Severity.VETO, Severity.MAJOR, Severity.MINOR)

#: Notice numbers as GB/T 9704-2012 writes document numbers: the hall's 机关代字 and 整改, the year in 〔〕, the
#: running number without 第 and without leading zeros (鞍审批整改〔2026〕24号).
DEFAULT_NUMBER_FORMAT = "{code}整改〔{year}〕{seq}号"
#: The default before December 2026 (〔2026〕第 024 号): stored policies holding it take the new default.
OLD_DEFAULT_NUMBER_FORMAT = "〔{year}〕第 {seq:03d} 号"
#: Limits that catch typos rather than express policy.
MAX_DEADLINE_DAYS = 366
MAX_RESPONSE_PHOTOS = 6  # after-photos per finding in one rectification

#: Labels of the notice's events in timelines (pages and documents).
EVENT_LABELS = {
    "notice.issued": _("Issued the notice"),
    "notice.acknowledged": _("Acknowledged receipt"),
    "notice.started": _("Started rectifying"),
    "notice.submitted": _("Submitted the rectification"),
    "notice.verified": _("Verified and closed"),
    "notice.rejected": _("Rejected the rectification"),
    "notice.cancelled": _("Cancelled the notice"),
    "notice.extension_requested": _("Asked for more time"),
    "notice.extension_granted": _("Granted more time"),
    "notice.extension_refused": _("Refused more time"),
}
