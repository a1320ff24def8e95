"""Request figures, request id, security headers, idle timeout and password/2FA policy
enforcement."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from yingji.core.actor import Actor

Handler = Callable[[HttpRequest], HttpResponse]
_REQUEST_ID = re.compile(r"^[A-Za-z0-9-]{8,32}$")
# Requests that must not count as user activity or be redirected by the policies.
_PASSIVE_PREFIXES = ("/static/", "/events/", "/healthz", "/metrics")
_POLICY_EXEMPT = ("/static/", "/login", "/logout", "/account/password", "/account/2fa",
                  "/healthz", "/metrics", "/api/")


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


def _endpoint_kind(path: str) -> str:
    for prefix, kind in (("/api/", "api"), ("/events/", "events"), ("/static/", "static")):
        if path.startswith(prefix):
            return kind
    return "page"


class MetricsMiddleware:
    """Count and time every request for ``/metrics`` (``core.metrics.REQUESTS``), by the
    route's name so that the figures stay few whatever the URLs' ids. A live stream is
    timed until its response starts, not over its hours of events."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from yingji.core.metrics import REQUESTS

        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.url_name or "unnamed") if match is not None else "unmatched"
        REQUESTS.observe(request.method or "GET", route, response.status_code,
                         _endpoint_kind(request.path), time.perf_counter() - started)
        return response


class RequestIdMiddleware:
    """Give every request an id (or keep a well-formed incoming X-Request-ID)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex  # type: ignore[attr-defined]
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id  # type: ignore[attr-defined]
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy (no third-party origins but the configured tile host)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response
        tile_host = ""
        if settings.MAP_TILE_URL:
            match = re.match(r"^(https?://[^/]+)", settings.MAP_TILE_URL)
            tile_host = match.group(1) if match else ""
        self.csp = (
            "default-src 'self'; "
            f"img-src 'self' data: blob: {tile_host}".rstrip() + "; "
            "style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; "
            "connect-src 'self'; "
            "font-src 'self' data:; "
            "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/api/docs"):
            # Swagger UI (served from the sidecar package) needs inline script.
            response.setdefault("Content-Security-Policy", self.csp.replace(
                "script-src 'self'", "script-src 'self' 'unsafe-inline'"))
        else:
            response.setdefault("Content-Security-Policy", self.csp)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        if not request.path.startswith("/static/"):
            # Pages carry personal and business data: keep them out of shared caches.
            response.setdefault("Cache-Control", "no-store")
        return response


class IdleTimeoutMiddleware:
    """Log out a session idle for longer than IDLE_TIMEOUT_MINUTES (等保: 超时退出)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        uses_session = user is not None and user.is_authenticated and (
            getattr(request, "auth", None) is None
        ) and "_auth_user_id" in request.session
        if uses_session:
            now = time.time()
            last = request.session.get("last_activity", now)
            limit = settings.IDLE_TIMEOUT_MINUTES * 60
            if now - float(last) > limit:
                from yingji.core.services.users import record_logout

                record_logout(user, actor=Actor.from_request(request), reason="会话超时自动退出")  # type: ignore[arg-type]
                logout(request)
                message = f"您已超过{settings.IDLE_TIMEOUT_MINUTES}分钟未操作，会话已超时，请重新登录"
                if wants_json(request):
                    return JsonResponse(
                        {"error": {"code": "session_expired", "message": message}}, status=401
                    )
                messages.warning(request, message)
                return redirect(f"{reverse('login')}?next={request.path}")
            if not request.path.startswith(_PASSIVE_PREFIXES):
                request.session["last_activity"] = now
        return self.get_response(request)


class PasswordPolicyMiddleware:
    """Send a signed-in user to change an expired password or enrol the second factor
    their role requires before anything else."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated
                and not request.path.startswith(_POLICY_EXEMPT)):
            if user.password_expired():
                return redirect("password_change")
            if user.totp_required() and not user.totp_enabled:
                return redirect("totp_setup")
        return self.get_response(request)
