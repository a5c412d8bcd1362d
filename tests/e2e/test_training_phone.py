"""A zone lead on a 390×844 phone: opens the sign-in link of the QR code, logs in, signs in to the training,
takes the handbook quiz and sees the score."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from hallkeeper.training.models import Attendance, QuizAttempt
from hallkeeper.training.signing import make_token

from ..factories import PASSWORD
from ..standards_data import install_tiny_handbook
from ..training_data import open_quiz, started_session
from .helpers import url

pytestmark = pytest.mark.e2e


@pytest.fixture
def scene(alpha, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    install_tiny_handbook(alpha.hall)
    session = started_session(alpha)
    quiz = open_quiz(alpha, count=4)
    return alpha, session, quiz


def test_zone_lead_signs_in_by_qr_and_takes_the_quiz(phone_page, live_server, scene):
    alpha, session, quiz = scene
    page = phone_page
    sign_path = reverse("training_sign", kwargs={"hall": alpha.hall.code, "token": make_token(session)})
    page.goto(url(live_server, sign_path))  # what the phone's camera opens
    page.locator("input[name=username]").fill("alpha-lead1")
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.get_by_test_id("session-topic")).to_have_text(session.topic)

    page.get_by_test_id("sign-in").tap()
    expect(page.get_by_test_id("signed")).to_be_visible()
    assert Attendance.objects.get(session=session, person__user__username="alpha-lead1").present

    page.get_by_test_id("take-quiz").tap()
    form = page.get_by_test_id("quiz-form")
    for i, question in enumerate(quiz.questions):
        page.locator(f"#q{i}-{question['answer']}").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    form.get_by_test_id("submit-quiz").tap()
    expect(page.get_by_test_id("quiz-score")).to_contain_text("100")
    assert QuizAttempt.objects.get(quiz=quiz, person__user__username="alpha-lead1").score == 100
