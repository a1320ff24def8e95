"""Saving a module's settings row (``SingletonSettings``): the first save creates it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models.settings import SINGLETON_PK, SingletonSettings
from yingji.core.services.objects import check_permission, check_scope, update_object

S = TypeVar("S", bound=SingletonSettings)


@transaction.atomic
def save_settings(model: type[S], data: dict[str, Any], *, actor: Actor) -> S:
    """Change the settings of ``model`` (audited). Needs the change permission only:
    that the row does not exist yet (nobody saved it) is no business of the user's."""
    check_permission(actor, model, "change")
    existing = model._default_manager.select_for_update().filter(pk=SINGLETON_PK).first()
    if existing is not None:
        return update_object(existing, data, actor=actor)
    row = model(pk=SINGLETON_PK, **data)
    row.full_clean()
    check_scope(actor, row)
    row.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
    events.emit(f"{model._meta.model_name}.updated", actor=actor, obj=row,
                summary=f"修改{model._meta.verbose_name}", data={"fields": sorted(data)})
    return row
