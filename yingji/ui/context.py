"""Template context shared by every page: navigation, unread count, demo banner."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from yingji.ui.navigation import visible_sections


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "site_name": "应急管理综合应用平台",
        "demo_mode": settings.DEMO_MODE,
    }
    if user is not None and user.is_authenticated:
        from yingji.core.services.notifications import unread_count

        context["nav_sections"] = visible_sections(user)
        context["unread_notifications"] = unread_count(user)  # type: ignore[arg-type]
    return context
