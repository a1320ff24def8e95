"""Data sources and their credentials."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.monitoring.models import DataSource


@transaction.atomic
def create_source(*, actor: Actor, enterprise: Any, code: str, name: str,
                  token: str | None = None) -> tuple[DataSource, str]:
    """A new data source of ``enterprise``; returns it and its token (shown once). A
    ``token`` is given only by the demo, whose live feed derives its own."""
    check_permission(actor, DataSource, "add")
    token = token or secrets.token_urlsafe(32)
    source = DataSource(enterprise=enterprise, code=code, name=name)
    _set_token(source, token)
    source.full_clean()
    check_scope(actor, source)
    source.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=source, after=audit.snapshot(source))
    events.emit("datasource.created", actor=actor, obj=source, summary=f"新增数据源：{source}")
    _forget()
    return source, token


@transaction.atomic
def rotate_token(source: DataSource, *, actor: Actor, token: str | None = None) -> str:
    """Issue a new token; the old one stops working at once (in every process within
    the registry's cache time). A ``token`` is given only by the demo's live feed."""
    check_permission(actor, DataSource, "change")
    locked = DataSource.objects.select_for_update().get(pk=source.pk)
    check_scope(actor, locked)
    token = token or secrets.token_urlsafe(32)
    _set_token(locked, token)
    locked.save(update_fields=["token_hash", "token_prefix"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, detail="更换数据源令牌")
    events.emit("datasource.token_rotated", actor=actor, obj=locked, summary=f"更换数据源令牌：{locked}")
    _forget()
    return token


def _set_token(source: DataSource, token: str) -> None:
    from yingji.monitoring.ingest.pipeline import hash_token

    source.token_hash = hash_token(token)
    source.token_prefix = token[:6]


def _forget() -> None:
    from yingji.monitoring.ingest.pipeline import reset_registry

    transaction.on_commit(reset_registry)
