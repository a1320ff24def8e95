"""Flood response levels: the rules give the highest grade met by a warning or by the
gauges; the job suggests it once to the leaders (raised in place when the weather
worsens, not again soon after a refusal); the leader decides (a grade, or not with a
reason) and the decision is recorded and audited; a raised response ends the one in
force; the grade's duty rules are checked against the roster; out of scope nothing is
seen or changed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Notification, Region
from yingji.core.services.settings import save_settings
from yingji.core.testing import WUCHANG, WUHAN, actor_for, make_user, system
from yingji.flood import rules
from yingji.flood.models import FloodLevelRule, FloodResponse, FloodSettings, ResponseState
from yingji.flood.services import levels
from yingji.flood.tests.conftest import warning

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_leader(db: Any) -> Any:
    return make_user("wh_flood_leader", roles=["duty_leader"], scope=WUHAN, real_name="市防办带班领导")


@pytest.fixture
def city() -> Region:
    return Region.objects.get(code=WUHAN)


def test_the_rules_give_the_highest_grade_met() -> None:
    table = [rules.LevelRule("4", ("rainstorm",), "yellow", 1),
             rules.LevelRule("3", ("rainstorm",), "orange", 3),
             rules.LevelRule("2", ("rainstorm",), "red", 10)]
    assert rules.suggested_grade(table, [], 0) == ("", "")
    grade, reason = rules.suggested_grade(table, [("rainstorm", "orange", "暴雨橙色预警")], 0)
    assert grade == "3" and "橙色预警生效" in reason and "Ⅲ级" in reason
    # A warning of another type does not count; the gauges do.
    assert rules.suggested_grade(table, [("heat", "red", "高温")], 0) == ("", "")
    assert rules.suggested_grade(table, [("heat", "red", "高温")], 10)[0] == "2"
    assert rules.grade_above("2", "3") and not rules.grade_above("4", "3")
    assert rules.grade_above("4", "")


def test_duty_gaps_name_the_short_shifts_and_the_uncovered_hours() -> None:
    day = datetime(2026, 7, 1, 8, 0)
    shifts = [rules.ShiftRow("07-01 08:00班", day, day + timedelta(hours=12), 1, 3),
              rules.ShiftRow("07-02 08:00班", day + timedelta(hours=24), day + timedelta(hours=36), 2, 1)]
    gaps = rules.duty_gaps(shifts, day, day + timedelta(hours=36), rules.DutyRule(2, 2, True))
    assert "07-01 08:00班带班领导1人，本级响应要求2人" in gaps
    assert "07-02 08:00班值班员1人，本级响应要求2人" in gaps
    assert "07-01 20:00至07-02 08:00无人值班" in gaps
    assert rules.duty_gaps(shifts[:1], day, day + timedelta(hours=12), rules.DutyRule(1, 3, True)) == []


def test_an_orange_warning_suggests_grade_three_once_to_the_leaders(point: Any, street: Region,
                                                                    city_leader: Any, city: Region) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None and suggestion.region == city
    assert suggestion.state == ResponseState.SUGGESTED and suggestion.suggested_grade == "3"
    assert "橙色预警生效" in suggestion.reason
    assert Notification.objects.filter(recipient=city_leader, title__contains="Ⅲ级").count() == 1
    # The next minute suggests nothing more.
    assert levels.suggest_due(actor=system()) is None
    assert FloodResponse.objects.count() == 1
    # A red warning raises the waiting suggestion in place.
    warning([street], level="red")
    raised = levels.suggest_due(actor=system())
    assert raised is not None and raised.pk == suggestion.pk and raised.suggested_grade == "2"
    assert AuditLog.objects.filter(object_type="flood.floodresponse").count() == 2


def test_the_leader_decides_and_the_decision_is_recorded(point: Any, street: Region,
                                                         city_leader: Any) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None
    with pytest.raises(ValidationError) as refused:
        levels.decide(suggestion, actor=actor_for(city_leader), grade="", note="  ")
    assert "不启动响应时请填写理由" in str(refused.value)
    decided = levels.decide(suggestion, actor=actor_for(city_leader), grade="4", note="降雨范围有限")
    assert decided.state == ResponseState.ACTIVE and decided.grade == "4"
    assert decided.decided_by == city_leader and decided.decision_note == "降雨范围有限"
    entry = AuditLog.objects.filter(object_type="flood.floodresponse", action="update").latest("id")
    assert "决定启动Ⅳ级响应" in entry.detail
    with pytest.raises(ValidationError):
        levels.decide(decided, actor=actor_for(city_leader), grade="3")
    # The rules still give Ⅲ, above the Ⅳ in force: a new suggestion; starting it ends Ⅳ.
    again = levels.suggest_due(actor=system())
    assert again is not None and again.suggested_grade == "3"
    levels.decide(again, actor=actor_for(city_leader), grade="3")
    decided.refresh_from_db()
    assert decided.state == ResponseState.ENDED and "调整为Ⅲ级响应" in decided.end_note
    assert FloodResponse.objects.filter(state=ResponseState.ACTIVE).count() == 1


def test_a_declined_grade_is_not_suggested_again_within_the_quiet_hours(
        point: Any, street: Region, city_leader: Any) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None
    levels.decide(suggestion, actor=actor_for(city_leader), grade="", note="雨带已东移")
    assert levels.suggest_due(actor=system()) is None
    # After the quiet hours the same grade is suggested again.
    assert levels.suggest_due(actor=system(), now=timezone.now() + timedelta(hours=5)) is None
    save_settings(FloodSettings, {"declined_quiet_hours": 1}, actor=system())
    again = levels.suggest_due(actor=system(), now=timezone.now() + timedelta(hours=2))
    assert again is not None and again.suggested_grade == "3"


def test_a_higher_grade_is_suggested_at_once_after_a_refusal(point: Any, street: Region,
                                                             city_leader: Any) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None
    levels.decide(suggestion, actor=actor_for(city_leader), grade="", note="雨带已东移")
    warning([street], level="red")
    raised = levels.suggest_due(actor=system())
    assert raised is not None and raised.suggested_grade == "2"


def test_the_grades_duty_rules_are_checked_against_the_roster(city_leader: Any, city: Region) -> None:
    from yingji.incidents.models import DutyShift

    officer = make_user("wh_flood_officer", roles=["duty_officer"], scope=WUHAN)
    start = timezone.now() - timedelta(hours=1)
    shift = DutyShift.objects.create(region=city, start=start, end=start + timedelta(hours=12))
    shift.leaders.set([city_leader])
    shift.officers.set([officer])
    response = levels.start_response({"region": city, "grade": "3", "decision_note": "会商决定"},
                                     actor=actor_for(city_leader))
    check = levels.duty_check(response)
    assert check["rule"] == FloodLevelRule.objects.get(grade="3")
    assert any("值班员1人，本级响应要求3人" in g for g in check["gaps"])
    assert any("无人值班" in g for g in check["gaps"])  # nothing after the 12 hours
    told = Notification.objects.filter(recipient=city_leader, title__contains="已启动").get()
    assert "排班核查" in told.body and "无人值班" in told.body


def test_only_a_leader_in_scope_decides(point: Any, street: Region, street_duty: Any,
                                        city_leader: Any) -> None:
    warning([street], level="orange")
    suggestion = levels.suggest_due(actor=system())
    assert suggestion is not None
    with pytest.raises(PermissionDenied):
        levels.decide(suggestion, actor=actor_for(street_duty), grade="3")
    wuchang = make_user("wc_flood_leader", roles=["duty_leader"], scope=WUCHANG)
    with pytest.raises((PermissionDenied, ValidationError)):
        levels.decide(suggestion, actor=actor_for(wuchang), grade="3")
    assert not FloodResponse.objects.restrict(wuchang, "view").exists()
    suggestion.refresh_from_db()
    assert suggestion.state == ResponseState.SUGGESTED


def test_a_rule_needs_a_trigger_and_known_warning_types(city_leader: Any) -> None:
    rule = FloodLevelRule.objects.get(grade="4")
    with pytest.raises(ValidationError) as unknown:
        levels.update_rule(rule, {"warning_types": ["rainstorm", "tsunami"]}, actor=system())
    assert "tsunami" in str(unknown.value)
    with pytest.raises(ValidationError):
        levels.update_rule(rule, {"warning_level": "", "gauge_count": 0}, actor=system())
    changed = levels.update_rule(rule, {"gauge_count": 2}, actor=system())
    assert changed.gauge_count == 2
