"""The OpenAPI schema's shared parts: the error answer every endpoint may give and the
AutoSchema that documents it on every operation.

Every error of the API has one shape (``core.api.errors``). ``YingjiAutoSchema`` adds it
to each operation for the statuses the operation can answer with and does not document
itself: 400 (a malformed filter, page or body), 401 (no, or an unusable, token), 403
(no permission, a read-only token writing), 404 (outside the scope, a page past the
end), 409 on writes (a workflow's refusal, a stale version) and 415 on operations with
a request body (a content type the parsers do not read).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers
from rest_framework.fields import empty


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error answer of the API: ``{"error": {"code", "message", "fields"}}``."""

    error = inline_serializer("ErrorBody", {
        "code": serializers.CharField(help_text="invalid, permission_denied, not_found, conflict, stale …"),
        "message": serializers.CharField(help_text="中文说明"),
        # "fields" is a Serializer attribute of its own: declared through the dict.
        "fields": serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                        required=False, help_text="各字段的中文提示"),
    })


ERROR_RESPONSES: dict[int, OpenApiResponse] = {
    400: OpenApiResponse(ErrorSerializer, description="输入有误：未知的操作或字段错误（fields）"),
    403: OpenApiResponse(ErrorSerializer, description="没有执行此操作的权限"),
    404: OpenApiResponse(ErrorSerializer, description="对象不存在或不在数据范围内"),
    409: OpenApiResponse(ErrorSerializer, description="当前状态不允许此操作，或记录已被他人修改（stale）"),
}

_GENERAL_ERRORS: dict[int, str] = {
    400: "输入有误：筛选条件、分页参数或字段错误（fields）",
    401: "未登录，或令牌无效、已过期、已吊销",
    403: "没有执行此操作的权限（或只读令牌写入）",
    404: "对象不存在或不在数据范围内，或页码超出范围",
}
_WRITE_ERRORS: dict[int, str] = {409: "当前状态不允许此操作，或记录已被他人修改（stale）"}
_BODY_ERRORS: dict[int, str] = {415: "不支持的请求内容类型"}
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class YingjiAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema with the API's error answers on every operation, and
    an optional e-mail address that may be empty ("" is no address, not a malformed one)
    and a read-only field defaulting to None (a related row's name) nullable; a choice the
    model may leave blank answers "" too; only DRF's list is paginated."""

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> Any:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (direction == "response" and isinstance(field, serializers.ChoiceField)
                and isinstance(schema, dict) and "" not in schema.get("enum", [""])
                and _model_field_is_blank(field)):
            # a choice the model may leave empty ("" = not set) is answered as ""
            schema["enum"] = [*schema["enum"], ""]
        if (field.read_only and getattr(field, "default", empty) is None
                and isinstance(schema, dict) and "type" in schema):
            # source="department.name", default=None: empty without the related row
            schema["nullable"] = True
        return schema

    def _map_basic_serializer(self, serializer: Any, direction: Any) -> Any:
        schema = super()._map_basic_serializer(serializer, direction)
        properties = schema.get("properties", {}) if isinstance(schema, dict) else {}
        for name, field in serializer.fields.items():
            prop = properties.get(name)
            if (isinstance(field, serializers.EmailField) and isinstance(prop, dict)
                    and prop.get("format") == "email"
                    and (field.allow_blank or _model_field_is_blank(field))):
                del prop["format"]
                prop["anyOf"] = [{"format": "email"}, {"maxLength": 0}]
            if (direction == "response" and isinstance(prop, dict) and "pattern" in prop
                    and type(field).__name__ == "PersonalDataField"):
                # answered masked ("139****7919"): the input's pattern does not describe it
                del prop["pattern"]
        return schema

    def _is_list_view(self, serializer: Any = None) -> bool:
        # A view whose list answers one object (figures and their rows), not a list.
        if getattr(self.view, "answers_one_object", False) and getattr(self.view, "action", "") == "list":
            return False
        return bool(super()._is_list_view(serializer))

    def _get_paginator(self) -> Any:
        # Only DRF's list paginates; an action answering many rows answers them all.
        if getattr(self.view, "action", "list") not in ("list", None):
            return None
        return super()._get_paginator()


    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        errors = dict(_GENERAL_ERRORS)
        if self.method in _WRITES:
            errors.update(_WRITE_ERRORS)
            errors.update(_BODY_ERRORS)
        for code, description in errors.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), str(code),
                    direction=direction)
        return dict(sorted(responses.items()))


def _model_field_is_blank(field: serializers.Field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = field.source
    if model is None or not isinstance(source, str) or not source or "." in source:
        return False
    try:
        return bool(model._meta.get_field(source).blank)
    except Exception:  # not a model field (a property, an annotation)
        return False


# --- views outside DRF -----------------------------------------------------------------

_DOCUMENTED_PATHS: dict[str, dict[str, Any]] = {}
_SECURITY_SCHEMES: dict[str, dict[str, Any]] = {}
ERROR_REF = {"$ref": "#/components/schemas/Error"}


def error_response(description: str) -> dict[str, Any]:
    """An OpenAPI response object with the API's error body."""
    return {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}


def document_path(path: str, operations: dict[str, Any],
                  security_schemes: dict[str, dict[str, Any]] | None = None) -> None:
    """Put a plain Django view of the API (one DRF does not route, such as a device's
    door with its own credentials) into the schema: ``operations`` is the OpenAPI path
    item ({"post": {...}}); ``security_schemes`` the schemes it names. Called where the
    view is defined, so that the description sits next to the code it describes."""
    _DOCUMENTED_PATHS[path] = operations
    _SECURITY_SCHEMES.update(security_schemes or {})


def add_documented_paths(result: dict[str, Any], generator: Any, request: Any,
                         public: bool) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: the paths of ``document_path``."""
    paths = result.setdefault("paths", {})
    for path, operations in sorted(_DOCUMENTED_PATHS.items()):
        paths[path] = operations
    if _SECURITY_SCHEMES:
        result.setdefault("components", {}).setdefault("securitySchemes", {}).update(_SECURITY_SCHEMES)
    result["paths"] = dict(sorted(paths.items()))
    return result
