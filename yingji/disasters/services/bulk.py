"""Loading a report history at once (an import from the previous system, the demo): the
reports as they ended, each checked by the same rules, the pointers of each village at
each stage and the roll-up totals computed once, audited as one entry per table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.disasters import rules
from yingji.disasters.models import (
    CasualtyRecord,
    DamagedHouse,
    DisasterEvent,
    DisasterReport,
    ReportPointer,
    RollupTotal,
    Stage,
)
from yingji.disasters.services.rollup import LEVEL_CITY, LEVEL_COUNTY, LEVEL_STREET, STAGE_STATES, city_code


def _audit(model: type[Any], count: int, *, actor: Actor, summary: str) -> None:
    audit.record(
        audit.AuditAction.CREATE,
        actor=actor,
        object_type=audit.object_type_of(model),
        object_repr=f"批量新增{model._meta.verbose_name}{count}条",
        detail=f"{summary}：{count}条",
    )


@transaction.atomic
def load_history(
    event: DisasterEvent,
    reports: Sequence[DisasterReport],
    *,
    actor: Actor,
    summary: str,
    casualties: Sequence[CasualtyRecord] = (),
    houses: Sequence[DamagedHouse] = (),
) -> list[DisasterReport]:
    """Insert prepared reports of ``event`` (in sequence order per village) with their
    pointers and totals; refused whole if one row breaks a rule."""
    check_permission(actor, DisasterReport, "add")
    for index, row in enumerate(reports):
        problems = rules.figure_problems(row.figures())
        if problems:
            raise ValidationError({"__all__": f"第{index + 1}条：" + "；".join(problems.values())})
        if actor.user is not None:
            check_scope(actor, row)
    created = DisasterReport.objects.bulk_create(list(reports), batch_size=1000)
    latest: dict[tuple[str, str], DisasterReport] = {}
    for report in created:
        for stage, states in STAGE_STATES.items():
            if report.state in states:
                key = (report.region_id, stage)
                if key not in latest or latest[key].sequence < report.sequence:
                    latest[key] = report
    villages = sorted({r.region_id for r in created})
    pointers = [
        ReportPointer(
            event=event, region_id=code, **{stage: latest.get((code, stage)) for stage in Stage.values}
        )
        for code in villages
    ]
    ReportPointer.objects.bulk_create(pointers, batch_size=1000)
    totals: dict[tuple[str, str], RollupTotal] = {}
    for (_, stage), report in latest.items():
        for code, level in (
            (report.street_code, LEVEL_STREET),
            (report.county_code, LEVEL_COUNTY),
            (city_code(report.county_code), LEVEL_CITY),
        ):
            total = totals.setdefault(
                (code, stage), RollupTotal(event=event, region_code=code, level=level, stage=stage)
            )
            for name in rules.FIELDS:
                setattr(total, name, getattr(total, name) + getattr(report, name))
            total.units += 1
    RollupTotal.objects.bulk_create(list(totals.values()), batch_size=1000)
    _audit(DisasterReport, len(created), actor=actor, summary=summary)
    if casualties:
        CasualtyRecord.objects.bulk_create(list(casualties))
        _audit(CasualtyRecord, len(casualties), actor=actor, summary=summary)
    if houses:
        DamagedHouse.objects.bulk_create(list(houses), batch_size=1000)
        _audit(DamagedHouse, len(houses), actor=actor, summary=summary)
    from yingji.disasters.services import rounds

    for street in sorted({r.street_code for r in created}):
        rounds.close_met_rounds(event, street, actor=actor)
    events.emit(
        "disasterreport.bulk_created",
        actor=actor,
        obj=event,
        push=False,
        summary=f"批量导入灾情报告{len(created)}份（{summary}）",
    )
    return created
