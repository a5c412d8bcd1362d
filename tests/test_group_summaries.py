"""The overview's work groups: the first few members of each group by their order, in one query for all groups."""

import pytest

from hallkeeper.org.choices import GroupKind, MemberRole
from hallkeeper.org.selectors import group_summaries
from tests.factories import MembershipFactory, WorkGroupFactory, make_hall


@pytest.mark.django_db
def test_each_group_shows_its_first_members_by_order_and_the_total(django_assert_max_num_queries):
    small = make_hall()
    hall, user = small.hall, small.users["leadership"]
    leaders = WorkGroupFactory(hall=hall, kind=GroupKind.LEADERSHIP, name="领导小组")
    promotion = WorkGroupFactory(hall=hall, kind=GroupKind.PROMOTION, name="推进小组")
    empty = WorkGroupFactory(hall=hall, kind=GroupKind.SUPERVISION, name="督查小组")
    head = MembershipFactory(group=leaders, role=MemberRole.LEADER)
    many = [MembershipFactory(group=promotion, order=20 - i) for i in range(12)]  # created in reverse order
    few = [MembershipFactory(group=leaders, order=i) for i in range(2)]

    summaries = group_summaries(user, hall, names=8)
    with django_assert_max_num_queries(2):
        group_summaries(user, hall, names=8)

    by_group = {s.group: s for s in summaries}
    assert [s.group for s in summaries] == [leaders, promotion, empty]
    lead_rows = by_group[leaders].rows
    assert lead_rows[0].members == [head.person]
    assert lead_rows[-1].members == [m.person for m in few] and lead_rows[-1].total == 2
    (members,) = by_group[promotion].rows
    assert members.total == 12
    assert members.members == [m.person for m in sorted(many, key=lambda m: m.order)][:8]
    assert by_group[empty].rows == []
