"""Token authentication for system-to-system calls: ``Authorization: Token <key>``.

A key is ``yj_<prefix>_<secret>``; only the SM3 digest of the whole key is stored
(``yingji.core.services.tokens``). The authenticated user carries the token as
``user.active_token``, so ``scope_of`` narrows the scope to the token's region and
``may`` refuses writes through a read-only token.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from yingji.core.models import ApiToken
from yingji.core.services.tokens import hash_key, split_key

__all__ = ["ApiTokenAuthentication", "hash_key", "split_key"]


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticate by API token; any presented but unusable token is a 401."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0].lower() != self.keyword.lower():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式错误：应为“Token 令牌值”")
        key = parts[1]
        prefix = split_key(key)
        token = (
            ApiToken.objects.select_related("user", "user__scope_region", "region")
            .filter(key_prefix=prefix).first() if prefix else None
        )
        # Compare digests even when no token matched, so timing does not tell.
        stored = token.key_hash if token is not None else "0" * 64
        if not hmac.compare_digest(stored, hash_key(key)) or token is None:
            raise exceptions.AuthenticationFailed("令牌无效")
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed("令牌已吊销")
        if not token.is_usable():
            raise exceptions.AuthenticationFailed("令牌已过期")
        user = token.user
        if not user.is_active or user.is_locked():
            raise exceptions.AuthenticationFailed("令牌所属账号已停用或锁定")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        user.active_token = token
        return (user, token)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """OpenAPI description of the token scheme (registered on import)."""

    target_class = ApiTokenAuthentication
    name = "ApiToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "接口令牌：Authorization: Token yj_<前缀>_<密钥>",
        }
