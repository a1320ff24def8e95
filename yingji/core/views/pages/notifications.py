"""站内消息: the user's own messages, marking them read, the top bar's badge."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters import FilterSet

from yingji.core.filtersets import (
    NotificationFilterSet,
)
from yingji.core.models import Notification
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services import notifications as notification_service
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectListView,
    PageView,
)

# --- 站内消息 ---------------------------------------------------------------------------


def _level_badge(note: Notification) -> str:
    return {"urgent": "red", "warning": "orange"}.get(note.level, "blue")


class OwnNotificationsMixin(PageView):
    """Notifications of the signed-in user only; no model permission needed."""

    model = Notification
    action = None

    def own(self) -> QuerySet[Notification]:
        return Notification.objects.filter(recipient_id=self.request.user.pk)


class NotificationListView(OwnNotificationsMixin, ObjectListView):
    """站内消息: the user's messages, unread first by default filter."""

    filterset_class = NotificationFilterSet
    export_formats = ()
    row_actions_template = "core/pages/notification_actions.html"
    toolbar_template = "core/pages/notification_toolbar.html"
    empty_message = "暂无消息"
    columns = (
        Column("level", "级别", badge=_level_badge),
        Column("title", "标题", link_to_detail=True),
        Column("created_at", "时间", sortable=True),
    )

    def get_queryset(self) -> QuerySet[Any]:
        return self.own()

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None:
            fields = filterset.form.fields
            fields["unread"].label = "状态"
            fields["unread"].widget = forms.Select(
                choices=[("unknown", "全部"), ("true", "未读"), ("false", "已读")],
                attrs={"class": "form-select"})
            fields["level"].widget = forms.Select(
                choices=[("", "全部"), *NotificationLevel.choices], attrs={"class": "form-select"})
        return filterset


class NotificationDetailView(OwnNotificationsMixin, ObjectDetailView):
    """One message; opening it marks it read."""

    show_timeline = False
    show_attachments = False
    extra_template = "core/pages/notification_extra.html"
    fields = ("title", "level", "body", "created_at", "read_at")

    def get_queryset(self) -> QuerySet[Any]:
        return self.own()

    def get_object(self) -> Any:
        note = super().get_object()
        return notification_service.mark_read(note, actor=self.actor)

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        safe = url_has_allowed_host_and_scheme(obj.link, allowed_hosts={self.request.get_host()})
        context["safe_link"] = obj.link if obj.link and safe else ""
        context["deliveries"] = notification_service.delivery_summary(obj)
        return context


class NotificationReadView(OwnNotificationsMixin):
    """Mark one message read (POST); HTMX gets the row's new status cell."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        note = get_object_or_404(self.own(), pk=kwargs["pk"])
        note = notification_service.mark_read(note, actor=self.actor)
        if request.headers.get("HX-Request"):
            response = render(request, "core/pages/notification_actions.html", {"row": {"obj": note}})
            response["HX-Trigger"] = "notifications-changed"
            return response
        return redirect("notification_list")


class NotificationReadAllView(OwnNotificationsMixin):
    """Mark every message of the user read (POST)."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        count = notification_service.mark_all_read(actor=self.actor)
        messages.success(request, f"已将{count}条消息标为已读" if count else "没有未读消息")
        return redirect("notification_list")


class NotificationBadgeView(OwnNotificationsMixin):
    """The top bar's unread badge, refreshed by HTMX."""

    badge_ids: ClassVar[tuple[str, ...]] = ("notification-badge", "notification-badge-mobile")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        badge_id = request.GET.get("id", "")
        context = {"badge_id": badge_id} if badge_id in self.badge_ids else {}
        return render(request, "ui/components/notification_badge.html", context)
