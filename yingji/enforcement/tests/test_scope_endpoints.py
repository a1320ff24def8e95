"""Every page and API endpoint of the enforcement module for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, an inspector of 江岸区 and one of 武昌区
(who never sees 江岸区's cases, inspections, documents, inspectors …)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from yingji.core.services.objects import create_object
from yingji.core.testing import JIANGAN, JIANGAN_STREET, make_department, system
from yingji.core.testing_scope import (
    Action,
    Delete,
    Detail,
    Edit,
    List,
    Page,
    Post,
    ScopeCase,
    World,
    city_wide_reference,
)
from yingji.enforcement.models import (
    DiscretionStandard,
    DocumentPrefix,
    EnforcementSettings,
    FindingKind,
)
from yingji.enforcement.services import campaigns, cases, documents, draws, inspections, people, plans
from yingji.enforcement.tests.conftest import make_inspector
from yingji.enterprises.tests.factories import make_enterprise

LEADER = ("duty_leader",)
LEGAL = ("legal_reviewer",)


def _as(role: tuple[str, ...], checks: dict[str, Any]) -> dict[str, Any]:
    return {name: replace(check, roles=role) for name, check in checks.items()}


class TestEnforcementScope(ScopeCase):
    apps = ("enforcement",)
    roles = ("inspector",)

    endpoints = {
        "case_transition": Action("case"),
        "case_proposal": Page(),
        "case_record": Action("case"),
        "case_arrangement": Action("case"),
        "case_extension": Action("case"),
        "case_document": Action("case"),
        "inspection_finding": Action("inspection"),
        "inspection_step": Action("inspection"),
        "inspection_document": Action("inspection"),
        "finding_case": Action("finding"),
        "document_download": Detail("document"),
        "case-detail": Detail("case", write_methods=("patch",)),
        "inspector_add": Page(roles=LEADER),
        "inspector_edit": Edit("inspector", roles=LEADER),
        "inspector-detail": Detail("inspector", roles=LEADER, write_methods=("patch",)),
        "team_add": Page(roles=LEADER),
        "team_edit": Edit("team", roles=LEADER),
        "team-detail": Detail("team", roles=LEADER, write_methods=("patch",)),
        "annualplan_add": Page(roles=LEADER),
        "annualplan_edit": Edit("annualplan", roles=LEADER),
        "annualplan-detail": Detail("annualplan", roles=LEADER, write_methods=("patch",)),
        "campaign_add": Page(roles=LEADER),
        "campaign_edit": Edit("campaign", roles=LEADER),
        "campaign-detail": Detail("campaign", roles=LEADER, write_methods=("patch",)),
        "campaignquota_add": Page(roles=LEADER),
        "campaignquota_edit": Edit("campaignquota", roles=LEADER),
        "campaignquota_delete": Delete("campaignquota", roles=LEADER),
        "campaignquota-detail": Detail("campaignquota", roles=LEADER),
        "draw_add": Page(),
        "draw_publish": Action("draw"),
        "draw-run": Post(),
        "drawpick_list": List("drawpick"),
        "enforcement_stats": Page(),
        **_as(LEADER, city_wide_reference("enforcementsettings", page_actions=("edit",), api=False)),
        **_as(LEGAL, city_wide_reference("documentprefix")),
        **_as(LEGAL, city_wide_reference("enforcementitem", page_actions=("list", "detail", "add", "edit"))),
        **_as(LEGAL, city_wide_reference("discretionstandard",
                                         page_actions=("list", "detail", "add", "edit"))),
        **_as(LEGAL, city_wide_reference("discretionband", page_actions=("add", "edit", "delete"),
                                         api=False)),
    }

    exempt = {
        "enforcement_public_draws": "the public disclosure of published draws (双随机一公开), open "
                                    "to everyone by design; tested in test_draws",
        "enforcement_public_draw": "one published draw, public by design (404 until published); "
                                   "tested in test_draws",
        "enforcement_public_penalties": "the public disclosure of penalty decisions with personal "
                                        "data masked, open by design; tested in test_stats",
    }

    def build(self, world: World) -> dict[str, Any]:
        bureau = make_department("范围测试江岸区应急管理局", region_code=JIANGAN, kind="district_bureau")
        officer = make_inspector(world.permitted(), bureau, name="范围测试执法甲")
        second = make_inspector(None, bureau, name="范围测试执法乙")
        make_inspector(None, bureau, name="范围测试执法丙")
        make_inspector(None, bureau, name="范围测试执法丁")
        enterprise = make_enterprise(981, street_code=JIANGAN_STREET, name="范围测试执法企业",
                                     supervising_department=bureau)
        standard = DiscretionStandard.objects.get(code="CL102")
        case = cases.open_case({"enterprise": enterprise, "standard": standard,
                                "title": "范围测试案件未消除事故隐患", "facts": "范围测试事实",
                                "unit_fine": Decimal("8000")}, actor=system(),
                               officers=[officer, second])
        inspection = inspections.record_inspection(
            {"enterprise": enterprise, "source": "plan", "summary": "范围测试检查"},
            actor=system(), inspectors=[officer, second])
        finding = inspections.add_finding(inspection, {
            "kind": FindingKind.VIOLATION, "standard": standard,
            "description": "范围测试违法行为"}, actor=system())
        team = people.create_team({"name": "范围测试执法一组", "department": bureau,
                                   "region": enterprise.region.parent or enterprise.region,
                                   "members": [officer, second], "leader": officer},
                                  actor=system())
        conflict = people.declare_conflict({"inspector": second, "enterprise": enterprise,
                                            "reason": "范围测试亲属关系"}, actor=system())
        prefix = create_object(DocumentPrefix, {"department": bureau, "prefix": "范测应急"}, actor=system())
        document = documents.issue_document(case, "filing", actor=system())
        plan = plans.create_plan({"year": 2026, "title": "范围测试年度计划", "department": bureau,
                                  "region": enterprise.region.parent}, actor=system())
        campaign = campaigns.create_campaign({
            "plan": plan, "name": "范围测试专项行动", "starts_on": date(2026, 3, 1),
            "ends_on": date(2026, 6, 30)}, actor=system())
        quota = campaigns.create_quota({"campaign": campaign, "region": plan.region, "team": team,
                                        "planned": 3}, actor=system())
        draw = draws.run_draw({"title": "范围测试抽查", "department": bureau,
                               "region": enterprise.region.parent, "count": 1}, actor=system(),
                              seed=1)
        return {
            "annualplan": plan, "draw": draw, "campaign": campaign, "campaignquota": quota,
            "drawpick": draw.picks.get(),
            "case": case, "inspection": inspection, "finding": finding, "team": team,
            "inspector": officer, "conflict": conflict, "document": document,
            "enforcementitem": standard.item, "discretionstandard": standard,
            "discretionband": standard.bands.order_by("pk").first(),
            "enforcementsettings": EnforcementSettings.current(), "documentprefix": prefix,
        }

    def marker(self, key: str, obj: Any) -> str:
        if key == "case":
            return obj.title
        if key == "inspection":
            return obj.number
        if key == "conflict":
            return obj.reason
        if key == "document":
            return obj.number
        if key == "campaign":
            return obj.name
        if key in ("annualplan", "draw"):
            return obj.title
        if key == "drawpick":
            return obj.enterprise.name
        if key in ("inspector", "team"):
            return obj.name
        if key == "enforcementitem":
            return obj.code
        if key == "discretionstandard":
            return obj.code
        if key == "documentprefix":
            return obj.prefix
        return super().marker(key, obj)
