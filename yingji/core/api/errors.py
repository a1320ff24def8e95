"""JSON errors with a Chinese message and field-level detail, never a stack trace.

Shape: {"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

_MESSAGES = {
    exceptions.NotAuthenticated: ("not_authenticated", "未登录或登录已失效"),
    exceptions.AuthenticationFailed: ("authentication_failed", "身份认证失败"),
    exceptions.PermissionDenied: ("permission_denied", "您没有执行此操作的权限"),
    exceptions.NotFound: ("not_found", "对象不存在或不在您的数据范围内"),
    exceptions.MethodNotAllowed: ("method_not_allowed", "不支持该请求方法"),
    exceptions.ParseError: ("parse_error", "请求内容格式错误"),
    exceptions.UnsupportedMediaType: ("unsupported_media_type", "不支持的请求内容类型"),
    exceptions.Throttled: ("throttled", "请求过于频繁，请稍后再试"),
    exceptions.NotAcceptable: ("not_acceptable", "无法提供所请求的格式"),
}


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(fields)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled API error", exc_info=exc)
        return Response(
            {"error": {"code": "server_error", "message": "服务器内部错误，请联系管理员"}},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        detail = _flatten(exc.detail)
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
        body = {"code": "invalid", "message": "提交的数据有误，请检查各字段", "fields": fields}
    else:
        code, message = next(
            ((c, m) for cls, (c, m) in _MESSAGES.items() if isinstance(exc, cls)),
            ("error", "请求失败"),
        )
        detail = getattr(exc, "detail", "")
        custom = str(detail) if detail and not _is_english_default(exc, detail) else ""
        body = {"code": code, "message": custom or message}
    response.data = {"error": body}
    return response


def _is_english_default(exc: Exception, detail: Any) -> bool:
    default = getattr(type(exc), "default_detail", None)
    return default is not None and str(detail) == str(default)
