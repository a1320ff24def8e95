"""The workbench cards and to-dos of the shared mechanisms (registered in UiConfig.ready):
counts in scope, to-dos, account security, recent activity, organisations by area."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from yingji.core.forms import scoped_regions
from yingji.core.models import Department, DomainEvent, Region, User
from yingji.core.rules import LEVEL_PREFIX_LENGTH
from yingji.core.scope import may
from yingji.ui.workbench import Card, Todo, register_card, register_todos, todos_for

PASSWORD_WARNING_DAYS = 14
CHART_MAX_BARS = 15


def _user(request: HttpRequest) -> Any:
    return request.user


def _url(name: str) -> str:
    """The URL named ``name``, or "" while the module providing it is not installed."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


# --- to-dos -----------------------------------------------------------------------------


def account_todos(user: Any) -> list[Todo]:
    """Unread messages, a password about to expire, a missing second factor."""
    from yingji.core.services.notifications import unread_count

    items = [Todo("未读站内消息", unread_count(user), reverse("notification_list"), "warning")]
    days = password_days_left(user)
    if days is not None and days <= PASSWORD_WARNING_DAYS:
        items.append(Todo(f"密码将在{max(days, 0)}天后过期，请及时修改", 1,
                          _url("password_change"), "danger"))
    if not user.totp_enabled:
        items.append(Todo("尚未启用双因子认证（建议启用）", 1, _url("totp_setup"), "info"))
    return items


def password_days_left(user: Any) -> int | None:
    expires = user.password_expires_at()
    if expires is None:
        return None
    return (expires - timezone.now()).days


def todos_card(request: HttpRequest) -> dict[str, Any]:
    return {"todos": todos_for(_user(request))}


# --- counts -----------------------------------------------------------------------------


def counts_card(request: HttpRequest) -> dict[str, Any] | None:
    """Tiles: organisations, users and regions in the user's scope (for those who keep
    them: the administrators)."""
    user = _user(request)
    if not may(user, Department, "change"):
        return None
    tiles = []
    if may(user, Department, "view"):
        tiles.append({"label": "组织机构", "value": Department.objects.restrict(user, "view").count(),
                      "url": reverse("department_list"), "icon": "sitemap"})
    if may(user, User, "view"):
        tiles.append({"label": "用户", "value": User.objects.restrict(user, "view").count(),
                      "url": reverse("user_list"), "icon": "users"})
    if may(user, Region, "view"):
        tiles.append({"label": "行政区划", "value": scoped_regions(user).count(),
                      "url": reverse("region_list"), "icon": "map-pin"})
    from yingji.core.services.notifications import unread_count

    tiles.append({"label": "未读消息", "value": unread_count(user),
                  "url": reverse("notification_list"), "icon": "bell"})
    return {"tiles": tiles}


# --- account security -------------------------------------------------------------------


def security_card(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    days = password_days_left(user)
    return {
        "password_days_left": days,
        "password_warning": days is not None and days <= PASSWORD_WARNING_DAYS,
        "password_max_age": settings.PASSWORD_MAX_AGE_DAYS,
        "totp_enabled": user.totp_enabled,
        "totp_required": user.totp_required(),
        "last_login": user.last_login,
        "scope_name": user.scope_region.name if user.scope_region_id else "全国",
    }


# --- recent activity --------------------------------------------------------------------


def activity_card(request: HttpRequest) -> dict[str, Any] | None:
    user = _user(request)
    if not may(user, DomainEvent, "view"):
        return None
    return {"events": list(DomainEvent.objects.restrict(user, "view").order_by("-time", "-id")[:10])}


# --- organisations by area (ECharts) ----------------------------------------------------


def departments_by_area(user: Any) -> list[dict[str, Any]]:
    """Organisations in scope counted per region one level below the scope root."""
    root = user.scope_region if user.scope_region_id else None
    level = root.level if root is not None else 0
    length = LEVEL_PREFIX_LENGTH.get(level + 1, 12)
    groups = list(
        Department.objects.restrict(user, "view")
        .annotate(area=Substr("region_id", 1, length)).values("area")
        .annotate(total=Count("id")).order_by("-total", "area")[:CHART_MAX_BARS]
    )
    codes = [str(g["area"]).ljust(12, "0") for g in groups]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    result = []
    for group, code in zip(groups, codes, strict=True):
        name = names.get(code, code)
        if root is not None and code == root.code:
            name = f"{root.name}本级"
        result.append({"name": name, "value": group["total"]})
    return result


def chart_card(request: HttpRequest) -> dict[str, Any] | None:
    user = _user(request)
    if not may(user, Department, "change"):
        return None
    return {"chart": {"title": "组织机构数量", "items": departments_by_area(user)}}


# --- residents ----------------------------------------------------------------------------


def public_card(request: HttpRequest) -> dict[str, Any] | None:
    """A resident's services: warnings in force, listed hazards, shelters, reporting."""
    user = _user(request)
    if not user.has_role("public"):
        return None
    links = []
    for name, label, hint in (
            ("warnings_public_list", "当前预警", "正在生效的气象和灾害预警，以及防御指引"),
            ("hazards_public_list", "重大隐患公示", "挂牌督办的重大事故隐患及整改情况"),
            ("public_shelters", "应急避难场所", "附近可用的避难场所位置、容量和电话")):
        url = _url(name)
        if url:
            links.append({"url": url, "label": label, "hint": hint, "count": None})
    return {"links": links, "report_url": _url("tipoff_new")}


def register_core_cards() -> None:
    # The user's own work leads; counts of the organisation are the administrator's.
    register_todos("account", account_todos)
    register_card(Card("todos", "我的待办", "ui/cards/todos.html", todos_card, order=1))
    register_card(Card("public", "公众服务", "ui/cards/public.html", public_card, order=2))
    register_card(Card("activity", "最新动态", "ui/cards/activity.html", activity_card, order=60))
    register_card(Card("security", "账户安全", "ui/cards/security.html", security_card, order=70))
    register_card(Card("counts", "数据概览", "ui/cards/counts.html", counts_card, order=80,
                       width="col-12"))
    register_card(Card("departments_chart", "组织机构分布", "ui/cards/chart.html", chart_card,
                       order=90))
