"""Derived values: stored recomputations and the enterprise's roll-up colour."""

from __future__ import annotations

from typing import Any

from django.db import models

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.enterprises import rules
from yingji.enterprises.models import Enterprise, MajorHazard, RiskPoint


def save_derived(obj: models.Model, values: dict[str, Any], *, actor: Actor) -> None:
    """Store recomputed values on ``obj`` and audit the change when there is one."""
    before = audit.snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    after = audit.snapshot(obj)
    if audit.changed_fields(before, after):
        obj.save(update_fields=[*values, "updated_at"] if hasattr(obj, "updated_at") else list(values))
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=obj, before=before, after=after,
                     detail="重新计算")


def refresh_enterprise(enterprise: Enterprise, *, actor: Actor) -> None:
    """Roll the enterprise's colour up from its risk points and major hazard grade."""
    grades = [g for g in MajorHazard.objects.filter(enterprise=enterprise, is_major=True)
              .values_list("grade", flat=True) if g]
    grade = min(grades) if grades else None
    colours = RiskPoint.objects.filter(enterprise=enterprise).values_list("colour", flat=True)
    colour = rules.enterprise_colour(colours, grade)
    save_derived(enterprise, {"major_hazard_grade": grade, "risk_colour": colour}, actor=actor)


def roll_up_all(queryset: models.QuerySet[Enterprise]) -> None:
    """``refresh_enterprise`` for many enterprises in eight UPDATEs (bulk loads): the
    highest major hazard grade, then each colour from the least to the most severe, so
    the most severe of risk points and grade wins (``rules.enterprise_colour``)."""
    queryset.update(major_hazard_grade=None, risk_colour="")
    for grade in (4, 3, 2, 1):
        queryset.filter(pk__in=MajorHazard.objects.filter(is_major=True, grade=grade)
                        .values("enterprise_id")).update(major_hazard_grade=grade)
    for colour in reversed(rules.COLOURS):
        grades = [g for g, c in rules.DEFAULT_GRADE_COLOURS.items() if c == colour]
        has_point = models.Q(pk__in=RiskPoint.objects.filter(colour=colour).values("enterprise_id"))
        queryset.filter(has_point | models.Q(major_hazard_grade__in=grades)).update(
            risk_colour=colour)
