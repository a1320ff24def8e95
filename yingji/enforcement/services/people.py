"""Inspectors, teams and declared conflicts: creation and changes with their checks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, update_object
from yingji.enforcement.models import Conflict, EnforcementSettings, Inspector, Team


def _check_leave(data: Mapping[str, Any]) -> None:
    start, end = data.get("on_leave_from"), data.get("on_leave_until")
    if (start is None) != (end is None):
        raise ValidationError({"on_leave_until": "请假开始和结束日期须同时填写"})
    if start is not None and end is not None and end < start:
        raise ValidationError({"on_leave_until": "请假结束日期不能早于开始日期"})


@transaction.atomic
def create_inspector(data: Mapping[str, Any], *, actor: Actor) -> Inspector:
    """Register an inspector with the 执法证."""
    _check_leave(data)
    return create_object(Inspector, dict(data), actor=actor)


@transaction.atomic
def update_inspector(inspector: Inspector, data: Mapping[str, Any], *, actor: Actor) -> Inspector:
    """Change an inspector (certificate renewal, leave, unit)."""
    merged = {"on_leave_from": inspector.on_leave_from,
              "on_leave_until": inspector.on_leave_until, **data}
    _check_leave(merged)
    return update_object(inspector, dict(data), actor=actor)


def _check_members(data: Mapping[str, Any]) -> None:
    members = list(data.get("members") or [])
    minimum = EnforcementSettings.current().min_team_size
    today = timezone.localdate()
    valid = [m for m in members if m.certificate_valid(today)]
    if len(valid) < minimum:
        raise ValidationError({"members": f"执法小组须有{minimum}名以上持有效执法证的执法人员"})
    leader = data.get("leader")
    if leader is not None and leader not in members:
        raise ValidationError({"leader": "组长须是本组组员"})


@transaction.atomic
def create_team(data: Mapping[str, Any], *, actor: Actor) -> Team:
    """A team of at least ``min_team_size`` certified inspectors."""
    _check_members(data)
    return create_object(Team, dict(data), actor=actor)


@transaction.atomic
def update_team(team: Team, data: Mapping[str, Any], *, actor: Actor) -> Team:
    merged = {"members": list(team.members.all()), "leader": team.leader, **data}
    _check_members(merged)
    return update_object(team, dict(data), actor=actor)


@transaction.atomic
def declare_conflict(data: Mapping[str, Any], *, actor: Actor) -> Conflict:
    """回避申报: the inspector will not be drawn for or assigned to the enterprise."""
    inspector, enterprise = data.get("inspector"), data.get("enterprise")
    if Conflict.objects.filter(inspector=inspector, enterprise=enterprise).exists():
        raise ValidationError({"enterprise": "已申报过对该企业的回避"})
    return create_object(Conflict, dict(data), actor=actor)


def expiring_certificates(queryset: Any, days: int | None = None) -> Any:
    """Inspectors whose certificate expires within ``days`` (default: the setting)."""
    window = EnforcementSettings.current().certificate_remind_days if days is None else days
    today = timezone.localdate()
    return queryset.filter(is_active=True, certificate_expires_on__lte=today + timedelta(days=window))
