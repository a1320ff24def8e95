"""Writes of risk points, their gauges and their households; every change is audited
(core object services). A point's responsible persons are the directory's own rows,
chosen from the persons whose region holds the point or lies inside it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.flood import rules
from yingji.flood.models import FloodPoint, GaugeLink, Household

GAUGE_TYPES = ("rainfall", "water_level")


def _check_point(data: dict[str, Any], point: FloodPoint | None = None) -> None:
    region = data.get("region") or (point.region if point is not None else None)
    persons = data.get("responsible")
    if region is None or persons is None:
        return
    if region.level < 4:
        raise ValidationError({"region": "风险点应落到街道（乡镇）或社区（村）"})
    strangers = [p.name for p in persons if not p.active or not rules.regions_related(
        region.prefix, p.region.prefix)]
    if strangers:
        names = "、".join(strangers[:3])
        raise ValidationError({"responsible": f"责任人不负责该风险点所在区域或已不在岗：{names}"})


@transaction.atomic
def create_point(data: dict[str, Any], *, actor: Actor) -> FloodPoint:
    """A risk point in a street or community, its responsible persons from the directory."""
    _check_point(data)
    return create_object(FloodPoint, data, actor=actor)


@transaction.atomic
def update_point(point: FloodPoint, data: dict[str, Any], *, actor: Actor) -> FloodPoint:
    _check_point(data, point)
    return update_object(point, data, actor=actor)


@transaction.atomic
def delete_point(point: FloodPoint, *, actor: Actor) -> None:
    """A point that has had a transfer is a record: it is set out of use, not deleted;
    one with a roster keeps it until its households are removed one by one (audited)."""
    if point.tasks.exists():
        raise ValidationError("该风险点已有转移记录，不能删除，可改为停用")
    if point.households.exists():
        raise ValidationError("请先删除该风险点的转移户")
    delete_object(point, actor=actor)


def _check_gauge(data: dict[str, Any]) -> None:
    gauge = data.get("gauge")
    if gauge is not None and gauge.point_type not in GAUGE_TYPES:
        raise ValidationError({"gauge": "请选择雨量站或水位站的测点"})


@transaction.atomic
def create_gauge(data: dict[str, Any], *, actor: Actor) -> GaugeLink:
    """Watch a rain or water-level gauge for a point with its transfer threshold."""
    _check_gauge(data)
    if GaugeLink.objects.filter(point=data["point"], gauge=data.get("gauge")).exists():
        raise ValidationError({"gauge": "该监测站已关联此风险点"})
    return create_object(GaugeLink, data, actor=actor)


@transaction.atomic
def update_gauge(link: GaugeLink, data: dict[str, Any], *, actor: Actor) -> GaugeLink:
    _check_gauge(data)
    return update_object(link, data, actor=actor)


@transaction.atomic
def delete_gauge(link: GaugeLink, *, actor: Actor) -> None:
    delete_object(link, actor=actor)


@transaction.atomic
def create_household(data: dict[str, Any], *, actor: Actor) -> Household:
    """A household of the point's roster (一册)."""
    return create_object(Household, data, actor=actor)


@transaction.atomic
def update_household(household: Household, data: dict[str, Any], *, actor: Actor) -> Household:
    if "point" in data and data["point"].pk != household.point_id:
        raise ValidationError({"point": "转移户不能移到其他风险点"})
    return update_object(household, data, actor=actor)


@transaction.atomic
def delete_household(household: Household, *, actor: Actor) -> None:
    if household.entries.exists():
        raise ValidationError("该户已有转移记录，不能删除")
    delete_object(household, actor=actor)
