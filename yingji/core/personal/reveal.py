"""Showing one personal value in clear: only with ``core.reveal_personal_data``, only for
an object inside the user's data scope, and every time in the audit log (查看个人信息).

Pages show masks to everyone; the 查看 button of a detail row (``views.personal``) and
``POST /api/v1/personal-data/reveal/`` call ``reveal_value``. A refusal for scope is a
security event (``core.security.refusals``), like any other out-of-scope access.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models, transaction

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.personal.fields import personal_field

PERMISSION = "core.reveal_personal_data"


class NotRevealable(LookupError):
    """No such model, object or personal field (a 404 that is not a probe)."""


class OutOfScope(LookupError):
    """The object exists but lies outside the user's data scope (a 404 and a security
    event)."""

    def __init__(self, object_type: str, object_id: str) -> None:
        super().__init__("对象不在数据范围内")
        self.object_type = object_type
        self.object_id = object_id


def may_reveal(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(PERMISSION))


def target(label: str, pk: str, field_name: str) -> tuple[type[models.Model], Any, str]:
    """The model, primary key and field a reveal names; NotRevealable when there is no
    such model or personal field."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise NotRevealable("没有这种数据") from None
    field = personal_field(model, field_name)
    if field is None:
        raise NotRevealable("该字段不是个人信息字段")
    return model, pk, field.name


@transaction.atomic
def reveal_value(user: Any, model: type[models.Model], pk: Any, field_name: str, *,
                 actor: Actor) -> str:
    """The clear value of ``field_name`` of the ``model`` row ``pk``, audited.

    PermissionDenied without the permission; OutOfScope for an object the user may not
    view; NotRevealable for no such object or field.
    """
    if not may_reveal(user):
        raise PermissionDenied("您没有查看个人信息明文的权限")
    field = personal_field(model, field_name)
    if field is None:
        raise NotRevealable("该字段不是个人信息字段")
    manager: Any = model._default_manager
    try:
        obj = manager.restrict(user, "view").filter(pk=pk).first()
        exists = obj is not None or manager.filter(pk=pk).exists()
    except (ValueError, TypeError, OverflowError):
        raise NotRevealable("对象不存在") from None
    if obj is None:
        if exists:
            raise OutOfScope(model._meta.label_lower, str(pk))
        raise NotRevealable("对象不存在")
    value = str(getattr(obj, field.attname) or "")
    audit.record(audit.AuditAction.REVEAL, actor=actor, obj=obj,
                 detail=f"查看{model._meta.verbose_name}“{obj}”的{field.verbose_name}")
    return value
