"""Response (响应处置): start or change the response level, open the checklist of the
incident type as tasks, follow tasks to done on the core workflow; closing the
incident opens the 终报."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Department
from yingji.core.scope import region_range_q
from yingji.core.services import deadlines
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents.models import (
    ChecklistTemplate,
    Incident,
    ReportKind,
    ResponseLevel,
    ResponseTask,
)
from yingji.incidents.services import reports
from yingji.incidents.services.common import moment
from yingji.incidents.workflow import INCIDENT_FLOW, TASK_FLOW


def templates_for(incident: Incident) -> list[ChecklistTemplate]:
    """Checklists of the subtype, else of the category."""
    specific = list(ChecklistTemplate.objects.filter(category=incident.category,
                                                     subtype=incident.subtype))
    return specific or list(ChecklistTemplate.objects.filter(category=incident.category,
                                                             subtype=""))


@transaction.atomic
def start_response(incident: Incident, level: str, *, actor: Actor,
                   at: datetime | None = None, open_checklist: bool = True) -> Incident:
    """Start (or change) the response level; the first start moves the incident to 处置中
    and opens the checklist of its type as tasks with deadlines."""
    check_permission(actor, Incident, "change")
    if level not in ResponseLevel.values:
        raise ValidationError({"level": "响应级别应为Ⅰ级、Ⅱ级、Ⅲ级或Ⅳ级"})
    when = moment(at, field="at")
    if not incident.is_open:
        raise ValidationError({"level": "事件已结束，不能启动响应"})
    first = not incident.response_level

    def apply(locked: Incident, data: Mapping[str, Any]) -> None:
        locked.response_level = level
        locked.response_started_at = when

    if incident.state == "received":
        incident = INCIDENT_FLOW.fire(incident, "respond", actor=actor, apply=apply)
    else:
        locked = Incident.objects.select_for_update().get(pk=incident.pk)
        check_scope(actor, locked)
        before = audit.snapshot(locked)
        old = locked.get_response_level_display()
        apply(locked, {})
        if first:
            locked.response_started_at = when
        locked.save()
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                     after=audit.snapshot(locked))
        incident = locked
        if not first:
            events.emit("incident.level_changed", actor=actor, obj=incident,
                        summary=f"调整响应级别：{old} → {incident.get_response_level_display()}")
    if first:
        events.emit("incident.response", actor=actor, obj=incident,
                    summary=f"启动{incident.get_response_level_display()}")
        if open_checklist:
            for template in templates_for(incident):
                for title, department, minutes in template.parsed_items():
                    _create_task(incident, title=title, department_name=department,
                                 due_at=when + timedelta(minutes=minutes), actor=actor)
    return incident


def _department(name: str, incident: Incident) -> Department | None:
    if not name:
        return None
    return (Department.objects.filter(Q(name=name) | Q(short_name=name))
            .filter(region_range_q("region", incident.region_id[:4])).order_by("pk").first())


def _create_task(incident: Incident, *, title: str, due_at: datetime, actor: Actor,
                 department_name: str = "", department: Department | None = None,
                 assignee: Any = None) -> ResponseTask:
    department = department or _department(department_name, incident)
    task = ResponseTask(incident=incident, title=title[:200], department=department,
                        department_name=department_name[:100], assignee=assignee, due_at=due_at,
                        state=TASK_FLOW.initial)
    task.full_clean()
    task.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=task, after=audit.snapshot(task))
    deadlines.set_deadline(task, kind="task", title=f"{incident.title}：{task.title}",
                           due_at=due_at, actor=actor, responsible=assignee,
                           remind_before=timedelta(minutes=15), escalate_every=timedelta(hours=1),
                           link=reverse("incident_detail", kwargs={"pk": incident.pk}))
    events.emit("task.assigned", actor=actor, obj=task,
                summary=f"下达处置任务：{title}（{task.responsible or '未指定'}）")
    return task


@transaction.atomic
def add_task(incident: Incident, data: dict[str, Any], *, actor: Actor) -> ResponseTask:
    check_permission(actor, ResponseTask, "add")
    check_scope(actor, incident)
    if not str(data.get("title") or "").strip():
        raise ValidationError({"title": "请填写处置行动"})
    if data.get("due_at") is None:
        raise ValidationError({"due_at": "请填写完成时限"})
    if not (data.get("department") or data.get("department_name") or data.get("assignee")):
        raise ValidationError({"department": "请指定责任部门或责任人"})
    return _create_task(incident, title=data["title"], due_at=data["due_at"], actor=actor,
                        department=data.get("department"),
                        department_name=data.get("department_name") or "",
                        assignee=data.get("assignee"))


@transaction.atomic
def start_task(task: ResponseTask, *, actor: Actor, comment: str = "") -> ResponseTask:
    """开始办理 a response task."""
    return TASK_FLOW.fire(task, "start", actor=actor, data={"comment": comment})


@transaction.atomic
def finish_task(task: ResponseTask, *, actor: Actor, result: str,
                comment: str = "") -> ResponseTask:
    """办结 with its result (required); the task's deadline is closed."""
    def apply(locked: ResponseTask, data: Mapping[str, Any]) -> None:
        locked.result = result
        locked.done_at = moment(None)

    fired = TASK_FLOW.fire(task, "finish", actor=actor,
                           data={"result": result, "comment": comment}, apply=apply)
    deadlines.close_deadline(fired, kind="task", actor=actor)
    return fired


@transaction.atomic
def reopen_task(task: ResponseTask, *, actor: Actor, comment: str) -> ResponseTask:
    """退回重办 (leaders, with the reason)."""
    def apply(locked: ResponseTask, data: Mapping[str, Any]) -> None:
        locked.done_at = None

    return TASK_FLOW.fire(task, "reopen", actor=actor, data={"comment": comment}, apply=apply)


@transaction.atomic
def reopen_incident(incident: Incident, *, actor: Actor, comment: str) -> Incident:
    """重新打开 a closed incident (leaders, with the reason)."""
    return INCIDENT_FLOW.fire(incident, "reopen", actor=actor, data={"comment": comment})


def close_incident(incident: Incident, *, actor: Actor, comment: str,
                   at: datetime | None = None) -> Incident:
    """End the incident (refused while forces are still out); pending 续报 are cancelled
    and the 终报 opened with its time limit."""
    when = moment(at, field="at")

    def apply(locked: Incident, data: Mapping[str, Any]) -> None:
        locked.closed_at = when

    with transaction.atomic():
        closed = INCIDENT_FLOW.fire(incident, "close", actor=actor, data={"comment": comment},
                                    apply=apply)
        reports.cancel_pending_followups(closed, actor=actor)
        if not closed.reports.filter(kind=ReportKind.FINAL).exists():
            reports.open_report(closed, ReportKind.FINAL, actor=actor, start=when,
                                reason="事件结束后终报")
    return closed
