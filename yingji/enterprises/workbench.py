"""Workbench card and to-dos: licences expiring within 30 days (or expired)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from yingji.enterprises.access import is_enterprise_account
from yingji.enterprises.models import Licence
from yingji.ui.workbench import Todo

EXPIRY_WINDOW_DAYS = 30


def _expiring(user: Any) -> Any:
    limit = timezone.localdate() + timedelta(days=EXPIRY_WINDOW_DAYS)
    return Licence.objects.restrict(user, "view").filter(expires_on__lte=limit)


def licences_card(request: HttpRequest) -> dict[str, Any] | None:
    """The ten soonest-expiring licences in scope (two queries); hidden when none."""
    licences = list(_expiring(request.user).select_related("enterprise")
                    .order_by("expires_on")[:10])
    if not licences:
        return None
    return {"licences": licences, "today": timezone.localdate()}


def licence_todos(user: Any) -> list[Todo]:
    count = _expiring(user).count()
    if not count:
        return []
    # An enterprise account's licences are its own: say so.
    owner = "本企业" if is_enterprise_account(user) else ""
    return [Todo(f"{owner}{count}个许可证已过期或30天内到期", count, reverse("licence_expiring"),
                 "warning")]
