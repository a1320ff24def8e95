"""Pages of the shared models: 行政区划, 组织机构, 用户, 审计日志, 站内消息.

Each page is a configured generic view (``yingji.core.views.generic``); only what is
special about a model is written here.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any, ClassVar

from django import forms
from django.apps import apps
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django_filters import FilterSet

from yingji.core.filtersets import (
    AuditLogFilterSet,
    DepartmentFilterSet,
    NotificationFilterSet,
    RegionFilterSet,
    UserFilterSet,
)
from yingji.core.forms import DepartmentForm, RegionSelect, UserForm, region_label, scoped_regions
from yingji.core.models import AuditLog, Department, Industry, Notification, Region, User
from yingji.core.models.audit import AuditAction
from yingji.core.models.notifications import NotificationLevel
from yingji.core.roles import role_name
from yingji.core.rules import LEVEL_PREFIX_LENGTH
from yingji.core.scope import region_range_q, scope_of
from yingji.core.services import notifications as notification_service
from yingji.core.services.users import USER_FIELDS, create_user, update_user
from yingji.core.views.generic import (
    Column,
    FieldRow,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
    display,
    object_url,
)


def _active_badge(obj: Any) -> str:
    return "green" if obj.is_active else "secondary"


class RegionFilterWidgetMixin(ObjectListView):
    """Shows a FilterSet's ``region`` code filter as the region picker."""

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None and "region" in filterset.form.fields:
            filterset.form.fields["region"].widget = RegionSelect(
                attrs={"class": "form-select"}, compact=True, empty_label="全部区划")
        return filterset


# --- 行政区划 ---------------------------------------------------------------------------


def _region_link(region: Region | None, user: Any) -> str | None:
    """The detail URL of ``region`` when it is inside ``user``'s scope."""
    if region is None or not scope_of(user).covers_region(region.code):
        return None
    return object_url(Region, "detail", region.code)


class RegionListView(ObjectListView):
    """行政区划: drill down from the top of the user's scope; search by code or name."""

    model = Region
    filterset_class = RegionFilterSet
    toolbar_template = "core/pages/region_breadcrumb.html"
    export_max_rows = 50_000
    columns = (
        Column("code", "区划代码", sortable=True, link_to_detail=True),
        Column("name", "名称", sortable=True, link_to_detail=True),
        Column("level", "层级", sortable=True),
        Column("full_name", "全称"),
        Column("children", "下级区划", export=False,
               accessor=lambda r: "查看下级" if r.level < 5 else "",
               link=lambda r: f"?parent={r.code}" if r.level < 5 else None),
    )

    def get_queryset(self) -> QuerySet[Any]:
        return scoped_regions(self.request.user)

    def filter_data(self) -> QueryDict | None:
        """A name or code search covers the whole scope, not just the level browsed."""
        data = self.request.GET.copy()
        if data.get("q"):
            data.pop("parent", None)
        return data or None

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None:
            for name in ("parent", "within"):  # set by drill-down links, not typed
                filterset.form.fields[name].widget = forms.HiddenInput()
        return filterset

    def scope_root(self) -> Region | None:
        user: Any = self.request.user
        return user.scope_region if user.scope_region_id else None

    def browsing_parent(self) -> Region | None:
        """The region whose children are listed when no search is given."""
        code = self.request.GET.get("parent", "")
        if code:
            return scoped_regions(self.request.user).filter(code=code.ljust(12, "0")).first()
        return self.scope_root()

    def is_searching(self) -> bool:
        return any(self.request.GET.get(k) for k in ("q", "level", "parent", "within"))

    def filter_queryset(self, queryset: QuerySet[Any], filterset: FilterSet | None) -> QuerySet[Any]:
        if self.is_searching():
            return super().filter_queryset(queryset, filterset)
        root = self.scope_root()
        return queryset.filter(parent=root) if root else queryset.filter(level=1)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        parent = self.browsing_parent() if not self.request.GET.get("q") else None
        context["browsing"] = parent
        context["trail"] = self.trail(parent)
        return context

    def trail(self, region: Region | None) -> list[Region]:
        """The ancestors of ``region`` (itself included) inside the user's scope."""
        if region is None:
            return []
        lengths = [n for n in LEVEL_PREFIX_LENGTH.values() if n < len(region.prefix)]
        codes = [region.code[:n].ljust(12, "0") for n in lengths]
        ancestors = list(scoped_regions(self.request.user).filter(code__in=codes).order_by("level"))
        return [*ancestors, region]


class RegionDetailView(ObjectDetailView):
    """One region: its place in the tree, children, and what the user has there."""

    model = Region
    show_timeline = False
    show_attachments = False
    extra_template = "core/pages/region_extra.html"

    def get_queryset(self) -> QuerySet[Any]:
        return scoped_regions(self.request.user).select_related("parent")

    fields = ("code", "name", "level", "parent", "full_name", "longitude", "latitude")

    def field_rows(self, obj: Any) -> list[FieldRow]:
        rows = super().field_rows(obj)
        if _region_link(obj.parent, self.request.user) is None:
            # The parent lies above the user's scope: show it, do not link to a 404.
            rows = [replace(row, url=None) if row.label == "上级区划" else row for row in rows]
        return rows

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        context["children"] = list(obj.children.order_by("code")[:300])
        context["children_total"] = obj.children.count()
        context["department_count"] = Department.objects.restrict(user, "view").filter(
            region_range_q("region", obj.prefix)).count()
        context["child_list_url"] = f"{object_url(Region, 'list')}?parent={obj.code}"
        return context


class RegionAutocompleteView(PageView):
    """Regions in the user's scope matching ``q`` (code prefix or name), for pickers:
    HTML ``<option>`` elements, or JSON with ``format=json``."""

    model = Region
    limit: ClassVar[int] = 30

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        query = request.GET.get("q", "").strip()[:40]
        regions = scoped_regions(request.user)
        if query.isdigit():
            regions = regions.filter(code__startswith=query)
        elif query:
            regions = regions.filter(Q(name__contains=query) | Q(full_name__contains=query))
        max_level = request.GET.get("max_level", "")
        if max_level.isdigit():
            regions = regions.filter(level__lte=int(max_level))
        found = list(regions.order_by("level", "code")[: self.limit])
        if request.GET.get("format") == "json":
            return JsonResponse({"results": [
                {"code": r.code, "name": r.name, "full_name": r.full_name, "level": r.level,
                 "label": region_label(r)} for r in found
            ]})
        return render(request, "core/pages/region_options.html",
                      {"regions": [(r.code, region_label(r)) for r in found]})


# --- 组织机构 ---------------------------------------------------------------------------


class DepartmentListView(RegionFilterWidgetMixin, ObjectListView):
    """组织机构 list."""

    model = Department
    filterset_class = DepartmentFilterSet
    select_related = ("region", "parent")
    columns = (
        Column("name", "名称", sortable=True, link_to_detail=True),
        Column("short_name", "简称"),
        Column("kind", "类型", sortable=True),
        Column("region", "所属区划", accessor="region.name", sortable=True, order_field="region_id"),
        Column("parent", "上级单位", accessor="parent.name"),
        Column("phone", "值班电话"),
        Column("is_active", "启用", sortable=True, badge=_active_badge),
    )


class DepartmentDetailView(ObjectDetailView):
    """组织机构 detail with its sub-units."""

    model = Department
    select_related = ("region", "parent")
    extra_template = "core/pages/department_extra.html"
    fields = ("name", "short_name", "kind", "parent", "region", "sector", "phone", "address",
              "sort_order", "is_active", "created_at", "updated_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["sub_units"] = list(
            Department.objects.restrict(self.request.user, "view").filter(parent=obj)
            .select_related("region")[:200]
        )
        return context


class DepartmentEditView(ObjectEditView):
    """组织机构 create and edit."""

    model = Department
    form_class = DepartmentForm


class DepartmentDeleteView(ObjectDeleteView):
    """组织机构 delete."""

    model = Department


# --- 用户 -------------------------------------------------------------------------------


def _roles_text(user: User) -> str:
    return "、".join(role_name(g.name) for g in user.groups.all())


def _scope_text(user: User) -> str:
    region = user.scope_region
    text = region.name if region is not None else "全国"
    if user.scope_industries:
        labels = dict(Industry.choices)
        text += "（" + "、".join(str(labels.get(i, i)) for i in user.scope_industries) + "）"
    return text


class UserListView(RegionFilterWidgetMixin, ObjectListView):
    """用户 list (administrators)."""

    model = User
    filterset_class = UserFilterSet
    select_related = ("department", "scope_region")
    prefetch_related = ("groups",)
    columns = (
        Column("username", "账号", sortable=True, link_to_detail=True),
        Column("real_name", "姓名", sortable=True, link_to_detail=True),
        Column("department", "所在单位", accessor="department.name"),
        Column("position", "职务"),
        Column("roles", "角色", accessor=_roles_text),
        Column("scope", "数据范围", accessor=_scope_text, sortable=True, order_field="scope_region_id"),
        Column("is_active", "启用", sortable=True, badge=_active_badge),
        Column("last_login", "最近登录", sortable=True),
    )


class UserDetailView(ObjectDetailView):
    """用户 detail: account, roles, scope and security state."""

    model = User
    select_related = ("department", "scope_region")
    show_attachments = False
    fields = (
        "username", "real_name", "phone", "email", "department", "position",
        Column("roles", "角色", accessor=lambda u: [role_name(c) for c in u.role_codes]),
        Column("scope", "数据范围", accessor=_scope_text),
        "is_active", "last_login", "password_changed_at", "must_change_password",
        "totp_enabled", "locked_until", "date_joined",
    )


class UserEditView(ObjectEditView):
    """用户 create and edit through the account services (roles, initial password)."""

    model = User
    form_class = UserForm

    def user_data(self, form: Any) -> dict[str, Any]:
        return {k: v for k, v in form.cleaned_data.items()
                if k in USER_FIELDS and not form.fields[k].disabled}

    def perform_create(self, form: Any) -> Any:
        return create_user(self.user_data(form), roles=form.cleaned_data["roles"],
                           password=form.cleaned_data["password"], actor=self.actor)

    def perform_update(self, obj: Any, form: Any) -> Any:
        return update_user(obj, self.user_data(form), roles=form.cleaned_data["roles"],
                           actor=self.actor)


# --- 审计日志 ---------------------------------------------------------------------------


def _action_badge(entry: AuditLog) -> str:
    if not entry.success:
        return "red"
    colours: dict[str, str] = {AuditAction.DELETE: "orange", AuditAction.EXPORT: "purple",
                               AuditAction.SECURITY: "yellow", AuditAction.LOCKED: "red"}
    return colours.get(entry.action, "blue")


def object_type_label(object_type: str) -> str:
    """``core.department`` → 组织机构 (the model's Chinese name), else the raw label."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name) if object_type else ""
    except (LookupError, ValueError):
        return object_type


class AuditLogListView(ObjectListView):
    """审计日志 (auditors): filter, read, export."""

    model = AuditLog
    filterset_class = AuditLogFilterSet

    def get_filterset(self, queryset: QuerySet[Any]) -> FilterSet | None:
        filterset = super().get_filterset(queryset)
        if filterset is not None:
            for name in ("time_after", "time_before"):
                widget = filterset.form.fields[name].widget
                widget.input_type = "datetime-local"
        return filterset

    columns = (
        Column("chain_index", "序号", sortable=True, link_to_detail=True),
        Column("time", "时间", sortable=True),
        Column("actor_label", "操作人", sortable=True),
        Column("action", "操作", sortable=True, badge=_action_badge),
        Column("success", "成功"),
        Column("object_type", "对象类型", accessor=lambda e: object_type_label(e.object_type)),
        Column("object_repr", "对象"),
        Column("ip", "IP地址"),
        Column("detail", "说明"),
    )


class AuditLogDetailView(ObjectDetailView):
    """One audit entry with a before/after comparison."""

    model = AuditLog
    show_timeline = False
    show_attachments = False
    extra_template = "core/pages/auditlog_diff.html"
    fields = ("chain_index", "time", "actor_label", "actor_id", "action", "success",
              Column("object_type", "对象类型",
                     accessor=lambda e: f"{object_type_label(e.object_type)}（{e.object_type}）"
                     if e.object_type else ""),
              "object_id", "object_repr", "region_code", "ip", "request_id",
              "detail", "prev_hash", "hash")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["diff"] = audit_diff(obj)
        return context


def audit_diff(entry: AuditLog) -> list[dict[str, Any]]:
    """Rows of field label, before, after, changed — labels from the audited model."""
    before = entry.before if isinstance(entry.before, dict) else {}
    after = entry.after if isinstance(entry.after, dict) else {}
    labels: dict[str, str] = {"roles": "角色"}
    try:
        model = apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        model = None
    if model is not None:
        for field in model._meta.concrete_fields:
            labels[field.attname] = str(field.verbose_name)
    rows = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        rows.append({
            "label": labels.get(key, key), "key": key,
            "before": _json_text(old) if key in before else "",
            "after": _json_text(new) if key in after else "",
            "changed": bool(before) and bool(after) and old != new,
        })
    return rows


def _json_text(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and len(value) >= 19 and value[4:5] == "-" and value[10:11] == "T":
        moment = parse_datetime(value)
        if moment is not None:
            return display(moment)
    return display(value) if value not in (None, "") else "（空）"


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

