"""Drill pages: the list, a drill's page (run, chain of times, scores, findings), its
evaluation form and report, the yearly drill plan with frequency and coverage, and the
statistics with charts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.documents import docx_response
from yingji.core.filtersets import year_param
from yingji.core.replica import ReplicaReadsMixin
from yingji.core.steps.views import StepFormView, StepView
from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
    refusal_text,
    restricted,
)
from yingji.plans import filtersets
from yingji.plans.forms import DrillForm
from yingji.plans.models import Drill, DrillFinding, Plan
from yingji.plans.services import documents, drills
from yingji.plans.steps import DRILL_STEPS, FINDING_STEPS


def _year(request: HttpRequest) -> int:
    return year_param(request)[0]


class DrillListView(ObjectListView):
    """应急演练台账."""

    model = Drill
    filterset_class = filtersets.DrillFilterSet
    select_related = ("plan", "region")
    columns = (
        Column("title", "演练名称", link_to_detail=True, sortable=True),
        Column("kind", "形式", accessor="get_kind_display", sortable=True),
        Column("plan", "演练预案", accessor="plan.name"),
        Column("region", "区划", accessor="region.name"),
        Column("organiser", "组织单位"),
        Column("planned_on", "计划日期", sortable=True),
        Column("state", "状态", accessor="state_label"),
        Column("score", "得分"),
    )


class DrillDetailView(ObjectDetailView):
    """A drill: plan, run, chain of times against the limits, scores and findings."""

    model = Drill
    select_related = ("plan", "region", "evaluator", "incident")
    extra_template = "plans/drill_panel.html"
    fields = ("plan", "kind", "region", "address", "organiser", "participants", "participant_count",
              "scenario", "planned_on", "held_on", "evaluator",
              Column("state", "状态", accessor="state_label"), "score", "grade")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        actor = self.actor
        if obj.state not in ("planned", "running"):
            context["edit_url"] = None
        if obj.state != "planned":
            context["delete_url"] = None
        initial = {"version": obj.version, "address": obj.address}
        # The steps the workflow offers this user now; 评估 has its own page.
        steps = {step.name: step.form(initial=initial) for step in DRILL_STEPS.available(obj, actor)
                 if step.name != "evaluate"}
        findings = list(obj.findings.all())
        for finding in findings:
            finding.can_close = bool(FINDING_STEPS.available(finding, actor))
        context.update({
            "chain": drills.chain(obj), "steps": steps,
            "can_evaluate": "evaluate" in {s.name for s in DRILL_STEPS.available(obj, actor)},
            "scores": list(obj.scores.all()),
            "findings": findings,
        })
        return context


class DrillEditView(ObjectEditView):
    model = Drill
    form_class = DrillForm
    create_service = drills.create_drill
    update_service = drills.update_drill

    def get_form(self, obj: Any, data: Any = None, files: Any = None) -> Any:
        initial = {}
        if obj is None and self.request.GET.get("plan"):
            initial["plan"] = self.request.GET["plan"]
        return DrillForm(data, files, instance=obj, user=self.request.user, initial=initial)


class DrillDeleteView(ObjectDeleteView):
    model = Drill


class DrillStepView(StepView):
    """The drill page's buttons (``DRILL_STEPS``: 开始, 结束, 取消). Each step's own
    permission decides (``DRILL_FLOW``), so an evaluator who only sees the drill is refused
    by the workflow, not by a page rule."""

    model = Drill
    action = "view"
    steps = DRILL_STEPS
    invalid_message = "{step}填写有误"


class DrillEvaluateView(StepFormView):
    """The AQ/T 9009 scored evaluation on a page of its own; an external evaluator
    reaches only the drills assigned to them (their scope), and the step's permission is
    the workflow's (演练评估员, 监管员)."""

    model = Drill
    action = "view"
    steps = DRILL_STEPS
    step_name = "evaluate"
    template_name = "plans/drill_evaluate.html"
    invalid_message = "评估表填写有误"

    def get_initial(self, obj: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": obj.version, "summary": obj.evaluation_summary}
        for score in obj.scores.all():
            initial[f"score_{score.item}"] = score.score
            initial[f"note_{score.item}"] = score.note
        # Evaluating again shows the findings as typed, so each is kept once.
        initial["findings"] = "\n".join(
            f"{f.problem}｜{f.owner}｜{f.due_on:%Y-%m-%d}{'｜修订' if f.opens_revision else ''}"
            for f in obj.findings.order_by("pk"))
        return initial

    def get_context(self, obj: Any) -> dict[str, Any]:
        return {"drill": obj, "title": f"演练评估：{obj.title}", "chain": drills.chain(obj),
                "pretitle": "AQ/T 9009 生产安全事故应急演练评估"}


class DrillReportView(PageView):
    """The evaluation report as Word."""

    model = Drill

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        drill = get_object_or_404(restricted(self, "view"), pk=kwargs["pk"])
        return docx_response(documents.evaluation_report(drill, actor=self.actor),
                             f"{drill.title}评估报告.docx")


class PlanCardsView(PageView):
    """The plan's on-site cards (处置卡) as A5 Word pages."""

    model = Plan

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        plan = get_object_or_404(restricted(self, "view"), pk=kwargs["pk"])
        return docx_response(documents.cards(plan, actor=self.actor), f"{plan.name}处置卡.docx")


class FindingStepView(StepView):
    """销号 of a drill's finding (``FINDING_STEPS``), back to the drill's page."""

    model = DrillFinding
    action = "view"
    steps = FINDING_STEPS
    invalid_message = "{step}填写有误"

    def back_url(self, obj: Any) -> str:
        return reverse("drill_detail", kwargs={"pk": obj.drill_id}) + "#findings"


class DrillYearPlanView(TemplatePageView):
    """年度演练计划: each plan in force with its frequency rule, last drill, due date and
    this year's drills; coverage by street and key enterprise."""

    model = Plan
    title = "年度演练计划"
    template_name = "plans/drill_yearplan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = _year(self.request)
        rows = drills.year_plan(self.request.user, year)
        return {"year": year, "rows": rows, "coverage": drills.drill_coverage(self.request.user, year),
                "overdue": sum(1 for r in rows if r.overdue),
                "months": {k: v for k, v in drills.PlanSettings.current().drill_months().items()}}


class DrillStatsView(ReplicaReadsMixin, TemplatePageView):
    """演练统计: by kind, district, month and grade, with charts."""

    model = Plan
    title = "演练统计"
    template_name = "plans/drill_stats.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        year = _year(self.request)
        data = drills.statistics(self.request.user, year)
        charts = {key: {"title": label, "items": data[key]} for key, label in (
            ("by_kind", "按演练形式"), ("by_district", "按区县"), ("by_month", "按月份"),
            ("by_grade", "按评估等级"))}
        return {"year": year, "data": data, "charts": charts}


class PlanImportView(PageView):
    """导入预案结构 from a Word file: preview what is recognised, then import it."""

    model = Plan
    action = "change"

    def get_plan(self) -> Plan:
        return get_object_or_404(restricted(self, "change"), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self._page(self.get_plan(), None, False)

    def _page(self, plan: Plan, report: Any, imported: bool) -> HttpResponse:
        return self.render("plans/import.html", {"plan": plan, "report": report, "imported": imported,
                                                 "title": f"导入预案结构：{plan.name}",
                                                 "pretitle": "从Word文本识别工作组、响应分级和启动条件"})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from yingji.plans.services import word_import

        plan = self.get_plan()
        upload = request.FILES.get("file")
        if upload is None or not (upload.name or "").lower().endswith(".docx") or \
                (upload.size or 0) > 20 * 1024 * 1024:
            messages.error(request, "请选择20MB以内的Word（.docx）文件")
            return self._page(plan, None, False)
        content = upload.read()
        try:
            if request.POST.get("confirm"):
                report = word_import.import_structure(plan, content, actor=self.actor)
                messages.success(request, f"已导入{len(report.groups)}个工作组、"
                                          f"{len(report.levels)}个响应级别、{report.condition_count}项启动条件")
                return self._page(plan, report, True)
            report = word_import.parse(content)
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
            return self._page(plan, None, False)
        return self._page(plan, report, False)
