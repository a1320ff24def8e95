"""Server-Sent Events: a signed-in page subscribes to the events in its user's scope."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse

from yingji.core import live
from yingji.core.scope import scope_of

KEEPALIVE_SECONDS = 15.0


async def stream(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    user = await request.auser()
    if not user.is_authenticated:
        return JsonResponse({"error": {"code": "not_authenticated", "message": "未登录"}}, status=401)
    if not isinstance(request, ASGIRequest):
        # A WSGI worker (the development and test servers) would be held for the whole
        # stream: tell the browser to come back much later instead.
        return HttpResponse(b"retry: 600000\n: live events need the ASGI server (yingji serve)\n\n",
                            content_type="text/event-stream")
    scope = await sync_to_async(scope_of)(user)
    owners = await sync_to_async(live.owners_of)(scope)

    def live_filter(message: live.Message) -> bool:
        return live.visible_to(message, user.pk, scope.region_prefix,
                               industries=scope.industries, owners=owners)

    # The stream ends at the idle limit; the browser reconnects and the idle-timeout
    # middleware then decides whether the session is still alive.
    max_seconds = max(60.0, settings.IDLE_TIMEOUT_MINUTES * 60.0)
    keepalive = float(request.GET.get("keepalive", KEEPALIVE_SECONDS))
    subscription = await live.get_bus().subscribe()
    response = StreamingHttpResponse(
        _events(subscription, live_filter, keepalive, max_seconds),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


async def _events(
    subscription: live.Subscription, visible: Callable[[live.Message], bool],
    keepalive: float, max_seconds: float,
) -> AsyncIterator[bytes]:
    import asyncio

    loop = asyncio.get_running_loop()
    ends = loop.time() + max_seconds
    try:
        yield b"retry: 5000\n: connected\n\n"
        while loop.time() < ends:
            message = await subscription.next(min(keepalive, max(0.1, ends - loop.time())))
            if message is None:
                yield b": keepalive\n\n"
                continue
            if not visible(message):
                continue
            # Unnamed events: the browser's onmessage sees them all; the type is in data.
            data = json.dumps(message, ensure_ascii=False)
            yield f"data: {data}\n\n".encode()
    finally:
        await subscription.close()
