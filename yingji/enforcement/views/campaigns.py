"""Special campaigns (专项执法行动): the list, one campaign with its tasks and progress,
the campaign and task forms; configuration of core's generic views over
``services.campaigns``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from yingji.core.scope import may
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDetailView,
    ObjectListView,
)
from yingji.enforcement.filtersets import CampaignFilterSet
from yingji.enforcement.forms import CampaignForm, CampaignQuotaForm
from yingji.enforcement.models import Campaign, CampaignQuota
from yingji.enforcement.services import campaigns


def _done(c: Campaign) -> str:
    # The list's queryset carries both figures (``campaigns.with_totals``); a campaign
    # from elsewhere counts them itself.
    if hasattr(c, "done_total"):
        return f"{c.done_total} / {getattr(c, 'planned_total', 0)}"
    p = campaigns.progress(c)
    return f"{p.done} / {p.planned}"


class CampaignListView(ObjectListView):
    """专项执法行动 of the plans in scope."""

    model = Campaign
    title = "专项执法行动"
    filterset_class = CampaignFilterSet
    select_related = ("plan", "region")
    columns = (Column("name", "专项行动", link_to_detail=True),
               Column("plan", "年度计划", accessor="plan.title",
                      link=lambda c: reverse("annualplan_detail", args=[c.plan_id])),
               Column("starts_on", "开始日期", sortable=True), Column("ends_on", "结束日期"),
               Column("industry", "重点行业", accessor="get_industry_display"),
               Column("progress", "已检/计划（家次）", accessor=_done))

    def get_queryset(self) -> QuerySet[Any]:
        return campaigns.with_totals(super().get_queryset())


class CampaignDetailView(ObjectDetailView):
    """One campaign: its period and requirements, its tasks, planned versus done."""

    model = Campaign
    select_related = ("plan", "region")
    extra_template = "enforcement/campaign_panel.html"
    fields = (Column("plan", "年度计划", accessor="plan.title",
                     link=lambda c: reverse("annualplan_detail", args=[c.plan_id])),
              "name", "starts_on", "ends_on", "industry", "description")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["campaign_progress"] = campaigns.progress(obj)
        context["quotas"] = list(obj.quotas.select_related("region", "team"))
        context["can_edit"] = may(self.request.user, CampaignQuota, "add")
        return context


class CampaignEditView(ChildEditView):
    """Add a campaign to a plan (``?plan=<pk>``) or change one; back to the plan."""

    model = Campaign
    form_class = CampaignForm
    parent_field = "plan"
    create_service = campaigns.create_campaign
    update_service = campaigns.update_campaign


class CampaignQuotaEditView(ChildEditView):
    """A district's (or team's) planned inspections of a campaign (``?campaign=<pk>``)."""

    model = CampaignQuota
    form_class = CampaignQuotaForm
    parent_field = "campaign"
    create_service = campaigns.create_quota
    update_service = campaigns.update_quota


class CampaignQuotaDeleteView(ChildDeleteView):
    model = CampaignQuota
    parent_field = "campaign"
