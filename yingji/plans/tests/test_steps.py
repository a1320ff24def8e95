"""The plans module on core.steps: a plan taken through its lifecycle by its page's
buttons and by the API's ``step``, a drill run, evaluated and its finding closed, a plan
started and its level changed — each refused step changing nothing, with its Chinese
reason."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from yingji.core.models import AuditLog
from yingji.core.testing import JIANGAN, actor_for, client_for, make_user
from yingji.plans import rules
from yingji.plans.models import Drill, Plan, PlanActivation
from yingji.plans.services import drills
from yingji.plans.steps import DRILL_STEPS, PLAN_STEPS
from yingji.plans.tests.factories import build_plan

pytestmark = pytest.mark.django_db


def _messages(response: Any) -> list[str]:
    """What the response said (the redirects are not followed, so earlier steps' messages
    are still queued before it)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def _step(client: Any, plan: Plan, name: str, **data: Any) -> Any:
    plan.refresh_from_db()
    return client.post(reverse("plan_step", kwargs={"pk": plan.pk}),
                       {"name": name, "version": plan.version, **data})


def test_the_plan_page_offers_the_steps_of_its_state_and_takes_a_plan_to_in_force(
        supervisor: Any, district: Any) -> None:
    plan = build_plan(actor_for(supervisor), district, name="江岸区燃气事故应急预案")
    client = client_for(supervisor)
    page = client.get(reverse("plan_detail", kwargs={"pk": plan.pk})).content.decode()
    assert 'data-step="submit_review"' in page and 'data-step="abolish"' in page
    assert 'data-step="sign"' not in page
    assert _messages(_step(client, plan, "submit_review", comment="送审")) == ["已提交评审"]
    assert _messages(_step(client, plan, "review", held_on="2025-04-01", experts="张华、李强、王敏",
                           conclusion="passed", opinions="同意")) == ["已登记评审结论：已评审"]
    assert _messages(_step(client, plan, "sign", signer="区长")) == ["预案已签署"]
    assert _messages(_step(client, plan, "issue", doc_number="江政办〔2025〕3号",
                           issued_on="2025-04-02")) == ["预案已印发，请在时限内备案"]
    response = _step(client, plan, "file", filing_body="武汉市人民政府", filed_on="2025-04-10",
                     materials=["issue_document", "plan_text", "drafting_note"])
    assert _messages(response) == ["预案已备案，进入施行"]
    assert response["Location"] == reverse("plan_detail", kwargs={"pk": plan.pk}) + "#lifecycle"
    plan.refresh_from_db()
    assert plan.state == "in_force" and plan.filing_body == "武汉市人民政府"
    # 登记评估 is now a workflow step of a plan in force: offered, recorded on the timeline.
    assert "evaluate" in [s.name for s in PLAN_STEPS.available(plan, actor_for(supervisor))]
    today = timezone.localdate().isoformat()
    assert _messages(_step(client, plan, "evaluate", evaluated_on=today, evaluator="区应急管理局",
                           conclusion="预案适用")) == ["已登记预案评估"]
    plan.refresh_from_db()
    assert plan.state == "in_force" and plan.last_evaluated_on == timezone.localdate()
    assert AuditLog.objects.filter(object_type="plans.plan", object_id=str(plan.pk),
                                   detail="应急预案：登记评估").exists()


def test_a_refused_or_wrong_step_changes_nothing_and_says_why(supervisor: Any, district: Any) -> None:
    plan = build_plan(actor_for(supervisor), district, name="江岸区燃气事故应急预案")
    client = client_for(supervisor)
    assert _messages(_step(client, plan, "fly")) == ["未知的操作：fly"]
    assert _messages(_step(client, plan, "sign", signer="区长")) == [
        "当前状态为“起草中”，不能执行“签署”"]
    assert _messages(_step(client, plan, "abolish")) == ["废止填写有误：理由：该字段是必填项。"]
    stale = client.post(reverse("plan_step", kwargs={"pk": plan.pk}),
                        {"name": "abolish", "version": plan.version + 5, "comment": "过期页面"})
    assert _messages(stale) == ["该记录已被他人处理或修改，请刷新页面后重试"]
    plan.refresh_from_db()
    assert plan.state == "draft"


def test_the_api_step_is_the_same_table(supervisor: Any, district: Any) -> None:
    plan = build_plan(actor_for(supervisor), district, name="江岸区燃气事故应急预案")
    client = client_for(supervisor)
    url = f"/api/v1/plans/plans/{plan.pk}/step/"
    unknown = client.post(url, {"step": "fly"}, content_type="application/json")
    assert unknown.status_code == 400 and unknown.json()["error"]["fields"]["step"] == ["未知的操作：fly"]
    missing = client.post(url, {"step": "abolish"}, content_type="application/json")
    assert missing.status_code == 400 and "comment" in missing.json()["error"]["fields"]
    done = client.post(url, {"step": "submit_review", "version": plan.version},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "review"
    refused = client.post(url, {"step": "sign", "signer": "区长"}, content_type="application/json")
    assert refused.status_code == 409
    outsider = client_for(make_user("wc_sup_s", roles=["supervisor"], scope="420106"))
    assert outsider.post(url, {"step": "abolish", "comment": "越权"},
                         content_type="application/json").status_code == 404
    plan.refresh_from_db()
    assert plan.state == "review"


def _drill(supervisor: Any, plan: Plan, evaluator: Any = None, **extra: Any) -> Drill:
    return drills.create_drill({
        "plan": plan, "title": "江岸区火灾桌面推演", "kind": "tabletop", "region": plan.region,
        "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "商场火灾",
        "planned_on": timezone.localdate() - timedelta(days=1), "evaluator": evaluator, **extra},
        actor=actor_for(supervisor))


@pytest.fixture
def evaluator(db: Any) -> Any:
    return make_user("pg_eval_t", roles=["evaluator"], scope=JIANGAN, real_name="外部评估专家")


def _scores(**override: Any) -> dict[str, Any]:
    return {f"score_{code}": override.get(code, top) for code, _, top in rules.AQT9009_ITEMS}


def test_a_drill_is_run_on_its_page_and_evaluated_on_the_evaluation_page(
        supervisor: Any, fire_plan: Plan, evaluator: Any) -> None:
    drill = _drill(supervisor, fire_plan, evaluator)
    staff, outside = client_for(supervisor), client_for(evaluator)
    page = staff.get(reverse("drill_detail", kwargs={"pk": drill.pk})).content.decode()
    assert 'data-step="start"' in page and 'data-step="cancel"' in page
    # The evaluator sees the drill but may not run it: the workflow refuses.
    refused = outside.post(reverse("drill_step", kwargs={"pk": drill.pk}),
                           {"name": "start", "version": drill.version})
    assert _messages(refused) == ["您无权执行“开始演练”"]
    assert outside.get(reverse("drill_evaluate", kwargs={"pk": drill.pk})).status_code == 403
    assert _messages(staff.post(reverse("drill_step", kwargs={"pk": drill.pk}),
                                {"name": "start", "version": drill.version})) == ["演练已开始"]
    drill.refresh_from_db()
    assert _messages(staff.post(reverse("drill_step", kwargs={"pk": drill.pk}),
                                {"name": "finish", "version": drill.version})) == [
        "演练已结束，响应链条时间已记录"]
    url = reverse("drill_evaluate", kwargs={"pk": drill.pk})
    assert outside.get(url).status_code == 200
    # A bad line of findings shows the page again with what was typed.
    again = outside.post(url, {"summary": "组织有序", "findings": "通信不畅｜区应急管理局｜下月",
                               **_scores()})
    assert again.status_code == 200 and "通信不畅｜区应急管理局｜下月" in again.content.decode()
    assert _messages(again) == ["评估表填写有误：发现问题：期限“下月”应为年-月-日"]
    drill.refresh_from_db()
    assert drill.state == "done" and not drill.findings.exists()
    due = (timezone.localdate() + timedelta(days=20)).isoformat()
    done = outside.post(url, {"summary": "组织有序", "version": drill.version,
                              "findings": f"通信不畅｜区应急管理局｜{due}｜修订", **_scores()})
    assert done.status_code == 302 and _messages(done) == ["评估已提交"]
    drill.refresh_from_db()
    finding = drill.findings.get()
    assert drill.state == "evaluated" and drill.score == 100 and finding.opens_revision
    # 销号 on the drill's page, by the staff; the evaluator is refused by the workflow.
    close = reverse("drillfinding_step", kwargs={"pk": finding.pk})
    assert outside.post(close, {"name": "close", "rectification": "已配卫星电话"}).status_code in (302, 403)
    finding.refresh_from_db()
    assert finding.state == "open"
    closed = staff.post(close, {"name": "close", "version": finding.version, "rectification": "已配卫星电话"})
    assert _messages(closed) == ["问题已整改销号"]
    assert closed["Location"] == reverse("drill_detail", kwargs={"pk": drill.pk}) + "#findings"


def test_the_drill_api_runs_the_same_steps_and_cancels_a_planned_drill(
        supervisor: Any, fire_plan: Plan) -> None:
    client = client_for(supervisor)
    drill = _drill(supervisor, fire_plan)
    missing = client.post(f"/api/v1/plans/drills/{drill.pk}/cancel/", {}, content_type="application/json")
    assert missing.status_code == 400 and "comment" in missing.json()["error"]["fields"]
    cancelled = client.post(f"/api/v1/plans/drills/{drill.pk}/cancel/", {"comment": "台风停课"},
                            content_type="application/json")
    assert cancelled.status_code == 200 and cancelled.json()["state"] == "cancelled"
    again = client.post(f"/api/v1/plans/drills/{drill.pk}/start/", {}, content_type="application/json")
    assert again.status_code == 409
    held = _drill(supervisor, fire_plan)
    for name in ("start", "finish"):
        assert client.post(f"/api/v1/plans/drills/{held.pk}/{name}/", {},
                           content_type="application/json").status_code == 200
    bad = client.post(f"/api/v1/plans/drills/{held.pk}/evaluate/",
                      {"summary": "好", **_scores(plan_scenario=99)}, content_type="application/json")
    assert bad.status_code == 400 and "score_plan_scenario" in bad.json()["error"]["fields"]
    assert DRILL_STEPS["evaluate"].label == "提交评估"
    evaluated = client.post(f"/api/v1/plans/drills/{held.pk}/evaluate/", {
        "summary": "好", "findings": f"预案未明确联络方式｜区应急管理局｜{date.today().isoformat()}",
        **_scores()}, content_type="application/json")
    assert evaluated.status_code == 200 and evaluated.json()["state"] == "evaluated"
    finding = held.findings.get()
    closed = client.post(f"/api/v1/plans/findings/{finding.pk}/close/", {"rectification": "已补充"},
                         content_type="application/json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"


def test_a_plan_is_started_and_its_level_changed_from_the_incident_page(
        supervisor: Any, fire_plan: Plan, incident: Any) -> None:
    client = client_for(supervisor)
    start = reverse("incident_plan_step", kwargs={"pk": incident.pk})
    response = client.post(start, {"name": "start_plan", "plan": fire_plan.pk, "level": "III",
                                   "reason": "死亡3人"})
    started = PlanActivation.objects.get()
    assert response["Location"] == reverse("incident_plans", kwargs={"pk": incident.pk})
    assert _messages(response) == [
        f"已依据《{fire_plan.name}》启动Ⅲ级响应，下达{started.tasks.count()}项处置任务"]
    twice = client.post(start, {"name": "start_plan", "plan": fire_plan.pk, "level": "III"})
    assert _messages(twice) == ["该预案已对本事件启动，请调整响应级别"]
    level = reverse("planactivation_step", kwargs={"pk": started.pk})
    assert _messages(client.post(level, {"name": "level", "level": "II", "reason": "被困人员增加"})) == [
        "已调整为Ⅱ级响应"]
    assert _messages(client.post(level, {"name": "level", "level": "II"})) == ["响应级别未变化"]
    api = client.post(f"/api/v1/plans/activations/{started.pk}/level/", {"level": "V"},
                      content_type="application/json")
    assert api.status_code == 400 and "level" in api.json()["error"]["fields"]
    started.refresh_from_db()
    assert started.level == "II"
