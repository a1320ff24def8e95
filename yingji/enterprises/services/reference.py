"""Edits of the reference tables (GB 18218-2018 tables, risk bands, supervision classes).

A change to a table that grading reads is not finished until every assessment that
depends on it is recomputed: editing a critical quantity, a β, an α band or a risk band
regrades every major hazard unit (or rescores every risk point) and rolls every
enterprise's colour up again, in the same transaction. When the new tables cannot
assess some stored substance (a category it relied on was deleted), the edit is refused
and nothing changes.
"""

from __future__ import annotations

import math
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.enterprises import rules
from yingji.enterprises.models import (
    AlphaBand,
    Enterprise,
    HazardCategory,
    HazardSubstance,
    MajorHazard,
    RiskBand,
    RiskPoint,
    SupervisionClass,
)
from yingji.enterprises.services.hazards import grade_all
from yingji.enterprises.services.rollup import roll_up_all
from yingji.enterprises.services.tables import risk_bands

R = TypeVar("R", bound=models.Model)

GRADING_TABLES: tuple[type[models.Model], ...] = (HazardCategory, HazardSubstance, AlphaBand)
REFERENCE_MODELS: tuple[type[models.Model], ...] = (
    *GRADING_TABLES, RiskBand, SupervisionClass)

# Factors that must be positive numbers, with the message naming each.
_POSITIVE = {"critical_quantity": "临界量Q应大于0", "beta": "校正系数β应大于0",
             "toxic_beta": "校正系数β应大于0", "alpha": "校正系数α应大于0"}


def clean_reference(model: type[models.Model], data: dict[str, Any]) -> None:
    """Refuse non-finite or non-positive factors, naming the field."""
    errors: dict[str, str] = {}
    for field, message in _POSITIVE.items():
        value = data.get(field)
        if value is None or field not in {f.name for f in model._meta.fields}:
            continue
        if not math.isfinite(float(value)) or float(value) <= 0:
            errors[field] = message
    if model is RiskBand and data.get("minimum") is not None and not math.isfinite(
            float(data["minimum"])):
        errors["minimum"] = "分值下限应为有限数值"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_reference(model: type[R], data: dict[str, Any], *, actor: Actor) -> R:
    """Add a row to a reference table, then recompute what depends on it."""
    clean_reference(model, data)
    obj = create_object(model, data, actor=actor)
    recompute_dependents(model, actor=actor)
    return obj


@transaction.atomic
def update_reference(obj: R, data: dict[str, Any], *, actor: Actor) -> R:
    """Change a reference row, then recompute what depends on it."""
    clean_reference(type(obj), data)
    obj = update_object(obj, data, actor=actor)
    recompute_dependents(type(obj), actor=actor)
    return obj


@transaction.atomic
def delete_reference(obj: models.Model, *, actor: Actor) -> None:
    """Remove a reference row (refused while rows still point at it)."""
    model = type(obj)
    delete_object(obj, actor=actor)
    recompute_dependents(model, actor=actor)


def recompute_dependents(model: type[models.Model], *, actor: Actor) -> None:
    """Regrade or rescore everything ``model`` feeds, then roll every colour up."""
    if model in GRADING_TABLES:
        sources = list(MajorHazard.objects.all())
        try:
            grade_all(sources, actor=actor)
        except rules.HazardInputError as exc:
            raise ValidationError(f"修改后已登记的危险物质无法计算：{exc}") from exc
    elif model is RiskBand:
        rescore_risk_points(actor=actor)
    else:
        return
    roll_up_all(Enterprise.objects.all())


def rescore_risk_points(*, actor: Actor) -> int:
    """Level and colour of every risk point from the current bands; returns how many
    changed (audited as one entry)."""
    bands = {method: risk_bands(method) for method in ("lec", "ls")}
    changed: list[RiskPoint] = []
    for point in RiskPoint.objects.exclude(score=None).only("id", "name", "method", "score", "level",
                                                           "colour"):
        try:
            band = rules.band_for(point.score, bands.get(point.method, bands["lec"]))
        except ValueError as exc:
            raise ValidationError(
                f"修改后的风险分级标准未覆盖风险点“{point}”的风险值{point.score:g}") from exc
        if (band.level, band.colour) != (point.level, point.colour):
            point.level, point.colour = band.level, band.colour
            changed.append(point)
    RiskPoint.objects.bulk_update(changed, ["level", "colour"], batch_size=1000)
    if changed:
        audit.record(audit.AuditAction.UPDATE, actor=actor,
                     object_type=audit.object_type_of(RiskPoint),
                     object_repr=f"风险点重新分级{len(changed)}个",
                     detail=f"风险分级标准修改后重新分级{len(changed)}个风险点")
    return len(changed)
