"""Matching an incident against the plans in force: the incident's facts (its grade by
the incidents module's grading, casualties and loss, the warning level in force at the
place, the enterprise's open alarm level), the plans covering its type and place, and
the levels reached, ranked, each with the reason in words. Two queries for the plans,
whatever their number."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q

from yingji.plans import rules
from yingji.plans.models import KIND_RANK, Plan, PlanKind


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


def _candidates(region_code: str, category: str, subtype: str) -> Any:
    """Plans in force covering the place (its region or any region above it) and the
    category; the subtype test in SQL is a superset (a substring), ``rules.covers`` decides."""
    queryset = Plan.objects.filter(state__in=("in_force", "revising"),
                                   region_id__in=ancestor_codes(region_code),
                                   category__in=(category, ""))
    if subtype:
        queryset = queryset.filter(Q(subtypes="") | Q(subtypes__contains=subtype))
    return queryset


def candidate_specs(region_code: str, category: str, enterprise_id: int | None = None,
                    subtype: str = "") -> tuple[list[rules.PlanSpec], dict[int, PlanRef]]:
    """The candidate plans as specs and references, in one query (the trigger summary
    the structure services keep on the plan); an enterprise plan only for its own
    enterprise."""
    candidates = _candidates(region_code, category, subtype)
    specs, refs = [], {}
    for pk, plan_category, subtypes, prefix, kind, enterprise, name, region_name, triggers in \
            candidates.values_list("pk", "category", "subtypes", "region__prefix", "kind",
                                   "enterprise_id", "name", "region__name", "triggers"):
        if enterprise is not None and enterprise != enterprise_id:
            continue
        codes = frozenset(c.strip() for c in subtypes.replace("，", ",").split(",") if c.strip())
        level_specs = tuple(
            rules.LevelSpec(code, tuple(rules.Condition(f, v) for f, v in entry["conditions"]),
                            bool(entry["all"]))
            for code, entry in (triggers or {}).items())
        specs.append(rules.PlanSpec(pk, plan_category, codes, prefix, level_specs, name,
                                    KIND_RANK.get(kind, 9)))
        refs[pk] = PlanRef(pk, name, kind, region_name)
    return specs, refs


@dataclass(frozen=True)
class PlanRef:
    """What a match shows of its plan (read with the candidates, no further query)."""

    pk: int
    name: str
    kind: str
    region_name: str

    def get_kind_display(self) -> str:
        return str(dict(PlanKind.choices).get(self.kind, self.kind))


@dataclass(frozen=True)
class PlanMatch:
    """A matching plan and level with the reason."""

    plan: PlanRef
    level: str
    reason: str

    @property
    def level_label(self) -> str:
        return rules.level_label(self.level)


def match_incident(incident: Any, *, facts: rules.Facts | None = None) -> list[PlanMatch]:
    """The plans whose trigger conditions the incident's facts meet, best first."""
    facts = facts or facts_of(incident)
    specs, refs = candidate_specs(incident.region_id, incident.category, incident.enterprise_id,
                                  incident.subtype)
    return [PlanMatch(refs[m.key], m.level, m.reason)
            for m in rules.match_all(specs, facts, incident.region_id)]


def covering_plans(incident: Any) -> list[Plan]:
    """Plans in force covering the incident's type and place (reached or not), for the
    officer who starts a plan by judgement."""
    facts = rules.Facts(category=incident.category, subtype=incident.subtype)
    specs, _refs = candidate_specs(incident.region_id, incident.category, incident.enterprise_id,
                                   incident.subtype)
    found = [s for s in specs if rules.covers(s, facts, incident.region_id)]
    found.sort(key=lambda s: (-len(s.region_prefix), not s.subtypes, s.kind_rank, s.key))
    plans = Plan.objects.select_related("region").in_bulk([s.key for s in found])
    return [plans[s.key] for s in found]
