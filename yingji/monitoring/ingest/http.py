"""The HTTP door of the ingest pipeline: ``POST /api/v1/monitoring/ingest/<source>/``
with ``Authorization: Bearer <token>`` and the JSON batch of ``validation`` as body.

A refused message answers 4xx with ``{"error": {"code", "message"}}``; an accepted one
answers 200 with the counts and each rejected reading (index, code, reason). The
pipeline runs in the request's thread (``make run`` needs nothing else).
"""

from __future__ import annotations

import logging

from django.db import DatabaseError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yingji.core.api.schema import document_path, error_response
from yingji.monitoring.ingest.pipeline import Incoming, Pipeline

logger = logging.getLogger(__name__)
STATUS = {"bad_credentials": 401, "source_disabled": 403, "oversized": 413}


@csrf_exempt
@require_POST
def ingest(request: HttpRequest, source: str) -> JsonResponse:
    auth = request.headers.get("Authorization", "")
    token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
    limit = int(request.META.get("CONTENT_LENGTH") or 0)
    from yingji.monitoring.ingest.pipeline import registry

    max_bytes = registry().limits.max_payload_bytes
    if limit > max_bytes:
        return _error("oversized", f"消息长度{limit}字节，超过上限{max_bytes}字节")
    message = Incoming(raw=request.body, door="http", source_code=source, token=token or "-")
    try:
        batch = Pipeline().process([message])
    except DatabaseError:
        logger.exception("ingest failed")
        return _error("unavailable", "数据库暂不可用，请稍后重试", status=503)
    result = batch.messages[0]
    if result.error is not None:
        return _error(result.error.code, result.error.reason)
    return JsonResponse({"accepted": result.accepted, "duplicates": result.duplicates,
                         "rejected": result.rejected, "alarms": batch.alarms_raised})


def _error(code: str, message: str, status: int | None = None) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message}},
                        status=status or STATUS.get(code, 400), json_dumps_params={"ensure_ascii": False})


document_path("/api/v1/monitoring/ingest/{source}/", {"post": {
    "operationId": "monitoring_ingest_create",
    "summary": "接入监测数据（HTTP）",
    "description": "数据源推送一批读数；令牌为数据源的令牌（Authorization: Bearer <令牌>），"
                   "不是接口令牌。被拒的读数逐条返回（序号、代码、原因）。",
    "tags": ["monitoring"],
    "security": [{"SourceToken": []}],
    "parameters": [{"name": "source", "in": "path", "required": True, "description": "数据源编码",
                    "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,40}$"}}],
    "requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["readings"],
        "properties": {
            "source": {"type": "string"}, "token": {"type": "string"},
            "ts": {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "number"}]},
            "readings": {"type": "array", "items": {
                "type": "object", "required": ["point", "value"],
                "properties": {"point": {"type": "string"}, "value": {"type": "number"},
                               "unit": {"type": "string"},
                               "ts": {"oneOf": [{"type": "string", "format": "date-time"},
                                                {"type": "number"}]}}}}}}}}},
    "responses": {
        "200": {"description": "已处理：接收、重复和被拒的读数", "content": {"application/json": {
            "schema": {"type": "object", "required": ["accepted", "duplicates", "rejected", "alarms"],
                       "properties": {
                           "accepted": {"type": "integer"}, "duplicates": {"type": "integer"},
                           "alarms": {"type": "integer"},
                           "rejected": {"type": "array", "items": {"type": "object", "properties": {
                               "index": {"type": "integer"}, "code": {"type": "string"},
                               "reason": {"type": "string"}}}}}}}}},
        "400": error_response("消息格式错误"),
        "401": error_response("数据源令牌错误"),
        "403": error_response("数据源已停用"),
        "413": error_response("消息超过长度上限"),
        "503": error_response("数据库暂不可用"),
    },
}}, security_schemes={"SourceToken": {"type": "http", "scheme": "bearer",
                                       "description": "数据源令牌：Authorization: Bearer <令牌>"}})
