"""Dispatch (nearest available team, refusal unless overridden, steps with times,
arrival rate), response (level, checklist tasks on the workflow), closing and review."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import DomainEvent
from yingji.core.testing import actor_for
from yingji.incidents.models import DispatchOrder, Incident
from yingji.incidents.services import dispatch, response, review
from yingji.incidents.services.common import incident_timeline
from yingji.resources.models import RescueTeam
from yingji.resources.tests.factories import team


@pytest.fixture
def teams(db: Any) -> dict[str, RescueTeam]:
    return {
        "near": team("大智路消防站", longitude=114.2920, latitude=30.5910,
                     capabilities="灭火、破拆"),
        "far": team("二七消防站", longitude=114.3300, latitude=30.6300, capabilities="灭火"),
        "busy": team("球场街消防站", longitude=114.2906, latitude=30.5901, status="deployed"),
    }


def test_recommendation_ranks_available_teams_by_travel_time(incident: Incident, officer: Any,
                                                             teams: dict[str, Any]) -> None:
    result = dispatch.recommend(incident, officer, types=("team",))
    names = [r.resource.name for r in result["by_type"]["team"]]
    assert names == ["大智路消防站", "二七消防站"]  # the busy one is nearest but not offered
    assert result["exact"] and result["estimated"]


def test_unavailable_team_is_refused_unless_overridden(incident: Incident, officer: Any,
                                                       teams: dict[str, Any]) -> None:
    busy = teams["busy"]
    with pytest.raises(ValidationError) as info:
        dispatch.dispatch(incident, "team", busy.pk, actor=actor_for(officer))
    assert "当前状态为“出动”，不可调派；如确需调派，请填写强制调派理由" in str(info.value)
    assert not DispatchOrder.objects.exists()
    refused = DomainEvent.objects.get(event_type="dispatch.refused")  # kept on the timeline
    assert refused.object_id == str(incident.pk)
    order = dispatch.dispatch(incident, "team", busy.pk, actor=actor_for(officer),
                              override_reason="该队距现场最近且已完成前一任务")
    assert order.override_reason == "该队距现场最近且已完成前一任务"
    assert any("强制调派" in e.summary for e in incident_timeline(incident))


def test_dispatch_steps_record_times_and_the_team_state(incident: Incident, officer: Any,
                                                        teams: dict[str, Any]) -> None:
    now = timezone.now()
    order = dispatch.dispatch(incident, "team", teams["near"].pk, actor=actor_for(officer),
                              estimated_minutes=4.5, at=now - timedelta(minutes=50))
    assert RescueTeam.objects.get(pk=teams["near"].pk).status == "deployed"
    with pytest.raises(ValidationError, match="已在本事件执行任务"):
        dispatch.dispatch(incident, "team", teams["near"].pk, actor=actor_for(officer))
    order = dispatch.accept_order(order, actor=actor_for(officer), at=now - timedelta(minutes=49))
    order = dispatch.depart_order(order, actor=actor_for(officer), at=now - timedelta(minutes=48))
    with pytest.raises(ValidationError, match="不能早于上一环节"):
        dispatch.arrive_order(order, actor=actor_for(officer), at=now - timedelta(minutes=55))
    order = dispatch.arrive_order(order, actor=actor_for(officer), at=now - timedelta(minutes=30))
    assert order.state == "arrived" and order.arrival_minutes() == 20.0
    rate = dispatch.arrival_rate(list(incident.orders.all()))
    assert (rate.orders, rate.on_time, rate.rate) == (1, 1, 1.0)
    order = dispatch.complete_order(order, actor=actor_for(officer))
    order = dispatch.return_order(order, actor=actor_for(officer))
    assert order.returned_at is not None
    assert RescueTeam.objects.get(pk=teams["near"].pk).status == "standby"
    assert any("到达现场，用时20" in e.summary for e in incident_timeline(incident))


def test_arrival_after_an_hour_lowers_the_rate(incident: Incident, officer: Any,
                                               teams: dict[str, Any]) -> None:
    now = timezone.now()
    late = dispatch.dispatch(incident, "team", teams["far"].pk, actor=actor_for(officer),
                             at=now - timedelta(minutes=90))
    dispatch.depart_order(late, actor=actor_for(officer), at=now - timedelta(minutes=85))
    late.refresh_from_db()
    dispatch.arrive_order(late, actor=actor_for(officer), at=now - timedelta(minutes=10))
    dispatch.dispatch(incident, "team", teams["near"].pk, actor=actor_for(officer))
    rate = dispatch.arrival_rate(list(incident.orders.all()))
    assert (rate.orders, rate.on_time, rate.rate) == (2, 0, 0.0)


def test_response_opens_the_checklist_and_tasks_follow_the_workflow(incident: Incident,
                                                                    officer: Any) -> None:
    started = response.start_response(incident, "IV", actor=actor_for(officer))
    assert started.state == "responding" and started.response_level == "IV"
    titles = list(started.tasks.values_list("title", flat=True))
    assert titles[0] == "通报消防救援支队，确认出动力量" and len(titles) == 3  # 火灾 template
    task = started.tasks.first()
    assert task is not None
    with pytest.raises(ValidationError, match="此项为必填项"):
        response.finish_task(task, actor=actor_for(officer), result="")
    done = response.finish_task(task, actor=actor_for(officer), result="消防两车八人已出动")
    assert done.state == "done" and done.done_at is not None
    raised = response.start_response(started, "III", actor=actor_for(officer))
    assert raised.tasks.count() == 3  # changing the level does not duplicate the checklist
    assert any("调整响应级别" in e.summary for e in incident_timeline(raised))


def test_close_refused_while_forces_are_out_then_final_report_and_review(
        incident: Incident, officer: Any, teams: dict[str, Any]) -> None:
    order = dispatch.dispatch(incident, "team", teams["near"].pk, actor=actor_for(officer))
    incident.refresh_from_db()
    assert incident.state == "responding"  # forces on the way
    with pytest.raises(ValidationError, match="仍有未完成的调度指令"):
        response.close_incident(incident, actor=actor_for(officer), comment="明火扑灭")
    dispatch.depart_order(order, actor=actor_for(officer))
    order.refresh_from_db()
    dispatch.arrive_order(order, actor=actor_for(officer))
    order.refresh_from_db()
    dispatch.complete_order(order, actor=actor_for(officer))
    incident.refresh_from_db()
    closed = response.close_incident(incident, actor=actor_for(officer), comment="明火扑灭")
    assert closed.state == "closed" and closed.closed_at is not None
    final = closed.reports.get(kind="final")
    assert final.status == "pending" and final.due_at == closed.closed_at + timedelta(hours=72)
    assert not closed.reports.filter(kind="followup", status="pending").exists()
    with pytest.raises(ValidationError, match="请填写整改时限"):
        review.create_review(closed, {"summary": "处置及时"}, actor=actor_for(officer),
                             findings=[{"problem": "消防通道被占用", "responsible_unit": "大智街道"}])
    closed.refresh_from_db()
    assert closed.state == "closed"  # nothing half-written
    written = review.create_review(closed, {"summary": "处置及时"}, actor=actor_for(officer),
                                   findings=[{"problem": "消防通道被占用", "responsible_unit": "大智街道",
                                              "due_date": date.today() + timedelta(days=30)}])
    closed.refresh_from_db()
    assert closed.state == "reviewed"
    finding = written.findings.get()
    finished = review.close_finding(finding, actor=actor_for(officer), rectification="已清理通道")
    assert finished.state == "closed"


def test_out_of_scope_resource_cannot_be_dispatched(incident: Incident, officer: Any) -> None:
    other = team("武昌消防站", region_code="420106000000", longitude=114.31, latitude=30.55)
    with pytest.raises(ValidationError, match="不在您的数据范围内"):
        dispatch.dispatch(incident, "team", other.pk, actor=actor_for(officer))


def test_city_rate_in_sql_matches_the_rule(incident: Incident, officer: Any,
                                           teams: dict[str, Any]) -> None:
    now = timezone.now()
    for name, minutes in (("near", 60), ("far", 61)):
        order = dispatch.dispatch(incident, "team", teams[name].pk, actor=actor_for(officer),
                                  at=now - timedelta(minutes=120))
        dispatch.depart_order(order, actor=actor_for(officer), at=now - timedelta(minutes=119))
        order.refresh_from_db()
        dispatch.arrive_order(order, actor=actor_for(officer),
                         at=now - timedelta(minutes=120 - minutes))
    dispatch.dispatch(incident, "team", teams["busy"].pk, actor=actor_for(officer),
                      override_reason="就近")  # not arrived yet: not on time
    in_sql = dispatch.arrival_rate_of(DispatchOrder.objects.all())
    in_python = dispatch.arrival_rate(list(DispatchOrder.objects.all()))
    assert (in_sql.orders, in_sql.on_time) == (in_python.orders, in_python.on_time) == (3, 1)


def test_tasks_and_findings_carry_core_deadlines(incident: Incident, officer: Any) -> None:
    from yingji.core.models import Deadline

    started = response.start_response(incident, "IV", actor=actor_for(officer))
    task = started.tasks.first()
    assert task is not None
    deadline = Deadline.objects.get(kind="task", object_id=str(task.pk))
    assert deadline.due_at == task.due_at and deadline.closed_at is None
    response.finish_task(task, actor=actor_for(officer), result="已办结")
    deadline.refresh_from_db()
    assert deadline.closed_at is not None and deadline.met_on_time
