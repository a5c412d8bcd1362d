"""What each event verb means, in words, for the audit trail page, its filter and its export.

Verbs are plain strings written by the services of every app, so this table knows them by name and imports
nothing from the apps above core. Saves and deletions recorded with ``record_save`` / ``record_delete`` (and in
the admin) are ``<model>.created``, ``<model>.changed`` and ``<model>.deleted``: they read as the action and
the record type's name. ``tests/test_every_write_audited.py`` checks every verb its services write has words.
"""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERB_LABELS = {
    # signing in (core.auth_events, accounts)
    "user.logged_in": _("Logged in"),
    "user.logged_out": _("Logged out"),
    "user.login_failed": _("Login failed"),
    "auth.locked_out": _("Account locked after failed logins"),
    "auth.unlocked": _("Account or address unlocked"),
    "auth.password_changed": _("Changed own password"),
    "auth.password_reset": _("Password reset by an administrator"),
    "auth.second_factor_enrolled": _("Set up the second login factor"),
    "auth.second_factor_reset": _("Reset a user's second login factor"),
    "security_policy.updated": _("Changed the hall's login security policy"),
    "document_settings.saved": _("Changed the issuer of the hall's official documents"),
    # the handbook (standards)
    "handbook_version.revised": _("Started a handbook revision"),
    "handbook_version.published": _("Published a handbook version"),
    "handbook_version.superseded": _("Handbook version superseded"),
    "handbook_version.imported": _("Imported a handbook version"),
    "quantity_table.saved": _("Saved the standard quantity table"),
    # inspections
    "inspection.started": _("Started the inspection"),
    "inspection.submitted": _("Submitted the inspection"),
    "inspection.discarded": _("Discarded the draft"),
    "inspection.rest_passed": _("Marked the remaining items passed"),
    "check_item.answered": _("Answered a check item"),
    "plan.created": _("Created an inspection plan"),
    "plan.changed": _("Changed an inspection plan"),
    "plan.due_generated": _("Planned due inspections"),
    "round.created": _("Started an acceptance round"),
    "scoring_policy.saved": _("Changed the scoring policy"),
    # rectification
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
    "rectification_policy.saved": _("Changed the rectification policy"),
    # notifications
    "notification_settings.saved": _("Changed the notification settings"),
    # Excel imports (transfer)
    "import.units": _("Imported units from Excel"),
    "import.people": _("Imported people from Excel"),
    "import.zones": _("Imported zones from Excel"),
    "import.windows": _("Imported windows from Excel"),
    "import.positions": _("Imported positions from Excel"),
    # the assessment (assessment)
    "assessment.created": _("Created an assessment period"),
    "assessment.computed": _("Computed the assessment again"),
    "assessment.opened": _("Opened the assessment for appeal"),
    "assessment.approved": _("Approved the assessment"),
    "assessment.published": _("Published the assessment"),
    "assessment.corrected": _("Started a corrected revision of the assessment"),
    "assessment.bulletin_numbered": _("Numbered the assessment bulletin"),
    "assessment.indicators_imported": _("Imported assessment indicators from Excel"),
    "commendation.created": _("Created a commendation"),
    "commendation.nominated": _("Nominated for a commendation"),
    "commendation.nomination_removed": _("Removed a nomination from a commendation"),
    "commendation.reason_edited": _("Rewrote a nomination's reason"),
    "commendation.submitted": _("Submitted a commendation for approval"),
    "commendation.approved": _("Approved a commendation"),
    "commendation.rejected": _("Sent a commendation back to draft"),
    "commendation.published": _("Published a commendation decision"),
    # the budget (budget)
    "budget_survey.created": _("Started a budget survey"),
    "budget_survey.recomputed": _("Recomputed a budget survey"),
    "budget_survey.counted": _("Entered a zone's counts for a budget survey"),
    "budget_survey.submitted": _("Submitted a budget survey for approval"),
    "budget_survey.approved": _("Approved a budget survey"),
    "budget_survey.rejected": _("Sent a budget survey back to draft"),
    "budget_purchase.recorded": _("Recorded a budget purchase"),
    "budget_handout.recorded": _("Recorded a hand-out to a zone"),
    "budget_prices.imported": _("Imported the budget price list"),
    "assessment_weights.saved": _("Changed the assessment weights"),
    "assessment.honours_frozen": _("Recorded the honours of the published assessment"),
    "honour_rules.saved": _("Changed the honour rules"),
    # dashboard
    "star_thresholds.saved": _("Changed the star-rating thresholds"),
    "appeal.submitted": _("Appealed against an assessment result"),
    "appeal.upheld": _("Upheld an appeal"),
    "appeal.dismissed": _("Dismissed an appeal"),
    "adjustment.added": _("Entered a bonus or penalty item"),
    # training sessions, model-window visits and the handbook quiz (training)
    "training.session_created": _("Scheduled a training session or model-window visit"),
    "training.material_added": _("Added a training material"),
    "training.signed_in": _("Signed in to a training session"),
    "training.attendance_ticked": _("Ticked the attendance of a training session"),
    "training.quiz_created": _("Opened a handbook quiz"),
    "training.quiz_submitted": _("Submitted a handbook quiz"),
    "adjustment.changed": _("Changed a bonus or penalty item"),
    "adjustment.withdrawn": _("Withdrew a bonus or penalty item"),
    # campaigns (campaign)
    "campaign.created": _("Created a campaign"),
    "campaign.changed": _("Changed a campaign"),
    "campaign.state_changed": _("Changed a campaign's state"),
    "campaign.copied": _("Copied a campaign as the template of the next"),
    "campaign.phase_added": _("Added a campaign phase"),
    "campaign.phase_changed": _("Changed a campaign phase"),
    "campaign.task_added": _("Added a campaign task"),
    "campaign.tasks_from_annex": _("Created campaign tasks from the task breakdown table"),
    "campaign.task_changed": _("Changed a campaign task"),
    "campaign.task_updated": _("Recorded progress on a campaign task"),
    "campaign.publicity_added": _("Recorded campaign publicity"),
    "campaign.lessons_saved": _("Wrote a campaign's lessons"),
    "campaign.plan_numbered": _("Numbered a campaign's work plan"),
    "campaign.summary_numbered": _("Numbered a campaign's summary report"),
    "campaign.handbook_revision_opened": _("Opened the handbook revision from a campaign's summary"),
    # the big screen's display links (screen)
    "display_link.issued": _("Issued a display link for the big screen"),
    "display_link.revoked": _("Revoked a display link of the big screen"),
    # background exports (exports)
    "export.requested": _("Asked for an Excel export in the background"),
    "export.done": _("Background export ready"),
    "export.failed": _("Background export failed"),
    "export.purged": _("Expired export file removed"),
    # opinions and suggestions (suggestions)
    "suggestion.submitted": _("Submitted an opinion or suggestion"),
    "suggestion.tagged": _("Tagged a suggestion"),
    "suggestion.answered": _("Answered a suggestion"),
    "suggestion.linked": _("Linked a suggestion to the handbook revision"),
    # the model window (showcase)
    "model_window.designated": _("Chose the model window"),
    "model_window.photo_added": _("Recorded a photo of the model window"),
    "model_window.photo_removed": _("Removed a photo of the model window"),
    "model_window.photo_adopted": _("Made a model window photo the handbook's picture"),
}

#: ``<model>.<suffix>`` verbs of record_save / record_delete and the admin: the action, with the record type.
SUFFIX_LABELS = {
    "created": _("Created: %(record)s"),
    "changed": _("Changed: %(record)s"),
    "deleted": _("Deleted: %(record)s"),
}


def verb_label(verb: str, record: str = "") -> str:
    """The words for ``verb``; ``record`` names the record type for the generic saves and deletions. A verb
    nobody gave words to reads as itself."""
    if verb in VERB_LABELS:
        return str(VERB_LABELS[verb])
    model, _dot, suffix = verb.rpartition(".")
    if model and suffix in SUFFIX_LABELS:
        return str(SUFFIX_LABELS[suffix]) % {"record": record or _model_name(model)}
    return verb


def _model_name(model_name: str) -> str:
    """The record type's name for a model's ``model_name`` (``zone`` → 区域), or the name itself."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.model_name == model_name:
            return str(model._meta.verbose_name)
    return model_name


def has_label(verb: str) -> bool:
    return verb in VERB_LABELS or verb.rpartition(".")[2] in SUFFIX_LABELS


def verb_choices(verbs) -> list[tuple[str, str]]:
    """Filter choices ``(verb, words)`` for the verbs present, ordered by their words."""
    return sorted(((v, verb_label(v)) for v in verbs), key=lambda c: c[1])


def cascade_text(data: dict | None) -> str:
    """``Deleted with it: rules 12, pictures 3`` for a deletion's ``cascade`` counts; empty without them."""
    from django.apps import apps

    counts = (data or {}).get("cascade") or {}
    parts = []
    for label, count in counts.items():
        try:
            name = str(apps.get_model(label)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            name = label
        parts.append(f"{name} {count}")
    return gettext("Deleted with it: %(records)s") % {"records": "、".join(parts)} if parts else ""
