"""Every page and API endpoint of plans, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, a supervisor of 江岸区 and one of 武昌区."""

from __future__ import annotations

from datetime import date
from typing import Any

from yingji.core.models import Region
from yingji.core.testing import JIANGAN, JIANGAN_STREET, actor_for
from yingji.core.testing_scope import Action, Detail, List, Page, ScopeCase, World, city_wide_reference
from yingji.incidents.services import intake
from yingji.incidents.tests.conftest import incident_data
from yingji.plans import rules
from yingji.plans.models import PlanSettings
from yingji.plans.services import activation, drills
from yingji.plans.tests.factories import bring_in_force, build_plan

COMMENT = {"comment": "范围测试说明"}


class TestPlanScope(ScopeCase):
    apps = ("plans",)
    roles = ("supervisor", "duty_leader")

    endpoints = {
        "plan_tree": Page(),
        # The figures pages show the scope's rows (counted too: tests/test_scope_pages.py).
        "plan_coverage": List("street"),
        "plan_board": List("incident"),
        "incident_plans": Detail("incident"),
        "incident_plan_step": Action("incident", post=lambda w: {
            "name": "start_plan", "plan": w["plan"].pk, "level": "IV", "reason": "范围测试"}),
        "planactivation_step": Action("planactivation", post={"name": "level", "level": "II"}),
        "plan_step": Action("plan", post={"name": "abolish", "comment": "范围测试"}),
        "plan-structure": Detail("plan"),
        "plan-step": Action("plan", post={"step": "abolish", "comment": "范围测试"}),
        # A malformed id is a field error; a real incident's scope: tests/test_api_input.py.
        "planactivation-match": Page(query="incident=0", permitted=400, outsider=400),
        "planactivation-level": Action("planactivation", post={"level": "II"}),
        "planactivation-list": Page(),
        **{f"{key}_add": Page(query=q) for key, q in (
            ("workinggroup", ""), ("planresponselevel", ""), ("triggercondition", ""),
            ("levelaction", ""), ("levelresource", ""), ("plancontact", ""), ("planversion", ""))},
        "plan_cards": Detail("plan"),
        "plan_import": Detail("draft"),
        "drill_yearplan": List("plan", query=lambda w: f"year={w['drill'].planned_on.year}"),
        # Counts only (nothing to find by text): the figures, tests/test_scope_pages.py.
        "drill_stats": Page(query=lambda w: f"year={w['drill'].planned_on.year}"),
        "drill_step": Action("drill", post={"name": "start"}),
        "drill_evaluate": Detail("evaluated_drill"),
        "drill_report": Detail("evaluated_drill"),
        "drillfinding_step": Action("drillfinding", post={"name": "close", "rectification": "范围测试整改"}),
        "drillfinding-list": List("drillfinding"),
        "drillfinding-detail": Detail("drillfinding"),
        "drillfinding-close": Action("drillfinding", post={"rectification": "范围测试整改"}),
        "drill-start": Action("drill", post={}),
        "drill-finish": Action("drill", post={}),
        "drill-cancel": Action("drill", post={"comment": "范围测试取消"}),
        "drill-evaluate": Action("evaluated_drill", post={"summary": "范围测试", **{
            f"score_{code}": top for code, _, top in rules.AQT9009_ITEMS}}),
        "drill-chain": Detail("drill"),
        **city_wide_reference("plansettings", api=False, page_actions=("edit",)),
    }

    def build(self, world: World) -> dict[str, Any]:
        user = world.permitted()
        actor = actor_for(user)
        district = Region.objects.get(code=JIANGAN)
        plan = bring_in_force(build_plan(actor, district, name="范围测试火灾预案", contacts=[user],
                                         resources=[("IV", "team", "灭火", 1)]),
                              actor, issued_on=date(2025, 1, 2))
        draft = build_plan(actor, district, name="范围测试草稿预案")
        incident = intake.receive_incident(
            incident_data(Region.objects.get(code=JIANGAN_STREET), title="范围测试火灾", deaths=1),
            actor=actor)
        started = activation.activate(incident, plan, "IV", actor=actor)
        drill = drills.create_drill({
            "plan": plan, "title": "范围测试演练", "kind": "tabletop", "region": district,
            "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "范围测试情景",
            "planned_on": date(2026, 6, 1)}, actor=actor)
        held = drills.create_drill({
            "plan": plan, "title": "范围测试已评估演练", "kind": "live", "region": district,
            "organiser": "江岸区应急管理局", "participants": "区消防救援大队", "scenario": "范围测试情景",
            "planned_on": date(2025, 6, 1)}, actor=actor)
        held = drills.finish_drill(drills.start_drill(held, actor=actor, held_on=date(2025, 6, 1)),
                                   actor=actor)
        held = drills.evaluate_drill(held, actor=actor, summary="范围测试评估", scores={
            code: top for code, _, top in rules.AQT9009_ITEMS}, findings=[drills.FindingInput(
                "范围测试问题", "区应急管理局", date(2026, 1, 1))])
        level = plan.levels.filter(level="IV").first()
        assert level is not None
        return {
            "plan": plan, "draft": draft, "incident": incident, "planactivation": started,
            "planversion": plan.current_version, "workinggroup": plan.groups.first(),
            "planresponselevel": level, "triggercondition": level.conditions.first(),
            "levelaction": level.actions.first(), "plancontact": plan.contacts.first(),
            "levelresource": level.resources.first(), "plansettings": PlanSettings.current(),
            "drill": drill, "evaluated_drill": held, "drillfinding": held.findings.get(),
            "street": Region.objects.get(code=JIANGAN_STREET),
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "planactivation":
            return str(obj.plan_id)
        if key == "incident":
            return obj.title
        if key == "street":
            return obj.name
        if key == "drillfinding":
            return obj.problem
        return super().marker(key, obj)
