"""Bulk loading of prepared historical accidents (the demo city, the benchmark): many
closed records at once, permission and scope checked, graded and numbered like one by
one, with their first grade record, audited as one entry."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yingji.accidents.models import Accident, GradeChange
from yingji.accidents.services.accidents import _derive, figures_of
from yingji.accidents.services.common import local_day
from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope


@transaction.atomic
def bulk_history(rows: list[Accident], *, actor: Actor, summary: str,
                 grade_records: bool = True) -> list[Accident]:
    """Insert prepared accidents (their investigation dates already set): grade, district
    and month derived as for one record; numbers from the primary key."""
    check_permission(actor, Accident, "add")
    for row in rows:
        _derive(row)
        row.number = f"T{id(row) % 10**18:018d}"
        row.created_by = actor.user
        if actor.user is not None:
            check_scope(actor, row)
    created = Accident.objects.bulk_create(rows, batch_size=2000)
    if created and created[0].pk is None:  # a backend that does not return keys
        created = list(Accident.objects.filter(number__startswith="T").order_by("pk"))
    for accident in created:
        accident.number = f"SG{local_day(accident.occurred_at):%Y}{accident.pk:06d}"
    Accident.objects.bulk_update(created, ["number"], batch_size=2000)
    if grade_records:
        now = timezone.now()
        GradeChange.objects.bulk_create([
            GradeChange(accident=a, changed_at=min(now, a.occurred_at + timedelta(days=1)),
                        old_figures={}, new_figures=figures_of(a), old_grade="", new_grade=a.grade,
                        reason="初次登记（历史数据导入）", changed_by=actor.user) for a in created],
            batch_size=2000)
    audit.record(audit.AuditAction.CREATE, actor=actor, object_type=audit.object_type_of(Accident),
                 object_repr=f"批量新增生产安全事故{len(created)}起",
                 detail=f"{summary}：批量新增{len(created)}起")
    events.emit("accident.bulk_created", actor=actor, push=False,
                summary=f"批量新增生产安全事故{len(created)}起（{summary}）")
    return created
