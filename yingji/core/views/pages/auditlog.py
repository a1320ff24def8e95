"""审计日志: the audit trail's list and detail with the before/after diff."""

from __future__ import annotations

import json
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django_filters import FilterSet

from yingji.core.filtersets import (
    AuditLogFilterSet,
)
from yingji.core.models import AuditLog
from yingji.core.models.audit import AuditAction
from yingji.core.views.generic import (
    Column,
    ObjectDetailView,
    ObjectListView,
    display,
)

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
