"""Drill pages: the list, a drill's page (run, chain of times, scores, findings), its
evaluation form and report, the yearly drill plan with frequency and coverage, and the
statistics with charts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone

from yingji.core.documents import docx_response
from yingji.core.filtersets import year_param
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    TemplatePageView,
    refusal_text,
    restricted,
)
from yingji.plans import filtersets, rules
from yingji.plans.forms import (
    CloseFindingForm,
    DrillEvaluationForm,
    DrillForm,
    FinishDrillForm,
    StartDrillForm,
)
from yingji.plans.models import Drill, DrillFinding, Plan
from yingji.plans.services import documents, drills
from yingji.plans.workflow import DRILL_FLOW


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
        steps = {t.name for t in DRILL_FLOW.available(obj, self.actor)}
        if obj.state not in ("planned", "running"):
            context["edit_url"] = None
        if obj.state != "planned":
            context["delete_url"] = None
        context.update({
            "chain": drills.chain(obj), "steps": steps,
            "start_form": StartDrillForm(initial={"version": obj.version, "address": obj.address}),
            "finish_form": FinishDrillForm(initial={"version": obj.version}),
            "scores": list(obj.scores.all()),
            "findings": list(obj.findings.all()),
            "close_form": CloseFindingForm(),
            "can_close": self.request.user.has_perm("plans.change_drillfinding"),
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


class DrillStartView(ObjectActionView):
    model = Drill
    form_class = StartDrillForm
    success_message = "演练已开始"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        facts = None
        if data["through_intake"]:
            facts = {"category": data["category"], "subtype": data["subtype"],
                     "address": data["address"] or obj.address, "deaths": data["deaths"] or 0,
                     "trapped": data["trapped"] or 0}
        return drills.start_drill(obj, actor=self.actor, through_intake=data["through_intake"],
                                  incident=facts)


class DrillFinishView(ObjectActionView):
    model = Drill
    form_class = FinishDrillForm
    success_message = "演练已结束，响应链条时间已记录"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return drills.finish_drill(obj, actor=self.actor, comment=data["comment"])


class DrillEvaluateView(PageView):
    """The AQ/T 9009 evaluation form (GET) and its submission (POST); an external
    evaluator reaches only the drills assigned to them."""

    model = Drill
    permission = "plans.evaluate_drill"

    def get_object(self) -> Drill:
        return get_object_or_404(restricted(self, "view"), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        drill = self.get_object()
        initial: dict[str, Any] = {"summary": drill.evaluation_summary}
        for score in drill.scores.all():
            initial[f"score_{score.item}"] = score.score
            initial[f"note_{score.item}"] = score.note
        # Evaluating again shows the findings as typed, so each is kept once.
        initial["findings"] = "\n".join(
            f"{f.problem}｜{f.owner}｜{f.due_on:%Y-%m-%d}{'｜修订' if f.opens_revision else ''}"
            for f in drill.findings.order_by("pk"))
        return self._page(drill, DrillEvaluationForm(initial=initial))

    def _page(self, drill: Drill, form: DrillEvaluationForm) -> HttpResponse:
        return self.render("plans/drill_evaluate.html", {
            "drill": drill, "form": form, "title": f"演练评估：{drill.title}", "chain": drills.chain(drill),
            "pretitle": "AQ/T 9009 生产安全事故应急演练评估"})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        drill = self.get_object()
        form = DrillEvaluationForm(request.POST)
        if not form.is_valid():
            return self._page(drill, form)
        data = form.cleaned_data
        try:
            findings = drills.parse_findings((data["findings"] or "").splitlines(),
                                             timezone.localdate() + timedelta(days=30))
            drills.evaluate_drill(
                drill, actor=self.actor, summary=data["summary"], findings=findings,
                scores={c: Decimal(str(data[f"score_{c}"])) for c, _, _ in rules.AQT9009_ITEMS},
                notes={c: data[f"note_{c}"] for c, _, _ in rules.AQT9009_ITEMS})
        except (PermissionDenied, ValidationError) as exc:
            messages.error(request, refusal_text(exc))
            return self._page(drill, form)
        messages.success(request, "评估已提交")
        return redirect(reverse("drill_detail", kwargs={"pk": drill.pk}))


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


class FindingCloseView(ObjectActionView):
    model = DrillFinding
    form_class = CloseFindingForm
    success_message = "问题已整改销号"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return drills.close_finding(obj, actor=self.actor, rectification=data["rectification"])

    def success_url(self, obj: Any) -> str:
        return reverse("drill_detail", kwargs={"pk": obj.drill_id})


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


class DrillStatsView(TemplatePageView):
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
