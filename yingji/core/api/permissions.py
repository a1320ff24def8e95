"""API permissions: model permission per action (rows are limited by the scoped
queryset, so an object outside the scope is a 404), the caller's own data, and
operations that an API token may never perform."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from yingji.core.models import ApiToken
from yingji.core.scope import may

METHOD_ACTION = {
    "GET": "view", "HEAD": "view", "OPTIONS": "view",
    "POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete",
}


def request_action(request: Request, view: Any) -> str:
    """The scope action (view/add/change/delete) a request performs on ``view``."""
    action = getattr(view, "permission_action", None)
    if action:
        return str(action)
    return METHOD_ACTION.get(request.method or "GET", "view")


def _signed_in(request: Request) -> bool:
    user = request.user
    return bool(user and user.is_authenticated and user.is_active)


class ScopedModelPermissions(BasePermission):
    """Signed-in users holding the model permission for the request's action.

    Views without a model (``queryset`` absent) only require authentication; a
    read-only API token cannot write (``scope.may`` refuses it).
    """

    message = "您没有执行此操作的权限"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _signed_in(request):
            return False
        model = getattr(view, "scoped_model", None)
        if model is None:
            queryset = getattr(view, "queryset", None)
            model = getattr(queryset, "model", None)
        if model is None:
            return not _read_only_token_writes(request)
        return may(request.user, model, request_action(request, view))


def _read_only_token_writes(request: Request) -> bool:
    token = request.auth
    return (isinstance(token, ApiToken) and token.read_only
            and request.method not in SAFE_METHODS)


class OwnDataPermission(BasePermission):
    """Any signed-in user, on their own data (messages, profile); a read-only token
    may only read."""

    message = "只读令牌不能修改数据"

    def has_permission(self, request: Request, view: Any) -> bool:
        if not _signed_in(request):
            return False
        return not _read_only_token_writes(request)


class SessionOnlyPermission(BasePermission):
    """Signed in with a password session, not an API token: a token must not mint or
    revoke tokens (it could otherwise widen its own scope or lift read-only)."""

    message = "接口令牌不能用于管理令牌，请登录系统后操作"

    def has_permission(self, request: Request, view: Any) -> bool:
        return _signed_in(request) and request.auth is None
