"""Who sees which dispatch orders: a rescue team answers its own orders only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yingji.incidents.models import DispatchOrder, TeamAccount


def own_team_ids(user: Any) -> list[int]:
    """The rescue teams ``user`` acts for (through a 救援队伍账号)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(TeamAccount.objects.filter(user=user).values_list("team_id", flat=True))


def orders_for(user: Any, action: str) -> QuerySet[DispatchOrder]:
    """Dispatch orders ``user`` may reach for ``action``: inside the scope, and for a
    rescue force (who may not see incidents) only its own team's orders, so another
    team's order is a 404 like a missing one."""
    orders = DispatchOrder.objects.restrict(user, action)
    if not user.has_perm("incidents.view_incident"):
        orders = orders.filter(team_id__in=own_team_ids(user))
    return orders
