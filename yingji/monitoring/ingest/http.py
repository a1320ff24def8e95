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
