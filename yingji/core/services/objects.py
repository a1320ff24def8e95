"""Generic create / update / delete for scoped models.

Modules with no special rules for a model use these directly (the generic views and
viewsets do by default); modules with rules write their own services and call
``check_scope`` and ``audit.record`` the same way.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.scope import may, scope_of

M = TypeVar("M", bound=models.Model)


class ScopeViolation(ValidationError):
    """The object would lie outside the actor's data scope."""


def check_permission(actor: Actor, model: type[models.Model], action: str) -> None:
    if actor.is_system:
        return  # a job or command acts everywhere
    if actor.user is None or not may(actor.user, model, action):
        raise PermissionDenied("您没有执行此操作的权限")


def check_scope(actor: Actor, obj: models.Model) -> None:
    """Raise ScopeViolation if ``obj`` (as it is now) is outside the actor's scope.
    An anonymous actor has no scope at all."""
    if actor.is_system or not hasattr(obj, "in_scope"):
        return
    if actor.user is None or not obj.in_scope(scope_of(actor.user)):
        field = getattr(obj, "scope_region_field", "region").split("__")[0]
        raise ScopeViolation({field: "所选区划或行业超出您的数据范围"})


def _label(obj: models.Model) -> str:
    return str(obj._meta.verbose_name)


@transaction.atomic
def create_object(model: type[M], data: dict[str, Any], *, actor: Actor) -> M:
    """Create a ``model`` row from validated field values, inside the actor's scope."""
    check_permission(actor, model, "add")
    many = {k: v for k, v in data.items() if _is_m2m(model, k)}
    obj = model(**{k: v for k, v in data.items() if k not in many})
    obj.full_clean()
    check_scope(actor, obj)
    obj.save()
    for name, values in many.items():
        getattr(obj, name).set(values)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=obj, after=audit.snapshot(obj))
    events.emit(f"{model._meta.model_name}.created", actor=actor, obj=obj,
                summary=f"新增{_label(obj)}：{obj}")
    return obj


@transaction.atomic
def update_object(obj: M, data: dict[str, Any], *, actor: Actor) -> M:
    """Apply field values to ``obj``; it must be in scope before and after."""
    model = type(obj)
    check_permission(actor, model, "change")
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    many = {k: v for k, v in data.items() if _is_m2m(model, k)}
    for name, value in data.items():
        if name not in many:
            setattr(locked, name, value)
    locked.full_clean()
    check_scope(actor, locked)
    locked.save()
    for name, values in many.items():
        getattr(locked, name).set(values)
    after = audit.snapshot(locked)
    changed = [f for f in audit.changed_fields(before, after) if not _bookkeeping(model, f)]
    if changed:
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before, after=after)
        names = "、".join(_verbose(model, f) for f in changed)
        events.emit(f"{model._meta.model_name}.updated", actor=actor, obj=locked,
                    summary=f"修改{_label(locked)}：{names}", data={"fields": changed})
    return locked


@transaction.atomic
def delete_object(obj: models.Model, *, actor: Actor) -> None:
    model = type(obj)
    check_permission(actor, model, "delete")
    check_scope(actor, obj)
    before = audit.snapshot(obj)
    pk, region = obj.pk, getattr(obj, "scope_region_code", lambda: "")() or ""
    label = f"删除{_label(obj)}：{obj}"
    try:
        obj.delete()
    except models.ProtectedError as exc:
        raise ValidationError("该记录仍被其他数据引用，不能删除") from exc
    audit.record(audit.AuditAction.DELETE, actor=actor, before=before,
                 object_type=audit.object_type_of(model), object_id=str(pk),
                 object_repr=label, region_code=region)
    events.emit(f"{model._meta.model_name}.deleted", actor=actor, summary=label,
                region_code=region, data={"id": pk})


def _is_m2m(model: type[models.Model], name: str) -> bool:
    try:
        return bool(model._meta.get_field(name).many_to_many)
    except FieldDoesNotExist:
        return False


def _bookkeeping(model: type[models.Model], attname: str) -> bool:
    """Fields the platform keeps by itself (update times): never a change a person made."""
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return bool(getattr(field, "auto_now", False))
    return False


def _verbose(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return str(field.verbose_name)
    return attname
