"""Winter-spring relief plans and donations: lists, pages, the funds and use steps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.disasters.filtersets import DonationFilterSet, WinterSpringPlanFilterSet
from yingji.disasters.forms import DonationForm, DonationUseForm, FundsForm, WinterSpringPlanForm
from yingji.disasters.models import Donation, ReliefCase, WinterSpringPlan
from yingji.disasters.services import support


class PlanListView(RegionFilterWidgetMixin, ObjectListView):
    model = WinterSpringPlan
    title = "冬春救助"
    filterset_class = WinterSpringPlanFilterSet
    select_related = ("region", "event")
    columns = (
        Column("region", "区划", accessor="region.name", link_to_detail=True),
        Column("season", "救助年度"),
        Column("survey_start", "调查开始"),
        Column("survey_end", "调查结束"),
        Column("relief_start", "救助开始"),
        Column("relief_end", "救助结束"),
        Column("allocated_funds", "已下达资金（元）"),
    )


class PlanDetailView(ObjectDetailView):
    model = WinterSpringPlan
    select_related = ("region", "event")
    extra_template = "disasters/plan_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["figures"] = support.plan_figures(obj)
        context["funds_form"] = FundsForm()
        context["delete_url"] = None
        return context


class PlanEditView(ObjectEditView):
    model = WinterSpringPlan
    form_class = WinterSpringPlanForm
    create_service = support.create_plan
    update_service = support.update_plan


class PlanFundsView(ObjectActionView):
    model = WinterSpringPlan
    form_class = FundsForm
    success_message = "已登记资金下达"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        return support.allocate_funds(
            obj, amount=data["amount"], note=data.get("note") or "", actor=self.actor
        )


class DonationListView(RegionFilterWidgetMixin, ObjectListView):
    model = Donation
    title = "救灾捐赠"
    filterset_class = DonationFilterSet
    select_related = ("region", "event")
    prefetch_related = ("uses",)
    columns = (
        Column("donor", "捐赠方", link_to_detail=True),
        Column("kind", "类型", accessor="get_kind_display"),
        Column("what", "金额/物资", accessor=lambda d: str(d).split("：", 1)[-1]),
        Column("used", "已使用", accessor=lambda d: d.figure(sum(u.quantity for u in d.uses.all()))),
        Column("event", "定向灾害", accessor="event.title"),
        Column("region", "接收单位", accessor="region.name"),
        Column("received_at", "接收时间", sortable=True),
        Column("receipt_no", "票据号"),
    )


class DonationDetailView(ObjectDetailView):
    model = Donation
    select_related = ("region", "event")
    extra_template = "disasters/donation_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["uses"] = list(obj.uses.select_related("case", "recorded_by"))
        context["left"] = obj.figure(obj.total - support.used(obj))
        context["delete_url"] = None
        return context


class DonationEditView(ObjectEditView):
    model = Donation
    form_class = DonationForm
    create_service = support.receive_donation
    update_service = support.update_donation


class DonationUseView(ObjectActionView):
    model = Donation
    form_class = DonationUseForm
    success_message = "已登记捐赠使用"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        case = None
        if data.get("case"):
            case = ReliefCase.objects.restrict(self.request.user, "view").filter(pk=data["case"]).first()
            if case is None:
                raise ValidationError({"case": "救助对象不存在或超出您的数据范围"})
        support.use_donation(
            obj, quantity=data["quantity"], purpose=data["purpose"], case=case, actor=self.actor
        )
        return obj
