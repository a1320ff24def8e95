"""Rule settings as a JSON document: export, and import all-or-nothing.

Document::

    {"format": "yingji.monitoring.rules", "version": 1,
     "point_types": {"level": {"debounce_count": 3, ...}, ...},
     "points": [{"enterprise": 12, "code": "LT-101", "overrides": {"stuck_minutes": null}}]}

Per-type settings are reference data for the whole city: only users whose scope is a
city or wider change them. Point overrides are changed only on points in the user's
scope. Every change goes through the object services (audited)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.scope import scope_of
from yingji.core.services.objects import check_permission, update_object
from yingji.monitoring import rules
from yingji.monitoring.ingest.pipeline import reset_registry
from yingji.monitoring.models import MeasurementPoint, PointType, RuleConfig

FORMAT = "yingji.monitoring.rules"


def export_rules(*, actor: Actor) -> dict[str, Any]:
    """Type settings and the overrides of the points the actor may view."""
    points = MeasurementPoint.objects.all() if actor.user is None else MeasurementPoint.objects.restrict(
        actor.user, "view")
    return {
        "format": FORMAT, "version": 1,
        "point_types": {c.point_type: c.as_params() for c in RuleConfig.objects.order_by("point_type")},
        "points": [{"enterprise": p.enterprise_id, "code": p.code, "overrides": p.rule_overrides}
                   for p in points.exclude(rule_overrides={}).order_by("enterprise_id", "code")],
    }


def _city_wide(actor: Actor) -> bool:
    if actor.user is None:
        return True
    prefix = scope_of(actor.user).region_prefix
    return prefix is None or len(prefix) <= 4


@transaction.atomic
def import_rules(document: Any, *, actor: Actor) -> dict[str, int]:
    """Apply a rules document; any error refuses the whole document (nothing changes)
    with every problem listed by its place in the document."""
    check_permission(actor, RuleConfig, "change")
    errors: dict[str, list[str]] = {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError({"format": [f"不是监测规则文件（format应为{FORMAT}）"]})
    types = document.get("point_types") or {}
    points = document.get("points") or []
    if not isinstance(types, dict) or not isinstance(points, list):
        raise ValidationError({"format": ["point_types应为对象，points应为数组"]})
    if types and not _city_wide(actor):
        raise PermissionDenied("按测点类型的规则为全市统一设置，仅市级及以上用户可修改")
    valid_types = set(PointType.values)
    for key, params in types.items():
        if key not in valid_types:
            errors.setdefault(f"point_types.{key}", []).append("未知的测点类型")
            continue
        problem = rules.check_overrides(params)
        if problem:
            errors.setdefault(f"point_types.{key}", []).append(problem)
    scoped = MeasurementPoint.objects.all() if actor.user is None else MeasurementPoint.objects.restrict(
        actor.user, "change")
    targets = []
    for index, item in enumerate(points):
        where = f"points[{index}]"
        if not isinstance(item, dict):
            errors.setdefault(where, []).append("应为对象")
            continue
        point = scoped.filter(enterprise_id=item.get("enterprise"), code=item.get("code")).first()
        if point is None:
            errors.setdefault(where, []).append("测点不存在或不在您的数据范围内")
            continue
        problem = rules.check_overrides(item.get("overrides"))
        if problem:
            errors.setdefault(where, []).append(problem)
            continue
        targets.append((point, item["overrides"]))
    if errors:
        raise ValidationError(errors)
    changed_types = 0
    for key, params in types.items():
        config, _ = RuleConfig.objects.get_or_create(point_type=key)
        update_object(config, dict(params), actor=actor)
        changed_types += 1
    for point, overrides in targets:
        update_object(point, {"rule_overrides": overrides}, actor=actor)
    transaction.on_commit(reset_registry)
    return {"point_types": changed_types, "points": len(targets)}
