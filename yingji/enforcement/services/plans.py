"""The annual plan (年度监督检查计划): key enterprises with their yearly visits from the
registry's supervision class, and planned versus done per month, team and district with
the key enterprises that are behind."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope, create_object
from yingji.credit.services.effects import planned_visits_many
from yingji.enforcement import rules
from yingji.enforcement.models import AnnualPlan, Inspection, PlanTarget
from yingji.enterprises.services import inspection_pool

KEY_CLASSES = ("A", "B")  # 重点监管 and 较重点监管: planned visits; the others by random draw


@transaction.atomic
def create_plan(data: Mapping[str, Any], *, actor: Actor, fill: bool = True) -> AnnualPlan:
    """A department's plan for a year; with ``fill``, its key enterprises (classes A and
    B of the registry in the plan's region) with their yearly visits."""
    values = dict(data)
    if not 0 <= int(values.get("random_share") or 0) <= 100:
        raise ValidationError({"random_share": "随机抽查比例须在0—100之间"})
    if AnnualPlan.objects.filter(year=int(values.get("year") or 0),
                                 department=values.get("department")).exists():
        raise ValidationError({"year": "该部门本年度已有执法计划"})
    plan = create_object(AnnualPlan, values, actor=actor)
    if fill:
        fill_targets(plan, actor=actor)
    return plan


@transaction.atomic
def fill_targets(plan: AnnualPlan, *, actor: Actor, teams: list[Any] | None = None,
                 limit: int | None = None) -> int:
    """Add the key enterprises of the plan's region not yet in it (class A first; teams
    assigned in turn when given; at most ``limit``); returns how many were added."""
    check_permission(actor, PlanTarget, "add")
    check_scope(actor, plan)
    have = set(plan.targets.values_list("enterprise_id", flat=True))
    rows = sorted((r for r in inspection_pool(plan.region.prefix, class_codes=KEY_CLASSES).rows()
                   if r.id not in have), key=lambda r: (r.class_code, r.id))[:limit]
    # A subject on the serious-dishonesty list is inspected more often (the credit
    # module's effect: 失信联合惩戒, 加大执法检查频次).
    visits = planned_visits_many({r.id: max(1, r.per_year) for r in rows})
    targets = [PlanTarget(plan=plan, enterprise_id=r.id, visits_per_year=visits[r.id],
                          team=teams[n % len(teams)] if teams else None)
               for n, r in enumerate(rows)]
    PlanTarget.objects.bulk_create(targets, batch_size=1000)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=plan,
                 detail=f"年度执法计划纳入重点企业{len(targets)}家")
    events.emit("plan.targets", actor=actor, obj=plan, summary=f"纳入重点检查企业{len(targets)}家")
    return len(targets)


@dataclass
class Progress:
    """Planned versus done for a plan up to a month."""

    month: int
    planned: int = 0
    done: int = 0
    by_month: list[tuple[int, int, int]] = field(default_factory=list)  # month, expected, done
    by_team: list[tuple[str, int, int]] = field(default_factory=list)
    by_district: list[tuple[str, int, int]] = field(default_factory=list)
    behind: list[tuple[Any, int, int]] = field(default_factory=list)  # target, expected, done


def progress(plan: AnnualPlan, month: int | None = None) -> Progress:
    """Key-enterprise visits planned (spread evenly) and done, by month, team and
    district, and the key enterprises behind (three queries)."""
    today = timezone.localdate()
    upto = month or (today.month if today.year == plan.year else 12)
    targets = list(plan.targets.select_related("enterprise__region__parent", "team"))
    ids = [t.enterprise_id for t in targets]
    visits = list(Inspection.objects.filter(enterprise_id__in=ids, inspected_on__year=plan.year)
                  .values_list("enterprise_id", "inspected_on__month"))
    done_by_enterprise = Counter(e for e, m in visits if m <= upto)
    # A month counts an enterprise's visits only up to its yearly visits (as the totals,
    # the teams and the districts do), so December's running figure is the year's done.
    per_year = {t.enterprise_id: t.visits_per_year for t in targets}
    counted: Counter[int] = Counter()
    done_by_month: Counter[int] = Counter()
    for enterprise_id, m in sorted(visits, key=lambda v: v[1]):
        if counted[enterprise_id] < per_year.get(enterprise_id, 0):
            counted[enterprise_id] += 1
            done_by_month[m] += 1
    result = Progress(month=upto)
    running = 0
    for m in range(1, 13):
        running += done_by_month.get(m, 0)
        expected = sum(rules.expected_by_month(t.visits_per_year, m) for t in targets)
        result.by_month.append((m, expected, running))
    result.planned = sum(rules.expected_by_month(t.visits_per_year, upto) for t in targets)
    result.done = sum(min(done_by_enterprise[t.enterprise_id], t.visits_per_year) for t in targets)
    teams: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    districts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for t in targets:
        expected = rules.expected_by_month(t.visits_per_year, upto)
        done = done_by_enterprise[t.enterprise_id]
        for bucket, key in ((teams, t.team.name if t.team else "未分配小组"),
                            (districts, _district_name(t.enterprise.region))):
            bucket[key][0] += expected
            bucket[key][1] += min(done, t.visits_per_year)
        if rules.behind_plan(t.visits_per_year, done, upto):
            result.behind.append((t, expected, done))
    result.by_team = sorted((k, v[0], v[1]) for k, v in teams.items())
    result.by_district = sorted((k, v[0], v[1]) for k, v in districts.items())
    result.behind.sort(key=lambda row: (row[2] - row[1], row[0].enterprise.name))
    return result


def _district_name(region: Any) -> str:
    parent = region.parent
    return parent.name if parent is not None else region.name
