"""Reads of the organization: the task breakdown table and who oversees what."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import RowNumber

from hallkeeper.core.capabilities import halls_answering_suggestions, halls_with_business_roles
from hallkeeper.core.visibility import NOTHING

from .choices import GROUP_KIND_ORDER, MEMBER_ROLE_ORDER, GroupKind, MemberRole
from .models import Membership, Person, WorkGroup


def membership_duty(m: Membership) -> str:
    """The member's duty; for a deputy without written duty, generated from what they oversee."""
    if m.duty:
        return m.duty
    overseen = [u.name for u in m.oversees_units.all()] + [a.name for a in m.oversees_areas.all()]
    overseen += [z.name for z in m.oversees_zones.all()]
    if overseen:
        return "负责" + "、".join(overseen) + "的窗口推进工作。"
    return m.group.duty if m.role == MemberRole.MEMBER else ""


@dataclass
class BreakdownRow:
    role_label: str
    members: list[Person]
    duty: str
    memberships: list[Membership] = field(default_factory=list)


@dataclass
class BreakdownGroup:
    group: WorkGroup
    rows: list[BreakdownRow]


def groups_with_members(user, hall) -> QuerySet[WorkGroup]:
    memberships = Membership.objects.select_related("person", "person__unit").prefetch_related(
        "oversees_units", "oversees_areas", "oversees_zones"
    )
    return (
        WorkGroup.objects.visible_to(user, "view")
        .filter(hall=hall)
        .prefetch_related(Prefetch("memberships", queryset=memberships.order_by("order", "pk")))
    )


def task_breakdown(user, hall) -> list[BreakdownGroup]:
    """The plan annex's table (组织体系 / 成员名单 / 具体职责), generated from the data.

    Members with the same role and the same duty share one row (e.g. every zone lead of the
    promotion group); a leader or deputy with their own duty gets a row of their own.
    """
    result = []
    groups = sorted(groups_with_members(user, hall), key=lambda g: GROUP_KIND_ORDER.get(g.kind, 9))
    for group in groups:
        rows: list[BreakdownRow] = []
        index: dict[tuple[str, str], BreakdownRow] = {}
        for m in sorted(group.memberships.all(), key=lambda m: (MEMBER_ROLE_ORDER.get(m.role, 9), m.order, m.pk)):
            duty = membership_duty(m) if m.role != MemberRole.MEMBER else (m.duty or group.duty)
            key = (m.role, duty)
            if m.role == MemberRole.MEMBER and key in index:
                index[key].members.append(m.person)
                index[key].memberships.append(m)
                continue
            row = BreakdownRow(role_label=m.get_role_display(), members=[m.person], duty=duty, memberships=[m])
            rows.append(row)
            index[key] = row
        if not rows:
            rows.append(BreakdownRow(role_label="", members=[], duty=group.duty))
        result.append(BreakdownGroup(group=group, rows=rows))
    return result


@dataclass
class SummaryRow:
    role_label: str
    members: list[Person]
    total: int

    @property
    def names(self) -> str:
        """The members' names, joined by 、 (as the overview lists them)."""
        return "、".join(p.name for p in self.members)


@dataclass
class GroupSummary:
    group: WorkGroup
    rows: list[SummaryRow]


def group_summaries(user, hall, *, names: int = 8) -> list[GroupSummary]:
    """The work groups at a glance: leaders and deputies by name, members as the first few names and a count.

    Unlike :func:`task_breakdown` it never loads every member, so its cost stays the same
    however many zone leads the promotion group has; and it runs two queries however many groups: the
    groups, then their leaders and deputies with the first ``names`` members of each group and the
    number of members (a window count), in one query.
    """
    groups = sorted(
        WorkGroup.objects.visible_to(user, "view").filter(hall=hall), key=lambda g: GROUP_KIND_ORDER.get(g.kind, 9)
    )
    heads: dict[int, list[Membership]] = {}
    first: dict[int, list[Membership]] = {}
    totals: dict[int, int] = {}
    is_member = Case(When(role=MemberRole.MEMBER, then=Value(1)), default=Value(0), output_field=IntegerField())
    for m in (
        Membership.objects.filter(group__in=groups)
        .annotate(
            place=Window(RowNumber(), partition_by=[F("group_id"), is_member], order_by=[F("order"), F("pk")]),
            share=Window(Count("pk"), partition_by=[F("group_id"), is_member]),
            # every leader and deputy, the first ``names`` members
            shown=Case(When(role=MemberRole.MEMBER, then=Value(names)), default=Value(2**31 - 1)),
        )
        .filter(place__lte=F("shown"))
        .select_related("person")
        .only("group", "role", "order", "person__name")  # what the summary shows
        .order_by("group_id", "order", "pk")
    ):
        if m.role == MemberRole.MEMBER:
            first.setdefault(m.group_id, []).append(m)
            totals[m.group_id] = m.share
        else:
            heads.setdefault(m.group_id, []).append(m)
    result = []
    for group in groups:  # at most one group of each kind per hall
        shown = [m.person for m in first.get(group.pk, [])]
        rows = [
            SummaryRow(role_label=m.get_role_display(), members=[m.person], total=1)
            for m in sorted(heads.get(group.pk, []), key=lambda m: (MEMBER_ROLE_ORDER.get(m.role, 9), m.order, m.pk))
        ]
        if totals.get(group.pk):
            rows.append(SummaryRow(role_label=str(MemberRole.MEMBER.label), members=shown, total=totals[group.pk]))
        result.append(GroupSummary(group=group, rows=rows))
    return result


def promotion_seats(user_id: int | None) -> QuerySet[Membership]:
    """The user's seats in a promotion group (推进小组), in any hall, as leader, deputy or member."""
    if user_id is None:
        return Membership.objects.none()
    return Membership.objects.filter(group__kind=GroupKind.PROMOTION, person__user_id=user_id)


def promotion_leads(user_id: int | None) -> QuerySet[Membership]:
    """The user's seats as leader or deputy of a promotion group (推进小组), in any hall."""
    return promotion_seats(user_id).exclude(role=MemberRole.MEMBER)


def leads_promotion_group(user, hall) -> bool:
    """Whether the user leads (or deputises in) the hall's promotion group."""
    return promotion_leads(getattr(user, "pk", None)).filter(group__hall=hall).exists()


def promotion_lead_users(hall) -> QuerySet:
    """The active logins of the hall's promotion-group (推进小组) leader and deputies, through their people."""
    seats = Membership.objects.filter(group__hall=hall, group__kind=GroupKind.PROMOTION).exclude(role=MemberRole.MEMBER)
    return get_user_model().objects.filter(pk__in=seats.values("person__user_id"), is_active=True).order_by("pk")


def campaign_office_q(access, prefix: str = "") -> Q:
    """Rows (``prefix`` + ``hall`` names their hall) of the halls where the user does the campaign office's work —
    answers suggestions, records the model window: by role (administrators, the leadership group), or as the
    promotion group's leader or deputy."""
    halls = halls_answering_suggestions(access)
    result = Q(**{f"{prefix}hall__in": halls}) if halls else NOTHING
    business = halls_with_business_roles(access)
    if business:
        led = promotion_leads(access.user_id).filter(group__hall__in=business).values("group__hall_id")
        result |= Q(**{f"{prefix}hall__in": led})
    return result
