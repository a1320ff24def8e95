"""The drill deadlines are core deadlines: a plan in force owes its next drill by the
configured frequency (reminded before, overdue and escalated after, met by a drill held);
each evaluation finding has its rectification deadline, keyed on the finding, moved in
place when the drill is evaluated again, closed when the finding is closed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline, Notification
from yingji.core.services.deadlines import check_deadlines
from yingji.core.testing import WUHAN, actor_for, make_user, system
from yingji.enterprises import services as enterprise_services
from yingji.enterprises.tests.factories import make_enterprise
from yingji.plans import rules
from yingji.plans.models import Drill, DrillFinding, Plan, PlanSettings
from yingji.plans.services import drills, lifecycle, plans
from yingji.plans.services.drill_deadlines import DRILL_DUE, FINDING, end_of
from yingji.plans.tests.factories import bring_in_force, build_plan

FULL: dict[str, Decimal | int] = {code: top for code, _, top in rules.AQT9009_ITEMS}


def _deadlines(obj: Any, kind: str) -> Any:
    return Deadline.objects.filter(content_type=ContentType.objects.get_for_model(obj),
                                   object_id=str(obj.pk), kind=kind)


def _open(obj: Any, kind: str) -> Deadline:
    return _deadlines(obj, kind).get(closed_at__isnull=True)


def _held_drill(plan: Plan, user: Any, held_on: date, **extra: Any) -> Drill:
    actor = actor_for(user)
    drill = drills.create_drill({
        "plan": plan, "title": "江岸区火灾实战演练", "kind": "live", "region": plan.region,
        "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "商场起火",
        "planned_on": held_on, **extra}, actor=actor)
    return drills.finish_drill(drills.start_drill(drill, actor=actor, held_on=held_on), actor=actor)


# --- the frequency deadline of a plan -----------------------------------------------------


def test_a_plan_in_force_owes_its_drill_by_the_frequency_of_its_kind(fire_plan: Plan,
                                                                    supervisor: Any) -> None:
    """A government special plan: at least every 3 years from coming into force; the
    district's supervisor answers for it and the district's leaders are told when late."""
    deadline = _open(fire_plan, DRILL_DUE)
    assert fire_plan.kind == "special" and fire_plan.effective_from == date(2025, 3, 3)
    assert deadline.due_at == end_of(date(2028, 3, 3))
    assert deadline.responsible == supervisor
    assert supervisor.pk in deadline.escalation_chain
    assert deadline.remind_before_minutes == PlanSettings.current().remind_days * 24 * 60
    assert "按频次开展演练" in deadline.title and deadline.link.endswith("#drills")
    evaluation = _open(fire_plan, "plan_evaluation")
    assert evaluation.responsible == supervisor and supervisor.pk in evaluation.escalation_chain


def test_the_drill_deadline_reminds_before_and_is_overdue_after(fire_plan: Plan,
                                                               supervisor: Any) -> None:
    deadline = _open(fire_plan, DRILL_DUE)
    check_deadlines(deadline.due_at - timedelta(days=40))
    assert not Notification.objects.filter(recipient=supervisor).exists()
    check_deadlines(deadline.due_at - timedelta(days=29))
    deadline.refresh_from_db()
    assert deadline.reminded_at is not None and deadline.overdue_at is None
    told = Notification.objects.filter(recipient=supervisor, title__contains="按频次开展演练")
    assert told.filter(title__startswith="即将到期").count() == 1
    check_deadlines(deadline.due_at + timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.overdue_at is not None
    assert told.filter(title__startswith="已逾期").count() == 1


def test_a_drill_held_meets_the_deadline_and_opens_the_next(fire_plan: Plan, supervisor: Any) -> None:
    first = _open(fire_plan, DRILL_DUE)
    held = timezone.localdate() - timedelta(days=10)
    _held_drill(fire_plan, supervisor, held)
    first.refresh_from_db()
    assert first.closed_at is not None and first.met_on_time is True
    nxt = _open(fire_plan, DRILL_DUE)
    assert nxt.pk != first.pk and nxt.due_at == end_of(rules.add_months(held, 36))
    assert _deadlines(fire_plan, DRILL_DUE).count() == 2


def test_a_planned_or_cancelled_drill_does_not_meet_it(fire_plan: Plan, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    first = _open(fire_plan, DRILL_DUE)
    drill = drills.create_drill({
        "plan": fire_plan, "title": "计划中的演练", "kind": "tabletop", "region": fire_plan.region,
        "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "商场起火",
        "planned_on": timezone.localdate() + timedelta(days=20)}, actor=actor)
    drills.cancel_drill(drill, actor=actor, comment="天气原因取消")
    assert _open(fire_plan, DRILL_DUE).pk == first.pk
    assert _deadlines(fire_plan, DRILL_DUE).count() == 1


def test_changed_frequencies_move_the_deadline_and_an_unchanged_save_writes_nothing(
        fire_plan: Plan, supervisor: Any) -> None:
    admin = make_user("wh_set", roles=["supervisor"], scope=WUHAN, real_name="市监管员")
    first = _open(fire_plan, DRILL_DUE)
    plans.save_plan_settings({"drill_months_special": 24}, actor=actor_for(admin))
    moved = _open(fire_plan, DRILL_DUE)
    assert moved.pk == first.pk and moved.due_at == end_of(date(2027, 3, 3))
    deadline_writes = AuditLog.objects.filter(object_type="core.deadline").count()
    plans.save_plan_settings({"remind_days": 20}, actor=actor_for(admin))
    assert _open(fire_plan, DRILL_DUE).due_at == end_of(date(2027, 3, 3))
    assert _deadlines(fire_plan, DRILL_DUE).count() == 1
    assert AuditLog.objects.filter(object_type="core.deadline").count() == deadline_writes


def test_an_abolished_plan_owes_no_drill(fire_plan: Plan, supervisor: Any) -> None:
    lifecycle.abolish_plan(fire_plan, actor=actor_for(supervisor), comment="机构调整，废止")
    assert not _deadlines(fire_plan, DRILL_DUE).filter(closed_at__isnull=True).exists()
    assert _deadlines(fire_plan, DRILL_DUE).count() == 1


def test_a_draft_or_an_overall_plan_owes_none(supervisor: Any, district: Any) -> None:
    actor = actor_for(supervisor)
    draft = build_plan(actor, district, name="江岸区草稿预案")
    assert not _deadlines(draft, DRILL_DUE).exists()
    overall = bring_in_force(build_plan(actor, district, name="江岸区总体应急预案", kind="overall",
                                        category="", subtypes=""), actor, issued_on=date(2025, 1, 6))
    assert not _deadlines(overall, DRILL_DUE).exists()  # no minimum frequency for 总体预案


@pytest.mark.parametrize(("kind", "months"), [("ent_comprehensive", 12), ("ent_special", 12),
                                              ("ent_onsite", 6)])
def test_an_enterprise_plan_is_drilled_yearly_or_half_yearly_by_its_safety_manager(
        supervisor: Any, street: Any, kind: str, months: int) -> None:
    enterprise = make_enterprise(3)
    manager = make_user("qy_mgr", roles=["enterprise"], scope=street.code, real_name="企业安全员")
    enterprise_services.add_member(enterprise, manager, actor=system())
    actor = actor_for(supervisor)
    plan = bring_in_force(build_plan(actor, street, name=f"{enterprise.name}应急预案", kind=kind,
                                     level="enterprise", enterprise=enterprise),
                          actor, issued_on=date(2025, 5, 6))
    deadline = _open(plan, DRILL_DUE)
    assert deadline.due_at == end_of(rules.add_months(date(2025, 5, 6), months))
    assert deadline.responsible == manager
    # The lifecycle's own deadlines go to the same person (never to nobody).
    assert _deadlines(plan, "plan_filing").get().responsible == manager
    assert _open(plan, "plan_evaluation").responsible == manager


# --- the deadline of each finding ---------------------------------------------------------


def test_a_finding_has_its_deadline_and_closing_the_finding_meets_it(fire_plan: Plan,
                                                                    supervisor: Any) -> None:
    actor = actor_for(supervisor)
    drill = _held_drill(fire_plan, supervisor, timezone.localdate())
    due = timezone.localdate() + timedelta(days=30)
    drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="初评", findings=[
        drills.FindingInput("通讯保障不足", "区应急管理局", due)])
    finding = DrillFinding.objects.get(drill=drill)
    deadline = _open(finding, FINDING)
    assert deadline.due_at == end_of(due) and deadline.responsible == supervisor
    assert "通讯保障不足" in deadline.title and "区应急管理局" in deadline.title
    assert deadline.link.endswith("#findings")
    drills.close_finding(finding, actor=actor, rectification="已配发卫星电话")
    deadline.refresh_from_db()
    assert deadline.closed_at is not None and deadline.met_on_time is True


def test_an_open_finding_is_reminded_and_overdue(fire_plan: Plan, supervisor: Any) -> None:
    drill = _held_drill(fire_plan, supervisor, timezone.localdate())
    drills.evaluate_drill(drill, actor=actor_for(supervisor), scores=FULL, summary="初评", findings=[
        drills.FindingInput("警戒区设置不规范", "区公安分局", timezone.localdate() + timedelta(days=10))])
    deadline = _open(DrillFinding.objects.get(drill=drill), FINDING)
    assert check_deadlines(deadline.due_at - timedelta(days=2)).reminded == 1
    assert check_deadlines(deadline.due_at + timedelta(minutes=1)).overdue == 1
    assert Notification.objects.filter(recipient=supervisor, title__contains="警戒区设置不规范").count() >= 2


def test_evaluating_again_moves_each_findings_deadline_in_place(fire_plan: Plan,
                                                              supervisor: Any) -> None:
    evaluator = make_user("pg_eval_t", roles=["evaluator"], scope=WUHAN)
    drill = _held_drill(fire_plan, supervisor, timezone.localdate(), evaluator=evaluator)
    actor = actor_for(evaluator)
    first_due = timezone.localdate() + timedelta(days=30)
    items = [drills.FindingInput("首报超时", "区应急管理局", first_due, True),
             drills.FindingInput("物资清单未更新", "区应急管理局", first_due)]
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="初评", findings=items)
    findings = {f.problem: f for f in DrillFinding.objects.filter(drill=drill)}
    before = {p: _open(f, FINDING).pk for p, f in findings.items()}
    # The same findings again, one with a later deadline: no new finding nor deadline.
    later = first_due + timedelta(days=15)
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="复评", findings=[
        replace(items[0], due_on=later), items[1]])
    assert DrillFinding.objects.filter(drill=drill).count() == 2
    for problem, finding in findings.items():
        assert _deadlines(finding, FINDING).count() == 1
        assert _open(finding, FINDING).pk == before[problem]
    assert _open(findings["首报超时"], FINDING).due_at == end_of(later)
    assert _open(findings["物资清单未更新"], FINDING).due_at == end_of(first_due)
    # A third time unchanged writes no deadline at all.
    deadline_writes = AuditLog.objects.filter(object_type="core.deadline").count()
    drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="三评", findings=[
        replace(items[0], due_on=later), items[1]])
    assert AuditLog.objects.filter(object_type="core.deadline").count() == deadline_writes


def test_a_closed_finding_evaluated_again_gets_no_new_deadline(fire_plan: Plan, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    drill = _held_drill(fire_plan, supervisor, timezone.localdate())
    item = drills.FindingInput("疏散引导不到位", "大智街道办事处", timezone.localdate() + timedelta(days=20))
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="初评", findings=[item])
    finding = DrillFinding.objects.get(drill=drill)
    drills.close_finding(finding, actor=actor, rectification="已组织专项培训")
    drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="复评", findings=[
        drills.FindingInput(item.problem, item.owner, item.due_on + timedelta(days=5))])
    assert DrillFinding.objects.filter(drill=drill).count() == 1
    assert _deadlines(finding, FINDING).count() == 1
    assert not _deadlines(finding, FINDING).filter(closed_at__isnull=True).exists()


def test_a_drill_due_within_the_reminder_window_is_a_to_do(supervisor: Any, street: Any) -> None:
    from yingji.plans.workbench import drill_todos

    today = timezone.localdate()
    issued = date(today.year - 1, today.month, min(today.day, 28)) + timedelta(days=10)
    actor = actor_for(supervisor)
    plan = bring_in_force(build_plan(actor, street, name="大智街道突发事件应急预案", kind="grassroots",
                                     level="street"), actor, issued_on=issued)
    due = rules.add_months(issued, 12)
    assert _open(plan, DRILL_DUE).due_at == end_of(due)
    assert 0 < (due - today).days <= PlanSettings.current().remind_days
    labels = [t.label for t in drill_todos(supervisor)]
    assert "1项预案即将到达演练期限" in labels
    _held_drill(plan, supervisor, today)
    assert not any("即将到达演练期限" in label for label in [t.label for t in drill_todos(supervisor)])
