"""Special campaigns (专项执法行动) of an annual plan: create and change one, its planned
inspections per district and team, and its progress (planned versus done), which the
plan page shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, update_object
from yingji.enforcement.models import AnnualPlan, Campaign, CampaignQuota, Inspection

FIELDS = ("plan", "name", "starts_on", "ends_on", "industry", "description")


def _check_period(plan: AnnualPlan, values: Mapping[str, Any]) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None or ends is None:
        return  # the model's own check names the missing date
    if ends < starts:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    if starts.year != plan.year or ends.year != plan.year:
        raise ValidationError({"starts_on": f"专项行动须在计划年度（{plan.year}年）内"})


@transaction.atomic
def create_campaign(data: Mapping[str, Any], *, actor: Actor) -> Campaign:
    """A campaign of a plan, within the plan's year; its region is the plan's."""
    values = {k: v for k, v in data.items() if k in FIELDS}
    plan = values.get("plan")
    if plan is None:
        raise ValidationError({"plan": "请选择年度计划"})
    _check_period(plan, values)
    values["region"] = plan.region
    return create_object(Campaign, values, actor=actor)


@transaction.atomic
def update_campaign(campaign: Campaign, data: Mapping[str, Any], *, actor: Actor) -> Campaign:
    """Change a campaign's name, period, industry or requirements (not its plan)."""
    values = {k: v for k, v in data.items() if k in FIELDS and k != "plan"}
    _check_period(campaign.plan, {"starts_on": campaign.starts_on, "ends_on": campaign.ends_on,
                                  **values})
    return update_object(campaign, values, actor=actor)


def _check_quota(values: Mapping[str, Any]) -> None:
    campaign, region, team = values.get("campaign"), values.get("region"), values.get("team")
    if campaign is None or region is None:
        return
    if not region.code.startswith(campaign.region.prefix):
        raise ValidationError({"region": "任务区域须在专项行动的区域内"})
    if team is not None and not (team.region.code.startswith(region.prefix)
                                 or region.code.startswith(team.region.prefix)):
        raise ValidationError({"team": "执法小组不属于该区域"})


@transaction.atomic
def create_quota(data: Mapping[str, Any], *, actor: Actor) -> CampaignQuota:
    """A district's (and optionally a team's) planned inspections of a campaign."""
    values = dict(data)
    _check_quota(values)
    return create_object(CampaignQuota, values, actor=actor)


@transaction.atomic
def update_quota(quota: CampaignQuota, data: Mapping[str, Any], *, actor: Actor) -> CampaignQuota:
    """Change a task's district, team or planned inspections; never its campaign (the
    inspections counted for it belong to that campaign: a task for another one is a new
    task there)."""
    moved = data.get("campaign")
    if moved is not None and getattr(moved, "pk", moved) != quota.campaign_id:
        raise ValidationError(
            {"campaign": "任务不能改到其他专项行动；如需调整，请在该专项行动下另行分配任务"})
    data = {k: v for k, v in data.items() if k != "campaign"}
    values = {"campaign": quota.campaign, "region": quota.region, "team": quota.team, **data}
    _check_quota(values)
    return update_object(quota, dict(data), actor=actor)


@dataclass
class CampaignProgress:
    """Planned versus done of one campaign; ``rows``: (district or team label, planned,
    done); ``unplanned``: inspections of the campaign outside every task."""

    campaign: Campaign
    planned: int = 0
    done: int = 0
    rows: list[tuple[str, int, int]] = field(default_factory=list)
    unplanned: int = 0


def progress(campaign: Campaign) -> CampaignProgress:
    """Each inspection of the campaign counts for the most specific task it falls
    under: its district and team when that task exists, else its district's task
    without a team (two queries once the quotas are loaded)."""
    quotas = list(campaign.quotas.select_related("region", "team"))
    done_by = Counter(Inspection.objects.filter(campaign=campaign).values_list("region_id", "team_id"))
    counted: Counter[int] = Counter()
    unplanned = 0
    for (street, team), n in done_by.items():
        matching = [q for q in quotas if street.startswith(q.region.prefix)]
        best = next((q for q in matching if q.team_id == team and team is not None), None) \
            or next((q for q in matching if q.team_id is None), None)
        if best is None:
            unplanned += n
        else:
            counted[best.pk] += n
    result = CampaignProgress(campaign=campaign, unplanned=unplanned)
    for q in quotas:
        label = q.region.name + (f" · {q.team.name}" if q.team_id else "")
        result.rows.append((label, q.planned, counted[q.pk]))
    result.planned = sum(q.planned for q in quotas)
    result.done = sum(counted.values()) + unplanned
    return result


def with_totals(queryset: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """The campaigns with ``planned_total`` (their tasks' planned inspections) and
    ``done_total`` (their inspections, every one counted once as in ``progress``), each a
    subquery so a list is one query whatever its length."""
    planned = CampaignQuota.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign") \
        .annotate(n=Sum("planned")).values("n")
    done = Inspection.objects.filter(campaign=OuterRef("pk")).order_by().values("campaign") \
        .annotate(n=Count("pk")).values("n")
    return queryset.annotate(planned_total=Coalesce(Subquery(planned), 0),
                             done_total=Coalesce(Subquery(done), 0))


def plan_progress(plan: AnnualPlan) -> list[CampaignProgress]:
    """The progress of each campaign of the plan."""
    return [progress(c) for c in plan.campaign_set.select_related("region")]
