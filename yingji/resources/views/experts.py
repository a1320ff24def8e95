"""Pages of the expert pool: registry, evaluations after use, periodic review."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone

from yingji.core.scope import may
from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.resources import filtersets as fs
from yingji.resources import forms as rf
from yingji.resources.models import Expert, ExpertEvaluation
from yingji.resources.services import experts
from yingji.resources.views.common import REGION


class ExpertListView(ObjectListView):
    toolbar_template = "resources/import_toolbar.html"
    import_kind = "expert"
    model = Expert
    filterset_class = fs.ExpertFilterSet
    select_related = ("region",)
    columns = (Column("name", "姓名", sortable=True, link_to_detail=True),
               Column("specialities", "专业领域"), Column("title", "职称"),
               Column("organisation", "工作单位"), Column("phone", "联系电话"),
               Column("available", "可被调用"), Column("is_active", "在库"),
               Column("next_review_on", "下次复核", sortable=True), REGION)


class ExpertDetailView(ObjectDetailView):
    model = Expert
    select_related = ("region",)
    extra_template = "resources/expert_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["evaluations"] = list(obj.evaluations.all()[:50])
        user = self.request.user
        if may(user, ExpertEvaluation, "add"):
            context["evaluation_form"] = rf.EvaluationForm()
        context["can_review"] = may(user, Expert, "change")
        context["review_overdue"] = obj.review_overdue(timezone.localdate())
        return context


class ExpertEditView(ObjectEditView):
    model = Expert
    form_class = rf.ExpertForm


class ExpertDeleteView(ObjectDeleteView):
    model = Expert


class ExpertEvaluateView(ObjectActionView):
    """POST an evaluation of an expert after use."""

    model = ExpertEvaluation
    action = "add"
    form_class = rf.EvaluationForm
    success_message = "已记录评价"

    def get_object(self) -> Expert:
        return get_object_or_404(Expert.objects.restrict(self.request.user, "view"),
                                 pk=self.kwargs["pk"])

    def perform(self, obj: Expert, data: dict[str, Any]) -> None:
        experts.evaluate_expert(obj, data, actor=self.actor)


class ExpertReviewView(ObjectActionView):
    """POST the periodic review: keep (``keep=1``) or take out of the pool."""

    model = Expert
    form_class = rf.ExpertReviewForm

    def perform(self, obj: Expert, data: dict[str, Any]) -> Expert:
        return experts.review_expert(obj, keep=data["keep"] == "1", note=data["note"],
                                     actor=self.actor)

    def get_success_message(self, obj: Expert, result: Any) -> str:
        return f"复核完成，下次复核日期：{obj.next_review_on or '—'}"
