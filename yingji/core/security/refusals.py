"""Attempts matter (issue 14 item 6): a refused permission, a read or write of an object
outside the user's data scope and a presented but unusable API token become security
events in the audit log (action 越权或拒绝访问), visible to the auditor with the action
filter; a burst from one account notifies the auditors.

``RefusalMiddleware`` looks at every 401, 403 and 404 answer. A 404 counts only when the
object named in the URL exists outside the user's scope (a probe), not when it does not
exist at all. Entries are rate-limited per account (or address), kind and object: one a
minute, so hammering one URL writes one entry while walking through ids writes one each.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

logger = logging.getLogger(__name__)

KIND_LABEL = {"scope": "越权访问（对象不在数据范围内）", "permission": "权限不足被拒绝",
              "token": "无效或被篡改的接口令牌"}
RATE_SECONDS = 60


def _target(request: HttpRequest) -> tuple[Any, str] | None:
    """The model and pk the URL names, when the view declares its model."""
    match = getattr(request, "resolver_match", None)
    if match is None or "pk" not in match.kwargs:
        return None
    func = match.func
    view = getattr(func, "view_class", None) or getattr(func, "cls", None)
    model = getattr(view, "model", None)
    if model is None:
        queryset = getattr(view, "queryset", None)
        model = getattr(queryset, "model", None)
    return (model, str(match.kwargs["pk"])) if model is not None else None


def _exists_out_of_scope(request: HttpRequest) -> tuple[str, str] | None:
    target = _target(request)
    if target is None:
        return None
    model, pk = target
    try:
        exists = model._default_manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError):
        return None
    return (model._meta.label_lower, pk) if exists else None


def kind_of(request: HttpRequest, status: int) -> tuple[str, str, str] | None:
    """(kind, object type, object id) of a refusal worth recording, or None."""
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    if status == 401 and request.headers.get("Authorization", "").lower().startswith("token "):
        return ("token", "", "")
    if not authenticated:
        return None
    if status == 403:
        target = _target(request)
        return ("permission", target[0]._meta.label_lower if target else "", target[1] if target else "")
    if status == 404:
        found = _exists_out_of_scope(request)
        return ("scope", *found) if found else None
    return None


def record_refusal(request: HttpRequest, kind: str, object_type: str, object_id: str) -> bool:
    """Write the security event unless the same one was written within the minute;
    returns whether it was written. A burst from one account notifies the auditors."""
    from yingji.core import audit
    from yingji.core.actor import Actor
    from yingji.core.models import AuditLog

    actor = Actor.from_request(request)
    since = timezone.now() - timedelta(seconds=RATE_SECONDS)
    recent = AuditLog.objects.filter(action=audit.AuditAction.DENIED, time__gte=since,
                                     object_type=object_type, object_id=object_id[:64],
                                     detail__startswith=KIND_LABEL[kind])
    recent = recent.filter(actor_id=actor.user_id) if actor.user_id else recent.filter(ip=actor.ip)
    if recent.exists():
        return False
    detail = f"{KIND_LABEL[kind]}：{request.method} {request.path[:200]}"
    with transaction.atomic():
        audit.record(audit.AuditAction.DENIED, actor=actor, success=False, detail=detail,
                     object_type=object_type, object_id=object_id[:64])
    if actor.user_id:
        _alert_on_burst(actor.user_id, actor.label)
    return True


def _alert_on_burst(user_id: int, label: str) -> None:
    from yingji.core import audit
    from yingji.core.actor import Actor
    from yingji.core.models import AuditLog, User
    from yingji.core.models.notifications import NotificationLevel
    from yingji.core.services.notifications import notify

    window = timedelta(minutes=settings.SECURITY_BURST_MINUTES)
    count = AuditLog.objects.filter(action=audit.AuditAction.DENIED, actor_id=user_id,
                                    time__gte=timezone.now() - window).count()
    if count != settings.SECURITY_BURST_COUNT:  # once per burst, when it reaches the count
        return
    auditors = User.objects.filter(groups__name="auditor", is_active=True)
    notify(auditors, title=f"账号{label}频繁越权或被拒绝访问",
           body=f"{settings.SECURITY_BURST_MINUTES}分钟内{count}次，请在审计日志中按“越权或拒绝访问”查看",
           link="/audit/?action=denied", level=NotificationLevel.URGENT,
           actor=Actor.system("security-events"))


class RefusalMiddleware:
    """Record refusals as security events (after the response is decided)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (401, 403, 404):
            try:
                found = kind_of(request, response.status_code)
                if found:
                    record_refusal(request, *found)
            except Exception:  # recording must never turn a refusal into a server error
                logger.exception("could not record a refusal")
        return response
