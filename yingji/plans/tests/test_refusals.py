"""What the plans services refuse or keep to themselves: an external evaluator never
changes a plan (a finding marked for revision is a to-do of the plan's staff), the
lifecycle steps check the plan's scope before they write, re-evaluation updates a drill
in place, and the workbench counts only plans' deadlines."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline
from yingji.core.services import deadlines
from yingji.core.services.objects import ScopeViolation
from yingji.core.testing import WUCHANG, WUHAN, actor_for, make_user
from yingji.plans import rules
from yingji.plans.models import Drill, DrillFinding, DrillScore, Plan, PlanEvaluation, PlanRevision
from yingji.plans.services import drills, lifecycle
from yingji.plans.tests.factories import build_plan
from yingji.plans.workbench import plan_todos

FULL: dict[str, Decimal | int] = {code: top for code, _, top in rules.AQT9009_ITEMS}


@pytest.fixture
def outsider(db: Any) -> Any:
    return make_user("wc_sup", roles=["supervisor", "duty_leader"], scope=WUCHANG)


def _held_drill(plan: Plan, user: Any, **extra: Any) -> Drill:
    actor = actor_for(user)
    drill = drills.create_drill({
        "plan": plan, "title": "江岸区火灾实战演练", "kind": "live", "region": plan.region,
        "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "商场起火",
        "planned_on": timezone.localdate(), **extra}, actor=actor)
    return drills.finish_drill(drills.start_drill(drill, actor=actor), actor=actor)


def test_an_external_evaluator_records_a_revision_need_and_never_moves_the_plan(
        fire_plan: Any, supervisor: Any) -> None:
    evaluator = make_user("pg_evaluator_t", roles=["evaluator"], scope=WUHAN)
    drill = _held_drill(fire_plan, supervisor, evaluator=evaluator)
    finding = drills.FindingInput("首报超时", "区应急管理局", date.today() + timedelta(days=30), True)
    drills.evaluate_drill(drill, actor=actor_for(evaluator), scores=FULL, summary="第三方评估",
                          findings=[finding])
    fire_plan.refresh_from_db()
    assert fire_plan.state == "in_force"
    assert not PlanRevision.objects.filter(plan=fire_plan).exists()
    need = drills.revision_needs(Plan.objects.all()).get()
    assert need.problem == "首报超时"
    assert any("1项演练问题待启动预案修订" in t.label for t in plan_todos(supervisor))
    # The plan's staff open the revision from the need; the need is then answered.
    lifecycle.revise_plan(fire_plan, actor=actor_for(supervisor), cause="drill",
                          detail="首报超时", drill_finding=need)
    fire_plan.refresh_from_db()
    assert fire_plan.state == "revising"
    assert fire_plan.revisions.get().drill_finding == need
    assert not drills.revision_needs(Plan.objects.all()).exists()


def test_a_revision_refuses_another_plans_finding(fire_plan: Any, supervisor: Any,
                                                  district: Any) -> None:
    drill = _held_drill(fire_plan, supervisor)
    drills.evaluate_drill(drill, actor=actor_for(supervisor), scores=FULL, summary="好", findings=[
        drills.FindingInput("物资不足", "区应急管理局", date.today(), True)])
    other = build_plan(actor_for(supervisor), district, name="江岸区另一预案")
    with pytest.raises(ValidationError) as refused:
        lifecycle.revise_plan(other, actor=actor_for(supervisor), cause="drill", detail="物资不足",
                              drill_finding=drill.findings.get())
    assert "drill_finding" in refused.value.message_dict


def test_evaluating_again_updates_in_place_and_keeps_each_finding_once(
        fire_plan: Any, supervisor: Any) -> None:
    actor = actor_for(supervisor)
    drill = _held_drill(fire_plan, supervisor)
    finding = drills.FindingInput("首报超时", "区应急管理局", date.today() + timedelta(days=30), True)
    drill = drills.evaluate_drill(drill, actor=actor, scores=FULL, summary="初评", findings=[finding])
    rows = dict(DrillScore.objects.filter(drill=drill).values_list("item", "pk"))
    drills.evaluate_drill(drill, actor=actor, scores={**FULL, "command": Decimal(10)}, summary="复评",
                          findings=[finding])
    after = dict(DrillScore.objects.filter(drill=drill).values_list("item", "pk"))
    assert after == rows  # the same rows, updated
    changed = DrillScore.objects.get(drill=drill, item="command")
    assert changed.score == 10
    assert AuditLog.objects.filter(action="update", object_type="plans.drillscore",
                                   object_id=str(changed.pk)).count() == 1
    assert drill.findings.count() == 1
    # The finding's deadline is keyed on the finding and reused, never a second one.
    kept = drill.findings.get()
    assert Deadline.objects.filter(content_type=ContentType.objects.get_for_model(DrillFinding),
                                   object_id=str(kept.pk), kind="drill_finding").count() == 1
    assert drills.revision_needs(Plan.objects.all()).count() == 1
    drill.refresh_from_db()
    assert drill.score == 100 - (FULL["command"] - 10) and drill.evaluation_summary == "复评"


@pytest.mark.parametrize(("total", "grade"), [
    (100, "优秀"), (90, "优秀"), (Decimal("89.9"), "良好"), (80, "良好"), (Decimal("79.9"), "合格"),
    (60, "合格"), (Decimal("59.9"), "不合格"), (0, "不合格")])
def test_score_grade_at_its_boundaries(total: Any, grade: str) -> None:
    assert rules.score_grade(total) == grade


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("84.0"), "84"), (Decimal("84.5"), "84.5"), (Decimal("80.0"), "80"), (100, "100"),
    (Decimal("0.0"), "0")])
def test_a_score_is_written_without_a_trailing_zero(value: Any, text: str) -> None:
    assert rules.score_text(value) == text


# --- the lifecycle checks the plan's scope before it writes --------------------------------


def test_an_outsider_cannot_evaluate_a_plan(fire_plan: Any, outsider: Any) -> None:
    before = fire_plan.last_evaluated_on
    with pytest.raises(ScopeViolation):
        lifecycle.evaluate_plan(fire_plan, actor=actor_for(outsider), evaluated_on=date.today(),
                                evaluator="武昌区应急管理局", conclusion="越权评估", needs_revision=True)
    fire_plan.refresh_from_db()
    assert fire_plan.last_evaluated_on == before and fire_plan.state == "in_force"
    assert not PlanEvaluation.objects.exists() and not PlanRevision.objects.exists()


def test_an_outsider_cannot_note_a_revision_on_a_draft(supervisor: Any, district: Any,
                                                        outsider: Any) -> None:
    draft = build_plan(actor_for(supervisor), district, name="江岸区草稿预案")
    with pytest.raises(ScopeViolation):
        lifecycle.revise_plan(draft, actor=actor_for(outsider), cause="risk", detail="越权修订")
    assert not PlanRevision.objects.exists()


def _inserts(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_an_outsider_is_refused_review_and_issue_before_anything_is_written(
        supervisor: Any, district: Any, outsider: Any) -> None:
    actor = actor_for(supervisor)
    plan = lifecycle.submit_review(build_plan(actor, district, name="江岸区评审预案"), actor=actor)
    with CaptureQueriesContext(connection) as queries, pytest.raises(ScopeViolation):
        lifecycle.record_review(plan, actor=actor_for(outsider), held_on=date.today(),
                                experts="甲、乙、丙", conclusion="passed", opinions="同意")
    assert _inserts(queries) == []
    plan = lifecycle.record_review(plan, actor=actor, held_on=date.today(), experts="甲、乙、丙",
                                   conclusion="passed", opinions="同意")
    plan = lifecycle.sign_plan(plan, actor=actor, signer="区长")
    with CaptureQueriesContext(connection) as queries, pytest.raises(ScopeViolation):
        lifecycle.issue_plan(plan, actor=actor_for(outsider), doc_number="武政办〔2026〕1号",
                             issued_on=date.today())
    assert _inserts(queries) == []
    plan.refresh_from_db()
    assert plan.state == "signed" and not plan.versions.exists()


# --- the workbench ---------------------------------------------------------------------------


def test_the_workbench_counts_only_plans_deadlines(fire_plan: Any, supervisor: Any,
                                                   incident: Any) -> None:
    past = timezone.now() - timedelta(days=2)
    deadlines.set_deadline(fire_plan, kind="plan_evaluation", title="定期评估", due_at=past,
                           actor=actor_for(supervisor))
    # Another module's record whose id happens to be the plan's, with the same kind.
    other = deadlines.set_deadline(incident, kind="plan_filing", title="他模块时限", due_at=past,
                                   actor=actor_for(supervisor))
    Deadline.objects.filter(pk=other.pk).update(object_id=str(fire_plan.pk))
    titles = [t.label for t in plan_todos(supervisor)]
    assert "1项预案备案或评估已超期" in titles


def test_an_external_evaluators_drill_page_links_nothing_it_cannot_open(
        fire_plan: Any, supervisor: Any) -> None:
    from django.urls import reverse

    from yingji.core.testing import client_for

    evaluator = make_user("pg_eval_links", roles=["evaluator"], scope=WUHAN)
    drill = _held_drill(fire_plan, supervisor, evaluator=evaluator)
    page = client_for(evaluator).get(reverse("drill_detail", kwargs={"pk": drill.pk})).content.decode()
    assert fire_plan.name in page and reverse("plan_detail", kwargs={"pk": fire_plan.pk}) not in page
    assert f"/users/{evaluator.pk}/" not in page
    staff = client_for(supervisor).get(reverse("drill_detail", kwargs={"pk": drill.pk})).content.decode()
    assert reverse("plan_detail", kwargs={"pk": fire_plan.pk}) in staff
