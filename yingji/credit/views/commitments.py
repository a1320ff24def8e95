"""Pages of safety commitments: the enterprise signs (its own interface), everyone in the
scope lists them; the bureau's requirements per enterprise with today's missing ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDeleteView,
    ObjectEditView,
    ObjectListView,
)
from yingji.credit.filtersets import CommitmentPlanFilterSet, SafetyCommitmentFilterSet
from yingji.credit.forms import CommitmentPlanForm, SafetyCommitmentForm
from yingji.credit.models import CommitmentPlan, SafetyCommitment
from yingji.credit.services import commitments
from yingji.enterprises.models import Enterprise


class SafetyCommitmentListView(ObjectListView):
    """安全承诺 signed in the scope (an enterprise account: its own)."""

    model = SafetyCommitment
    filterset_class = SafetyCommitmentFilterSet
    select_related = ("enterprise",)
    toolbar_template = "credit/commitment_toolbar.html"
    columns = (
        Column("enterprise", "企业", accessor="enterprise.name", sortable=True,
               order_field="enterprise__name"),
        Column("kind", "承诺类型", accessor="get_kind_display"),
        Column("day", "承诺日期", sortable=True),
        Column("shift", "班次", accessor=lambda c: f"第{c.shift}班" if c.shift else "全天"),
        Column("risks_controlled", "风险受控"),
        Column("special_work", "特殊作业"),
        Column("signer", "承诺人"),
        Column("signed_at", "签署时间", sortable=True),
    )

    def detail_url(self, obj: Any) -> str | None:
        return None


class SafetyCommitmentEditView(ObjectEditView):
    """签署承诺 (create only: a signed commitment is not changed)."""

    model = SafetyCommitment
    form_class = SafetyCommitmentForm
    create_service = commitments.sign_commitment
    title = "签署安全承诺"

    def required_action(self) -> str:
        return "add"

    def success_url(self, obj: Any) -> str:
        return reverse("safetycommitment_list")


class CommitmentPlanListView(ObjectListView):
    """安全承诺要求 with each enterprise's signing today."""

    model = CommitmentPlan
    filterset_class = CommitmentPlanFilterSet
    select_related = ("enterprise",)
    toolbar_template = "credit/plan_toolbar.html"
    columns = (
        Column("enterprise", "企业", accessor="enterprise.name", link_to_detail=True),
        Column("industry", "行业类别", accessor="enterprise.get_industry_display"),
        Column("frequency", "承诺频次", accessor="get_frequency_display", sortable=True),
        Column("shifts", "每日班次"),
        Column("active", "启用"),
        Column("today", "今日签署", accessor=lambda p: getattr(p, "today_state", ""),
               badge=lambda p: "green" if getattr(p, "today_state", "") == "已签署" else "red",
               export=False),
    )

    def build_rows(self, objects: Sequence[Any]) -> Any:
        ids = {m.enterprise_id for m in commitments.missing_on(
            CommitmentPlan.objects.filter(pk__in=[p.pk for p in objects]), timezone.localdate())}
        for plan in objects:
            signed = "未签署" if plan.enterprise_id in ids else "已签署"
            plan.today_state = signed if plan.active else "未启用"
        return super().build_rows(objects)

    def detail_url(self, obj: Any) -> str | None:
        return reverse("commitmentplan_edit", args=[obj.pk])


class CommitmentPlanEditView(ObjectEditView):
    model = CommitmentPlan
    form_class = CommitmentPlanForm
    create_service = commitments.create_plan
    update_service = commitments.update_plan

    def success_url(self, obj: Any) -> str:
        return reverse("commitmentplan_list")


class CommitmentPlanDeleteView(ObjectDeleteView):
    model = CommitmentPlan

    def deleted_url(self, obj: Any) -> str:
        return reverse("commitmentplan_list")


class PlanHighRiskView(ObjectActionView):
    """为高危企业设置每日承诺: every high-risk enterprise of the scope without a plan."""

    model = CommitmentPlan
    action = "add"
    success_message = "已为{result}家高危企业设置每日安全承诺"

    def get_object(self) -> Any:
        return None

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return commitments.plan_high_risk(Enterprise.objects.restrict(self.request.user, "view"),
                                          actor=self.actor)

    def success_url(self, obj: Any) -> str:
        return reverse("commitmentplan_list")
