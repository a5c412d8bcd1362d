"""The demo's opinions and suggestions and its model window (played by the demo loader)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from hallkeeper.demo.showcase import play_model_window
from hallkeeper.demo.suggestions import STORY, play_suggestions
from hallkeeper.showcase.models import ModelWindow
from hallkeeper.showcase.selectors import setup_sheet
from hallkeeper.suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def test_a_dozen_suggestions_of_july_and_august_most_answered(demo):
    items = list(Suggestion.objects.filter(hall=demo).select_related("revision", "revised_rule"))
    assert len(items) == len(STORY) == 12
    year = timezone.localdate().year
    assert all(timezone.localtime(s.created_at).date().month in (7, 8) for s in items if s.created_at.year == year)
    answered = [s for s in items if s.is_answered]
    assert len(answered) >= 9 and all(s.reply and s.answered_at >= s.created_at for s in answered)
    (linked,) = [s for s in items if s.revised_rule_id]
    assert linked.state == "accepted" and linked.revision.is_draft and linked.revised_rule.version == linked.revision
    assert linked.rule is not None and linked.rule.key == linked.revised_rule.key
    assert {s.subject for s in items} == {"handbook", "layout", "process", "other"}
    assert play_suggestions(demo) == "意见建议：已有，保留。"  # a second load keeps them


def test_the_model_window_is_set_up_with_photos_some_in_the_handbook(demo):
    record = ModelWindow.objects.get(hall=demo, is_current=True)
    admin = record.designated_by
    sheet = setup_sheet(admin, record)
    assert sheet.layouts and all(row.photos for row in sheet.layouts)
    assert 0 < sheet.done < sheet.total and sheet.missing
    adopted = [p for row in sheet.rules for p in row.photos if p.adopted_as_id]
    assert adopted and all(p.adopted_as.rule.version.is_draft for p in adopted)
    assert play_model_window(demo) == "示范窗口：已有，保留。"
