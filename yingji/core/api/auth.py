"""Token authentication for system-to-system calls: ``Authorization: Token <key>``.

A key is ``yj_<prefix>_<secret>``; only the SM3 digest of the whole key is stored.
"""

from __future__ import annotations

import hmac
from typing import Any

from django.utils import timezone
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from yingji.core.crypto import sm3_hex
from yingji.core.models import ApiToken


def hash_key(key: str) -> str:
    return sm3_hex(key.encode())


def split_key(key: str) -> str | None:
    parts = key.split("_")
    if len(parts) != 3 or parts[0] != "yj" or not parts[1] or not parts[2]:
        return None
    return parts[1]


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        parts = header.split()
        if parts[0] != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("令牌格式错误：应为“Token 令牌值”")
        prefix = split_key(parts[1])
        token = (
            ApiToken.objects.select_related("user", "user__scope_region", "region")
            .filter(key_prefix=prefix).first() if prefix else None
        )
        if token is None or not hmac.compare_digest(token.key_hash, hash_key(parts[1])):
            raise exceptions.AuthenticationFailed("令牌无效")
        if not token.is_usable():
            raise exceptions.AuthenticationFailed("令牌已过期或已吊销")
        user = token.user
        if not user.is_active or user.is_locked():
            raise exceptions.AuthenticationFailed("令牌所属账号已停用或锁定")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        user.active_token = token
        return (user, token)

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
