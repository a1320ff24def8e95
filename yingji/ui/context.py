"""Template context shared by every page: navigation, unread count, demo banner.

Values that need queries are lazy (computed on first use in a template, then cached
for the request), so partial responses and plain pages that do not show the shell
cost no queries for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.conf import settings
from django.http import HttpRequest

from yingji.ui.navigation import menu_for

T = TypeVar("T")
_UNSET = object()


class Memo(Generic[T]):
    """A no-argument callable computing its value once; templates call callables."""

    def __init__(self, compute: Callable[[], T]) -> None:
        self._compute = compute
        self._value: Any = _UNSET

    def __call__(self) -> T:
        if self._value is _UNSET:
            self._value = self._compute()
        return self._value


def shell(request: HttpRequest) -> dict[str, Any]:
    """Context processor for the page shell (``ui/base.html``)."""
    context: dict[str, Any] = {
        "site_name": "应急管理综合应用平台",
        "demo_mode": settings.DEMO_MODE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from yingji.core.services.notifications import unread_count

        context["nav_sections"] = Memo(lambda: menu_for(user, request.path))
        context["unread_notifications"] = Memo(lambda: unread_count(user))
    return context
