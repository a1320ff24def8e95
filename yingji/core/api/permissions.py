"""Model permissions per action; rows are limited by the scoped queryset (404 outside)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from yingji.core.scope import may

_METHOD_ACTION = {
    "GET": "view", "HEAD": "view", "OPTIONS": "view",
    "POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete",
}


class ScopedModelPermissions(BasePermission):
    """Signed-in users with the model permission for the request's action.

    Views without a model (``queryset`` absent) only require authentication.
    """

    message = "您没有执行此操作的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        model = getattr(view, "scoped_model", None)
        if model is None:
            queryset = getattr(view, "queryset", None)
            model = getattr(queryset, "model", None)
        if model is None:
            return True
        action = getattr(view, "permission_action", None) or _METHOD_ACTION.get(
            request.method or "GET", "view"
        )
        return may(user, model, action)
