"""Matching an incident against the plans in force: the incident's facts (its grade by
the incidents module's grading, casualties and loss, the warning level in force at the
place, the enterprise's open alarm level), the plans covering its type and place, and
the levels reached, ranked, each with the reason in words. Two queries for the plans,
whatever their number."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from yingji.plans import rules
from yingji.plans.models import KIND_RANK, Plan, TriggerCondition


def facts_of(incident: Any, *, warning_level: str | None = None,
             alarm_level: str | None = None) -> rules.Facts:
    """The incident's facts for the trigger conditions. The grade is the one chosen at
    intake or, before that, the incidents module's suggestion."""
    if warning_level is None:
        from yingji.warnings.services.in_force import level_in_force

        warning_level = level_in_force(incident.region_id)
    if alarm_level is None:
        from yingji.monitoring.services.open_level import highest_open_level

        alarm_level = highest_open_level(incident.enterprise_id)
    return rules.Facts(
        category=incident.category, subtype=incident.subtype,
        grade=incident.grade or incident.suggested_grade or "",
        deaths=incident.deaths, missing=incident.missing,
        serious_injuries=incident.serious_injuries, injuries=incident.injuries,
        trapped=incident.trapped, affected=incident.affected, relocated=incident.relocated,
        loss_wan=Decimal(str(incident.loss_wan)), warning_level=warning_level,
        alarm_level=alarm_level)


def ancestor_codes(code: str) -> list[str]:
    """The 12-digit codes of the place and every region above it."""
    return sorted({code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)})


def candidate_specs(region_code: str, category: str, enterprise_id: int | None = None
                    ) -> tuple[list[rules.PlanSpec], dict[int, Plan]]:
    """The plans in force covering the place (its region or any region above it; an
    enterprise plan only for its own enterprise) and the type's category, as specs."""
    plans = {p.pk: p for p in Plan.objects.filter(
        state__in=("in_force", "revising"), region_id__in=ancestor_codes(region_code),
        category__in=(category, "")).select_related("region")}
    plans = {pk: p for pk, p in plans.items()
             if p.enterprise_id is None or p.enterprise_id == enterprise_id}
    levels: dict[int, dict[str, tuple[bool, list[rules.Condition]]]] = defaultdict(dict)
    rows = TriggerCondition.objects.filter(response_level__plan_id__in=list(plans)).values_list(
        "response_level__plan_id", "response_level__level", "response_level__require_all",
        "fact", "value")
    for plan_id, level, require_all, fact, value in rows:
        entry = levels[plan_id].setdefault(level, (require_all, []))
        entry[1].append(rules.Condition(fact, value))
    specs = []
    for pk, plan in plans.items():
        level_specs = tuple(rules.LevelSpec(code, tuple(conds), require_all)
                            for code, (require_all, conds) in levels[pk].items())
        prefix = plan.region.prefix
        specs.append(rules.PlanSpec(pk, plan.category, frozenset(plan.subtype_codes), prefix,
                                    level_specs, plan.name, KIND_RANK.get(plan.kind, 9)))
    return specs, plans


@dataclass(frozen=True)
class PlanMatch:
    """A matching plan and level with the reason."""

    plan: Plan
    level: str
    reason: str

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)


def match_incident(incident: Any, *, facts: rules.Facts | None = None) -> list[PlanMatch]:
    """The plans whose trigger conditions the incident's facts meet, best first."""
    facts = facts or facts_of(incident)
    specs, plans = candidate_specs(incident.region_id, incident.category, incident.enterprise_id)
    return [PlanMatch(plans[m.key], m.level, m.reason)
            for m in rules.match_all(specs, facts, incident.region_id)]


def covering_plans(incident: Any) -> list[Plan]:
    """Plans in force covering the incident's type and place (reached or not), for the
    officer who starts a plan by judgement."""
    facts = rules.Facts(category=incident.category, subtype=incident.subtype)
    specs, plans = candidate_specs(incident.region_id, incident.category, incident.enterprise_id)
    found = [s for s in specs if rules.covers(s, facts, incident.region_id)]
    found.sort(key=lambda s: (-len(s.region_prefix), not s.subtypes, s.kind_rank, s.key))
    return [plans[s.key] for s in found]
