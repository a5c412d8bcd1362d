"""Who may do what: the one place that names role sets and answers "may this user do X in this hall".

The ``visibility_q`` rules (which rows a user reaches) and the views, services, buttons and the admin (which
actions a page offers and a service accepts) ask these functions; none of them compares roles by hand
(``tests/test_capabilities.py`` checks the view, admin and template-tag modules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from .roles import Role

if TYPE_CHECKING:
    from .access import Access

#: Roles that see every zone, window and position of their hall.
HALL_WIDE_ROLES = frozenset({Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION, Role.VIEWER})

#: The three separated administrators (等保 三员): system, security and audit administrator. No user holds
#: two of them in the same hall, and none does the others' work.
ADMINISTRATOR_ROLES = frozenset({Role.ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
#: Roles that reach only their own pages (roles and unlocks; the audit trail), never the business data.
SEPARATED_ADMIN_ROLES = frozenset({Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})

#: Roles that run inspections hall-wide (patrols, special and acceptance checks, plans, rounds) and manage
#: rectification notices.
MANAGER_ROLES = (Role.ADMIN, Role.LEADERSHIP, Role.SUPERVISION)
#: Roles that revise, edit and publish the handbook (and read its drafts).
EDITOR_ROLES = (Role.ADMIN, Role.LEADERSHIP)
#: Roles that only read: never assigned inspections.
READ_ONLY_ROLES = (Role.VIEWER,)
#: Roles that prepare the monthly assessment: compute and open periods, enter bonus and penalty items, import
#: indicators, answer appeals and make corrections (the supervision group; administrators as well).
ASSESSOR_ROLES = (Role.ADMIN, Role.SUPERVISION)
#: Roles that approve and publish an assessment period (the leadership group).
APPROVER_ROLES = (Role.LEADERSHIP,)


def administers(access: Access, hall_id: int) -> bool:
    """The hall's system administrator (or a superuser)."""
    return access.has_role(hall_id, Role.ADMIN)


def sees_whole_hall(access: Access, hall_id: int) -> bool:
    """Reads every zone, window, inspection and notice of the hall."""
    return access.has_role(hall_id, *HALL_WIDE_ROLES)


def manages_inspections(access: Access, hall_id: int) -> bool:
    """Runs patrols, special and acceptance checks, plans and rounds, and manages notices, hall-wide."""
    return access.has_role(hall_id, *MANAGER_ROLES)


def edits_handbook(access: Access, hall_id: int) -> bool:
    """Revises, edits and publishes the hall's handbook."""
    return access.has_role(hall_id, *EDITOR_ROLES)


def prepares_assessment(access: Access, hall_id: int) -> bool:
    """Computes assessment periods, opens them for appeal, enters bonus and penalty items, imports indicators,
    answers appeals and corrects a published period."""
    return access.has_role(hall_id, *ASSESSOR_ROLES)


def approves_assessment(access: Access, hall_id: int) -> bool:
    """Approves and publishes an assessment period."""
    return access.has_role(hall_id, *APPROVER_ROLES)


def reads_assessment_bulletin(access: Access, hall_id: int) -> bool:
    """Downloads the assessment bulletin (考核通报) of an approved or published period: it shows the whole
    hall's tables, so only the hall-wide readers (administrators, leadership, supervision, viewers)."""
    return access.has_role(hall_id, *HALL_WIDE_ROLES)


def reads_leaders_dashboard(access: Access, hall_id: int) -> bool:
    """Reads the leaders' dashboard (trends, movement, failed rules, recurring problems, inspector workload):
    the hall-wide readers (administrators, leadership, supervision, viewers), never zone leads or window staff."""
    return access.has_role(hall_id, *HALL_WIDE_ROLES)


def halls_compared(access: Access) -> list[int] | None:
    """Halls the user compares (those whose whole data they read); ``None`` for a superuser: every hall."""
    if access.is_superuser:
        return None
    return access.halls_with_role(*HALL_WIDE_ROLES)


def edits_star_thresholds(access: Access) -> bool:
    """Edits the site-wide star-rating thresholds: a superuser, or a bureau administrator (the system
    administrator of more than one hall)."""
    return access.is_superuser or len(access.halls_with_role(Role.ADMIN)) > 1


def halls_assessing(access: Access) -> list[int]:
    """Halls whose assessment periods, drafts included, the user reads whole (hall-wide roles)."""
    return access.halls_with_role(*HALL_WIDE_ROLES)


def leads_zones(access: Access, hall_id: int) -> bool:
    """Holds the zone lead's role in the hall (which zones comes from the data)."""
    return access.has_role(hall_id, Role.ZONE_LEAD)


def staffs_windows(access: Access, hall_id: int) -> bool:
    """Holds the window staff's role in the hall (which windows comes from the data)."""
    return access.has_role(hall_id, Role.WINDOW_STAFF)


def halls_managed(access: Access) -> list[int]:
    """Halls whose inspections and notices the user manages hall-wide."""
    return access.halls_with_role(*MANAGER_ROLES)


def halls_edited(access: Access) -> list[int]:
    """Halls whose handbook the user edits."""
    return access.halls_with_role(*EDITOR_ROLES)


def halls_administered(access: Access) -> list[int]:
    return access.halls_with_role(Role.ADMIN)


def halls_secured(access: Access) -> list[int]:
    """Halls whose role assignments and account unlocks the user manages (the security administrator)."""
    return access.halls_with_role(Role.SECURITY_ADMIN)


def halls_audited(access: Access) -> list[int]:
    """Halls whose audit trail the user reads (the audit administrator)."""
    return access.halls_with_role(Role.AUDIT_ADMIN)


def halls_picking_accounts(access: Access) -> list[int]:
    """Halls whose accounts the user may pick in the admin: the system administrator (to link a person) and
    the security administrator (to give a role)."""
    return access.halls_with_role(Role.ADMIN, Role.SECURITY_ADMIN)


def halls_led(access: Access) -> list[int]:
    """Halls where the user holds the zone lead's role (their zones come from the data)."""
    return access.halls_with_role(Role.ZONE_LEAD)


def halls_staffed(access: Access) -> list[int]:
    """Halls where the user holds the window staff's role (their windows come from the data)."""
    return access.halls_with_role(Role.WINDOW_STAFF)


def takes_part(role: str) -> bool:
    """Whether a role does the hall's work (may be given inspections); viewers only read."""
    return role not in READ_ONLY_ROLES


def taking_part_q(field: str = "role") -> Q:
    """Role assignments (``field`` names their role) of people who do the hall's work; viewers only read."""
    return ~Q(**{f"{field}__in": READ_ONLY_ROLES})


def prepares_or_approves_assessment(access: Access, hall_id: int) -> bool:
    """The supervision group (and administrators) and the leadership group: they read commendations in draft."""
    return access.has_role(hall_id, *ASSESSOR_ROLES, *APPROVER_ROLES)


def halls_preparing_or_approving(access: Access) -> list[int]:
    return access.halls_with_role(*ASSESSOR_ROLES, *APPROVER_ROLES)


def halls_with_business_roles(access: Access) -> list[int]:
    """Halls where the user holds a role that reaches the business data (not only a separated administrator)."""
    return sorted(h for h, roles in access.hall_roles.items() if roles - SEPARATED_ADMIN_ROLES)


#: Roles that organize training sessions, model-window visits and the handbook quiz (administrators and the
#: leadership group); members of the hall's promotion group (推进小组, from the organization data) as well.
TRAINING_ORGANIZER_ROLES = (Role.ADMIN, Role.LEADERSHIP)


def organizes_training(access: Access, hall_id: int, *, promotion_member: bool = False) -> bool:
    """Schedules training sessions and visits, ticks attendance, uploads materials and opens quizzes: the
    administrators and the leadership group, or a member of the hall's promotion group (``promotion_member``,
    read from the organization data by the caller)."""
    return promotion_member or access.has_role(hall_id, *TRAINING_ORGANIZER_ROLES)


def halls_organizing_training(access: Access) -> list[int]:
    """Halls where the user organizes training by role (promotion-group members are added from the data)."""
    return access.halls_with_role(*TRAINING_ORGANIZER_ROLES)


def reads_training_records(access: Access, hall_id: int, *, promotion_member: bool = False) -> bool:
    """Reads everyone's attendance, the coverage and the quiz results: the organizers and the hall-wide readers;
    everyone else sees their own."""
    return organizes_training(access, hall_id, promotion_member=promotion_member) or access.has_role(
        hall_id, *HALL_WIDE_ROLES
    )


def halls_reading_training_records(access: Access) -> list[int]:
    """Halls whose training records (everyone's attendance and quiz answers) the user reads by role."""
    return access.halls_with_role(*TRAINING_ORGANIZER_ROLES, *HALL_WIDE_ROLES)
#: Roles that answer opinions and suggestions (意见建议) and record the model window (示范窗口), besides the
#: promotion group's leader and deputies (推进小组, from the organization data).
CAMPAIGN_OFFICE_ROLES = (Role.ADMIN, Role.LEADERSHIP)
#: Roles that read no campaign work of their own and submit no suggestions (they only read).
_SUBMITTING_EXCLUDED = frozenset(READ_ONLY_ROLES) | SEPARATED_ADMIN_ROLES


def answers_suggestions(access: Access, hall_id: int, *, leads_promotion_group: bool = False) -> bool:
    """Collects, tags and answers the hall's opinions and suggestions: administrators, the leadership group,
    and the promotion group's leader and deputies (``leads_promotion_group``, read from the organization)."""
    if leads_promotion_group and access.reaches_business_data(hall_id):
        return True
    return access.has_role(hall_id, *CAMPAIGN_OFFICE_ROLES)


def halls_answering_suggestions(access: Access) -> list[int]:
    """Halls where the user's role alone does the campaign office's work — answers suggestions, records the model
    window (the promotion group's leader and deputies come from the organization data)."""
    return access.halls_with_role(*CAMPAIGN_OFFICE_ROLES)


def submits_suggestions(access: Access, hall_id: int) -> bool:
    """Submits an opinion or suggestion: everyone who does the hall's work (not viewers, not the security and
    audit administrators)."""
    return bool(access.roles_in(hall_id) - _SUBMITTING_EXCLUDED)


def records_model_window(access: Access, hall_id: int, *, leads_promotion_group: bool = False) -> bool:
    """Designates the hall's model window and records its set-up photos: the service centre's administrators,
    the leadership group and the promotion group's leader and deputies (who design it in the plan)."""
    return answers_suggestions(access, hall_id, leads_promotion_group=leads_promotion_group)
#: Roles that keep the budget (做预算): the price list, the survey (调查摸底), purchases and hand-outs — the
#: administrators and the leadership group, which runs the campaign.
BUDGET_ROLES = (Role.ADMIN, Role.LEADERSHIP)
#: Roles that approve a budget survey (the leadership group).
BUDGET_APPROVER_ROLES = (Role.LEADERSHIP,)


def manages_budget(access: Access, hall_id: int) -> bool:
    """Keeps the hall's price list, starts, recomputes and submits budget surveys, enters every zone's counts,
    records purchases and hand-outs."""
    return access.has_role(hall_id, *BUDGET_ROLES)


def approves_budget(access: Access, hall_id: int) -> bool:
    """Approves a submitted budget survey, or sends it back with a reason."""
    return access.has_role(hall_id, *BUDGET_APPROVER_ROLES)


def reads_whole_budget(access: Access, hall_id: int) -> bool:
    """Reads every zone's lines of a budget survey, its purchases and its finance workbook: the hall-wide
    readers and the budget's keepers."""
    return access.has_role(hall_id, *HALL_WIDE_ROLES, *BUDGET_ROLES)


def halls_reading_whole_budget(access: Access) -> list[int]:
    return access.halls_with_role(*HALL_WIDE_ROLES, *BUDGET_ROLES)


def halls_managing_budget(access: Access) -> list[int]:
    return access.halls_with_role(*BUDGET_ROLES)
#: Roles that run a hall's campaigns (标准化建设专项工作): create them, their phases and tasks, the publicity,
#: copy one as the template of the next, and update any task (the administrators and the leadership group).
CAMPAIGN_MANAGER_ROLES = (Role.ADMIN, Role.LEADERSHIP)


def manages_campaigns(access: Access, hall_id: int) -> bool:
    """Creates and changes the hall's campaigns, phases, tasks and publicity; updates any task."""
    return access.has_role(hall_id, *CAMPAIGN_MANAGER_ROLES)


def updates_campaign_task(access: Access, hall_id: int, *, owns: bool) -> bool:
    """Records progress on a campaign task: its owner (``owns`` — a person owning it, a member of the group, the
    unit or the lead of the zone that owns it, computed from the organization data) while they still hold a
    business role in the hall, and the campaign managers on any task."""
    if manages_campaigns(access, hall_id):
        return True
    return owns and hall_id in halls_with_business_roles(access)


def halls_reading_campaigns(access: Access) -> list[int]:
    """Halls whose campaigns, tasks and publicity the user reads: every business role (the work plan is the
    whole bureau's)."""
    return halls_with_business_roles(access)


def campaign_escalation_q(field: str = "role") -> Q:
    """Role assignments (``field`` names their role) told when a campaign task is overdue: the leadership
    group, who runs the campaign."""
    return Q(**{f"{field}": Role.LEADERSHIP})


def halls_managing_campaigns(access: Access) -> list[int]:
    """Halls whose campaigns the user changes (administrators and the leadership group)."""
    return access.halls_with_role(*CAMPAIGN_MANAGER_ROLES)
