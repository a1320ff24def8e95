"""Workbench card 预警叫应 and the to-dos of the warnings app: the signed-in user's own
unanswered warning calls (a street duty officer answers them here, no SMS needed) and,
for the approvers, the bulletins waiting for review. A bounded number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse

from yingji.core.audit import object_type_of
from yingji.core.models import Notification
from yingji.ui.workbench import Card, Todo, register_card, register_todos
from yingji.warnings.models import Bulletin
from yingji.warnings.workflow import APPROVERS, BULLETIN_FLOW

CARD_ROWS = 5


def open_calls(user: Any) -> QuerySet[Notification]:
    """The user's warning calls still waiting for their answer (叫应), oldest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(
        recipient=user, object_type=object_type_of(Bulletin), requires_ack=True,
        acked_at__isnull=True).order_by("created_at", "id")


def calls_card(request: HttpRequest) -> dict[str, Any] | None:
    """The open calls with their answer button; hidden when there is none."""
    calls = open_calls(request.user)
    rows = list(calls[:CARD_ROWS])
    if not rows:
        return None
    return {"calls": rows, "count": calls.count(), "list_url": reverse("notification_list")}


def may_review(user: Any) -> bool:
    """Whether the user may fire 审核发布 (the approvers of the bulletin workflow)."""
    transition = BULLETIN_FLOW.transition("publish")
    return bool(transition.permission and user.has_perm(transition.permission)
                and user.has_role(*APPROVERS))


def todos(user: Any) -> list[Todo]:
    items = []
    calls = open_calls(user)
    count = calls.count()
    if count:
        first = calls.values_list("pk", flat=True).first()
        url = (reverse("notification_detail", args=[first]) if count == 1
               else reverse("notification_list"))
        items.append(Todo("预警待叫应（确认收到）", count, url, "danger"))
    if may_review(user):
        waiting = Bulletin.objects.restrict(user, "change").filter(state="review").count()
        items.append(Todo("预警待审核发布", waiting, reverse("bulletin_list") + "?state=review",
                          "warning"))
    return items


def register() -> None:
    register_card(Card("warnings-calls", "预警叫应", "warnings/card_calls.html", calls_card,
                       order=3))
    register_todos("warnings", todos)
