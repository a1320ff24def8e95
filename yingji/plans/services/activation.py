"""Activation (启动预案): a response started from a plan opens each working group's
actions of the level as tasks with deadlines in the incident's response, sends 叫应 to
the groups' contacts, records the plan version used, and proposes the resources the
level needs from the nearest available; a change of level adds or closes tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.scope import scope_of
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents.services import plan_tasks
from yingji.plans import rules
from yingji.plans.models import ActivationTask, Plan, PlanActivation
from yingji.plans.services.matching import covering_plans
from yingji.plans.services.plans import structure_of

ACK_MINUTES = 15


def structure_used(plan: Plan) -> tuple[dict[str, Any], Any]:
    """The structure of the version in force (frozen at issue) and that version; the
    live structure when the plan has no issued version."""
    version = plan.current_version
    if version is not None and version.structure.get("levels"):
        return version.structure, version
    return structure_of(plan), version


def _actions(structure: dict[str, Any]) -> list[rules.ActionSpec]:
    groups = {g["key"]: g["name"] for g in structure.get("groups", [])}
    return [rules.ActionSpec(a["key"], lv["level"], groups.get(a["group"], ""), a["title"],
                             int(a["minutes"]))
            for lv in structure.get("levels", []) for a in lv.get("actions", [])]


def _leads(structure: dict[str, Any]) -> dict[str, str]:
    return {g["name"]: g["lead"] for g in structure.get("groups", [])}


def _planned(actions: list[rules.ActionSpec], structure: dict[str, Any]) -> list[plan_tasks.PlannedTask]:
    leads = _leads(structure)
    return [plan_tasks.PlannedTask(f"【{a.group}】{a.title}", leads.get(a.group, ""), a.minutes)
            for a in actions]


def startable_plans(incident: Any, user: Any) -> list[Plan]:
    """The plans ``user`` may start for ``incident``: those covering its type and place
    (``matching.covering_plans``) inside the user's scope."""
    scope = scope_of(user)
    return [plan for plan in covering_plans(incident) if plan.in_scope(scope)]


@transaction.atomic
def activate(incident: Any, plan: Plan, level: str, *, actor: Actor, reason: str = "") -> PlanActivation:
    """Start the response at ``level`` from ``plan``: the tasks of the level (and of the
    levels below it) for each group, the 叫应 of the contacts, the version recorded."""
    check_permission(actor, PlanActivation, "add")
    check_scope(actor, incident)
    if not actor.is_system and not plan.in_scope(scope_of(actor.user)):
        raise ValidationError({"plan": "所选预案不在您的数据范围内"})
    if level not in rules.LEVEL_LABELS:
        raise ValidationError({"level": "响应级别应为Ⅰ级、Ⅱ级、Ⅲ级或Ⅳ级"})
    if plan.pk not in {p.pk for p in covering_plans(incident)}:
        raise ValidationError({"plan": "该预案不适用于本事件（事件类型、地点或企业不在预案范围内）"})
    if plan.state not in ("in_force", "revising"):
        raise ValidationError({"plan": "只能启动施行中的预案"})
    if not incident.is_open:
        raise ValidationError({"level": "事件已结束，不能启动响应"})
    if PlanActivation.objects.filter(incident=incident, plan=plan, active=True).exists():
        raise ValidationError({"plan": "该预案已对本事件启动，请调整响应级别"})
    structure, version = structure_used(plan)
    levels = {lv["level"] for lv in structure.get("levels", [])}
    if level not in levels:
        raise ValidationError({"level": f"该预案未设{rules.level_label(level)}"})
    actions = rules.actions_for(level, _actions(structure))
    started, tasks = plan_tasks.start_response_with_tasks(
        incident, level, _planned(actions, structure), actor=actor)
    activation = PlanActivation(
        incident=started, plan=plan, version=version, level=level, reason=reason[:300],
        version_label=version.label if version is not None else "未印发的现行结构",
        started_at=started.response_started_at or timezone.now(), started_by=actor.user)
    activation.save()
    ActivationTask.objects.bulk_create([
        ActivationTask(activation=activation, task=task, action_key=a.key, level=a.level,
                       group_name=a.group) for a, task in zip(actions, tasks, strict=True)])
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=activation,
                 after=audit.snapshot(activation))
    events.emit("plan.activated", actor=actor, obj=started,
                summary=f"依据《{plan.name}》（{activation.version_label}）启动"
                        f"{rules.level_label(level)}，下达{len(tasks)}项处置任务"
                        f"{'；' + reason if reason else ''}")
    _call_contacts(activation, structure, actor=actor)
    return activation


def _call_contacts(activation: PlanActivation, structure: dict[str, Any], *, actor: Actor) -> int:
    """叫应: every contact with an account hears of the activation and must answer."""
    ids = {c["user"] for c in structure.get("contacts", []) if c.get("user")}
    ids |= set(activation.plan.contacts.exclude(user=None).values_list("user_id", flat=True))
    users = list(User.objects.filter(pk__in=ids, is_active=True))
    if not users:
        return 0
    incident = activation.incident
    notify(users, title=f"【叫应】{incident.title}：启动{activation.plan.name}"
                        f"{rules.level_label(activation.level)}",
           body=f"请立即按预案职责到岗履职并回复“收到”。{activation.reason}",
           link=reverse("incident_detail", kwargs={"pk": incident.pk}),
           level=NotificationLevel.URGENT, obj=incident, actor=actor, requires_ack=True,
           ack_within=timedelta(minutes=ACK_MINUTES))
    return len(users)


@transaction.atomic
def change_level(activation: PlanActivation, level: str, *, actor: Actor, reason: str = "") -> PlanActivation:
    """Raise or lower the response: raising opens the actions of the levels gained,
    lowering closes the open tasks of the levels left (their result says why)."""
    check_permission(actor, PlanActivation, "change")
    check_scope(actor, activation)
    if level not in rules.LEVEL_LABELS:
        raise ValidationError({"level": "响应级别应为Ⅰ级、Ⅱ级、Ⅲ级或Ⅳ级"})
    locked = PlanActivation.objects.select_for_update().select_related("plan", "incident").get(
        pk=activation.pk)
    if not locked.active:
        raise ValidationError({"level": "该预案响应已终止"})
    if locked.level == level:
        raise ValidationError({"level": "响应级别未变化"})
    structure = locked.version.structure if locked.version is not None and \
        locked.version.structure.get("levels") else structure_of(locked.plan)
    if level not in {lv["level"] for lv in structure.get("levels", [])}:
        raise ValidationError({"level": f"该预案未设{rules.level_label(level)}"})
    old = locked.level
    added, closed_keys = rules.level_change(old, level, _actions(structure))
    incident = plan_tasks.set_level(locked.incident, level, actor=actor)
    tasks = plan_tasks.add_tasks(incident, _planned(added, structure), actor=actor,
                                 start=timezone.now())
    ActivationTask.objects.bulk_create([
        ActivationTask(activation=locked, task=task, action_key=a.key, level=a.level,
                       group_name=a.group) for a, task in zip(added, tasks, strict=True)])
    to_close = list(ActivationTask.objects.filter(activation=locked, action_key__in=closed_keys,
                                                  closed_by_change=False).select_related("task"))
    direction = "提升" if rules.higher_level(level, old) else "降低"
    closed = plan_tasks.close_tasks([t.task for t in to_close], actor=actor,
                                    reason=f"响应级别{direction}为{rules.level_label(level)}，本项任务关闭")
    ActivationTask.objects.filter(pk__in=[t.pk for t in to_close]).update(closed_by_change=True)
    before = audit.snapshot(locked)
    locked.level = level
    locked.save(update_fields=["level"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    events.emit("plan.level_changed", actor=actor, obj=incident,
                summary=f"《{locked.plan.name}》响应{direction}：{rules.level_label(old)} → "
                        f"{rules.level_label(level)}，新增{len(tasks)}项任务，关闭{closed}项"
                        f"{'；' + reason if reason else ''}")
    return locked


@dataclass(frozen=True)
class Proposal:
    """A resource need of the level and the nearest available resources that meet it."""

    need: str
    quantity: int
    found: list[Any]
    estimated: bool
    method: str


def proposals(activation: PlanActivation, user: Any, limit: int = 3) -> list[Proposal]:
    """For each resource the level (and the levels below it) needs, the nearest
    available of that kind and capability (resources module); empty when the incident
    has no point."""
    from yingji.incidents.services.dispatch import incident_point
    from yingji.resources.services.analysis import nearest_resources

    structure, _ = (activation.version.structure, activation.version) if activation.version \
        is not None and activation.version.structure.get("levels") else structure_used(activation.plan)
    wanted = set(rules.levels_from(activation.level))
    try:
        lon, lat, _exact = incident_point(activation.incident)
    except ValidationError:
        return []
    out = []
    for lv in structure.get("levels", []):
        if lv["level"] not in wanted:
            continue
        for need in lv.get("resources", []):
            result = nearest_resources(user, lon, lat, types=[need["kind"]],
                                       capability=need["capability"], available_only=True,
                                       limit=max(1, min(limit, need["quantity"], 10)))
            label = f"{dict(_KINDS).get(need['kind'], need['kind'])}（{need['capability'] or '不限'}）"
            out.append(Proposal(label, need["quantity"], list(result.items), result.estimated,
                                result.method))
    return out


_KINDS = (("team", "救援队伍"), ("expert", "专家"), ("warehouse", "物资储备"), ("shelter", "避难场所"))


def activations_of(incident: Any) -> list[PlanActivation]:
    return list(PlanActivation.objects.filter(incident=incident).select_related("plan", "version")
                .order_by("-started_at"))
