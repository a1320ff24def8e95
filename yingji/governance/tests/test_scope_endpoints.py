"""Every page and API endpoint of the governance module, for the four kinds of caller
(``core.testing_scope``): anonymous, unpermitted, the 安委办 of 江岸区 and that of 武昌区.
The world's plan is 江岸区's, so 武昌区 neither sees it nor its items."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from yingji.core.testing import JIANGAN, actor_for, region, system
from yingji.core.testing_scope import Action, Detail, Page, ScopeCase, World
from yingji.governance.services import plans
from yingji.governance.services.imports import import_plan
from yingji.governance.tests.conftest import plan_data, seed_text


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
        return {"workplan": plan, "workitem": item, "node": node, "progressreport": report,
                "supervision": supervision}

    def marker(self, key: str, obj: Any) -> str:
        if key == "workitem":
            return obj.title
        if key == "progressreport":
            return obj.content
        if key == "supervision":
            return obj.number
        return super().marker(key, obj)
