"""The coverage report, the requirement table and the module's parameters."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.urls import reverse

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
    TemplatePageView,
)
from yingji.training.filtersets import RequirementFilterSet
from yingji.training.forms import RequirementForm, TrainingSettingsForm
from yingji.training.models import CertifiedPerson, Requirement, TrainingSettings
from yingji.training.services import coverage, requirements

PAGE_SIZE = 50


class CoverageView(TemplatePageView):
    """持证覆盖率 by enterprise, industry and district with the gaps (target 100 %)."""

    model = CertifiedPerson
    title = "持证覆盖率"
    template_name = "training/coverage.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        people = CertifiedPerson.objects.restrict(self.request.user, "view")
        report = coverage.coverage(people)
        enterprises = Paginator(report.by_enterprise, PAGE_SIZE).get_page(
            self.request.GET.get("epage"))
        gaps = Paginator(report.gap_ids, PAGE_SIZE).get_page(self.request.GET.get("gpage"))
        return {"report": report, "enterprises": enterprises, "gaps": gaps,
                "gap_people": report.gap_people(list(gaps.object_list))}


class RequirementListView(ObjectListView):
    """持证要求: who needs which certificate, with the source of each row."""

    model = Requirement
    filterset_class = RequirementFilterSet
    columns = (
        Column("industry", "行业类别", accessor=lambda r: r.get_industry_display() or "所有行业",
               link_to_detail=True),
        Column("post", "岗位类别", accessor="get_post_display"),
        Column("kind", "应持证书", accessor=lambda r: r.get_kind_display() or "无需持证"),
        Column("source", "依据"),
        Column("note", "备注"),
    )

    def detail_url(self, obj: Any) -> str | None:
        return reverse("requirement_edit", args=[obj.pk])


class RequirementEditView(ObjectEditView):
    model = Requirement
    form_class = RequirementForm
    create_service = requirements.create_requirement
    update_service = requirements.update_requirement

    def success_url(self, obj: Any) -> str:
        return reverse("requirement_list")


class RequirementDeleteView(ObjectDeleteView):
    model = Requirement
    delete_service = requirements.delete_requirement

    def deleted_url(self, obj: Any) -> str:
        return reverse("requirement_list")


class TrainingSettingsView(SettingsEditView):
    model = TrainingSettings
    form_class = TrainingSettingsForm
    title = "培训持证参数"
