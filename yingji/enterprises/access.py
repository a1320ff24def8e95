"""Who is looking: an enterprise account (企业用户) gets an interface of its own — its
enterprise preselected and fixed on its forms, no government filters (企业, 区划) on
its lists, its file instead of the registry list."""

from __future__ import annotations

from typing import Any

from yingji.core.scope import scope_of
from yingji.enterprises.models import Enterprise
from yingji.enterprises.models.ownership import is_enterprise_user, member_enterprise_ids

# Filters of the supervisors' lists that mean nothing to an enterprise account.
GOVERNMENT_FILTERS = ("region", "enterprise")


def is_enterprise_account(user: Any) -> bool:
    """Whether ``user`` is signed in with the enterprise role only."""
    return bool(user is not None and user.is_authenticated
                and is_enterprise_user(scope_of(user)))


def own_enterprise(user: Any) -> Enterprise | None:
    """The enterprise of an enterprise account linked to exactly one (cached on the
    user for the request); None for staff and for accounts with none or several."""
    if not is_enterprise_account(user):
        return None
    if not hasattr(user, "_own_enterprise"):
        rows = list(Enterprise.objects.filter(pk__in=member_enterprise_ids(user.pk))
                    .order_by("pk")[:2])
        user._own_enterprise = rows[0] if len(rows) == 1 else None
    found: Enterprise | None = user._own_enterprise
    return found


def drop_government_filters(filterset: Any) -> None:
    """Remove the region and enterprise filters of ``filterset`` for an enterprise
    account (its rows are its enterprise's already)."""
    request = getattr(filterset, "request", None)
    if request is None or not is_enterprise_account(getattr(request, "user", None)):
        return
    for name in GOVERNMENT_FILTERS:
        filterset.filters.pop(name, None)
