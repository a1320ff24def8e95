"""延期申请: request a later rectification deadline; a supervisor (for a listed major
hazard, the listing department) approves or rejects it."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.core.workflow import TransitionRefused
from yingji.hazards import rules
from yingji.hazards.models import ExtensionRequest, ExtensionStatus, Hazard
from yingji.hazards.services.hazards import hazard_link, start_clock
from yingji.hazards.services.people import escalation_chain

EXTENDABLE_STATES = ("pending", "rectifying")


@transaction.atomic
def request_extension(hazard: Hazard, *, actor: Actor, requested_deadline: datetime | None,
                      reason: str) -> ExtensionRequest:
    """Ask for a later deadline (while 待整改 or 整改中; one pending request at a time)."""
    check_permission(actor, Hazard, "change")
    locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
    check_scope(actor, locked)
    if locked.state not in EXTENDABLE_STATES:
        raise ValidationError({"state": f"“{locked.get_state_label()}”的隐患不能申请延期"})
    errors: dict[str, str] = {}
    problem = rules.extension_problem(locked.deadline, requested_deadline, timezone.now())
    if problem:
        errors["requested_deadline"] = problem
    if not (reason or "").strip():
        errors["reason"] = "请填写延期理由"
    if ExtensionRequest.objects.filter(hazard=locked, status=ExtensionStatus.PENDING).exists():
        errors["hazard"] = "该隐患已有待审批的延期申请"
    if errors:
        raise ValidationError(errors)
    assert locked.deadline is not None and requested_deadline is not None
    request = ExtensionRequest.objects.create(
        hazard=locked, current_deadline=locked.deadline, requested_deadline=requested_deadline,
        reason=reason.strip(), requested_by=actor.user)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=request, after=audit.snapshot(request))
    local = timezone.localtime
    events.emit("hazard.extension_requested", actor=actor, obj=locked,
                summary=f"申请延期至{local(requested_deadline):%Y-%m-%d}：{reason.strip()[:80]}")
    chain = escalation_chain(locked)
    if chain:
        notify(chain[:1], title="隐患延期申请待审批",
               body=f"{locked.title}申请延期至{local(requested_deadline):%Y-%m-%d}",
               link=hazard_link(locked), obj=locked, actor=actor)
    return request


@transaction.atomic
def decide_extension(request: ExtensionRequest, *, actor: Actor, approve: bool,
                     comment: str = "") -> ExtensionRequest:
    """Approve (the hazard's deadline moves and its reminders start afresh) or reject
    (a reason is required)."""
    if actor.user is not None and not actor.user.has_perm("hazards.approve_extension"):
        raise PermissionDenied("您无权审批延期申请")
    locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    hazard = Hazard.objects.select_for_update().get(pk=locked.hazard_id)
    check_scope(actor, hazard)
    if locked.status != ExtensionStatus.PENDING:
        # A state conflict like a workflow's (409 in the API).
        raise TransitionRefused({"status": f"该申请已{locked.get_status_display()}，不能重复审批"})
    if hazard.listed_department_id and actor.user is not None \
            and actor.user.department_id != hazard.listed_department_id:
        raise PermissionDenied(f"该重大隐患已挂牌督办，延期须由督办部门（{hazard.listed_department}）审批")
    if not approve and not comment.strip():
        raise ValidationError({"decision_comment": "驳回须填写审批意见"})
    if approve and hazard.state not in EXTENDABLE_STATES:
        raise ValidationError({"state": f"隐患当前为“{hazard.get_state_label()}”，不能延期"})
    before = audit.snapshot(locked)
    locked.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    locked.decided_by = actor.user
    locked.decided_at = timezone.now()
    locked.decision_comment = comment.strip()
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    local = timezone.localtime
    if approve:
        hazard_before = audit.snapshot(hazard)
        hazard.deadline = locked.requested_deadline
        hazard.version += 1
        hazard.save(update_fields=["deadline", "version", "updated_at"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=hazard, before=hazard_before,
                     after=audit.snapshot(hazard), detail="批准延期")
        start_clock(hazard, actor)
        summary = f"批准延期：整改期限由{local(locked.current_deadline):%Y-%m-%d}延至" \
                  f"{local(locked.requested_deadline):%Y-%m-%d}"
    else:
        summary = f"驳回延期申请：{comment.strip()[:80]}"
    events.emit("hazard.extension_decided", actor=actor, obj=hazard, summary=summary)
    if locked.requested_by is not None:
        notify([locked.requested_by], title="延期申请" + ("已批准" if approve else "被驳回"),
               body=summary, link=hazard_link(hazard), obj=hazard, actor=actor)
    return locked
