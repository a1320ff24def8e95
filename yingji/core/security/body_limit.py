"""Request bodies over the limit are refused before they are read (issue 14 item 5).

``BodyLimit`` wraps the ASGI application: a declared ``Content-Length`` over the limit is
answered 413 at once, without receiving a byte of the body; a body without a length
(chunked) is counted as it streams in and cut off with 413 the moment it passes the
limit, so nothing over the limit is ever spooled to disk. ``BodyLimitMiddleware`` does
the ``Content-Length`` check for WSGI servers. The limit is ``REQUEST_MAX_BYTES``
(``YINGJI_REQUEST_MAX_MB``): a proxy in front should have the same or a lower one.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]

MESSAGE = "请求内容过大"


def _limit_mb(limit: int) -> str:
    return f"{limit / 1024 / 1024:.0f}"


def too_large_body(limit: int) -> bytes:
    return json.dumps({"error": {"code": "request_too_large",
                                 "message": f"{MESSAGE}（上限{_limit_mb(limit)}MB）"}},
                      ensure_ascii=False).encode()


def declared_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """ASGI wrapper refusing bodies over ``max_bytes`` (None: ``settings.REQUEST_MAX_BYTES``)."""

    def __init__(self, app: ASGIApp, max_bytes: int | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope.get("type") != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes if self.max_bytes is not None else settings.REQUEST_MAX_BYTES
        length = declared_length(scope.get("headers") or [])
        if length is not None and length > limit:
            await self._refuse(send, limit)
            return
        received = 0
        exceeded = False
        started = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            if exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Django sees a client that went away and stops reading; we answer.
                    exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counted_receive, watched_send)
        if exceeded and not started:
            await self._refuse(send, limit)

    @staticmethod
    async def _refuse(send: Send, limit: int) -> None:
        body = too_large_body(limit)
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


class BodyLimitMiddleware:
    """The same ``Content-Length`` check inside Django (WSGI servers; the test client)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.REQUEST_MAX_BYTES
        if length > limit:
            return JsonResponse({"error": {"code": "request_too_large",
                                           "message": f"{MESSAGE}（上限{_limit_mb(limit)}MB）"}},
                                status=413, json_dumps_params={"ensure_ascii": False})
        return self.get_response(request)
