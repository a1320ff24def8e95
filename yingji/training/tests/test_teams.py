"""Rescue teams' training: sessions on the resources module's teams, members' hours and
assessment checked against the team's list, the year's hours per member, pages and API
in scope."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.testing import JIANGAN, WUCHANG, actor_for, client_for, make_user, system
from yingji.resources.tests.factories import team
from yingji.training import rules
from yingji.training.models import ExerciseRecord, TeamExercise
from yingji.training.services import teams

pytestmark = pytest.mark.django_db


@pytest.fixture
def squad(db: Any) -> Any:
    return team(members="张强、李勇，王磊 赵军", headcount=4)


@pytest.fixture
def duty(db: Any) -> Any:
    return make_user("ja_duty_t", roles=["duty_officer"], scope=JIANGAN)


@pytest.fixture
def wc_duty(db: Any) -> Any:
    return make_user("wc_duty_t", roles=["duty_officer"], scope=WUCHANG)


def session(squad: Any, hours: int = 8, kind: str = "routine", **extra: Any) -> TeamExercise:
    return teams.create_exercise({"team": squad, "kind": kind, "subject": "绳索救援",
                                  "held_on": extra.pop("held_on", timezone.localdate()),
                                  "hours": Decimal(hours), **extra}, actor=system())


def test_rules() -> None:
    assert rules.parse_members("张强、李勇，王磊 赵军、张强") == ["张强", "李勇", "王磊", "赵军"]
    assert [rules.assessment_grade(s, 60) for s in (95, 85, 60, 59.5, None)] == \
        ["优秀", "良好", "合格", "不合格", ""]


def test_member_records_are_checked(squad: Any, duty: Any) -> None:
    exercise = session(squad)
    actor = actor_for(duty)
    with pytest.raises(ValidationError) as refused:
        teams.record_member({"exercise": exercise, "member": "路人", "hours": Decimal(9),
                             "score": Decimal(120), "rank": 1}, actor=actor)
    assert set(refused.value.message_dict) == {"member", "hours", "score", "rank"}
    teams.record_member({"exercise": exercise, "member": "张强", "score": Decimal(91)}, actor=actor)
    with pytest.raises(ValidationError):
        teams.record_member({"exercise": exercise, "member": "张强"}, actor=actor)
    assert teams.record_all_members(exercise, actor=actor) == 3
    assert ExerciseRecord.objects.filter(exercise=exercise).count() == 4
    with pytest.raises(ValidationError):
        teams.create_exercise({"team": squad, "subject": "x", "held_on": date(2026, 1, 1),
                               "hours": Decimal(0)}, actor=actor)


def test_hours_per_member_against_the_target(squad: Any) -> None:
    year = timezone.localdate().year
    first, second = session(squad, 8), session(squad, 16)
    for member in ("张强", "李勇", "王磊"):
        teams.record_member({"exercise": first, "member": member, "score": Decimal(80)}, actor=system())
    teams.record_member({"exercise": second, "member": "张强"}, actor=system())
    session(squad, 4, held_on=date(year - 1, 6, 1))  # last year's does not count
    [row] = teams.team_hours(type(squad).objects.filter(pk=squad.pk), year)
    assert (row.sessions, row.members, row.trained, row.total_hours) == (2, 4, 3, 40.0)
    assert row.hours_per_member == 10.0 and row.average_score == 80.0
    assert row.below_target[0] == ("赵军", 0.0) and len(row.below_target) == 4  # target 120


def test_pages_and_api_in_and_out_of_scope(squad: Any, duty: Any, wc_duty: Any) -> None:
    exercise = session(squad, subject="江岸排涝训练")
    teams.record_member({"exercise": exercise, "member": "李勇", "score": Decimal(55)}, actor=system())
    inside = client_for(duty)
    assert "江岸排涝训练" in inside.get("/training/team-exercises/").content.decode()
    detail = inside.get(f"/training/team-exercises/{exercise.pk}/").content.decode()
    assert "李勇" in detail and "不合格" in detail and "登记全队参训" in detail
    assert squad.name in inside.get("/training/team-hours/").content.decode()
    added = inside.post(f"/training/team-exercises/{exercise.pk}/record-all/")
    assert added.status_code == 302 and exercise.records.count() == 4
    bad = inside.post("/api/v1/training/team-records/", {"exercise": exercise.pk, "member": "外人",
                                                         "hours": "2"}, content_type="application/json")
    assert bad.status_code == 400 and "member" in bad.json()["error"]["fields"]
    outside = client_for(wc_duty)
    assert "江岸排涝训练" not in outside.get("/training/team-exercises/").content.decode()
    assert squad.name not in outside.get("/training/team-hours/").content.decode()
    assert outside.get(f"/training/team-exercises/{exercise.pk}/").status_code == 404
    assert outside.post(f"/training/team-exercises/{exercise.pk}/record-all/").status_code == 404
    assert outside.get("/api/v1/training/team-records/").json()["count"] == 0
