"""Rescue team accounts (救援队伍账号): which user acts for which team, and the team's own
report of its status and members."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object
from yingji.incidents.models import TeamAccount
from yingji.incidents.services.dispatch import set_team_status


@transaction.atomic
def link_team_account(user: Any, team: Any, *, actor: Actor) -> TeamAccount:
    """Let ``user`` act for ``team`` (audited; one team per account)."""
    return create_object(TeamAccount, {"user": user, "team": team}, actor=actor)


@transaction.atomic
def report_team_status(team: Any, data: dict[str, Any], *, actor: Actor) -> Any:
    """The team's account reports its status (待命/出动/休整), people on duty and their
    names; only for its own team."""
    if actor.user is None or not TeamAccount.objects.filter(user=actor.user, team=team).exists():
        raise PermissionDenied("只能上报本队伍的状态")
    return set_team_status(team, data["status"], actor=actor, reason="队伍上报",
                           headcount=data.get("headcount"), members=data.get("members"))
