"""The relief response level: the level each indicator reaches under the applicable
plan's table, the highest overall with the rule's text, and the leader's decision."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_scope
from yingji.disasters import rules
from yingji.disasters.models import (
    DisasterEvent,
    DisasterGrade,
    DisasterSettings,
    PlanTier,
    ResponseDecision,
    ResponseLevel,
    ResponseThreshold,
    RollupTotal,
    Stage,
)
from yingji.disasters.services import rollup


@dataclass(frozen=True)
class Assessment:
    tier: str
    tier_label: str
    level: str | None
    reached: list[rules.Reached]
    stage: str
    units: int = 0  # villages (communities) counted at the stage
    initial_grade: str = ""  # the registrar's 初判, before any village has reported

    @property
    def level_label(self) -> str:
        return rules.LEVEL_LABELS.get(self.level or "", "未达到启动条件")

    @property
    def grade(self) -> str:
        """The disaster's grade, from the same figures as the level (one source: every
        screen, the 快报, the 续报 rule and the leader's to-do read it here); before any
        village has reported, the registrar's 初判."""
        if self.units or not self.initial_grade:
            return rules.grade_of_level(self.level)
        return self.initial_grade

    @property
    def grade_label(self) -> str:
        label = DisasterGrade(self.grade).label
        return label if self.units or not self.initial_grade else f"{label}（初判）"

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "indicator": rules.RESPONSE_INDICATORS[r.indicator],
                "value": r.value,
                "level": rules.LEVEL_LABELS.get(r.level or "", "未达到"),
                "text": r.text,
            }
            for r in self.reached
        ]

    def basis(self) -> str:
        lines = [f"依据《{self.tier_label}》，按{Stage(self.stage).label}数据测算："]
        for row in self.rows():
            lines.append(
                f"{row['indicator']}：{row['value']}，{row['level']}"
                + (f"（{row['text']}）" if row["text"] else "")
            )
        lines.append(f"综合：{self.level_label}")
        return "\n".join(lines)


def thresholds(tier: str) -> list[rules.Threshold]:
    return [row.as_rule() for row in ResponseThreshold.objects.filter(tier=tier)]


def event_totals(event: DisasterEvent, stage: str = Stage.REPORTED) -> dict[str, Any]:
    """The event's city-wide totals at ``stage``."""
    kept = rollup.totals(event, stage, level=rollup.LEVEL_CITY)
    return next(iter(kept.values()), rules.zero_figures())


def _table(tier: str | None) -> tuple[str, list[rules.Threshold]]:
    tier = tier or DisasterSettings.current().response_plan
    table = thresholds(tier)
    if not table and tier != PlanTier.NATIONAL:  # the local table is not filled in yet
        tier, table = PlanTier.NATIONAL, thresholds(PlanTier.NATIONAL)
    return tier, table


def _assessment(
    event: DisasterEvent, totals: dict[str, Any], tier: str, table: list[rules.Threshold], stage: str
) -> Assessment:
    level, reached = rules.assess_response(rules.response_values(totals), table)
    return Assessment(
        tier, PlanTier(tier).label, level, reached, stage, int(totals.get("units") or 0), event.grade
    )


def assess(event: DisasterEvent, *, stage: str = Stage.REPORTED, tier: str | None = None) -> Assessment:
    """The level the event's figures reach under ``tier`` (default: the settings'), and
    the disaster's grade that level stands for."""
    tier, table = _table(tier)
    return _assessment(event, event_totals(event, stage), tier, table, stage)


def assess_many(events: Iterable[DisasterEvent], *, stage: str = Stage.REPORTED) -> dict[int, Assessment]:
    """``assess`` for a page of events in a fixed number of queries (lists, boards)."""
    events = list(events)
    tier, table = _table(None)
    kept = {
        row.event_id: {**row.figures(), "units": row.units}
        for row in RollupTotal.objects.filter(event__in=events, stage=stage, level=rollup.LEVEL_CITY)
    }
    return {e.pk: _assessment(e, kept.get(e.pk) or rules.zero_figures(), tier, table, stage) for e in events}


@transaction.atomic
def start_response(
    event: DisasterEvent,
    *,
    level: str,
    actor: Actor,
    comment: str = "",
    at: datetime | None = None,
    plan: Any = None,
) -> ResponseDecision:
    """启动救灾救助应急响应: who decided, when, which level (it may differ from the
    suggestion, with the leader's comment), and the basis shown. With ``plan`` (a plan in
    force, e.g. the 自然灾害救助应急预案) the plans module activates it on the event's open
    incident at the same level, which opens the level's tasks for each working group."""
    if not actor.is_system and (actor.user is None or not actor.user.has_perm("disasters.decide_response")):
        raise PermissionDenied("您无权决定启动救助应急响应")
    if level not in ResponseLevel.values:
        raise ValidationError({"level": "请选择响应级别"})
    locked = DisasterEvent.objects.select_for_update().get(pk=event.pk)
    check_scope(actor, locked)
    result = assess(locked)
    if result.level != level and not comment.strip():
        raise ValidationError(
            {"comment": f"测算级别为{result.level_label}，决定启动{rules.LEVEL_LABELS[level]}请说明理由"}
        )
    when = at or timezone.now()
    basis = result.basis() + (f"\n决定意见：{comment}" if comment else "")
    decision = ResponseDecision.objects.create(
        event=locked,
        level=level,
        suggested_level=result.level or "",
        tier=result.tier,
        basis=basis,
        decided_by=actor.user,
        decided_at=when,
    )
    before = audit.snapshot(locked)
    locked.response_level, locked.response_started_at = level, when
    locked.save(update_fields=["response_level", "response_started_at"])
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=decision, after=audit.snapshot(decision))
    audit.record(
        audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before, after=audit.snapshot(locked)
    )
    events.emit(
        "disasterevent.response",
        actor=actor,
        obj=locked,
        summary=f"启动{rules.LEVEL_LABELS[level]}救灾救助应急响应（{actor.label}决定）",
    )
    if plan is not None:
        _activate(locked, plan, level, actor=actor, basis=result.level_label)
    return decision


def _activate(event: DisasterEvent, plan: Any, level: str, *, actor: Actor, basis: str) -> None:
    from yingji.plans.services import activation

    incident = next((i for i in event.incidents.order_by("-received_at") if i.is_open), None)
    if incident is None:
        raise ValidationError({"plan": "启动预案须先在灾害事件中关联本次灾害的突发事件（接报）"})
    reason = f"{event.title}：启动{rules.LEVEL_LABELS[level]}救灾救助应急响应（测算{basis}）"
    activation.activate(incident, plan, level, actor=actor, reason=reason)
