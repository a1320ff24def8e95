"""The coverage report (预案全覆盖): streets, communities and key enterprises in the
user's scope without a plan in force, and plans overdue for filing or evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.scope import region_range_q, scope_of
from yingji.enterprises.models.ownership import is_enterprise_user
from yingji.plans.models import Plan, PlanSettings
from yingji.plans.services.lifecycle import evaluation_due, filing_due

IN_FORCE = ("in_force", "revising")
# Key enterprises (重点企业): a major hazard source, or a high-risk industry.
KEY_INDUSTRIES = ("hazchem", "chem_park", "non_coal_mine", "tailings", "fireworks")
LIST_LIMIT = 200


@dataclass
class Coverage:
    """Counts and the first rows of each gap."""

    streets_total: int
    streets_missing: list[Region]
    streets_missing_count: int
    communities_total: int
    communities_missing: list[Region]
    communities_missing_count: int
    enterprises_total: int
    enterprises_missing: list[Any]
    enterprises_missing_count: int
    filing_overdue: list[tuple[Plan, Any]]
    evaluation_overdue: list[tuple[Plan, date]]
    # False for an enterprise account: it sees only its own plans, so the streets' and
    # communities' (government) coverage is not its figure to show.
    government: bool = True

    @staticmethod
    def rate(total: int, missing: int) -> str:
        return "—" if not total else f"{(total - missing) * 100 / total:.1f}%"


def _regions(user: Any, level: int) -> Any:
    scope = scope_of(user)
    if is_enterprise_user(scope):
        return Region.objects.none()
    regions = Region.objects.filter(level=level)
    if scope.region_prefix:
        regions = regions.filter(region_range_q("code", scope.region_prefix))
    return regions


def key_enterprises(user: Any) -> Any:
    """Key enterprises in the user's scope (operating; a major hazard source or a
    high-risk industry)."""
    from yingji.enterprises.models import Enterprise

    return Enterprise.objects.restrict(user, "view").filter(status="operating").filter(
        Q(major_hazard_grade__isnull=False) | Q(industry__in=KEY_INDUSTRIES))


def coverage(user: Any, today: date | None = None) -> Coverage:
    """The gaps of the plan system in the user's scope (a bounded number of queries)."""
    today = today or timezone.localdate()
    plans = Plan.objects.restrict(user, "view")
    covered_regions = set(plans.filter(state__in=IN_FORCE, kind="grassroots")
                          .values_list("region_id", flat=True))
    streets = _regions(user, RegionLevel.TOWN)
    communities = _regions(user, RegionLevel.VILLAGE)
    street_gap = streets.exclude(code__in=covered_regions).order_by("code")
    community_gap = communities.exclude(code__in=covered_regions).order_by("code")
    key = key_enterprises(user)
    covered_enterprises = set(plans.filter(state__in=IN_FORCE, kind="ent_comprehensive")
                              .values_list("enterprise_id", flat=True))
    enterprise_gap = key.exclude(pk__in=covered_enterprises).select_related("region").order_by("name")
    settings = PlanSettings.current()
    filing = []
    for plan in plans.filter(state="issued").order_by("issued_on"):
        due = filing_due(plan, settings)
        if due is not None and due < timezone.now():
            filing.append((plan, due))
    evaluation = []
    for plan in plans.filter(state__in=IN_FORCE).order_by("issued_on"):
        due_on = evaluation_due(plan, settings)
        if due_on is not None and due_on < today:
            evaluation.append((plan, due_on))
    return Coverage(
        streets.count(), list(street_gap[:LIST_LIMIT]), street_gap.count(),
        communities.count(), list(community_gap[:LIST_LIMIT]), community_gap.count(),
        key.count(), list(enterprise_gap[:LIST_LIMIT]), enterprise_gap.count(),
        filing, evaluation, not is_enterprise_user(scope_of(user)))
