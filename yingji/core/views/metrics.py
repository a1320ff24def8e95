"""``/metrics``: the platform's figures for a Prometheus server, answered only to the
addresses in ``YINGJI_METRICS_ALLOW`` or to a request bearing ``YINGJI_METRICS_TOKEN``."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from yingji.core.metrics import render
from yingji.core.security.addresses import _networks, _trusted, client_address

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def _allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    offered = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode()):
        return True
    return _trusted(client_address(request), _networks(tuple(settings.METRICS_ALLOW)))


def metrics(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        # Said plainly, without the figures: the address is not on the list.
        return HttpResponse("403 本地址未获准读取运行指标\n", status=403, content_type=CONTENT_TYPE)
    return HttpResponse(render(), content_type=CONTENT_TYPE)
