"""The plan registry: create, change and delete plans and the rows of their digital
structure; the structure as data (frozen into a version at issue); the plan system as
a tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.core.services.settings import save_settings
from yingji.plans.models import Plan, PlanResponseLevel, PlanSettings, TriggerCondition, WorkingGroup
from yingji.plans.services import drill_deadlines
from yingji.plans.workflow import PLAN_FLOW

FROZEN_STATES = ("abolished",)


@transaction.atomic
def create_plan(data: dict[str, Any], *, actor: Actor) -> Plan:
    """Register a plan (起草中): inside the actor's scope, government plans without an
    enterprise and enterprise plans with one."""
    data = {**data, "state": PLAN_FLOW.initial}
    return create_object(Plan, data, actor=actor)


@transaction.atomic
def update_plan(plan: Plan, data: dict[str, Any], *, actor: Actor) -> Plan:
    """Change a plan's registry fields (not its state); an abolished plan stays as it was."""
    if plan.state in FROZEN_STATES:
        raise ValidationError("预案已废止，不能修改")
    data = {k: v for k, v in data.items() if k not in ("state", "version", "current_version")}
    if data.get("parent") is not None and _is_descendant(data["parent"], plan):
        raise ValidationError({"parent": "上级预案不能是本预案或其下级预案"})
    updated = update_object(plan, data, actor=actor)
    # A changed kind or start of validity changes when the next drill is due.
    drill_deadlines.sync_drill_deadline(updated, actor=actor)
    return updated


@transaction.atomic
def save_plan_settings(data: dict[str, Any], *, actor: Actor) -> PlanSettings:
    """Change the module's parameters (audited); changed drill frequencies move the drill
    deadline of every plan that owes drills."""
    saved = save_settings(PlanSettings, data, actor=actor)
    drill_deadlines.sync_drill_deadlines(Plan.objects.all(), actor=actor)
    return saved


def _is_descendant(candidate: Plan, plan: Plan) -> bool:
    seen = 0
    node: Plan | None = candidate
    while node is not None and seen < 50:
        if node.pk == plan.pk:
            return True
        node = node.parent
        seen += 1
    return False


@transaction.atomic
def delete_plan(plan: Plan, *, actor: Actor) -> None:
    """Delete a plan still in draft; once reviewed it is abolished instead (traceable)."""
    if plan.state != "draft" or plan.versions.exists():
        raise ValidationError("已进入评审或已印发的预案不能删除，请办理废止")
    delete_object(plan, actor=actor)


def _plan_of(model: type[Model], data: dict[str, Any]) -> Plan | None:
    if "plan" in data:
        return data["plan"]
    level = data.get("response_level")
    return level.plan if level is not None else None


TRIGGER_MODELS = (PlanResponseLevel, TriggerCondition)


@transaction.atomic
def create_part(model: type[Model], data: dict[str, Any], *, actor: Actor) -> Any:
    """Add a row of a plan's structure (group, level, condition, action, resource,
    contact); refused on an abolished plan. The plan's trigger summary follows."""
    plan = _plan_of(model, data)
    if plan is not None and plan.state in FROZEN_STATES:
        raise ValidationError("预案已废止，不能修改其结构")
    made = create_object(model, data, actor=actor)
    if model in TRIGGER_MODELS and plan is not None:
        refresh_triggers([plan.pk])
    return made


@transaction.atomic
def update_part(obj: Any, data: dict[str, Any], *, actor: Actor) -> Any:
    """Change a row of a plan's structure."""
    if obj.plan.state in FROZEN_STATES:
        raise ValidationError("预案已废止，不能修改其结构")
    for key in ("plan", "response_level"):
        if key in data and getattr(obj, f"{key}_id") != getattr(data[key], "pk", None):
            raise ValidationError({key: "不能移到其他预案或级别"})
    changed = update_object(obj, data, actor=actor)
    if isinstance(obj, TRIGGER_MODELS):
        refresh_triggers([obj.plan.pk])
    return changed


@transaction.atomic
def delete_part(obj: Any, *, actor: Actor) -> None:
    """Delete a row of a plan's structure."""
    plan = obj.plan
    if plan.state in FROZEN_STATES:
        raise ValidationError("预案已废止，不能修改其结构")
    delete_object(obj, actor=actor)
    if isinstance(obj, TRIGGER_MODELS):
        refresh_triggers([plan.pk])


def refresh_triggers(plan_ids: list[int] | None = None) -> int:
    """Recompute the trigger summary (``Plan.triggers``: level → require_all and the
    conditions) that matching reads in one query; all plans when ``plan_ids`` is None.
    Derived data, kept by the structure services (no audit of its own)."""
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=plan_ids)
    summary: dict[int, dict[str, Any]] = {pk: {} for pk in plans.values_list("pk", flat=True)}
    for plan_id, level, require_all in PlanResponseLevel.objects.filter(
            plan_id__in=list(summary)).values_list("plan_id", "level", "require_all"):
        summary[plan_id][level] = {"all": require_all, "conditions": []}
    for plan_id, level, fact, value in TriggerCondition.objects.filter(
            response_level__plan_id__in=list(summary)).values_list(
            "response_level__plan_id", "response_level__level", "fact", "value").order_by("pk"):
        summary[plan_id][level]["conditions"].append([fact, value])
    rows = [Plan(pk=pk, triggers=value) for pk, value in summary.items()]
    Plan.objects.bulk_update(rows, ["triggers"], batch_size=1000)
    return len(rows)


# --- the structure as data ------------------------------------------------------------------


def structure_of(plan: Plan) -> dict[str, Any]:
    """The plan's digital structure as plain data (what a version freezes and activation
    uses): command, groups, levels with conditions, actions and resources, contacts."""
    groups = list(plan.groups.all())
    levels = list(PlanResponseLevel.objects.filter(plan=plan)
                  .prefetch_related("conditions", "actions", "resources"))
    return {
        "command": {"name": plan.command_name, "commander": plan.commander,
                    "deputies": plan.deputy_commanders, "office": plan.command_office},
        "groups": [{"key": g.pk, "name": g.name, "lead": g.lead_department,
                    "members": g.member_departments, "duties": g.duties} for g in groups],
        "levels": [{
            "level": lv.level, "require_all": lv.require_all, "decided_by": lv.decided_by,
            "description": lv.description,
            "conditions": [{"fact": c.fact, "value": c.value} for c in lv.conditions.all()],
            "actions": [{"key": a.pk, "group": a.group_id, "title": a.title, "minutes": a.minutes}
                        for a in sorted(lv.actions.all(), key=lambda a: (a.order, a.pk))],
            "resources": [{"kind": r.kind, "capability": r.capability, "quantity": r.quantity,
                           "unit": r.unit} for r in lv.resources.all()],
        } for lv in levels],
        "contacts": [{"group": c.group_id, "name": c.name, "position": c.position, "phone": c.phone,
                      "user": c.user_id} for c in plan.contacts.all()],
    }


# --- the plan system ------------------------------------------------------------------------


@dataclass
class TreeNode:
    """A plan in the plan system with its children."""

    plan: Plan
    children: list[TreeNode] = field(default_factory=list)

    @property
    def count(self) -> int:
        return 1 + sum(c.count for c in self.children)


def plan_tree(user: Any) -> list[TreeNode]:
    """The plans the user may see as a forest: each under its parent when the parent is
    visible too, otherwise at the top (one query)."""
    plans = list(Plan.objects.restrict(user, "view").exclude(state="abolished")
                 .select_related("region").order_by("level", "kind", "name", "pk"))
    nodes = {p.pk: TreeNode(p) for p in plans}
    roots: list[TreeNode] = []
    for plan in plans:
        parent = nodes.get(plan.parent_id) if plan.parent_id else None
        (parent.children if parent else roots).append(nodes[plan.pk])
    return roots


def group_names(plan: Plan) -> dict[int, str]:
    return dict(WorkingGroup.objects.filter(plan=plan).values_list("pk", "name"))
