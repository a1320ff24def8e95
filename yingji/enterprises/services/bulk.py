"""Bulk loads (demo data, benchmarks): many prepared rows at once, audited as one entry."""

from __future__ import annotations

from typing import TypeVar

from django.db import models, transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def bulk_create_rows(model: type[M], rows: list[M], *, actor: Actor, summary: str) -> list[M]:
    """Insert many prepared rows at once (demo data and benchmarks): permission and scope
    are checked per row, and the load is audited as one entry with its count."""
    check_permission(actor, model, "add")
    if not actor.is_system:
        for row in rows:
            check_scope(actor, row)
    created = model._default_manager.bulk_create(rows, batch_size=1000)
    audit.record(audit.AuditAction.CREATE, actor=actor, object_type=audit.object_type_of(model),
                 object_repr=f"批量新增{model._meta.verbose_name}{len(created)}条",
                 detail=f"{summary}：批量新增{len(created)}条")
    events.emit(f"{model._meta.model_name}.bulk_created", actor=actor, push=False,
                summary=f"批量新增{model._meta.verbose_name}{len(created)}条（{summary}）")
    return created
