"""The app's processes on the core workflow: incidents, dispatch orders, response tasks,
shift swaps and review findings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yingji.core.actor import Actor
from yingji.core.workflow import Transition, Workflow

CHANGE_INCIDENT = "incidents.change_incident"
LEADERS = ("duty_leader", "commander")


# Orders whose resource is still out (on the way, on site, at work).
ACTIVE_ORDER_STATES = ("issued", "accepted", "departed", "arrived", "working")


def _no_open_orders(incident: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    open_orders = incident.orders.filter(state__in=ACTIVE_ORDER_STATES)
    names = "、".join(open_orders.values_list("resource_name", flat=True)[:5])
    if names:
        return f"仍有未完成的调度指令（{names}），请先记录完成或撤回后再结束事件"
    return None


INCIDENT_FLOW = Workflow(
    name="incident",
    states={"received": "已接报", "responding": "处置中", "closed": "已结束", "reviewed": "已复盘"},
    initial="received",
    transitions=[
        Transition("respond", "启动处置", ("received",), "responding", permission=CHANGE_INCIDENT),
        Transition("close", "结束事件", ("received", "responding"), "closed",
                   permission=CHANGE_INCIDENT, guards=(_no_open_orders,), comment_required=True),
        Transition("reopen", "重新打开", ("closed",), "responding", permission=CHANGE_INCIDENT,
                   roles=LEADERS, comment_required=True),
        Transition("review", "完成复盘", ("closed",), "reviewed", permission=CHANGE_INCIDENT),
    ],
)

CHANGE_ORDER = "incidents.change_dispatchorder"
DISPATCH_STEPS = ("accept", "depart", "arrive", "work", "complete", "return")
STEP_FIELD = {"accept": "accepted_at", "depart": "departed_at", "arrive": "arrived_at",
              "work": "working_at", "complete": "completed_at", "return": "returned_at"}

DISPATCH_FLOW = Workflow(
    name="dispatch",
    states={"issued": "已下达", "accepted": "已接收", "departed": "已出发", "arrived": "已到达",
            "working": "处置中", "completed": "已完成", "returned": "已归队",
            "cancelled": "已撤回"},
    initial="issued",
    transitions=[
        Transition("accept", "接收指令", ("issued",), "accepted", permission=CHANGE_ORDER),
        Transition("depart", "出发", ("issued", "accepted"), "departed", permission=CHANGE_ORDER),
        Transition("arrive", "到达现场", ("departed",), "arrived", permission=CHANGE_ORDER),
        Transition("work", "处置中", ("arrived",), "working", permission=CHANGE_ORDER),
        Transition("complete", "完成任务", ("arrived", "working"), "completed",
                   permission=CHANGE_ORDER),
        Transition("return", "返回归队", ("working", "completed"), "returned",
                   permission=CHANGE_ORDER),
        Transition("cancel", "撤回指令", ("issued", "accepted", "departed"), "cancelled",
                   permission=CHANGE_ORDER, comment_required=True),
    ],
)

CHANGE_TASK = "incidents.change_responsetask"
TASK_FLOW = Workflow(
    name="responsetask",
    states={"assigned": "已下达", "working": "办理中", "done": "已完成"},
    initial="assigned",
    transitions=[
        Transition("start", "开始办理", ("assigned",), "working", permission=CHANGE_TASK),
        Transition("finish", "办结", ("assigned", "working"), "done", permission=CHANGE_TASK,
                   required=("result",)),
        Transition("reopen", "退回重办", ("done",), "working", permission=CHANGE_TASK,
                   roles=LEADERS, comment_required=True),
    ],
)


def _not_requester(swap: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if actor.user is not None and actor.user_id == swap.requested_by_id:
        return "换班申请须由申请人以外的带班领导审批"
    return None


SWAP_FLOW = Workflow(
    name="swap",
    states={"pending": "待审批", "approved": "已批准", "rejected": "已驳回"},
    initial="pending",
    transitions=[
        Transition("approve", "批准换班", ("pending",), "approved",
                   permission="incidents.change_swaprequest", roles=LEADERS,
                   guards=(_not_requester,)),
        Transition("reject", "驳回", ("pending",), "rejected",
                   permission="incidents.change_swaprequest", roles=LEADERS,
                   guards=(_not_requester,), comment_required=True),
    ],
)

FINDING_FLOW = Workflow(
    name="finding",
    states={"open": "整改中", "closed": "已销号"},
    initial="open",
    transitions=[
        Transition("close", "整改销号", ("open",), "closed", permission="incidents.change_finding",
                   required=("rectification",)),
        Transition("reopen", "重新整改", ("closed",), "open", permission="incidents.change_finding",
                   roles=LEADERS, comment_required=True),
    ],
)
