"""Annual assessment pages: schemes (list, detail with criteria and the ranking, the
steps and the 通报), criteria, results (a district's scores), a score's page with the
self-assessment and the team's forms, and the 巡查/约谈/问责 records. Thin."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse

from yingji.core.documents import docx_response
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.base import restricted
from yingji.core.views.details import attachments_of
from yingji.core.views.generic import (
    ChildEditView,
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.governance import rules_assessment as rules
from yingji.governance.filtersets_assessments import (
    AssessmentResultFilterSet,
    AssessmentSchemeFilterSet,
    OversightRecordFilterSet,
)
from yingji.governance.forms_assessments import (
    SCHEME_STEPS,
    SCORE_STEPS,
    AssessmentCriterionForm,
    AssessmentSchemeForm,
    OversightRecordForm,
    SelfAssessForm,
    TeamScoreForm,
)
from yingji.governance.models import (
    AssessmentCriterion,
    AssessmentResult,
    AssessmentScheme,
    CriterionScore,
    OversightRecord,
    SchemeState,
)
from yingji.governance.services import assessments


def _grade(r: AssessmentResult) -> str:
    return rules.GRADE_LABELS.get(r.grade, "—")


class AssessmentSchemeListView(ObjectListView):
    model = AssessmentScheme
    title = "年度考核"
    filterset_class = AssessmentSchemeFilterSet
    select_related = ("region",)
    columns = (Column("year", "考核年度", sortable=True), Column("title", "考核方案", link_to_detail=True),
               Column("region", "考核区域", accessor="region.name"), Column("issuer", "考核单位"),
               Column("state", "状态", accessor="get_state_display"), Column("number", "通报文号"))


class AssessmentSchemeDetailView(ObjectDetailView):
    model = AssessmentScheme
    select_related = ("region",)
    extra_template = "governance/scheme_panel.html"
    show_attachments = False
    fields = ("year", "title", "region", "issuer", "veto_code", "veto_limit", "state", "number",
              "published_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        if obj.state == SchemeState.PUBLISHED:
            context["edit_url"] = None
        context["delete_url"] = None
        criteria = list(AssessmentCriterion.objects.restrict(user, "view").filter(scheme=obj)
                        .prefetch_related("districts"))
        results = list(AssessmentResult.objects.restrict(user, "view").filter(scheme=obj)
                       .select_related("region").order_by("rank", "region"))
        for result in results:
            result.grade_label = _grade(result)
        may_score = user.has_perm(assessments.SCORE_PERMISSION)
        context.update(
            criteria=criteria, results=results,
            weight_total=sum(c.weight for c in criteria),
            add_criterion_url=(reverse("assessmentcriterion_add") + f"?scheme={obj.pk}"
                               if obj.state == SchemeState.DRAFT and may(user, AssessmentCriterion, "add")
                               else None),
            may_open=obj.state == SchemeState.DRAFT and may(user, AssessmentScheme, "change"),
            may_rank=obj.state == SchemeState.OPEN and may_score)
        return context


class AssessmentSchemeEditView(ObjectEditView):
    model = AssessmentScheme
    form_class = AssessmentSchemeForm
    create_service = assessments.create_scheme
    update_service = assessments.update_scheme

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"


class AssessmentSchemeStepView(StepView):
    model = AssessmentScheme
    action = "view"
    steps = SCHEME_STEPS


class AssessmentBulletinView(PageView):
    """考核结果通报 (Word)."""

    model = AssessmentScheme

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        scheme = get_object_or_404(restricted(self, "view"), pk=kwargs["pk"])
        content = assessments.bulletin(scheme, actor=self.actor)
        return docx_response(content, f"{scheme.year}年度安全生产考核结果通报.docx")


class AssessmentCriterionDetailView(ObjectDetailView):
    model = AssessmentCriterion
    select_related = ("scheme",)
    show_attachments = False
    fields = ("scheme", "category", "name", "weight", "rule",
              Column("districts", "适用区县",
                     accessor=lambda c: "、".join(d.name for d in c.districts.all()) or "全部区县"),
              "order")


class AssessmentCriterionEditView(ChildEditView):
    model = AssessmentCriterion
    form_class = AssessmentCriterionForm
    parent_field = "scheme"
    create_service = assessments.create_criterion
    update_service = assessments.update_criterion


class AssessmentResultListView(ObjectListView):
    model = AssessmentResult
    title = "考核结果"
    filterset_class = AssessmentResultFilterSet
    select_related = ("scheme", "region")
    columns = (Column("scheme", "考核方案", accessor="scheme.title"),
               Column("region", "被考核区县", accessor="region.name", link_to_detail=True),
               Column("self_total", "自评总分", sortable=True),
               Column("team_total", "考核得分", sortable=True),
               Column("vetoed", "一票否决"), Column("grade", "考核等次", accessor=_grade),
               Column("rank", "排名", sortable=True))


class AssessmentResultDetailView(ObjectDetailView):
    model = AssessmentResult
    select_related = ("scheme", "region")
    extra_template = "governance/result_panel.html"
    show_attachments = False
    fields = ("scheme", "region", "self_total", "team_total", "veto_value", "vetoed",
              Column("grade", "考核等次", accessor=_grade), "rank")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = context["delete_url"] = None
        context["scores"] = list(CriterionScore.objects.restrict(self.request.user, "view")
                                 .filter(result=obj).select_related("criterion"))
        return context


class CriterionScoreDetailView(ObjectDetailView):
    model = CriterionScore
    select_related = ("result", "result__region", "result__scheme", "criterion")
    extra_template = "governance/score_panel.html"
    show_attachments = False
    fields = ("result", "criterion", Column("weight", "分值", accessor="criterion.weight"),
              Column("rule", "扣分规则", accessor="criterion.rule"), "self_score", "self_note",
              "evidence_count", "team_score", "team_note", "scored_by")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context["edit_url"] = context["delete_url"] = None
        is_open = obj.result.scheme.state == SchemeState.OPEN
        context.update(
            files=attachments_of(obj),
            self_form=(SelfAssessForm(initial={"self_score": obj.self_score, "self_note": obj.self_note})
                       if is_open and may(user, CriterionScore, "change") else None),
            team_form=(TeamScoreForm(initial={"team_score": obj.team_score, "team_note": obj.team_note})
                       if is_open and user.has_perm(assessments.SCORE_PERMISSION) else None))
        return context


class CriterionScoreStepView(StepView):
    model = CriterionScore
    action = "view"
    steps = SCORE_STEPS


class OversightRecordListView(ObjectListView):
    model = OversightRecord
    title = "巡查约谈问责"
    filterset_class = OversightRecordFilterSet
    select_related = ("region",)
    columns = (Column("held_on", "日期", sortable=True), Column("kind", "类型", accessor="get_kind_display"),
               Column("subject", "对象", link_to_detail=True),
               Column("region", "区域", accessor="region.name"),
               Column("reason", "事由"), Column("outcome", "情况和处理结果"))


class OversightRecordDetailView(ObjectDetailView):
    model = OversightRecord
    select_related = ("region", "scheme", "recorded_by")
    fields = ("kind", "region", "subject", "held_on", "reason", "outcome", "scheme", "recorded_by")


class OversightRecordEditView(ObjectEditView):
    model = OversightRecord
    form_class = OversightRecordForm
    create_service = assessments.record_oversight
    update_service = assessments.update_oversight

    def required_action(self) -> str:
        return "change" if "pk" in self.kwargs else "add"
