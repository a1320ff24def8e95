"""Plan services: the lifecycle with its deadlines and refusals, matching an incident,
activation (tasks, 叫应, the version used) and a change of level; coverage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.models import AuditLog, Deadline, Notification
from yingji.core.testing import actor_for
from yingji.incidents.models import ResponseTask
from yingji.plans.models import ActivationTask, Plan, PlanActivation
from yingji.plans.services import activation, coverage, lifecycle, matching, plans
from yingji.plans.tests.factories import build_plan


def test_a_plan_goes_through_review_sign_issue_and_filing(supervisor: Any, district: Any) -> None:
    actor = actor_for(supervisor)
    plan = build_plan(actor, district, name="江岸区测试预案")
    plan = lifecycle.submit_review(plan, actor=actor)
    plan = lifecycle.record_review(plan, actor=actor, held_on=date(2025, 3, 1),
                                   experts="张华、李强、王敏", conclusion="passed", opinions="同意")
    plan = lifecycle.sign_plan(plan, actor=actor, signer="区长")
    plan = lifecycle.issue_plan(plan, actor=actor, doc_number="江政办〔2025〕3号",
                                issued_on=date(2025, 3, 3))
    assert plan.state == "issued" and plan.current_version.number == 1
    assert plan.current_version.structure["levels"][0]["conditions"]
    filing = Deadline.objects.get(kind=lifecycle.FILING, object_id=str(plan.pk))
    # 20 working days after 2025-03-03 (Monday): 2025-03-31.
    assert timezone.localtime(filing.due_at).date() == date(2025, 3, 31)
    with pytest.raises(ValidationError) as refused:
        lifecycle.file_plan(plan, actor=actor, filing_body="武汉市人民政府", filed_on=date(2025, 3, 20),
                            materials=["issue_document"])
    assert "编制说明" in str(refused.value.message_dict["materials"])
    plan.refresh_from_db()
    assert plan.state == "issued"
    plan = lifecycle.file_plan(plan, actor=actor, filing_body="武汉市人民政府",
                               filed_on=date(2025, 3, 20),
                               materials=["issue_document", "plan_text", "drafting_note"])
    assert plan.state == "in_force" and plan.filed_on == date(2025, 3, 20)
    filing.refresh_from_db()
    assert filing.closed_at is not None and filing.met_on_time
    evaluation = Deadline.objects.get(kind=lifecycle.EVALUATION, object_id=str(plan.pk))
    assert timezone.localtime(evaluation.due_at).date() == date(2028, 3, 3)


def test_review_needs_three_experts_and_a_failed_review_goes_back(supervisor: Any,
                                                                  district: Any) -> None:
    actor = actor_for(supervisor)
    plan = lifecycle.submit_review(build_plan(actor, district, name="江岸区测试预案"), actor=actor)
    with pytest.raises(ValidationError) as refused:
        lifecycle.record_review(plan, actor=actor, held_on=date(2025, 3, 1), experts="张华",
                                conclusion="passed", opinions="同意")
    assert "experts" in refused.value.message_dict
    plan = lifecycle.record_review(plan, actor=actor, held_on=date(2025, 3, 1),
                                   experts="张华、李强、王敏", conclusion="failed", opinions="职责不清")
    assert plan.state == "draft"


def test_a_draft_without_structure_cannot_go_to_review(supervisor: Any, district: Any) -> None:
    actor = actor_for(supervisor)
    plan = plans.create_plan({"name": "空预案", "kind": "special", "level": "district",
                              "region": district, "owner_unit": "江岸区应急管理局"}, actor=actor)
    with pytest.raises(ValidationError) as refused:
        lifecycle.submit_review(plan, actor=actor)
    assert "groups" in refused.value.message_dict


def test_an_enterprise_plan_needs_its_enterprise(supervisor: Any, district: Any) -> None:
    with pytest.raises(ValidationError) as refused:
        plans.create_plan({"name": "某公司综合预案", "kind": "ent_comprehensive",
                           "level": "enterprise", "region": district, "owner_unit": "某公司"},
                          actor=actor_for(supervisor))
    assert refused.value.message_dict["enterprise"] == ["企业预案须选择所属企业"]
    assert not Plan.objects.exists()


def test_evaluation_moves_the_deadline_and_can_open_a_revision(fire_plan: Any,
                                                               supervisor: Any) -> None:
    actor = actor_for(supervisor)
    lifecycle.evaluate_plan(fire_plan, actor=actor, evaluated_on=timezone.localdate(),
                            evaluator="区应急管理局", conclusion="机构调整，需修订", needs_revision=True)
    fire_plan.refresh_from_db()
    assert fire_plan.state == "revising" and fire_plan.revisions.get().cause == "evaluation"
    due = Deadline.objects.get(kind=lifecycle.EVALUATION, object_id=str(fire_plan.pk),
                               closed_at__isnull=True)
    assert timezone.localtime(due.due_at).date().year == timezone.localdate().year + 3


def test_matching_gives_the_level_and_the_reason(fire_plan: Any, incident: Any) -> None:
    found = matching.match_incident(incident)
    assert [(m.plan.pk, m.level) for m in found] == [(fire_plan.pk, "III")]
    assert found[0].reason.startswith("死亡3人") and found[0].reason.endswith("达到Ⅲ级响应条件")


def test_matching_reads_the_plans_in_a_fixed_number_of_queries(fire_plan: Any, incident: Any,
                                                               supervisor: Any, district: Any,
                                                               django_assert_max_num_queries: Any) -> None:
    actor = actor_for(supervisor)
    from yingji.plans.tests.factories import bring_in_force
    for n in range(3):
        bring_in_force(build_plan(actor, district, name=f"江岸区火灾专项预案{n}"), actor,
                       issued_on=date(2025, 3, 3))
    facts = matching.facts_of(incident)
    with django_assert_max_num_queries(1):
        assert len(matching.match_incident(incident, facts=facts)) == 4


def test_activation_opens_the_groups_tasks_calls_the_contacts_and_records_the_version(
        fire_plan: Any, incident: Any, supervisor: Any, contact: Any) -> None:
    actor = actor_for(supervisor)
    started = activation.activate(incident, fire_plan, "III", actor=actor, reason="死亡3人")
    assert started.version == fire_plan.current_version and started.version_label == "2025年版"
    titles = sorted(ResponseTask.objects.filter(incident=incident).values_list("title", flat=True))
    assert titles == ["【医疗救护组】组织医疗救护", "【抢险救援组】调派就近消防救援力量",
                      "【综合协调组】成立现场指挥部", "【综合协调组】组织先期处置，划定警戒区"]
    incident.refresh_from_db()
    assert incident.response_level == "III" and incident.state == "responding"
    task = ResponseTask.objects.get(title="【抢险救援组】调派就近消防救援力量")
    assert task.due_at == incident.response_started_at + timedelta(minutes=15)
    assert task.department_name == "区消防救援大队"
    call = Notification.objects.get(recipient=contact)
    assert call.requires_ack and "叫应" in call.title
    assert AuditLog.objects.filter(object_type="plans.planactivation").exists()
    with pytest.raises(ValidationError):
        activation.activate(incident, fire_plan, "III", actor=actor)


def test_raising_adds_and_lowering_closes_tasks(fire_plan: Any, incident: Any,
                                                supervisor: Any) -> None:
    actor = actor_for(supervisor)
    started = activation.activate(incident, fire_plan, "IV", actor=actor)
    assert ResponseTask.objects.filter(incident=incident).count() == 2
    raised = activation.change_level(started, "II", actor=actor, reason="伤亡增加")
    assert raised.level == "II"
    assert ResponseTask.objects.filter(incident=incident).count() == 5
    lowered = activation.change_level(raised, "IV", actor=actor)
    closed = ActivationTask.objects.filter(activation=lowered, closed_by_change=True)
    assert closed.count() == 3
    assert all(t.task.state == "done" and "降低" in t.task.result for t in closed)
    incident.refresh_from_db()
    assert incident.response_level == "IV"


def test_an_outsider_cannot_activate(fire_plan: Any, incident: Any) -> None:
    from yingji.core.testing import WUCHANG, make_user

    outsider = make_user("wc_sup", roles=["supervisor"], scope=WUCHANG)
    with pytest.raises(ValidationError):
        activation.activate(incident, fire_plan, "III", actor=actor_for(outsider))
    assert not PlanActivation.objects.exists()


def test_coverage_lists_streets_without_a_plan_and_overdue_filing(fire_plan: Any, supervisor: Any,
                                                                  district: Any) -> None:
    actor = actor_for(supervisor)
    pending = build_plan(actor, district, name="江岸区待备案预案")
    pending = lifecycle.submit_review(pending, actor=actor)
    pending = lifecycle.record_review(pending, actor=actor, held_on=date(2025, 1, 2),
                                      experts="张华、李强、王敏", conclusion="passed", opinions="同意")
    pending = lifecycle.sign_plan(pending, actor=actor, signer="区长")
    lifecycle.issue_plan(pending, actor=actor, doc_number="江政办〔2025〕1号", issued_on=date(2025, 1, 2))
    report = coverage.coverage(supervisor)
    assert [p.pk for p, _ in report.filing_overdue] == [pending.pk]
    assert report.streets_total > 0 and report.streets_missing_count == report.streets_total


def test_a_level_condition_is_chosen_by_name_not_typed_as_a_code(fire_plan: Any,
                                                                 supervisor: Any) -> None:
    from yingji.plans.forms import TriggerConditionForm

    level = fire_plan.levels.get(level="IV")
    form = TriggerConditionForm({"response_level": level.pk, "fact": "warning_level",
                                 "level_value": "warning_level:orange"}, user=supervisor)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["value"] == "orange"
    wrong = TriggerConditionForm({"response_level": level.pk, "fact": "grade",
                                  "level_value": "warning_level:red"}, user=supervisor)
    assert not wrong.is_valid() and "level_value" in wrong.errors
    missing = TriggerConditionForm({"response_level": level.pk, "fact": "deaths"}, user=supervisor)
    assert not missing.is_valid() and "请填写数值" in missing.errors["value"]
