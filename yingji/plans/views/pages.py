"""The plan system as a tree, the coverage report and the module's parameters."""

from __future__ import annotations

from typing import Any

from yingji.core.views.generic import SettingsEditView, TemplatePageView
from yingji.plans.forms import PlanSettingsForm
from yingji.plans.models import Plan, PlanKind, PlanSettings
from yingji.plans.services import coverage, plans


class PlanTreeView(TemplatePageView):
    """预案体系: the plans in scope as a tree (the city's "1+N")."""

    model = Plan
    title = "预案体系"
    template_name = "plans/tree.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        roots = plans.plan_tree(self.request.user)
        counts: dict[str, int] = {}
        stack = list(roots)
        while stack:
            node = stack.pop()
            counts[node.plan.kind] = counts.get(node.plan.kind, 0) + 1
            stack.extend(node.children)
        summary = [(label, counts.get(code, 0)) for code, label in PlanKind.choices]
        return {"roots": roots, "summary": summary, "total": sum(counts.values())}


class PlanCoverageView(TemplatePageView):
    """预案覆盖: streets, communities and key enterprises without a plan in force; plans
    overdue for filing or evaluation."""

    model = Plan
    title = "预案覆盖情况"
    template_name = "plans/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        report = coverage.coverage(self.request.user)
        return {"report": report,
                "street_rate": report.rate(report.streets_total, report.streets_missing_count),
                "community_rate": report.rate(report.communities_total,
                                              report.communities_missing_count),
                "enterprise_rate": report.rate(report.enterprises_total,
                                               report.enterprises_missing_count)}


class PlanSettingsView(SettingsEditView):
    model = PlanSettings
    form_class = PlanSettingsForm
    title = "预案演练参数"

    def perform_update(self, obj: Any, form: Any) -> Any:
        return plans.save_plan_settings(self.form_data(form), actor=self.actor)

    def success_url(self, obj: Any) -> str:
        from django.urls import reverse

        return reverse("plansettings_edit")
