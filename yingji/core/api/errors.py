"""JSON errors with a Chinese message and field-level detail, never a stack trace.

Shape: ``{"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}``;
``fields`` is present for validation errors only. DRF's own field messages come from
its zh_Hans catalogue (LANGUAGE_CODE is zh-hans); the few that read awkwardly are
replaced by code below, and any message that still has no Chinese in it (a library
message without a translation) is replaced by a Chinese one for its code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from yingji.core.workflow import StaleObject, TransitionRefused

logger = logging.getLogger(__name__)

_CJK = re.compile(r"[\u4e00-\u9fff]")

# Generic (code, Chinese message) per exception class, most specific first.
_MESSAGES: tuple[tuple[type[exceptions.APIException], str, str], ...] = (
    (exceptions.NotAuthenticated, "not_authenticated", "未登录或登录已失效，请先登录"),
    (exceptions.AuthenticationFailed, "authentication_failed", "身份认证失败"),
    (exceptions.PermissionDenied, "permission_denied", "您没有执行此操作的权限"),
    (exceptions.NotFound, "not_found", "对象不存在或不在您的数据范围内"),
    (exceptions.MethodNotAllowed, "method_not_allowed", "不支持该请求方法"),
    (exceptions.ParseError, "parse_error", "请求内容格式错误，无法解析"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type", "不支持的请求内容类型"),
    (exceptions.Throttled, "throttled", "请求过于频繁，请稍后再试"),
    (exceptions.NotAcceptable, "not_acceptable", "无法提供所请求的格式"),
)

# Field messages by error code: clearer wording than the stock catalogue, and the
# fallback when a message arrives untranslated.
FIELD_MESSAGES: dict[str, str] = {
    "required": "此项为必填项",
    "blank": "此项不能为空",
    "null": "此项不能为空",
    "does_not_exist": "所选对象不存在或不在您的数据范围内",
    "incorrect_type": "数据类型不正确",
    "not_a_list": "应为列表",
    "empty": "至少选择一项",
    "invalid_choice": "不是有效的选项",
    "max_length": "内容过长",
    "min_length": "内容过短",
    "max_value": "数值过大",
    "min_value": "数值过小",
    "invalid": "格式不正确",
    "date": "应为日期，格式 YYYY-MM-DD",
    "datetime": "应为日期时间，格式 YYYY-MM-DDThh:mm:ss+08:00",
    "unique": "该值已存在",
}
# Codes whose stock Chinese wording is replaced even when translated.
_ALWAYS_REPLACE = frozenset({"required", "blank", "null", "does_not_exist", "incorrect_type",
                             "not_a_list", "empty"})
GENERIC_FIELD_MESSAGE = "数据格式不正确"


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def _field_message(detail: Any) -> str:
    text = str(detail)
    code = getattr(detail, "code", None) or ""
    if code in _ALWAYS_REPLACE:
        return FIELD_MESSAGES[code]
    if has_chinese(text):
        return text
    return FIELD_MESSAGES.get(code, GENERIC_FIELD_MESSAGE)


def _collect(detail: Any, path: str, out: dict[str, list[str]], item: str = "") -> None:
    """Flatten nested DRF error detail into ``{"a.b": ["message", ...]}``; errors of a
    list's items stay on the list field, prefixed with the item's position."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int) and path:
                _collect(value, path, out, f"{item}第{key + 1}项：")
            else:
                _collect(value, f"{path}.{key}" if path else str(key), out, item)
    elif isinstance(detail, (list, tuple)):
        for entry in detail:
            _collect(entry, path, out, item)
    else:
        key = path or api_settings.NON_FIELD_ERRORS_KEY
        out.setdefault(key, []).append(item + _field_message(detail))


def field_errors(detail: Any) -> dict[str, list[str]]:
    """Chinese messages per field for a ValidationError's detail."""
    out: dict[str, list[str]] = {}
    _collect(detail, "", out)
    return out


def _from_django(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            fields: Any = {
                (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): value
                for key, value in exc.message_dict.items()
            }
        else:
            fields = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
        return exceptions.ValidationError(fields)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, (DjangoPermissionDenied, PermissionError)):
        message = str(exc)
        return exceptions.PermissionDenied(message if has_chinese(message) else None)
    return exc


def _conflict(exc: TransitionRefused | StaleObject) -> Response:
    """409: the object's state (or version) does not allow the step now; the reason is
    the workflow's own Chinese text, the fields name what is missing."""
    fields = field_errors(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    messages = [m for ms in fields.values() for m in ms]
    body = {"code": "stale" if isinstance(exc, StaleObject) else "conflict",
            "message": "；".join(messages) or "当前状态不允许此操作", "fields": fields}
    set_rollback()
    return Response({"error": body}, status=status.HTTP_409_CONFLICT)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF exception handler: the Yingji error shape for every failure. A workflow's
    refusal (wrong state, stale version) is a 409 in every module."""
    if isinstance(exc, (TransitionRefused, StaleObject)):
        return _conflict(exc)
    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        request = context.get("request")
        request_id = getattr(request, "request_id", "") or getattr(
            getattr(request, "_request", None), "request_id", ""
        )
        logger.error("unhandled API error (request %s)", request_id, exc_info=exc)
        set_rollback()
        message = "服务器内部错误，请联系管理员"
        if request_id:
            message += f"（请求编号 {request_id}）"
        return Response({"error": {"code": "server_error", "message": message}},
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    body: dict[str, Any]
    if isinstance(exc, exceptions.ValidationError):
        fields = field_errors(exc.detail)
        non_field = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
        message = non_field[0] if non_field and len(fields) == 1 else "提交的数据有误，请检查各字段"
        body = {"code": "invalid", "message": message, "fields": fields}
    else:
        code, message = "error", "请求失败"
        for cls, cls_code, cls_message in _MESSAGES:
            if isinstance(exc, cls):
                code, message = cls_code, cls_message
                break
        detail = getattr(exc, "detail", "")
        if isinstance(detail, (list, dict)):
            detail = ""
        if isinstance(exc, exceptions.PermissionDenied) and str(detail).startswith("CSRF"):
            code, message = "csrf_failed", "CSRF 校验失败：请刷新页面后重试，或改用接口令牌调用"
        elif detail and has_chinese(str(detail)) and not _is_default(exc, detail):
            message = str(detail)
        body = {"code": code, "message": message}
    response.data = {"error": body}
    return response


def _is_default(exc: Exception, detail: Any) -> bool:
    default = getattr(type(exc), "default_detail", None)
    return default is not None and str(detail) == str(default)


class JSONObjectParser(JSONParser):
    """JSON bodies of the API are objects: a bare ``true``, number or list is a Chinese
    400 (parse_error), not a value the forms and serializers would choke on."""

    def parse(self, stream: Any, media_type: str | None = None,
              parser_context: Mapping[str, Any] | None = None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("请求内容应为 JSON 对象")
        return data
