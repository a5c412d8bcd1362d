"""The demo's campaign summed up: the summary report of the plan's campaign reads the demo's own training,
budget, acceptance round, patrols and lessons (the shared demo, loaded once per session)."""

from __future__ import annotations

import pytest

from hallkeeper.accounts.choices import Role
from hallkeeper.accounts.models import RoleAssignment
from hallkeeper.campaign import summary, summary_report
from hallkeeper.campaign.models import Campaign
from hallkeeper.demo.campaign import LESSONS

from .test_campaign_summary import pdf_text

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_sums_up_its_own_data(demo):
    campaign = Campaign.objects.filter(hall=demo).order_by("-starts").first()
    leader = RoleAssignment.objects.filter(hall=demo, role=Role.LEADERSHIP).select_related("user").first().user
    data = summary.gather(campaign, leader)
    assert campaign.lessons == LESSONS and data.lessons == LESSONS
    assert [p.name for p in data.phases] == ["动员培训", "对照实施", "评估验收", "总结提高"]
    assert sum(p.done for p in data.phases) > 0
    assert data.training.sessions > 0 and data.training.present > 0
    assert data.budget.surveys == 1 and data.budget.approved > 0
    assert data.acceptance.checked > 0 and data.acceptance.failed_first >= data.acceptance.passed_retake
    assert data.trend.during is not None and data.rules_failed
    text = pdf_text(summary_report.render_pdf(summary_report.build(data)))
    assert summary_report.summary_title(campaign.title) in text and "经验和不足" in text
