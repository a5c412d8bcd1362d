"""The campaign walked in the browser, one journey through the plan's work (issue 10):

1. the leadership group creates the campaign with the plan's four phases, makes its tasks from the task
   breakdown table, sees them on the timeline and downloads the work plan;
2. the deputy who owns a row finds it under "my tasks" on a phone and records progress with a note and a photo;
3. a zone lead scans the training session's QR code with a phone not logged in yet: the link asks for the login,
   the lead signs in to the session, and the handbook quiz follows with its score;
4. the leadership group approves the budget survey the zone leads have counted;
5. the zone lead writes a suggestion on the handbook from the phone; the promotion group's leader accepts it and
   links it to the rule of the draft revision; the lead reads the answer;
6. the leadership group reads the campaign's progress, opens the summary report, where the adopted suggestion and
   the draft revision wait for the handbook's revision, writes the lessons and downloads the report.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
import segno
from docx import Document
from PIL import Image
from playwright.sync_api import expect

from hallkeeper.accounts.choices import Role
from hallkeeper.budget import services as budget
from hallkeeper.budget.choices import SurveyState
from hallkeeper.budget.models import Survey, SurveyLine
from hallkeeper.campaign.choices import TaskStatus
from hallkeeper.campaign.models import Campaign, Task, TaskUpdate
from hallkeeper.org.choices import MemberRole
from hallkeeper.org.models import Membership
from hallkeeper.standards import services as handbook
from hallkeeper.standards.choices import VersionStatus
from hallkeeper.suggestions.choices import SuggestionState
from hallkeeper.suggestions.models import Suggestion
from hallkeeper.training.models import Attendance, Quiz, QuizAttempt, Session

from ..budget_data import ZONE1_TOTAL, ZONE2_TOTAL, survey_in
from ..campaign_data import add_groups
from ..factories import PASSWORD, SmallHall
from ..inspection_data import add_service_window
from ..standards_data import install_tiny_handbook
from ..training_data import open_quiz, started_session
from .helpers import login, url
from .test_suggestion_journey import accept_for_the_rule, write_on_the_rule

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DEPUTY_DUTY = "负责一区的窗口推进工作。"  # the deputy's own row of the task breakdown table (tests/campaign_data.py)
LESSONS = "示范窗口先行、以点带面的做法效果好，下一步把每周巡查固定下来。"
SUGGESTION = "暂停服务牌的摆放位置没有写明，建议补充。"
REPLY = "采纳，在台面物品白名单中写明暂停服务牌的位置。"
_SVG_PATH = re.compile(r'<path[^>]*\sd="([^"]+)"')


@dataclass
class Scene:
    small: SmallHall
    session: Session
    quiz: Quiz
    survey: Survey


@pytest.fixture
def scene(alpha, settings, tmp_path) -> Scene:
    """The factory hall with the plan's work groups (the promotion group led by zone lead 2), the tiny handbook
    with its draft revision under way, a training session under way with the handbook quiz open, and a budget
    survey counted by both zone leads and submitted by the administrator."""
    settings.MEDIA_ROOT = tmp_path
    groups = add_groups(alpha)
    Membership.objects.filter(group=groups["promotion"], person=groups["lead2"]).update(role=MemberRole.LEADER)
    v1 = install_tiny_handbook(alpha.hall)
    add_service_window(alpha, 0)
    session = started_session(alpha)
    quiz = open_quiz(alpha, count=3)  # one question per rule of the tiny handbook
    handbook.handbook_version_revise(handbook=v1.handbook, user=alpha.users[Role.ADMIN])  # the revision under way
    survey = survey_in(alpha)
    for i, zone in enumerate(alpha.zones, start=1):
        counts = {line.pk: 0 for line in SurveyLine.objects.filter(survey=survey, zone=zone)}
        budget.counts_save(user=alpha.users[f"lead{i}"], survey=survey, zone=zone, counts=counts)
    survey = budget.survey_submit(user=alpha.users[Role.ADMIN], survey=survey)
    return Scene(small=alpha, session=session, quiz=quiz, survey=survey)


def photo(name: str, colour: str) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (120, 90), colour).save(out, "JPEG")
    return {"name": name, "mimeType": "image/jpeg", "buffer": out.getvalue()}


def test_the_campaign_from_plan_to_handbook_revision(new_page, live_server, scene):
    hall = scene.small
    code = hall.hall.code

    # 1. The leadership group creates the campaign with the plan's phases and the annex's tasks.
    leader = new_page()
    login(leader, live_server, "alpha-leadership", PASSWORD)
    leader.goto(url(live_server, f"/h/{code}/campaigns/"))
    expect(leader.get_by_test_id("empty")).to_be_visible()
    with leader.expect_navigation():
        leader.get_by_test_id("new-campaign").click()
    leader.locator("input[name=title]").fill("现场管理标准化建设")
    expect(leader.locator("input[name=plan_phases]")).to_be_checked()
    with leader.expect_navigation():
        leader.get_by_role("button", name="保存").click()
    expect(leader.get_by_test_id("timeline-phase")).to_have_count(4)
    expect(leader.get_by_test_id("phase")).to_contain_text(["动员培训", "对照实施", "评估验收", "总结提高"])
    campaign = Campaign.objects.get(hall=hall.hall)
    assert list(campaign.phases.values_list("name", flat=True)) == ["动员培训", "对照实施", "评估验收", "总结提高"]
    campaign_page = leader.url

    leader.locator("[data-testid=annex-form] select[name=phase]").select_option(label="对照实施")
    with leader.expect_navigation():
        leader.get_by_test_id("annex-submit").click()
    tasks = Task.objects.filter(campaign=campaign)
    count = tasks.count()
    assert count == 4 and set(tasks.values_list("phase__name", flat=True)) == {"对照实施"}
    expect(leader.locator(".alert-success")).to_contain_text(str(count))
    expect(leader.get_by_test_id("timeline-task")).to_have_count(count)
    expect(leader.locator(f"[data-testid=timeline-task][data-status={TaskStatus.NOT_STARTED}]")).to_have_count(count)
    with leader.expect_download() as download:
        leader.get_by_test_id("workplan-docx").click()
    text = "\n".join(p.text for p in Document(download.value.path()).paragraphs)
    for part in ("动员培训阶段", "对照实施阶段", "评估验收阶段", "总结提高阶段", "附件"):
        assert part in text, part

    # 2. The deputy finds the task under "my tasks" and records progress with a note and a photo.
    deputy = new_page(**PHONE)
    login(deputy, live_server, "alpha-lead1", PASSWORD)  # zone lead 1 is also the leadership group's deputy
    deputy.goto(url(live_server, f"/h/{code}/campaigns/"))
    with deputy.expect_navigation():
        deputy.get_by_test_id("my-tasks-tab").tap()
    expect(deputy.get_by_test_id("my-tasks")).to_contain_text(DEPUTY_DUTY)
    with deputy.expect_navigation():
        deputy.get_by_role("link", name=DEPUTY_DUTY).tap()
    deputy.locator("select[name=status]").select_option(TaskStatus.IN_PROGRESS)
    deputy.locator("textarea[name=note]").fill("一区台面定置完成一半")
    deputy.locator("input[name=evidence]").set_input_files(photo("desk.jpg", "green"))
    with deputy.expect_navigation():
        deputy.get_by_test_id("update-submit").tap()
    expect(deputy.get_by_test_id("updates")).to_contain_text("一区台面定置完成一半")
    expect(deputy.get_by_test_id("updates").locator("img")).to_be_visible()
    assert deputy.evaluate("document.documentElement.scrollWidth") <= deputy.viewport_size["width"]
    task = Task.objects.get(campaign=campaign, title=DEPUTY_DUTY)
    assert task.status == TaskStatus.IN_PROGRESS
    update = TaskUpdate.objects.get(task=task)
    assert update.note == "一区台面定置完成一半" and update.evidence and update.author == hall.users["lead1"]

    leader.reload()
    expect(leader.locator(f"[data-testid=timeline-task][data-status={TaskStatus.IN_PROGRESS}]")).to_have_count(1)

    # 3. The organizer shows the session's QR code; the zone lead scans it with a phone, logs in, signs in and
    #    takes the handbook quiz.
    leader.goto(url(live_server, scene.session.get_absolute_url()))
    expect(leader.get_by_test_id("sign-qr")).to_be_visible()
    sign_url = leader.get_by_test_id("sign-url").get_attribute("href")
    qr = leader.request.get(url(live_server, leader.get_by_test_id("sign-qr").get_attribute("src")))
    assert qr.ok and qr.headers["content-type"] == "image/svg+xml"
    scanned = io.BytesIO()
    segno.make(sign_url, error="m").save(scanned, kind="svg", scale=8, border=2)
    assert _SVG_PATH.search(qr.text()).group(1) == _SVG_PATH.search(scanned.getvalue().decode()).group(1)

    phone = new_page(**PHONE)  # a phone not logged in yet
    phone.goto(sign_url)  # what the camera opens
    phone.locator("input[name=username]").fill("alpha-lead1")
    phone.locator("input[name=password]").fill(PASSWORD)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    expect(phone).to_have_url(sign_url)
    expect(phone.get_by_test_id("session-topic")).to_have_text(scene.session.topic)
    phone.get_by_test_id("sign-in").tap()
    expect(phone.get_by_test_id("signed")).to_be_visible()
    assert Attendance.objects.get(session=scene.session, person__user=hall.users["lead1"]).present

    phone.get_by_test_id("take-quiz").tap()
    expect(phone.get_by_test_id("quiz-form")).to_be_visible()
    questions = scene.quiz.questions
    assert len(questions) == 3
    for i, question in enumerate(questions):
        choices = len(question["options"]) or 2  # a true-or-false question has no options of its own
        answer = question["answer"] if i else (question["answer"] + 1) % choices  # the first one answered wrong
        phone.locator(f"#q{i}-{answer}").check()
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    phone.get_by_test_id("submit-quiz").tap()
    expect(phone.get_by_test_id("quiz-score")).to_have_text("您的得分：67 分（共 3 题，答对 2 题）。")
    attempt = QuizAttempt.objects.get(quiz=scene.quiz, person__user=hall.users["lead1"])
    assert (attempt.score, attempt.correct, attempt.total) == (67, 2, 3)

    # 4. The leadership group approves the budget survey the zone leads counted.
    leader.goto(url(live_server, f"/h/{code}/budget/{scene.survey.pk}/"))
    expect(leader.get_by_text("已报审", exact=True)).to_be_visible()
    expect(leader.get_by_test_id("total")).to_have_text(f"¥{ZONE1_TOTAL + ZONE2_TOTAL}")  # nothing in hand yet
    with leader.expect_navigation():
        leader.get_by_test_id("approve").click()
    expect(leader.get_by_test_id("approve")).to_have_count(0)
    expect(leader.get_by_text("已审定", exact=True)).to_be_visible()
    expect(leader.get_by_test_id("new-purchase")).to_be_visible()
    scene.survey.refresh_from_db()
    assert scene.survey.state == SurveyState.APPROVED and scene.survey.approved_by == hall.users[Role.LEADERSHIP]

    # 5. The zone lead writes a suggestion on the handbook from the phone; the promotion group's leader accepts
    #    it for the draft revision's rule; the lead reads the answer.
    phone.goto(url(live_server, f"/h/{code}/suggestions/"))
    phone.get_by_test_id("new-suggestion").tap()
    write_on_the_rule(phone, hall.zones[0], SUGGESTION)
    expect(phone.get_by_test_id("photo")).to_be_visible()
    expect(phone.get_by_test_id("text")).to_have_text(SUGGESTION)
    expect(phone.get_by_test_id("state")).to_have_text("待答复")
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
    suggestion_page = phone.url

    promoter = new_page()
    login(promoter, live_server, "alpha-lead2", PASSWORD)
    promoter.goto(url(live_server, f"/h/{code}/suggestions/?state=open"))
    accept_for_the_rule(promoter, SUGGESTION, REPLY)
    expect(promoter.get_by_test_id("state")).to_have_text("已采纳")
    expect(promoter.get_by_test_id("revision")).to_contain_text("V2")
    item = Suggestion.objects.get(hall=hall.hall)
    assert item.state == SuggestionState.ACCEPTED and item.answered_by == hall.users["lead2"]
    assert item.revised_rule.key == "counter-whitelist" and item.revision.number == 2
    assert item.revision.status == VersionStatus.DRAFT

    phone.goto(suggestion_page)
    expect(phone.get_by_test_id("reply")).to_have_text(REPLY)
    expect(phone.get_by_test_id("revision")).to_contain_text("草稿")

    # The leadership group is back on the campaign's page: one task of the annex under way.
    leader.goto(campaign_page)
    expect(leader.get_by_test_id("campaign-progress")).to_contain_text(f"0 / {count}")
    expect(leader.locator(f"[data-testid=timeline-task][data-status={TaskStatus.IN_PROGRESS}]")).to_have_count(1)

    # 6. The summary report: the adopted suggestion and the draft revision are listed for the handbook's revision;
    #    the leadership group writes the lessons and downloads the report, which prints them.
    with leader.expect_navigation():
        leader.get_by_test_id("summary-link").click()
    revision = leader.get_by_test_id("handbook-revision")
    expect(revision).to_contain_text(SUGGESTION)
    expect(leader.get_by_test_id("draft-link")).to_contain_text("V2")
    leader.locator("[data-testid=lessons-form] textarea[name=lessons]").fill(LESSONS)
    with leader.expect_navigation():
        leader.locator("[data-testid=lessons-form] button").click()
    expect(leader.locator("[data-testid=lessons-form] textarea[name=lessons]")).to_have_value(LESSONS)
    campaign.refresh_from_db()
    assert campaign.lessons == LESSONS
    with leader.expect_download() as download:
        leader.get_by_test_id("summary-docx").click()
    report = Document(download.value.path())
    text = "\n".join(p.text for p in report.paragraphs)
    text += "\n".join(cell.text for table in report.tables for row in table.rows for cell in row.cells)
    assert "现场管理标准化建设工作的总结报告" in text.replace("\n", "")
    assert LESSONS in text
