"""Item, node and 督办 pages: lists (filter, sort, page, export), details with their
steps (报送进展 with evidence, 督办), node edits and the Word notice."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from yingji.core.documents import docx_response
from yingji.core.scope import may
from yingji.core.steps.views import StepView
from yingji.core.views.base import restricted
from yingji.core.views.details import attachments_of
from yingji.core.views.generic import (
    ChildDeleteView,
    ChildEditView,
    Column,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    PageView,
)
from yingji.governance import rules
from yingji.governance.filtersets import NodeFilterSet, SupervisionFilterSet, WorkItemFilterSet
from yingji.governance.forms import (
    ITEM_STEPS,
    NODE_STEPS,
    NodeForm,
    ProgressForm,
    SuperviseForm,
    WorkItemForm,
)
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem
from yingji.governance.services import documents, plans


def _item_status(item: WorkItem) -> str:
    nodes = list(item.nodes.all())
    if not nodes:
        return "未分解节点"
    day = timezone.localdate()
    return rules.STATUS_LABELS[rules.item_status(n.status(day) for n in nodes)]


def _node_status(node: Node) -> str:
    return rules.STATUS_LABELS[node.status(timezone.localdate())]


_BADGES = {label: rules.STATUS_BADGES[code] for code, label in rules.STATUSES}


def _badge(text: str) -> str:
    return _BADGES.get(text, "secondary")


class WorkItemListView(ObjectListView):
    model = WorkItem
    title = "工作事项"
    filterset_class = WorkItemFilterSet
    select_related = ("plan", "region")
    prefetch_related = ("nodes",)
    columns = (Column("plan", "工作计划", accessor="plan.title"),
               Column("order", "编号", accessor="label", sortable=True),
               Column("title", "事项", link_to_detail=True),
               Column("lead_department", "牵头单位", sortable=True),
               Column("co_departments", "配合单位"),
               Column("region", "责任区域", accessor="region.name"),
               Column("status", "推进情况", accessor=_item_status, badge=lambda i: _badge(_item_status(i))))


class WorkItemDetailView(ObjectDetailView):
    model = WorkItem
    select_related = ("plan", "region", "parent")
    extra_template = "governance/item_panel.html"
    fields = ("plan", Column("label", "编号", accessor="label"), "title", "parent", "body",
              "lead_department", "co_departments", "done_measure", "region",
              Column("status", "推进情况", accessor=_item_status))

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        day = timezone.localdate()
        nodes = list(Node.objects.restrict(user, "view").filter(item=obj).select_related("owner", "region"))
        codes = [node.status(day) for node in nodes]
        for node, code in zip(nodes, codes, strict=True):
            node.status_label = rules.STATUS_LABELS[code]
            node.status_badge = rules.STATUS_BADGES[code]
        late = rules.LATE in codes
        context.update(
            nodes=nodes,
            children=list(WorkItem.objects.restrict(user, "view").filter(parent=obj).order_by("order")),
            supervisions=list(Supervision.objects.restrict(user, "view").filter(item=obj)),
            add_node_url=(reverse("node_add") + f"?item={obj.pk}" if may(user, Node, "add") else None),
            supervise_form=(SuperviseForm() if late and user.has_perm("governance.supervise_workitem")
                            else None))
        return context


class WorkItemEditView(ObjectEditView):
    model = WorkItem
    form_class = WorkItemForm
    update_service = plans.update_item

    def required_action(self) -> str:
        return "change"


class WorkItemStepView(StepView):
    model = WorkItem
    action = "view"  # the step's own permission (督办) decides
    steps = ITEM_STEPS


class NodeListView(ObjectListView):
    model = Node
    title = "工作节点"
    filterset_class = NodeFilterSet
    select_related = ("item", "item__plan", "owner", "region")
    columns = (Column("item", "工作事项", accessor=lambda n: f"{n.item.label}{n.item.title}"),
               Column("title", "节点任务", link_to_detail=True),
               Column("due", "完成时限", sortable=True),
               Column("owner", "责任人", accessor=lambda n: n.owner.real_name or n.owner.username),
               Column("region", "责任区域", accessor="region.name"),
               Column("progress", "进度（%）", sortable=True),
               Column("status", "推进情况", accessor=_node_status, badge=lambda n: _badge(_node_status(n))),
               Column("reported_at", "最近报送", sortable=True))


class NodeDetailView(ObjectDetailView):
    model = Node
    select_related = ("item", "item__plan", "owner", "region")
    extra_template = "governance/node_panel.html"
    show_attachments = False
    fields = ("item", "title", "due", "owner", "region", "progress",
              Column("status", "推进情况", accessor=_node_status), "reported_at", "done_on")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        reports = list(ProgressReport.objects.restrict(user, "view").filter(node=obj)
                       .select_related("reported_by"))
        for report in reports:
            report.files = attachments_of(report)
        may_report = (obj.owner_id == user.pk and obj.done_on is None
                      and user.has_perm("governance.add_progressreport"))
        context.update(reports=reports, report_form=ProgressForm(initial={"percent": obj.progress})
                       if may_report else None)
        return context


class NodeEditView(ChildEditView):
    model = Node
    form_class = NodeForm
    parent_field = "item"
    create_service = plans.create_node
    update_service = plans.update_node


class NodeDeleteView(ChildDeleteView):
    model = Node
    parent_field = "item"
    delete_service = plans.delete_node


class NodeStepView(StepView):
    model = Node
    action = "view"  # the owner reports; the service refuses anyone else
    steps = NODE_STEPS


class SupervisionListView(ObjectListView):
    model = Supervision
    title = "督办"
    filterset_class = SupervisionFilterSet
    select_related = ("item", "item__plan", "issued_by")
    columns = (Column("number", "督办编号", link_to_detail=True, sortable=True),
               Column("item", "工作事项", accessor=lambda s: f"{s.item.label}{s.item.title}"),
               Column("plan", "工作计划", accessor="item.plan.title"),
               Column("lead", "牵头单位", accessor="item.lead_department"),
               Column("requirement", "督办要求"),
               Column("reply_due", "反馈时限", sortable=True),
               Column("issued_at", "督办时间", sortable=True))


class SupervisionDetailView(ObjectDetailView):
    model = Supervision
    select_related = ("item", "item__plan", "issued_by")
    extra_template = "governance/supervision_panel.html"
    fields = ("number", "item", Column("plan", "工作计划", accessor="item.plan"), "requirement",
              "reply_due", "issued_by", "issued_at")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        context["edit_url"] = context["delete_url"] = None
        return context


class SupervisionNoticeView(PageView):
    """督办通知 (Word)."""

    model = Supervision

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        supervision = get_object_or_404(
            restricted(self, "view").select_related("item", "item__plan"), pk=kwargs["pk"])
        content = documents.supervision_notice(supervision, actor=self.actor)
        return docx_response(content, f"督办通知{supervision.number}.docx")
