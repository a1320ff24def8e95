"""Scope of enterprise rows: staff reach by region and industry; a user holding only
the enterprise role (企业用户) reaches only the enterprises they are a member of."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db.models import Q

from yingji.core.scope import Scope, ScopedModelMixin

# Roles that never widen an enterprise user's reach to other enterprises.
NON_STAFF_ROLES = frozenset({"enterprise", "public"})


def is_enterprise_user(scope: Scope) -> bool:
    """Whether the scope belongs to an enterprise account (no staff role)."""
    return "enterprise" in scope.roles and scope.roles <= NON_STAFF_ROLES


def member_enterprise_ids(user_id: int | None) -> Any:
    """Subquery of the enterprise ids ``user_id`` belongs to (none without a user)."""
    from yingji.enterprises.models.enterprises import EnterpriseMember

    if user_id is None:
        return EnterpriseMember.objects.none().values("enterprise_id")
    return EnterpriseMember.objects.filter(user_id=user_id).values("enterprise_id")


def live_owners(scope: Scope) -> frozenset[int] | None:
    """For the live stream: an enterprise account sees only its enterprises' events."""
    if not is_enterprise_user(scope):
        return None
    return frozenset(member_enterprise_ids(scope.user_id).values_list("enterprise_id", flat=True))


class EnterpriseScopedMixin(ScopedModelMixin):
    """Scope of a row that belongs to an enterprise (``enterprise_path`` leads to it;
    "" for the enterprise itself)."""

    enterprise_path: ClassVar[str] = "enterprise"

    @classmethod
    def scope_q(cls, scope: Scope) -> Q:
        q = super().scope_q(scope)
        if is_enterprise_user(scope):
            key = f"{cls.enterprise_path}__in" if cls.enterprise_path else "pk__in"
            q &= Q(**{key: member_enterprise_ids(scope.user_id)})
        return q

    def scope_owner_id(self) -> int | None:
        """The enterprise of the row, when known without a query (live stream)."""
        if not self.enterprise_path:
            return getattr(self, "pk", None)
        if self.enterprise_path == "enterprise":
            return getattr(self, "enterprise_id", None)
        return None

    def in_scope(self, scope: Scope) -> bool:
        if not super().in_scope(scope):
            return False
        if is_enterprise_user(scope):
            enterprise_id = getattr(self, "pk", None) if not self.enterprise_path else _enterprise_id(self)
            return enterprise_id is not None and member_enterprise_ids(scope.user_id).filter(
                enterprise_id=enterprise_id).exists()
        return True


def _enterprise_id(obj: Any) -> Any:
    path = obj.enterprise_path.split("__")
    for hop in path[:-1]:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{path[-1]}_id", None)
