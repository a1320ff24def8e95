"""Writes of a work plan after its import: an item's departments, measure of done and
district; the nodes (each a core deadline of its owner); the owner's progress report
with its evidence; the office's 督办 with its notice. Every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.scope import scope_of
from yingji.core.services import deadlines
from yingji.core.services.attachments import attach_file, check_upload
from yingji.core.services.notifications import notify
from yingji.core.services.objects import (
    check_permission,
    check_scope,
    create_object,
    delete_object,
    update_object,
)
from yingji.governance import rules
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem, WorkPlan

SHANGHAI = ZoneInfo("Asia/Shanghai")
NODE_DEADLINE = "governance-node"
EVIDENCE = "progress-evidence"
MAX_EVIDENCE = 10
OFFICE_ROLES = ("safety_office",)
LEADER_ROLES = ("duty_leader", "commander")


def end_of(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=SHANGHAI)


def today() -> date:
    return timezone.localdate()


def _covering(code: str) -> Q:
    prefixes = {code[:n].ljust(12, "0") for n in (2, 4, 6)}
    return Q(scope_region__isnull=True) | Q(scope_region_id__in=sorted(prefixes))


def escalation_chain(region_code: str) -> list[User]:
    """Who hears of a late node: the 安委办 covering its region (nearest first), then
    the leaders (带班领导、指挥长) covering it."""
    def ranked(roles: Sequence[str]) -> list[User]:
        users = (User.objects.filter(is_active=True, groups__name__in=roles)
                 .filter(_covering(region_code)).distinct())
        return sorted(users, key=lambda u: (-len((u.scope_region_id or "").rstrip("0")), u.pk))
    return [*ranked(OFFICE_ROLES)[:2], *ranked(LEADER_ROLES)[:1]]


# --- plans and items --------------------------------------------------------------------


def update_plan(plan: WorkPlan, data: dict[str, Any], *, actor: Actor) -> WorkPlan:
    return update_object(plan, data, actor=actor)


def delete_plan(plan: WorkPlan, *, actor: Actor) -> None:
    """Delete a plan imported by mistake; one whose items have nodes (deadlines, reports)
    is kept."""
    if Node.objects.filter(item__plan=plan).exists():
        raise ValidationError("该计划已分解工作节点，不能删除")
    delete_object(plan, actor=actor)


def update_item(item: WorkItem, data: dict[str, Any], *, actor: Actor) -> WorkItem:
    """An item's title, work, departments, measure of done and district (within the
    plan's region)."""
    region = data.get("region")
    if region is not None and not str(region.code).startswith(item.plan.region.prefix):
        raise ValidationError({"region": f"责任区域应在计划的适用区域（{item.plan.region.name}）之内"})
    return update_object(item, data, actor=actor)


# --- nodes ------------------------------------------------------------------------------


def _check_owner(node: Node) -> None:
    owner = node.owner
    if not owner.is_active:
        raise ValidationError({"owner": "责任人账号已停用"})
    if not owner.has_perm("governance.add_progressreport"):
        raise ValidationError({"owner": "责任人没有报送进展的权限，请选择工作人员账号"})
    if not scope_of(owner).covers_region(node.region_id):
        raise ValidationError({"owner": "责任人的数据范围不包含该节点的责任区域"})


def _set_node_deadline(node: Node, actor: Actor) -> None:
    deadlines.set_deadline(
        node, kind=NODE_DEADLINE, title=f"工作节点：{node.title}", due_at=end_of(node.due),
        actor=actor, responsible=node.owner, escalation_chain=escalation_chain(node.region_id),
        remind_before=timedelta(days=3), escalate_every=timedelta(days=3),
        link=reverse("node_detail", kwargs={"pk": node.pk}))


@transaction.atomic
def create_node(data: dict[str, Any], *, actor: Actor) -> Node:
    """A node of an item (in the item's region unless a district under it is given);
    its date becomes a core deadline of the owner."""
    item: WorkItem = data["item"]
    values = {**data}
    values.setdefault("region", item.region)
    if values.get("region") is None:
        values["region"] = item.region
    if not str(values["region"].code).startswith(item.region.prefix):
        raise ValidationError({"region": f"节点的责任区域应在事项的责任区域（{item.region.name}）之内"})
    node = Node(**values)
    node.full_clean()
    _check_owner(node)
    created = create_object(Node, values, actor=actor)
    _set_node_deadline(created, actor)
    return created


@transaction.atomic
def update_node(node: Node, data: dict[str, Any], *, actor: Actor) -> Node:
    """Change a node's task, date, owner or district; an open node's deadline follows."""
    if "item" in data and data["item"].pk != node.item_id:
        raise ValidationError({"item": "节点不能移到其他事项"})
    changed = update_object(node, data, actor=actor)
    _check_owner(changed)
    if changed.done_on is None:
        _set_node_deadline(changed, actor)
    return changed


@transaction.atomic
def delete_node(node: Node, *, actor: Actor) -> None:
    if node.reports.exists():
        raise ValidationError("该节点已有进展报送，不能删除")
    deadlines.close_deadline(node, kind=NODE_DEADLINE, actor=actor)
    delete_object(node, actor=actor)


# --- progress ---------------------------------------------------------------------------


def check_evidence(files: Sequence[UploadedFile]) -> None:
    """Every file is checked (type, content, size) before anything is saved."""
    if len(files) > MAX_EVIDENCE:
        raise ValidationError({"evidence": f"佐证材料一次最多{MAX_EVIDENCE}个文件"})
    for upload in files:
        try:
            check_upload(upload)
        except ValidationError as exc:
            reason = "；".join(exc.messages)
            raise ValidationError({"evidence": f"“{upload.name}”：{reason}"}) from exc


@transaction.atomic
def report_progress(node: Node, *, actor: Actor, content: str, percent: int, done: bool = False,
                    evidence: Sequence[UploadedFile] = ()) -> ProgressReport:
    """The owner's report on a node: what was done, the share done, done or not, and
    the evidence files (stored as attachments of the report). A done report needs
    evidence and closes the node's deadline (met on time or late)."""
    check_permission(actor, ProgressReport, "add")
    locked = Node.objects.select_for_update().get(pk=node.pk)
    check_scope(actor, locked)
    if not actor.is_system and actor.user != locked.owner:
        raise PermissionDenied("只有节点责任人可以报送进展")
    if locked.done_on is not None:
        raise ValidationError("该节点已完成，不能再报送进展")
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": "请填写进展情况"})
    if not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": "完成进度应在0到100之间"})
    if done:
        percent = 100
    elif percent == 100:
        raise ValidationError({"done": "进度为100%时请勾选“已完成”"})
    if done and not evidence:
        raise ValidationError({"evidence": "报送完成须上传佐证材料"})
    check_evidence(evidence)
    now = timezone.now()
    report = ProgressReport(node=locked, content=content, percent=percent, done=done,
                            reported_by=actor.user or locked.owner, reported_at=now,
                            evidence_count=len(evidence))
    report.full_clean()
    report.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=report, after=audit.snapshot(report))
    for upload in evidence:
        attach_file(report, upload, actor=actor, purpose=EVIDENCE)
    before = audit.snapshot(locked)
    locked.progress, locked.reported_at = percent, now
    if done:
        locked.done_on = timezone.localdate(now)
    locked.save(update_fields=["progress", "reported_at", "done_on"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    summary = (f"报送完成：{locked.title}（佐证材料{len(evidence)}份）" if done
               else f"报送进展：{locked.title}，进度{percent}%")
    events.emit("node.reported", actor=actor, obj=locked, summary=summary)
    if done:
        deadlines.close_deadline(locked, kind=NODE_DEADLINE, actor=actor, at=now)
    return report


# --- 督办 --------------------------------------------------------------------------------


def item_status(item: WorkItem, on: date | None = None) -> str:
    day = on or today()
    return rules.item_status(n.status(day) for n in item.nodes.all())


@transaction.atomic
def supervise_item(item: WorkItem, *, actor: Actor, requirement: str, reply_due: date) -> Supervision:
    """督办 a lagging item: only a late item (a node past its date and not done) is
    pressed; the notice is numbered in the year (督办〔2026〕3号), the owners of its late
    nodes and the office are told, and the Word notice is made from the record."""
    check_permission(actor, Supervision, "add")
    if not actor.is_system and not (actor.user and actor.user.has_perm("governance.supervise_workitem")):
        raise PermissionDenied("您没有督办工作事项的权限")
    locked = WorkItem.objects.select_for_update().select_related("plan").get(pk=item.pk)
    check_scope(actor, locked)
    day = today()
    late = [n for n in locked.nodes.select_related("owner") if n.status(day) == rules.LATE]
    if not late:
        raise ValidationError("该事项没有逾期节点，无需督办")
    requirement = (requirement or "").strip()
    if not requirement:
        raise ValidationError({"requirement": "请填写督办要求"})
    if reply_due <= day:
        raise ValidationError({"reply_due": "反馈时限应晚于今天"})
    year = day.year
    issued = Supervision.objects.select_for_update().filter(number__startswith=f"督办〔{year}〕")
    sequence = issued.count() + 1
    supervision = Supervision(item=locked, number=rules.notice_number(year, sequence),
                              requirement=requirement, reply_due=reply_due,
                              issued_by=actor.user or late[0].owner, issued_at=timezone.now())
    supervision.full_clean()
    supervision.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=supervision,
                 after=audit.snapshot(supervision))
    events.emit("workitem.supervised", actor=actor, obj=locked,
                summary=f"督办（{supervision.number}）：{requirement[:80]}")
    link = reverse("supervision_detail", kwargs={"pk": supervision.pk})
    owners = list({n.owner_id: n.owner for n in late}.values())
    notify(owners, title=f"督办通知{supervision.number}",
           body=f"《{locked.plan.title}》{locked}有逾期节点，请于{reply_due:%Y年%m月%d日}前反馈：{requirement[:120]}",
           link=link, actor=actor, obj=supervision, level="warning")
    return supervision
