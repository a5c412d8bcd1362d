"""The permission matrix: every hall URL × every role, with the expected status.

The test also walks the URL configuration, so a new hall page without a row here fails.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from hallkeeper.accounts.choices import Role

from . import inspection_matrix as im
from .standards_data import add_rule_picture
from .test_handbook_editor import editor_kwargs

pytestmark = pytest.mark.django_db

ROLES = (
    "admin",
    "leadership",
    "supervision",
    "viewer",
    "lead1",
    "staff1",
    "security",
    "auditor",
    "other_admin",
    "anonymous",
)
#: The security and audit administrators (等保 三员) reach none of the business pages of their hall.
SEPARATED = {"security": 403, "auditor": 403}
ALL_OK = dict.fromkeys(ROLES, 200) | {"other_admin": 404, "anonymous": 302}
ADMIN_ONLY_403 = dict.fromkeys(ROLES, 403) | {"admin": 200, "other_admin": 404, "anonymous": 302}
# A zone's own page: hall-wide roles and its lead; staff see windows, not zones.
ZONE1 = ALL_OK | {"staff1": 404}
# Changing: read-only roles that see the object are refused (403, the friendly page); those who do not see it get 404.
READ_ONLY_403 = {"leadership": 403, "supervision": 403, "viewer": 403}
ZONE1_CHANGE = dict.fromkeys(ROLES, 404) | READ_ONLY_403 | {"admin": 200, "lead1": 200, "anonymous": 302}
WINDOW1 = ALL_OK
WINDOW1_CHANGE = ZONE1_CHANGE | {"staff1": 200}
POSITION_CREATE = ADMIN_ONLY_403 | {"lead1": 200, "staff1": 200}

# The handbook editor: administrators and the leadership group, on a draft made when needed.
EDITOR = dict.fromkeys(ROLES, 403) | {"admin": 200, "leadership": 200, "other_admin": 404, "anonymous": 302}
EDITOR_POST_ONLY = EDITOR | {"admin": 405, "leadership": 405}

# Inspections: every role of the hall reads them (a zone lead their zone's, staff their windows' zones);
# patrols are started by the hall-wide groups, self-checks by zone leads and staff; only the inspector
# captures a draft. The data comes from tests/inspection_matrix.py.
IN_HALL = dict.fromkeys(ROLES, 200) | {"other_admin": 404, "anonymous": 302}
START = IN_HALL | {"viewer": 403}
# Only the inspector captures a draft; everyone else who may read it is refused (403). The draft is a patrol of
# the whole zone, naming no window: window staff do not see it at all (404).
INSPECTOR_ONLY = IN_HALL | {"admin": 403, "leadership": 403, "viewer": 403, "lead1": 403, "staff1": 404}
POST_ONLY = dict.fromkeys(ROLES, 405) | {"other_admin": 404, "anonymous": 302}
ZONE_ONLY = IN_HALL | {"staff1": 404}
MANAGE = IN_HALL | {"viewer": 403, "lead1": 403, "staff1": 403}
# Login security: the hall's security administrator only (not the system administrator; see test_identity_*).
SECURITY = dict.fromkeys(ROLES, 403) | {"security": 200, "other_admin": 404, "anonymous": 302}
SECURITY_POST_ONLY = SECURITY | {"security": 405}
# A zone patrol naming no window, and the notice about it: window staff see only what concerns their windows.
ZONE_WIDE = IN_HALL | {"staff1": 404}


def _draft(h):
    return {"pk": im.draft(h).pk}


# A background export: its page and file are its requester's alone (the hall's administrator here).
EXPORT_OWN = dict.fromkeys(ROLES, 404) | SEPARATED | {"admin": 200, "anonymous": 302}


def _export(h):
    from django.http import QueryDict

    from hallkeeper.exports.services import request_export, run_export

    job = request_export(user=h.users[Role.ADMIN], hall=h.hall, kind="inspections", params=QueryDict(""))
    run_export(job.pk)
    return {"pk": job.pk}


def _draft_item(h):
    return {"pk": im.draft(h).pk, "item": im.draft_item(h).pk}


# The assessment: every role of the hall reads the periods open for appeal (a zone lead their zones' results,
# staff their windows'); bonus and penalty items and imported indicators are the hall-wide roles' pages.
HALL_WIDE_ONLY = IN_HALL | {"lead1": 404, "staff1": 404}
ITEM_PREPARERS = HALL_WIDE_ONLY | {"leadership": 403, "viewer": 403}


def _period(h):
    return {"pk": im.assessment_period(h).pk}


def _zone_result(h):
    return {"pk": im.assessment_period(h).results.get(zone=h.zones[0]).pk}


# Commendations: a published one is read by every role of the hall (drafts: see test_commendation_views.py);
# the supervision group and administrators start one.
PREPARERS_ONLY = IN_HALL | {"leadership": 403, "viewer": 403, "lead1": 403, "staff1": 403}


def _published_commendation(h):
    def make():
        from datetime import date

        from hallkeeper.assessment import services as assessment

        sup, leader = h.users[Role.SUPERVISION], h.users[Role.LEADERSHIP]
        month = date(2026, 1, 1)
        item = assessment.commendation_create(user=sup, hall=h.hall, title="", from_month=month, to_month=month)
        assessment.nomination_add(user=sup, commendation=item, honour="red_flag", target_type="window",
                                  target_id=h.windows[0].pk, reason="群众表扬")  # fmt: skip
        item = assessment.commendation_submit(user=sup, commendation=item)
        item = assessment.commendation_approve(user=leader, commendation=item)
        return assessment.commendation_publish(user=leader, commendation=item)

    return im._cached(h, "_published_commendation", make)


def _commendation(h):
    return {"pk": _published_commendation(h).pk}
# Campaigns: every role of the hall reads them; administrators and the leadership group run them.
CAMPAIGN_MANAGERS = IN_HALL | {"supervision": 403, "viewer": 403, "lead1": 403, "staff1": 403}


def _campaign_task(h):
    """A campaign with the plan's phases and one task of zone 1, updated with an evidence photo, and a publicity
    item with its evidence."""

    def make():
        import datetime as dt

        from django.core.files.uploadedfile import SimpleUploadedFile

        from hallkeeper.campaign import services as campaign

        from .test_campaign import png

        leader = h.users[Role.LEADERSHIP]
        item = campaign.campaign_create(user=leader, hall=h.hall, title="专项工作", starts=dt.date(2026, 7, 1),
                                        ends=dt.date(2026, 8, 31), plan_phases=True)  # fmt: skip
        phase = item.phases.first()
        task = campaign.task_add(user=leader, campaign=item, phase=phase, title="整理", owner_kind="zone",
                                 owner_id=h.zones[0].pk, due=phase.ends)  # fmt: skip
        photo = lambda: SimpleUploadedFile("a.png", png(), content_type="image/png")  # noqa: E731
        task.update = campaign.task_update(user=leader, task=task, status="done", note="完成", evidence=photo())
        task.publicity = campaign.publicity_add(user=leader, campaign=item, on=item.starts, kind="meeting",
                                                description="动员大会", evidence=photo())  # fmt: skip
        return task

    return im._cached(h, "_campaign_task", make)


def _campaign(h):
    return {"pk": _campaign_task(h).campaign_id}


def _display_link(h):
    from hallkeeper.screen.services import display_link_issue

    return {"pk": display_link_issue(user=h.users[Role.ADMIN], hall=h.hall, label="1F")[0].pk}


# Opinions and suggestions: every role of the hall lists them (each reads what they reach); the detail of a zone
# lead's suggestion is read by the hall-wide roles and its submitter (staff of another zone: 404); viewers do not
# submit. Answers are POSTs by administrators and the leadership group (tests/test_suggestions.py).
def _png(name):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "PNG")
    return ContentFile(out.getvalue(), name=name)


def _suggestion(h):
    def make():
        from hallkeeper.suggestions.services import suggestion_submit

        return suggestion_submit(
            user=h.users["lead1"], hall=h.hall, subject="layout", text="评价器移到右侧", photo=_png("p.png")
        )

    return {"pk": im._cached(h, "_suggestion", make).pk}


SUGGESTION_READ = IN_HALL | {"staff1": 404}
SUBMIT = IN_HALL | {"viewer": 403}


# The model window: every role of the hall reads it; its photos likewise (tests/test_showcase.py).
def _setup_photo(h):
    def make():
        import datetime as dt

        from hallkeeper.showcase import services
        from hallkeeper.showcase.models import SetupPhoto

        admin = h.users[Role.ADMIN]
        record = services.model_window_designate(user=admin, hall=h.hall, window=h.windows[0])
        return SetupPhoto.objects.create(
            model_window=record, kind="rule", target_key="rule", target_label="细则", image=_png("p.png"),
            thumbnail=_png("t.png"), built_on=dt.date(2026, 7, 1), taken_by=admin,
        )  # fmt: skip

    return {"pk": im._cached(h, "_setup_photo", make).pk}


# url name -> (kwargs builder, expected status per role)
MATRIX = {
    "hall_home": (lambda h: {}, ALL_OK),
    "area_list": (lambda h: {}, ALL_OK),
    "area_detail": (lambda h: {"pk": h.area.pk}, ALL_OK),
    "zone_list": (lambda h: {}, ALL_OK),
    "zone_detail": (lambda h: {"pk": h.zones[0].pk}, ZONE1),
    "zone_edit": (lambda h: {"pk": h.zones[0].pk}, ZONE1_CHANGE),
    "window_list": (lambda h: {}, ALL_OK),
    "window_detail": (lambda h: {"pk": h.windows[0].pk}, WINDOW1),
    "position_list": (lambda h: {}, ALL_OK),
    "position_create": (lambda h: {}, POSITION_CREATE),
    "position_detail": (lambda h: {"pk": h.positions[0].pk}, WINDOW1),
    "position_edit": (lambda h: {"pk": h.positions[0].pk}, WINDOW1_CHANGE),
    "organization": (lambda h: {}, ALL_OK),
    "unit_list": (lambda h: {}, ALL_OK),
    "person_list": (lambda h: {}, ALL_OK),
    "transfer_index": (lambda h: {}, ADMIN_ONLY_403),
    "transfer_template": (lambda h: {"entity": "units"}, ADMIN_ONLY_403),
    "transfer_export": (lambda h: {"entity": "units"}, ADMIN_ONLY_403),
    "transfer_import": (lambda h: {"entity": "units"}, ADMIN_ONLY_403 | {"admin": 405}),  # POST only
    "handbook_home": (lambda h: {}, ALL_OK),
    "handbook_versions": (lambda h: {}, ALL_OK),
    "handbook_diff": (lambda h: {}, ALL_OK),
    "handbook_coverage": (lambda h: {}, ALL_OK),
    "handbook_version": (lambda h: {"number": 1}, ALL_OK),
    "handbook_rule": (lambda h: {"number": 1, "key": h.rule.key}, ALL_OK),
    "handbook_quantities": (lambda h: {"number": 1}, ALL_OK),
    "handbook_layouts": (lambda h: {"number": 1}, ALL_OK),
    "handbook_layout": (lambda h: {"number": 1, "pk": h.layout.pk}, ALL_OK),
    "handbook_picture": (lambda h: {"pk": add_rule_picture(h.rule).pk}, ALL_OK),
    "handbook_layout_svg": (lambda h: {"number": 1, "pk": h.layout.pk}, ALL_OK),
    "handbook_documents": (lambda h: {"number": 1}, ALL_OK),
    "handbook_export": (lambda h: {"number": 1}, ALL_OK),
    "handbook_import": (lambda h: {}, EDITOR),
    "handbook_pdf": (lambda h: {"number": 1}, ALL_OK),
    "handbook_docx": (lambda h: {"number": 1}, ALL_OK),
    "handbook_scoring_xlsx": (lambda h: {"number": 1}, ALL_OK),
    "handbook_install": (lambda h: editor_kwargs(h, "handbook_install"), EDITOR | {"admin": 302, "leadership": 302}),
    "handbook_revise": (lambda h: editor_kwargs(h, "handbook_revise"), EDITOR),
    "handbook_publish": (lambda h: editor_kwargs(h, "handbook_publish"), EDITOR),
    "handbook_discard": (lambda h: editor_kwargs(h, "handbook_discard"), EDITOR_POST_ONLY),
    "handbook_preface_edit": (lambda h: editor_kwargs(h, "handbook_preface_edit"), EDITOR),
    "handbook_part_edit": (lambda h: editor_kwargs(h, "handbook_part_edit"), EDITOR),
    "handbook_section_edit": (lambda h: editor_kwargs(h, "handbook_section_edit"), EDITOR),
    "handbook_rule_create": (lambda h: editor_kwargs(h, "handbook_rule_create"), EDITOR),
    "handbook_rule_edit": (lambda h: editor_kwargs(h, "handbook_rule_edit"), EDITOR),
    "handbook_rule_delete": (lambda h: editor_kwargs(h, "handbook_rule_delete"), EDITOR_POST_ONLY),
    "handbook_rule_images": (lambda h: editor_kwargs(h, "handbook_rule_images"), EDITOR),
    "handbook_image_delete": (lambda h: editor_kwargs(h, "handbook_image_delete"), EDITOR_POST_ONLY),
    "handbook_layout_create": (lambda h: editor_kwargs(h, "handbook_layout_create"), EDITOR),
    "handbook_layout_edit": (lambda h: editor_kwargs(h, "handbook_layout_edit"), EDITOR),
    "handbook_layout_preview": (lambda h: editor_kwargs(h, "handbook_layout_preview"), EDITOR_POST_ONLY),
    "handbook_quantities_edit": (lambda h: editor_kwargs(h, "handbook_quantities_edit"), EDITOR),
    "inspection_list": (lambda h: {}, IN_HALL),
    "finding_list": (lambda h: {}, IN_HALL),
    "inspection_detail": (lambda h: {"pk": im.patrol(h).pk}, ZONE_WIDE),
    "inspection_pdf": (lambda h: {"pk": im.patrol(h).pk}, ZONE_WIDE),
    "zone_history": (lambda h: {"pk": h.zones[0].pk}, ZONE_ONLY),
    "window_history": (lambda h: {"pk": h.windows[0].pk}, IN_HALL),
    "inspection_start": (lambda h: {}, START),
    "inspection_capture": (_draft, INSPECTOR_ONLY),
    "export_start": (lambda h: {}, POST_ONLY | SEPARATED),
    "export_status": (_export, EXPORT_OWN),
    "export_download": (_export, EXPORT_OWN),
    "inspection_item_answer": (_draft_item, POST_ONLY),
    "inspection_photo_add": (_draft_item, POST_ONLY),
    "inspection_photo_delete": (lambda h: {"pk": im.draft(h).pk, "photo": im.draft_photo(h).pk}, POST_ONLY),
    "inspection_count": (_draft, POST_ONLY),
    "inspection_pass_rest": (_draft, POST_ONLY),
    "inspection_submit": (_draft, POST_ONLY),
    "inspection_discard": (_draft, POST_ONLY),
    "inspection_photo": (lambda h: {"pk": im.photo(h).pk}, ZONE_WIDE),
    "inspection_photo_thumb": (lambda h: {"pk": im.photo(h).pk}, ZONE_WIDE),
    "my_inspections": (lambda h: {}, IN_HALL),
    "inspection_coverage": (lambda h: {}, IN_HALL),
    "plan_list": (lambda h: {}, IN_HALL),
    "plan_create": (lambda h: {}, MANAGE),
    "plan_detail": (lambda h: {"pk": im.plan(h).pk}, IN_HALL),
    "plan_edit": (lambda h: {"pk": im.plan(h).pk}, MANAGE),
    "round_list": (lambda h: {}, IN_HALL),
    "round_create": (lambda h: {}, MANAGE),
    "round_detail": (lambda h: {"pk": im.acceptance_round(h).pk}, IN_HALL),
    "scoring_policy": (lambda h: {}, IN_HALL),
    "notification_settings": (lambda h: {}, ADMIN_ONLY_403),
    "notice_list": (lambda h: {}, IN_HALL),
    "notice_inbox": (lambda h: {}, IN_HALL),
    "notice_zone_stats": (lambda h: {}, IN_HALL),
    "notice_issue": (lambda h: {}, MANAGE | {"admin": 200}),
    "rectification_policy": (lambda h: {}, IN_HALL),
    "document_settings": (lambda h: {}, IN_HALL),
    "notice_detail": (lambda h: {"pk": im.notice(h).pk}, ZONE_WIDE),
    "notice_action": (lambda h: {"pk": im.notice(h).pk, "action": "acknowledge"}, POST_ONLY),
    "notice_extension_decide": (
        lambda h: {"pk": im.pending_extension(h).notice_id, "extension": im.pending_extension(h).pk},
        POST_ONLY,
    ),
    "notice_photo": (lambda h: {"pk": im.response_photo(h).pk}, ZONE_WIDE),
    "notice_photo_thumb": (lambda h: {"pk": im.response_photo(h).pk}, ZONE_WIDE),
    "notice_docx": (lambda h: {"pk": im.notice(h).pk}, ZONE_WIDE),
    "notice_pdf": (lambda h: {"pk": im.notice(h).pk}, ZONE_WIDE),
    "notice_closing_pdf": (lambda h: {"pk": im.notice(h).pk}, ZONE_WIDE),
    "assessment_list": (lambda h: {}, IN_HALL),
    "assessment_period": (_period, IN_HALL),
    "assessment_export": (_period, IN_HALL),
    "assessment_action": (lambda h: {**_period(h), "action": "compute"}, POST_ONLY),
    "assessment_bulletin_docx": (lambda h: {"pk": im.assessment_published(h).pk}, HALL_WIDE_ONLY),
    "assessment_bulletin_pdf": (lambda h: {"pk": im.assessment_published(h).pk}, HALL_WIDE_ONLY),
    "assessment_result": (_zone_result, ZONE_WIDE),
    "assessment_appeal_answer": (lambda h: {"pk": im.assessment_appeal(h).pk}, POST_ONLY),
    "assessment_adjustments": (lambda h: {}, HALL_WIDE_ONLY),
    "assessment_evidence": (lambda h: {"pk": im.assessment_item(h).pk}, HALL_WIDE_ONLY),
    # changing or withdrawing an item: the supervision group and administrators (the other hall-wide roles read)
    "assessment_adjustment_change": (lambda h: {"pk": im.assessment_item(h).pk}, ITEM_PREPARERS),
    "assessment_adjustment_withdraw": (lambda h: {"pk": im.assessment_item(h).pk}, ITEM_PREPARERS),
    "assessment_indicators": (lambda h: {}, HALL_WIDE_ONLY),
    "assessment_indicator_template": (lambda h: {}, IN_HALL),
    "assessment_weights": (lambda h: {}, IN_HALL),
    "assessment_honour_rules": (lambda h: {}, IN_HALL),
    "assessment_flag_history": (lambda h: {}, IN_HALL),
    "assessment_flag_card": (lambda h: {"pk": _flagged(h).pk}, IN_HALL),
    "commendation_list": (lambda h: {}, IN_HALL),
    "commendation_create": (lambda h: {}, PREPARERS_ONLY),
    "commendation_detail": (_commendation, IN_HALL),
    "commendation_docx": (_commendation, IN_HALL),
    "commendation_pdf": (_commendation, IN_HALL),
    "commendation_action": (lambda h: {**_commendation(h), "action": "submit"}, POST_ONLY),
    "nomination_action": (
        lambda h: {
            **_commendation(h),
            "nomination": _published_commendation(h).nominations.get().pk,
            "action": "remove",
        },
        POST_ONLY,
    ),
    "assessment_heatmap": (lambda h: {}, HALL_WIDE_ONLY),
    "campaign_list": (lambda h: {}, IN_HALL),
    "campaign_create": (lambda h: {}, CAMPAIGN_MANAGERS),
    "campaign_my_tasks": (lambda h: {}, IN_HALL),
    "campaign_tasks": (lambda h: {}, IN_HALL),
    "campaign_detail": (_campaign, IN_HALL),
    "campaign_edit": (_campaign, CAMPAIGN_MANAGERS),
    "campaign_workplan_docx": (_campaign, IN_HALL),
    "campaign_workplan_pdf": (_campaign, IN_HALL),
    "campaign_action": (lambda h: {**_campaign(h), "action": "phase"}, POST_ONLY),
    "campaign_phase_edit": (lambda h: {"pk": _campaign_task(h).phase_id}, CAMPAIGN_MANAGERS),
    "campaign_task": (lambda h: {"pk": _campaign_task(h).pk}, IN_HALL),
    "campaign_task_edit": (lambda h: {"pk": _campaign_task(h).pk}, CAMPAIGN_MANAGERS),
    "campaign_update_evidence": (lambda h: {"pk": _campaign_task(h).update.pk}, IN_HALL),
    "campaign_publicity_evidence": (lambda h: {"pk": _campaign_task(h).publicity.pk}, IN_HALL),
    # The summary report and the handbook revision from it: the campaign managers only.
    "campaign_summary": (_campaign, CAMPAIGN_MANAGERS),
    "campaign_summary_docx": (_campaign, CAMPAIGN_MANAGERS),
    "campaign_summary_pdf": (_campaign, CAMPAIGN_MANAGERS),
    "campaign_lessons": (_campaign, POST_ONLY),
    "campaign_revise_handbook": (_campaign, POST_ONLY),
    "display_links": (lambda h: {}, ADMIN_ONLY_403),
    "display_link_revoke": (_display_link, POST_ONLY),
    "leaders_dashboard": (lambda h: {}, HALL_WIDE_ONLY | {"lead1": 403, "staff1": 403}),
    # the budget: the keepers (administrators, leadership) change it; hall-wide readers and keepers read it whole,
    # a zone lead their zones' lines (counts: their own zone), window staff nothing but the price list
    "budget_home": (lambda h: {}, IN_HALL),
    "budget_prices": (lambda h: {}, IN_HALL),
    "budget_survey_new": (lambda h: {}, EDITOR),
    "budget_price_new": (lambda h: {}, EDITOR),
    "budget_price_import": (lambda h: {}, EDITOR),
    "budget_price_edit": (lambda h: {"pk": _budget(h).lines.first().item_id}, EDITOR),
    "budget_survey": (lambda h: {"pk": _budget(h).pk}, ZONE_WIDE),
    "budget_export": (lambda h: {"pk": _budget(h).pk}, ZONE_WIDE | {"lead1": 403}),
    "budget_counts": (
        lambda h: {"pk": _budget(h).pk, "zone": h.zones[0].pk},
        ZONE_WIDE | {"supervision": 403, "viewer": 403},
    ),
    "budget_survey_action": (lambda h: {"pk": _budget(h).pk, "action": "submit"}, POST_ONLY),
    "budget_purchase_new": (lambda h: {"pk": _budget(h, "approved").pk}, EDITOR),
    "budget_handout_new": (lambda h: {"pk": _budget(h, "approved").pk}, EDITOR),
    "budget_evidence": (lambda h: {"pk": _budget_purchase(h).pk}, HALL_WIDE_ONLY),
    "security": (lambda h: {}, SECURITY),
    "security_policy": (lambda h: {}, SECURITY_POST_ONLY),
    "security_unlock_address": (lambda h: {}, SECURITY_POST_ONLY),
    "security_unlock_account": (lambda h: {"pk": h.users["staff1"].pk}, SECURITY_POST_ONLY),
    "security_reset_2fa": (lambda h: {"pk": h.users["staff1"].pk}, SECURITY_POST_ONLY),
    "suggestion_list": (lambda h: {}, IN_HALL),
    "suggestion_create": (lambda h: {}, SUBMIT),
    "suggestion_detail": (_suggestion, SUGGESTION_READ),
    "suggestion_photo": (_suggestion, SUGGESTION_READ),
    "suggestion_thumb": (_suggestion, SUGGESTION_READ),
    "suggestion_action": (lambda h: {**_suggestion(h), "action": "answer"}, POST_ONLY),
    "model_window": (lambda h: {}, IN_HALL),
    "model_window_action": (lambda h: {"action": "designate"}, POST_ONLY),
    "setup_photo_image": (_setup_photo, IN_HALL),
    "setup_photo_thumb": (_setup_photo, IN_HALL),
    "setup_photo_action": (lambda h: {**_setup_photo(h), "action": "remove"}, POST_ONLY),
}


# Training: every role of the hall reads the sessions and quizzes and signs in; the administrators and the
# leadership group (and the promotion group's members) organize; the organizers and the hall-wide readers read the
# coverage and the quiz results.
TRAINING_RECORDS = IN_HALL | {"lead1": 403, "staff1": 403}


def _training_session(h):
    def make():
        from .training_data import started_session

        return started_session(h)

    return im._cached(h, "_training_session", make)


def _training_quiz(h):
    def make():
        from .training_data import open_quiz

        return open_quiz(h)

    return im._cached(h, "_training_quiz", make)


def _training_material(h):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hallkeeper.training.services import material_add

    pdf = SimpleUploadedFile("h.pdf", b"%PDF-1.4\ntrailer<<>>\n%%EOF\n")
    return {"pk": material_add(user=h.users[Role.ADMIN], session=_training_session(h), title="讲义", file=pdf).pk}


def _training_token(h):
    from hallkeeper.training.signing import make_token

    return {"token": make_token(_training_session(h))}


MATRIX |= {
    "training_list": (lambda h: {}, IN_HALL),
    "training_session_create": (lambda h: {}, EDITOR),
    "training_session": (lambda h: {"pk": _training_session(h).pk}, IN_HALL),
    "training_session_qr": (lambda h: {"pk": _training_session(h).pk}, EDITOR),
    "training_attendance": (lambda h: {"pk": _training_session(h).pk}, POST_ONLY),
    "training_material_add": (lambda h: {"pk": _training_session(h).pk}, POST_ONLY),
    "training_material": (_training_material, IN_HALL),
    "training_sign": (_training_token, IN_HALL),
    "training_coverage": (lambda h: {}, TRAINING_RECORDS),
    "training_quizzes": (lambda h: {}, IN_HALL),
    "training_quiz_create": (lambda h: {}, EDITOR),
    "training_quiz": (lambda h: {"pk": _training_quiz(h).pk}, IN_HALL),
    "training_quiz_results": (lambda h: {"pk": _training_quiz(h).pk}, TRAINING_RECORDS),
}


def _budget(h, state="draft"):
    from .budget_data import cached_survey

    return cached_survey(h, state)


def _budget_purchase(h):
    from .budget_data import cached_purchase

    return cached_purchase(h)


def _flagged(h):
    """The published month of the matrix with a red flag holder (its first zone)."""
    from hallkeeper.assessment.models import Honour

    period = im.assessment_published(h)
    zone = period.results.filter(target_type="zone").first()
    Honour.objects.get_or_create(
        hall=h.hall, period=period, kind="red_flag", target_type="zone", zone_id=zone.zone_id,
        defaults={"name": zone.name, "score": 96},
    )  # fmt: skip
    return period


MATRIX = {
    name: (kwargs, expected if name.startswith("security") else expected | SEPARATED)
    for name, (kwargs, expected) in MATRIX.items()
}
# They land on their own pages instead of the overview; only the audit administrator reads the audit trail.
MATRIX["hall_home"] = (lambda h: {}, ALL_OK | {"security": 302, "auditor": 302})
MATRIX["audit_trail"] = (
    lambda h: {},
    dict.fromkeys(ROLES, 403) | {"auditor": 200, "other_admin": 404, "anonymous": 302},
)


def _hall_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, inside_hall: bool):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, inside_hall or "<slug:hall>" in str(p.pattern))
            elif isinstance(p, URLPattern) and inside_hall and p.name:
                names.add(p.name)

    walk(get_resolver().url_patterns, False)
    return names


@pytest.fixture
def alpha(alpha, settings, tmp_path):
    """The factory hall with a small handbook published as V1 (documents are stored in a temporary folder)."""
    from .standards_data import install_tiny_handbook

    settings.MEDIA_ROOT = tmp_path

    version = install_tiny_handbook(alpha.hall)
    alpha.rule = version.rules.order_by("pk").first()
    alpha.layout = version.layouts.order_by("pk").first()
    return alpha


def test_matrix_covers_every_hall_url():
    missing = _hall_url_names() - set(MATRIX) - set(EXTRA_MATRIX)
    assert not missing, f"add these URLs to the permission matrix: {sorted(missing)}"


#: URLs with extra arguments (e.g. an entity name) are listed by their own test modules' builders.
EXTRA_MATRIX: dict[str, tuple] = {}


def _client_for(client, alpha, beta, role):
    if role == "anonymous":
        return client
    user = {
        "admin": alpha.users[Role.ADMIN],
        "leadership": alpha.users[Role.LEADERSHIP],
        "supervision": alpha.users[Role.SUPERVISION],
        "viewer": alpha.users[Role.VIEWER],
        "lead1": alpha.users["lead1"],
        "staff1": alpha.users["staff1"],
        "security": alpha.users[Role.SECURITY_ADMIN],
        "auditor": alpha.users[Role.AUDIT_ADMIN],
        "other_admin": beta.users[Role.ADMIN],
    }[role]
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, alpha, beta, name, role):
    kwargs_for, expected = MATRIX[name]
    url = reverse(name, kwargs={"hall": alpha.hall.code, **kwargs_for(alpha)})
    response = _client_for(client, alpha, beta, role).get(url)
    assert response.status_code == expected[role], f"{role} GET {url}"
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["leadership", "supervision", "viewer", "lead1", "staff1", "security", "auditor"])
def test_non_admins_cannot_post_to_admin_pages(client, alpha, beta, role):
    c = _client_for(client, alpha, beta, role)
    response = c.post(reverse("transfer_index", kwargs={"hall": alpha.hall.code}))
    assert response.status_code == 403


def test_zone_lead_cannot_edit_another_zone(client, alpha):
    client.force_login(alpha.users["lead1"])
    other = alpha.zones[1]
    url = reverse("zone_edit", kwargs={"hall": alpha.hall.code, "pk": other.pk})
    assert client.post(url, {"name": "改名", "description": ""}).status_code == 404
    other.refresh_from_db()
    assert other.name != "改名"
