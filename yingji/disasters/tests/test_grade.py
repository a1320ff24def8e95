"""The disaster's grade and the relief response level come from one source, the reported
figures under the applicable plan (``response.Assessment``): the board (灾情总览), the
event list, the event page's response panel, the 快报, the 续报 rule and the leader's
to-do agree for the same event. Before any village has reported, the registrar's 初判
is shown as such."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from docx import Document

from yingji.core.testing import actor_for, client_for, region, system
from yingji.disasters import rules
from yingji.disasters.models import DisasterEvent, DisasterSettings
from yingji.disasters.services import events, outputs, reports, response, rounds
from yingji.disasters.tests.conftest import VILLAGE, VILLAGE2, event_data, figures
from yingji.disasters.workbench import disaster_todos

pytestmark = pytest.mark.django_db


def _text(html: bytes) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html.decode()))


def _screens(user: Any, event: DisasterEvent) -> dict[str, str]:
    client = client_for(user)
    board = _text(client.get("/disasters/board/").content)
    card = board.split(event.title, 1)[1].split("12小时保障落实街道", 1)[0]
    detail = _text(client.get(f"/disasters/events/{event.pk}/").content)
    listing = _text(client.get("/disasters/events/").content)
    return {"board": card, "detail": detail, "list": listing.split(event.title, 1)[1][:200]}


def _report(event: DisasterEvent, people: dict[str, Any], region: Any, **values: Any) -> None:
    reports.submit_report(event, region, figures(**values), actor=actor_for(people["informant"]))


def test_before_any_report_every_screen_shows_the_initial_grade_as_such(event, people) -> None:
    assessment = response.assess(event)
    assert assessment.grade == "major" and assessment.grade_label == "重大（初判）"
    screens = _screens(people["leader"], event)
    assert "洪涝·重大（初判）" in screens["board"]
    assert "灾害等级重大（初判）" in screens["detail"] and "初判等级重大" in screens["detail"]
    assert "重大（初判）" in screens["list"]


def test_figures_below_every_level_make_the_disaster_general_on_every_screen(event, people, village) -> None:
    _report(event, people, village, deaths=1)
    assessment = response.assess(event)
    assert assessment.level is None and assessment.grade == "general"
    screens = _screens(people["leader"], event)
    assert "洪涝·一般" in screens["board"] and "未达到启动条件" in screens["board"]
    assert "重大" not in screens["board"]
    assert "灾害等级一般" in screens["detail"]
    assert "综合测算：未达到启动条件，对应灾害等级一般" in screens["detail"]
    assert screens["list"].startswith("洪涝一般")
    brief = outputs.brief_docx(event, outputs.rollup_rows(event, "4201"))
    assert "洪涝灾害（一般）" in "".join(p.text for p in Document(io.BytesIO(brief)).paragraphs)
    # The leader is not asked to decide a response the panel says is not reached.
    assert not [t for t in disaster_todos(people["leader"]) if "救助应急响应" in t.label]


def test_figures_reaching_level_two_make_it_major_on_every_screen_and_ask_the_leader(
    event, people, village
) -> None:
    _report(event, people, village, deaths=60, missing=40)  # 死亡和失踪100人: Ⅱ级 (national)
    assessment = response.assess(event)
    assert assessment.level == "II" and assessment.grade == rules.grade_of_level("II") == "major"
    screens = _screens(people["leader"], event)
    assert "洪涝·重大" in screens["board"] and "Ⅱ级" in screens["board"] and "初判" not in screens["board"]
    assert "综合测算：Ⅱ级，对应灾害等级重大" in screens["detail"]
    todo = [t for t in disaster_todos(people["leader"]) if "救助应急响应" in t.label]
    assert todo and todo[0].count == 1


def test_the_daily_followup_follows_the_same_grade(people) -> None:
    started = timezone.now() - timedelta(days=2)
    event = events.create_event(event_data(started_at=started, grade="major"), actor=system())
    assert rounds.next_followup_due(event, timezone.now(), DisasterSettings.current()) is not None  # 初判
    _report(event, people, region(VILLAGE), deaths=1)  # 一般 by the figures: no daily 续报
    assert rounds.next_followup_due(event, timezone.now(), DisasterSettings.current()) is None
    _report(event, people, region(VILLAGE2), deaths=60, missing=40)  # Ⅱ级: 重大 again
    assert rounds.next_followup_due(event, timezone.now(), DisasterSettings.current()) is not None
