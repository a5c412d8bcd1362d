"""Every write to the suggestions: submit, tag, answer, link to the handbook revision.

Each refusal is a field-keyed ``ValidationError`` (or ``PermissionDenied``) raised before anything is written;
each write records its event; the promotion group's leader and deputies hear of a new suggestion, the submitter
of the answer (``notifications.services.notify``).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hallkeeper.core.events import record_event
from hallkeeper.core.uploads import files_for_transaction, make_thumbnail, validate_image
from hallkeeper.core.validation import field_error
from hallkeeper.notifications.choices import NotificationKind
from hallkeeper.notifications.services import is_suppressed, notify
from hallkeeper.org.selectors import promotion_lead_users
from hallkeeper.standards.choices import VersionStatus

from .choices import ANSWERS, Subject, SuggestionState
from .models import TAG_MAX, TEXT_MAX, Suggestion, SuggestionTag
from .selectors import can_answer, can_submit, zones_for

#: The notification an answer sends to the suggestion's author.
ANSWER_NOTIFICATION = NotificationKind.SUGGESTION_ANSWERED
#: The notification a new suggestion sends to the promotion group's leader and deputies.
SUBMIT_NOTIFICATION = NotificationKind.SUGGESTION_SUBMITTED
TAGS_MAX = 5


def _name(user) -> str:
    return (user.get_full_name() or user.get_username())[:150]


def _text(value, field: str, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise field_error(field, _("Write the text first."), "required")
    if len(text) > TEXT_MAX:
        raise field_error(field, _("At most %(max)s characters.") % {"max": TEXT_MAX}, "too_long")
    return text


def suggestion_submit(*, user, hall, subject: str, text: str, zone=None, rule=None, photo=None) -> Suggestion:
    """A zone lead's or staff member's opinion or suggestion; ``zone`` must be one they see (else refused as
    not found), ``rule`` one of the hall's published handbook, ``photo`` an upload checked by ``core/uploads``."""
    if not can_submit(user, hall):
        raise PermissionDenied(_("Viewers read suggestions; they do not submit them."))
    if subject not in Subject.values:
        raise field_error("subject", _("Choose what the suggestion is about."), "subject")
    text = _text(text, "text")
    if zone is not None and not zones_for(user, hall).filter(pk=zone.pk).exists():
        raise field_error("zone", _("No such zone."), "zone_not_found")
    if rule is not None and (
        rule.version.handbook.hall_id != hall.pk or rule.version.status != VersionStatus.PUBLISHED
    ):
        raise field_error("rule", _("No such rule in the published handbook."), "rule_not_found")
    clean = None
    if photo:
        try:
            clean = validate_image(photo)
        except ValidationError as error:
            raise field_error("photo", error.messages[0], "photo") from None
    suggestion = Suggestion(
        hall=hall,
        submitted_by=user,
        submitter_name=_name(user),
        subject=subject,
        rule=rule if subject == Subject.HANDBOOK else None,
        zone=zone,
        text=text,
    )
    with files_for_transaction() as files, transaction.atomic():
        if clean is not None:
            data = clean.read()
            files.save(suggestion.image, clean.name, clean)
            thumb = make_thumbnail(data, clean.name)
            files.save(suggestion.thumbnail, thumb.name, thumb)
        suggestion.save()
        record_event(
            target=suggestion,
            hall=hall,
            actor=user,
            verb="suggestion.submitted",
            to_state=SuggestionState.OPEN,
            data={"subject": subject, "zone": zone.pk if zone else None, "rule": rule.key if rule else None},
        )
        _tell_promotion_leads(suggestion, user)
    return suggestion


def _ensure_answerer(user, suggestion: Suggestion) -> None:
    if not can_answer(user, suggestion.hall):
        raise PermissionDenied(_("The promotion group answers suggestions."))


def _lock(suggestion: Suggestion) -> Suggestion:
    return Suggestion.objects.select_for_update().select_related("hall").get(pk=suggestion.pk)


def parse_tags(value) -> list[str]:
    """Tags from a comma-, space- or 、-separated line (or a list), trimmed, de-duplicated, in order."""
    if isinstance(value, str):
        for separator in "，、;；":
            value = value.replace(separator, ",")
        value = [part for chunk in value.split(",") for part in chunk.split()]
    seen: list[str] = []
    for tag in value or []:
        tag = str(tag).strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


@transaction.atomic
def suggestion_tag(*, user, suggestion: Suggestion, tags) -> Suggestion:
    """File the suggestion under ``tags`` (replacing the previous ones); new tags are created for the hall."""
    _ensure_answerer(user, suggestion)
    names = parse_tags(tags)
    if len(names) > TAGS_MAX:
        raise field_error("tags", _("At most %(max)s tags.") % {"max": TAGS_MAX}, "too_many")
    if any(len(n) > TAG_MAX for n in names):
        raise field_error("tags", _("A tag has at most %(max)s characters.") % {"max": TAG_MAX}, "too_long")
    suggestion = _lock(suggestion)
    before = sorted(suggestion.tags.values_list("name", flat=True))
    rows = [SuggestionTag.objects.get_or_create(hall=suggestion.hall, name=n)[0] for n in names]
    suggestion.tags.set(rows)
    record_event(
        target=suggestion, actor=user, verb="suggestion.tagged", data={"before": before, "after": sorted(names)}
    )
    return suggestion


def _draft_rule_check(suggestion: Suggestion, rule) -> None:
    version = rule.version
    if version.handbook.hall_id != suggestion.hall_id or version.status != VersionStatus.DRAFT:
        raise field_error("revised_rule", _("Choose a rule of the handbook's draft revision."), "not_a_draft_rule")


@transaction.atomic
def suggestion_answer(*, user, suggestion: Suggestion, outcome: str, reply: str, revised_rule=None) -> Suggestion:
    """Answer (accepted, not adopted, noted) with a reply; an accepted suggestion may name the rule of the draft
    revision that answers it. An answer may be changed; the submitter is told each time."""
    _ensure_answerer(user, suggestion)
    if outcome not in ANSWERS:
        raise field_error("outcome", _("Choose adopted, not adopted or noted."), "outcome")
    reply = _text(reply, "reply")
    if revised_rule is not None:
        if outcome != SuggestionState.ACCEPTED:
            raise field_error(
                "revised_rule", _("Only an accepted suggestion links to a handbook revision."), "not_accepted"
            )
        _draft_rule_check(suggestion, revised_rule)
    suggestion = _lock(suggestion)
    from_state, before_reply = suggestion.state, suggestion.reply
    suggestion.state, suggestion.reply = outcome, reply
    suggestion.answered_by, suggestion.answerer_name, suggestion.answered_at = user, _name(user), timezone.now()
    if revised_rule is not None:
        suggestion.revision, suggestion.revised_rule = revised_rule.version, revised_rule
    elif outcome != SuggestionState.ACCEPTED:
        suggestion.revision = suggestion.revised_rule = None
    suggestion.save()
    record_event(
        target=suggestion,
        actor=user,
        verb="suggestion.answered",
        from_state=from_state,
        to_state=outcome,
        comment=reply,
        data={
            "revision": suggestion.revision.number if suggestion.revision else None,
            "rule": suggestion.revised_rule.key if suggestion.revised_rule else None,
            "before_reply": before_reply,
        },
    )
    _tell_submitter(suggestion, user)
    return suggestion


@transaction.atomic
def suggestion_link_revision(*, user, suggestion: Suggestion, revised_rule) -> Suggestion:
    """Link an accepted suggestion to the rule of the draft revision that answers it (e.g. once the revision is
    started after the answer)."""
    _ensure_answerer(user, suggestion)
    if revised_rule is None:
        raise field_error("revised_rule", _("Choose a rule of the handbook's draft revision."), "required")
    _draft_rule_check(suggestion, revised_rule)
    suggestion = _lock(suggestion)
    if suggestion.state != SuggestionState.ACCEPTED:
        raise field_error(
            "revised_rule", _("Only an accepted suggestion links to a handbook revision."), "not_accepted"
        )
    suggestion.revision, suggestion.revised_rule = revised_rule.version, revised_rule
    suggestion.save(update_fields=["revision", "revised_rule", "updated_at"])
    record_event(
        target=suggestion,
        actor=user,
        verb="suggestion.linked",
        data={"revision": revised_rule.version.number, "rule": revised_rule.key},
    )
    _tell_submitter(suggestion, user)
    return suggestion


def _tell_promotion_leads(suggestion: Suggestion, author) -> None:
    """The promotion group's leader and deputies hear of a new suggestion (its author never does): those who may
    answer it in the hall, so the link opens for each."""
    if is_suppressed():
        return
    hall = suggestion.hall
    leads = [user for user in promotion_lead_users(hall) if can_answer(user, hall)]
    title = _("New suggestion #%(number)s: %(subject)s") % {
        "number": suggestion.pk,
        "subject": suggestion.get_subject_display(),
    }
    if suggestion.zone_id:
        title += f" · {suggestion.zone.code} {suggestion.zone.name}"
    notify(
        recipients=leads,
        hall=hall,
        kind=SUBMIT_NOTIFICATION,
        title=title,
        body=f"{suggestion.submitter_name}: {suggestion.text}",
        link=suggestion.get_absolute_url(),
        actor=author,
    )


def _tell_submitter(suggestion: Suggestion, actor) -> None:
    if suggestion.submitted_by_id is None or is_suppressed():
        return
    title = _("Your suggestion #%(number)s: %(answer)s") % {
        "number": suggestion.pk,
        "answer": suggestion.get_state_display(),
    }
    if suggestion.revised_rule is not None:
        title += _(" — handbook %(version)s, rule %(rule)s") % {
            "version": suggestion.revision.label,
            "rule": suggestion.revised_rule.code,
        }
    notify(
        recipients=[suggestion.submitted_by],
        hall=suggestion.hall,
        kind=ANSWER_NOTIFICATION,
        title=title,
        body=suggestion.reply,
        link=suggestion.get_absolute_url(),
        actor=actor,
    )
