"""Error pages in Chinese; never a stack trace. JSON for API and JSON clients.

A signed-in user sees 403/404 inside the page shell (navigation stays usable); the
500 page is rendered without the request's context processors so it cannot fail on
the database that may have caused it.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from yingji.core.middleware import wants_json

SITE_NAME = "应急管理综合应用平台"


def _error(request: HttpRequest, status: int, code: str, message: str,
           *, in_shell: bool = True) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": {"code": code, "message": message}}, status=status)
    context: dict[str, Any] = {"status": status, "message": message, "title": "出错了"}
    if not in_shell:
        html = render_to_string("ui/error.html", context | {"site_name": SITE_NAME})
        return HttpResponse(html, status=status)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["base_template"] = "ui/base.html"
    return render(request, "ui/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "bad_request", "请求无效")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, "permission_denied", "您没有访问此页面的权限")


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, "not_found", "页面或对象不存在，或不在您的数据范围内")


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "server_error", "服务器内部错误，请稍后重试或联系管理员",
                  in_shell=False)


def csrf_failure(request: HttpRequest, reason: str = "", **kwargs: Any) -> HttpResponse:
    return _error(request, 403, "csrf_failed", "页面已过期或来源校验失败，请刷新页面后重试",
                  in_shell=False)
