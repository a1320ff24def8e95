"""Bulk loading of prepared rows (the demo city, benchmarks): many hazards and their
records at once, permission and scope checked, audited as one entry per table and
announced as one event, instead of one service call per row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.hazards import rules
from yingji.hazards.models import (
    Hazard,
    RectificationReport,
    SelfInspection,
    SelfInspectionResult,
    TreatmentPlan,
    Verification,
)


def _audit_bulk(model: type[models.Model], count: int, *, actor: Actor, summary: str,
                verb: str = "批量新增") -> None:
    name = model._meta.verbose_name
    audit.record(audit.AuditAction.CREATE if verb == "批量新增" else audit.AuditAction.UPDATE,
                 actor=actor, object_type=audit.object_type_of(model),
                 object_repr=f"{verb}{name}{count}条", detail=f"{summary}：{verb}{count}条")


def _checked(model: type[models.Model], rows: Sequence[Any], *, actor: Actor,
             action: str = "add") -> None:
    check_permission(actor, model, action)
    if actor.user is not None:
        for row in rows:
            check_scope(actor, row)


@transaction.atomic
def bulk_load(rows: list[Hazard], *, actor: Actor, summary: str) -> list[Hazard]:
    """Insert many prepared hazards at once with their ledger numbers; permission and
    scope checked per row; audited as one entry."""
    _checked(Hazard, rows, actor=actor)
    for row in rows:
        row.set_months()
    created = Hazard.objects.bulk_create(rows, batch_size=1000)
    for hazard in created:
        hazard.number = rules.hazard_number(timezone.localtime(hazard.found_at).year, hazard.pk)
    Hazard.objects.bulk_update(created, ["number"], batch_size=1000)
    _audit_bulk(Hazard, len(created), actor=actor, summary=summary)
    events.emit("hazard.bulk_created", actor=actor, push=False,
                summary=f"批量新增隐患{len(created)}条（{summary}）")
    return created


@transaction.atomic
def bulk_records(*, actor: Actor, summary: str, reports: Sequence[RectificationReport] = (),
                 verifications: Sequence[Verification] = (),
                 plans: Sequence[TreatmentPlan] = ()) -> None:
    """Insert the rectification reports, verifications and treatment plans of hazards
    loaded in bulk (one audit entry per table)."""
    tables: tuple[tuple[type[models.Model], Sequence[Any]], ...] = (
        (RectificationReport, reports), (Verification, verifications), (TreatmentPlan, plans))
    for model, rows in tables:
        if not rows:
            continue
        _checked(Hazard, [row.hazard for row in rows], actor=actor, action="change")
        manager: Any = model._default_manager
        manager.bulk_create(list(rows), batch_size=1000)
        _audit_bulk(model, len(rows), actor=actor, summary=summary)


LISTING_FIELDS = ("listed_level", "listed_department", "listed_officer", "listed_at",
                  "listing_number")


@transaction.atomic
def bulk_listings(hazards: Sequence[Hazard], *, actor: Actor, summary: str) -> None:
    """Record the 挂牌督办 already set on hazards loaded in bulk (one audit entry)."""
    if not hazards:
        return
    if actor.user is not None and not actor.user.has_perm("hazards.supervise_hazard"):
        raise PermissionDenied("您无权挂牌督办隐患")
    _checked(Hazard, hazards, actor=actor, action="change")
    Hazard.objects.bulk_update(list(hazards), list(LISTING_FIELDS), batch_size=500)
    _audit_bulk(Hazard, len(hazards), actor=actor, summary=f"{summary}（挂牌督办）",
                verb="批量修改")


@transaction.atomic
def bulk_self_inspections(rows: Sequence[tuple[SelfInspection, list[SelfInspectionResult]]], *,
                          actor: Actor, summary: str) -> list[SelfInspection]:
    """Insert self-inspections with their item results (one audit entry per table)."""
    inspections = [inspection for inspection, _ in rows]
    _checked(SelfInspection, inspections, actor=actor)
    created = SelfInspection.objects.bulk_create(inspections, batch_size=1000)
    results = []
    for inspection, items in rows:
        for result in items:
            result.inspection = inspection
            results.append(result)
    SelfInspectionResult.objects.bulk_create(results, batch_size=2000)
    _audit_bulk(SelfInspection, len(created), actor=actor, summary=summary)
    _audit_bulk(SelfInspectionResult, len(results), actor=actor, summary=summary)
    return created
