"""Pages of the credit records: the list (filter, sort, page, export), a record with
its source, and the hand entry of a false report or a refusal to rectify."""

from __future__ import annotations

from typing import Any

from yingji.core.views.generic import (
    Column,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)
from yingji.credit.filtersets import CreditEventFilterSet
from yingji.credit.forms import CreditEventForm
from yingji.credit.models import CreditEvent
from yingji.credit.services import records

KIND_BADGE = {"penalty": "orange", "accident": "red", "finding": "red", "concealment": "red",
              "refused_rectify": "orange", "false_report": "purple"}


class CreditEventListView(ObjectListView):
    """信用记录: every credit fact in the scope, newest first."""

    model = CreditEvent
    filterset_class = CreditEventFilterSet
    select_related = ("region", "department")
    columns = (
        Column("subject_name", "主体名称", link_to_detail=True, sortable=True),
        Column("credit_code", "统一社会信用代码"),
        Column("subject_type", "主体类型", accessor="get_subject_type_display"),
        Column("kind", "记录类型", accessor="get_kind_display", sortable=True,
               badge=lambda e: KIND_BADGE.get(e.kind, "secondary")),
        Column("occurred_on", "发生日期", sortable=True),
        Column("summary", "内容"),
        Column("source_ref", "来源编号"),
        Column("region", "所属区划", accessor="region.name"),
    )


class CreditEventDetailView(ObjectDetailView):
    """A record with the link to its source (the case, the accident)."""

    model = CreditEvent
    select_related = ("region", "department", "enterprise")
    extra_template = "credit/event_panel.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["source_url"] = records.source_link(obj)
        context["entries"] = list(obj.entries.all())
        return context


class CreditEventEditView(ObjectEditView):
    model = CreditEvent
    form_class = CreditEventForm
    create_service = records.create_event
    update_service = records.update_event


class CreditEventDeleteView(ObjectDeleteView):
    model = CreditEvent
    delete_service = records.delete_event
