"""Declarative workflows (state machines) for business processes.

A process declares its states and transitions once; ``Workflow.fire`` is the only way an
object changes state. Each transition names the states it leaves from, its target, who
may fire it (a permission, roles, or both), guards (rules that must hold, each returning
a Chinese reason when it does not), and the fields the actor must supply. Firing is
atomic, checks the actor's scope, refuses a stale ``version`` (optimistic concurrency:
two people acting at once cannot both win), and writes the audit entry and a timeline
event. Hazards, alarms, warnings, incidents and dispatch orders use it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_scope

M = TypeVar("M", bound="WorkflowModel")
Guard = Callable[[Any, Actor, Mapping[str, Any]], str | None]
# A transition's target meaning "the object keeps its state": a step recorded in any of
# its source states (挂牌督办 while an investigation is open), checked, versioned,
# audited and on the timeline like a move.
STAY = "="


class WorkflowModel(models.Model):
    """Abstract base of objects that follow a workflow: state, when it changed, version."""

    state = models.CharField("状态", max_length=30, db_index=True)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=0)

    class Meta:
        abstract = True


class StaleObject(ValidationError):
    """The object changed since the actor loaded it."""


class TransitionRefused(ValidationError):
    """The transition may not fire now (wrong state, guard, missing fields)."""


def check_version(locked: WorkflowModel, expected_version: int) -> None:
    """Refuse (StaleObject, a 409 in the API) when the row, read under its lock, is no
    longer the version the actor saw: a service's edit outside a transition (a record's
    correction) checks it the way ``fire`` does."""
    if locked.version != expected_version:
        raise StaleObject({"version": "该记录已被他人处理或修改，请刷新页面后重试"})


@dataclass(frozen=True)
class Transition:
    """One allowed move: from any of ``sources`` to ``target``."""

    name: str
    label: str
    sources: tuple[str, ...]
    target: str  # a state, or STAY: the object keeps the state it is in
    permission: str | None = None  # "app.codename"; None = anyone who may change the object
    roles: tuple[str, ...] = ()  # if set, the actor must hold one of these roles
    guards: tuple[Guard, ...] = ()
    # Guards on who acts (the actor's level, not the inputs), called with empty data:
    # ``available`` leaves out a transition they refuse, so a page offers no button that
    # can only be refused; ``fire`` refuses it like any guard.
    actor_guards: tuple[Guard, ...] = ()
    required: tuple[str, ...] = ()  # keys that must be present and non-empty in data
    comment_required: bool = False


@dataclass
class Workflow:
    """A named process: its states (code -> Chinese label) and transitions."""

    name: str
    states: dict[str, str]
    initial: str
    transitions: list[Transition] = field(default_factory=list)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"duplicate transition names in workflow {self.name}")
        for t in self.transitions:
            unknown = {*t.sources, *((t.target,) if t.target != STAY else ())} - set(self.states)
            if unknown:
                raise ValueError(f"transition {t.name} uses unknown states {sorted(unknown)}")
        if self.initial not in self.states:
            raise ValueError(f"initial state {self.initial} is not a state")

    def transition(self, name: str) -> Transition:
        for t in self.transitions:
            if t.name == name:
                return t
        raise TransitionRefused({"transition": f"未知的操作：{name}"})

    def label(self, state: str) -> str:
        return self.states.get(state, state)

    def allowed_for(self, actor: Actor, transition: Transition, obj: models.Model) -> bool:
        """Whether the actor holds the permission and role the transition needs."""
        if actor.is_system:
            return True
        user = actor.user
        if user is None:
            return False  # anonymous: never the system
        if transition.permission and not user.has_perm(transition.permission):
            return False
        return not transition.roles or user.has_role(*transition.roles)

    def available(self, obj: WorkflowModel, actor: Actor) -> list[Transition]:
        """Transitions the actor could fire now (state, permission and the actor guards;
        the other guards aside)."""
        return [t for t in self.transitions
                if obj.state in t.sources and self.allowed_for(actor, t, obj)
                and not any(guard(obj, actor, {}) for guard in t.actor_guards)]

    def fire(
        self, obj: M, name: str, *, actor: Actor, data: Mapping[str, Any] | None = None,
        expected_version: int | None = None, apply: Callable[[M, Mapping[str, Any]], None] | None = None,
    ) -> M:
        """Fire transition ``name`` on ``obj`` and return the updated object.

        ``apply`` sets the transition's own fields on the locked object before it is
        saved (a service passes it). Raises StaleObject, TransitionRefused, PermissionDenied.
        """
        data = data or {}
        transition = self.transition(name)
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            check_version(locked, obj.version if expected_version is None else expected_version)
            if locked.state not in transition.sources:
                raise TransitionRefused({"state": (
                    f"当前状态为“{self.label(locked.state)}”，不能执行“{transition.label}”"
                )})
            if not self.allowed_for(actor, transition, locked):
                raise PermissionDenied(f"您无权执行“{transition.label}”")
            check_scope(actor, locked)
            missing = {key: "此项为必填项" for key in transition.required if _blank(data.get(key))}
            if transition.comment_required and _blank(data.get("comment")):
                missing["comment"] = "请填写处理意见"
            if missing:
                raise TransitionRefused(missing)
            for guard in transition.guards:
                reason = guard(locked, actor, data)
                if reason:
                    raise TransitionRefused({"state": reason})
            for guard in transition.actor_guards:
                reason = guard(locked, actor, {})
                if reason:
                    raise TransitionRefused({"state": reason})
            before = audit.snapshot(locked)
            source = locked.state
            target = source if transition.target == STAY else transition.target
            if apply is not None:
                apply(locked, data)
            locked.state = target
            locked.state_changed_at = timezone.now()
            locked.version += 1
            locked.full_clean()
            check_scope(actor, locked)
            locked.save()
            audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                         after=audit.snapshot(locked),
                         detail=f"{locked._meta.verbose_name}：{transition.label}")
            comment = str(data.get("comment") or "")
            summary = (transition.label if transition.target == STAY
                       else f"{transition.label}：{self.label(source)} → {self.label(target)}")
            events.emit(
                f"{self.name}.{transition.name}", actor=actor, obj=locked,
                summary=summary + (f"（{comment[:100]}）" if comment else ""),
                data={"from": source, "to": target, "transition": transition.name,
                      "comment": comment},
            )
        return locked


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []
