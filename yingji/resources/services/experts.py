"""Expert pool management: evaluations after use and periodic review."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.resources.models import Expert, ExpertEvaluation
from yingji.resources.services.settings import analysis_settings


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


@transaction.atomic
def evaluate_expert(expert: Expert, data: dict[str, Any], *, actor: Actor) -> ExpertEvaluation:
    """Record an evaluation after the expert took part in a response or review."""
    check_permission(actor, ExpertEvaluation, "add")
    check_scope(actor, expert)
    evaluation = ExpertEvaluation(expert=expert, **data)
    evaluation.full_clean()
    if evaluation.used_on > timezone.localdate():
        raise ValidationError({"used_on": "参与日期不能晚于今天"})
    evaluation.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=evaluation,
                 after=audit.snapshot(evaluation))
    events.emit("expert.evaluated", actor=actor, obj=expert,
                summary=f"评价专家{expert.name}：{evaluation.occasion}，{evaluation.score}分")
    return evaluation


@transaction.atomic
def review_expert(expert: Expert, *, keep: bool, note: str = "", actor: Actor) -> Expert:
    """Periodic review (动态管理): keep the expert in the pool until the next review
    date, or take them out."""
    check_permission(actor, Expert, "change")
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    today = timezone.localdate()
    locked.last_reviewed_on = today
    locked.is_active = keep
    locked.next_review_on = add_months(today, analysis_settings().expert_review_months) if keep else None
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=note)
    verdict = "继续在库" if keep else "出库"
    events.emit("expert.reviewed", actor=actor, obj=locked, summary=f"专家复核：{locked.name}{verdict}")
    return locked


def investigation_experts(region_code: str, speciality: str = "") -> Any:
    """Experts who may sit on an accident investigation team in ``region_code``: active
    and available experts of the pool of the same city (a city's experts serve all its
    districts), optionally with ``speciality``, by name. Used by the accidents module."""
    experts = Expert.objects.filter(is_active=True, available=True,
                                    region__code__startswith=region_code[:4])
    if speciality:
        experts = experts.filter(specialities__contains=speciality)
    return experts.order_by("name", "pk")


def expert_for_team(expert: Expert, *, actor: Actor) -> str:
    """Check that ``expert`` may join an investigation team now (in the pool and
    available) and give the name the team lists; a refusal in Chinese otherwise."""
    fresh = Expert.objects.filter(pk=expert.pk).first()
    if fresh is None or not fresh.is_active:
        raise ValidationError({"expert": "该专家已不在专家库中"})
    if not fresh.available:
        raise ValidationError({"expert": f"专家{fresh.name}目前不可调用"})
    return f"{fresh.name}（{fresh.organisation or fresh.get_title_display()}）"
