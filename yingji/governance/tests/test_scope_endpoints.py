"""Every page and API endpoint of the governance module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, the 安委办 of 江岸区 and that of 武昌区.
The world's plan is 江岸区's, so 武昌区 neither sees it nor its items."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from yingji.core.testing import JIANGAN, actor_for, region, system
from yingji.core.testing_scope import Action, Detail, Page, ScopeCase, World, city_wide_reference
from yingji.governance.services import consultations, kpis, plans
from yingji.governance.services.imports import import_plan
from yingji.governance.tests.conftest import plan_data, seed_text


def _entry(world: dict[str, Any]) -> dict[str, Any]:
    return {"name": "enter", "region": JIANGAN, "month": f"{timezone.localdate():%Y-%m}",
            "value": "90", "note": "范围测试填报"}


class TestGovernanceScope(ScopeCase):
    apps = ("governance",)
    roles = ("safety_office",)

    endpoints = {
        "workplan_import": Page(),
        "workplan_board": Detail("workplan"),
        "node_add": Page(query=lambda w: f"item={w['workitem'].pk}"),
        "node_step": Action("node", post={"name": "report", "content": "范围测试进展", "percent": 30}),
        "node-step": Action("node", post={"name": "report", "content": "范围测试进展", "percent": 30}),
        "workitem_step": Action("workitem", post={"name": "supervise", "requirement": "范围测试督办",
                                                  "reply_due": "2099-01-01"}),
        "workitem-step": Action("workitem", post={"name": "supervise", "requirement": "范围测试督办",
                                                  "reply_due": "2099-01-01"}),
        "supervision_notice": Detail("supervision"),
        "consultation_report": Detail("consultation"),
        "assessmentscheme_bulletin": Detail("assessmentscheme"),
        "assessmentcriterion_add": Page(query=lambda w: f"scheme={w['assessmentscheme'].pk}"),
        "assessmentscheme_step": Action("assessmentscheme", post={"name": "rank"}),
        "assessmentscheme-step": Action("assessmentscheme", post={"name": "rank"}),
        "criterionscore_step": Action("criterionscore", post={"name": "team_score", "team_score": "10",
                                                              "team_note": ""}),
        "criterionscore-step": Action("criterionscore", post={"name": "team_score", "team_score": "10",
                                                              "team_note": ""}),
        "consultation_step": Action("consultation", post={"name": "edit", "summary": "范围测试研判"}),
        "consultation-step": Action("consultation", post={"name": "edit", "summary": "范围测试研判"}),
        # The library is the city's: every scope reads it, a city-wide user writes it.
        **city_wide_reference("indicator", page_actions=("list", "detail", "add", "edit")),
        "indicator-values": Detail("indicator", inside_scope=JIANGAN, outside_scope="420106000000",
                                   outsider=200),
        # The outsider (武昌区) may enter only 武昌区's values: 江岸区 is refused by the form
        # (the page goes back with the reason, the API answers 400), nothing is saved.
        "indicator_step": Action("indicator", post=_entry, outsider=302),
        "indicator-step": Action("indicator", post=_entry, outsider=400),
    }

    def build(self, world: World) -> dict[str, Any]:
        office = world.permitted()
        plan = import_plan(plan_data(region=region(JIANGAN), title="范围测试工作要点"),
                           seed_text("wuhan_2024.txt"), actor=actor_for(office))
        item = plan.items.get(style="cn_paren", number=3)  # on the first page of the list
        node = plans.create_node({"item": item, "title": "范围测试节点", "owner": office,
                                  "due": timezone.localdate() - timedelta(days=2)}, actor=system())
        report = plans.report_progress(node, actor=actor_for(office), content="范围测试报送", percent=10)
        supervision = plans.supervise_item(item, actor=system(), requirement="范围测试督办要求",
                                           reply_due=timezone.localdate() + timedelta(days=5))
        indicator = kpis.create_indicator({"kind": "entered", "code": "scope_test", "name": "范围测试指标",
                                           "unit": "%", "order": 1, "active": True}, actor=system())
        target = kpis.create_target({"indicator": indicator, "year": timezone.localdate().year,
                                     "region": region(JIANGAN), "value": Decimal("80")}, actor=system())
        from django.core.files.uploadedfile import SimpleUploadedFile

        from yingji.governance.tests.test_progress import PNG
        entry = kpis.enter_value(indicator, actor=actor_for(office), region=region(JIANGAN),
                                 month=timezone.localdate(), value=Decimal("88"), note="范围测试填报说明",
                                 evidence=[SimpleUploadedFile("证明.png", PNG, content_type="image/png")])
        consultation = consultations.create_consultation({
            "kind": "daily", "title": "范围测试会商", "region": region(JIANGAN),
            "period_start": timezone.localdate() - timedelta(days=7),
            "period_end": timezone.localdate()}, actor=system())
        from yingji.governance.models import CriterionScore, OversightRecord
        from yingji.governance.services import assessments

        scheme = assessments.create_scheme({"year": 2025, "title": "范围测试考核方案",
                                            "region": region(JIANGAN), "issuer": "江岸区安委会"},
                                           actor=system())
        criterion = assessments.create_criterion({"scheme": scheme, "category": "common",
                                                  "name": "范围测试细则", "weight": 10,
                                                  "rule": "范围测试扣分"}, actor=system())
        scheme.state = "open"
        scheme.save()
        result = assessments.AssessmentResult.objects.create(scheme=scheme, region=region(JIANGAN))
        score = CriterionScore.objects.create(result=result, criterion=criterion)
        oversight = OversightRecord.objects.create(kind="interview", region=region(JIANGAN),
                                                   subject="范围测试约谈对象", held_on=timezone.localdate(),
                                                   reason="范围测试事由")
        return {"assessmentscheme": scheme, "assessmentcriterion": criterion,
                "assessmentresult": result, "criterionscore": score, "oversightrecord": oversight,
                "consultation": consultation, "workplan": plan, "workitem": item,
                "node": node, "progressreport": report,
                "supervision": supervision, "indicator": indicator, "indicatortarget": target,
                "indicatorentry": entry}

    def marker(self, key: str, obj: Any) -> str:
        if key == "workitem":
            return obj.title
        if key == "progressreport":
            return obj.content
        if key == "oversightrecord":
            return obj.subject
        if key == "assessmentresult":
            return obj.scheme.title
        if key == "criterionscore":
            return obj.criterion.name
        if key == "supervision":
            return obj.number
        if key in ("indicatorentry", "indicatortarget"):
            return obj.indicator.name
        return super().marker(key, obj)
