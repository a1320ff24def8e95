"""The roll-up village → street → county → city, kept incrementally.

When a report reaches a stage (上报, 街道审核, 区县审核上报), the village's pointer for
that stage moves to it and the difference to the report it replaces is added to the
totals of its street, county and city, each under its row lock, most specific first
(two villages' lock orders are paths up one tree, so they never cross). The totals then
always equal the plain ``SUM … GROUP BY`` over the pointed-to reports
(``baseline_totals``), which the tests and the benchmark check.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from yingji.disasters import rules
from yingji.disasters.models import DisasterEvent, DisasterReport, ReportPointer, RollupTotal, Stage

LEVEL_STREET, LEVEL_COUNTY, LEVEL_CITY = 4, 3, 2


def city_code(county_code: str) -> str:
    return county_code[:4] + "00000000"


def chain_of(report: DisasterReport) -> list[tuple[str, int]]:
    """The regions a village's figures add into, most specific first."""
    return [
        (report.street_code, LEVEL_STREET),
        (report.county_code, LEVEL_COUNTY),
        (city_code(report.county_code), LEVEL_CITY),
    ]


def move_pointer(report: DisasterReport, stage: str) -> None:
    """Make ``report`` its village's current report at ``stage`` and add the change to
    the totals (inside the caller's transaction)."""
    pointer, _ = ReportPointer.objects.select_for_update().get_or_create(
        event_id=report.event_id, region_id=report.region_id
    )
    previous_id = getattr(pointer, f"{stage}_id")
    if previous_id == report.pk:
        return
    previous = DisasterReport.objects.filter(pk=previous_id).first() if previous_id else None
    if previous is not None and previous.sequence > report.sequence:
        return  # a later report already counts at this stage
    delta = rules.difference(report.figures(), previous.figures() if previous else {})
    setattr(pointer, stage, report)
    pointer.save(update_fields=[stage])
    _add(report, stage, delta, new_unit=previous is None)


# The states in which a report counts at each stage (the fallback when one is returned).
STAGE_STATES: dict[str, tuple[str, ...]] = {
    Stage.REPORTED: ("submitted", "reviewed", "accepted"),
    Stage.REVIEWED: ("reviewed", "accepted"),
    Stage.ACCEPTED: ("accepted",),
}


def retract_pointer(report: DisasterReport, stage: str) -> None:
    """A returned report stops counting at ``stage``: its village falls back to its
    latest other report that counts there (or to none)."""
    pointer = (
        ReportPointer.objects.select_for_update()
        .filter(event_id=report.event_id, region_id=report.region_id)
        .first()
    )
    if pointer is None or getattr(pointer, f"{stage}_id") != report.pk:
        return
    fallback = (
        DisasterReport.objects.filter(
            event_id=report.event_id, region_id=report.region_id, state__in=STAGE_STATES[stage]
        )
        .exclude(pk=report.pk)
        .order_by("-sequence")
        .first()
    )
    delta = rules.difference(fallback.figures() if fallback else {}, report.figures())
    setattr(pointer, stage, fallback)
    pointer.save(update_fields=[stage])
    _add(report, stage, delta, new_unit=False, lost_unit=fallback is None)


def _add(
    report: DisasterReport, stage: str, delta: dict[str, Any], *, new_unit: bool, lost_unit: bool = False
) -> None:
    chain = chain_of(report)
    RollupTotal.objects.bulk_create(
        [
            RollupTotal(event_id=report.event_id, region_code=code, level=level, stage=stage)
            for code, level in chain
        ],
        ignore_conflicts=True,
    )
    changes: dict[str, Any] = {name: F(name) + value for name, value in delta.items() if value}
    if new_unit:
        changes["units"] = F("units") + 1
    if lost_unit:
        changes["units"] = F("units") - 1
    if not changes:
        return
    for code, _level in chain:
        RollupTotal.objects.filter(event_id=report.event_id, region_code=code, stage=stage).update(**changes)


def totals(
    event: DisasterEvent, stage: str, *, level: int | None = None, prefix: str = ""
) -> dict[str, dict[str, Any]]:
    """The kept totals by region code (one indexed read)."""
    rows = RollupTotal.objects.filter(event=event, stage=stage)
    if level is not None:
        rows = rows.filter(level=level)
    if prefix:
        rows = rows.filter(region_code__startswith=prefix)
    return {row.region_code: {**row.figures(), "units": row.units} for row in rows}


CENT = Decimal("0.01")


def _exact(name: str, value: Any) -> Any:
    """A SUM as stored: SQLite adds decimals as floats, so round them back to the cent."""
    if value is None:
        return 0
    return Decimal(str(value)).quantize(CENT) if name in rules.DECIMAL_FIELDS else value


def baseline_totals(event: DisasterEvent, stage: str, level: int) -> dict[str, dict[str, Any]]:
    """The same totals by a plain ``SUM … GROUP BY`` over the pointed-to reports."""
    group = {LEVEL_STREET: "street_code", LEVEL_COUNTY: "county_code"}.get(level)
    reports = DisasterReport.objects.filter(
        pk__in=ReportPointer.objects.filter(event=event).values(f"{stage}_id")
    )
    sums = {name: Sum(name) for name in rules.FIELDS}
    if group is None:
        row = reports.aggregate(**sums)
        if not any(v is not None for v in row.values()):
            return {}
        code = city_code(event.region_id)
        return {code: {k: _exact(k, v) for k, v in row.items()}}
    result: dict[str, dict[str, Any]] = {}
    for row in reports.values(group).annotate(**sums).order_by(group):
        code = row.pop(group)
        result[code] = {k: _exact(k, v) for k, v in row.items()}
    return result


def inconsistencies(event: DisasterEvent) -> list[str]:
    """Where the kept totals differ from the baseline (empty when consistent)."""
    found = []
    for stage in Stage.values:
        for level in (LEVEL_STREET, LEVEL_COUNTY, LEVEL_CITY):
            kept = totals(event, stage, level=level)
            base = baseline_totals(event, stage, level)
            for code in set(kept) | set(base):
                a, b = kept.get(code, {}), base.get(code, {})
                diff = [n for n in rules.FIELDS if (a.get(n) or 0) != (b.get(n) or 0)]
                if diff:
                    found.append(f"{stage} {code}: {', '.join(diff)}")
    return found


def current_reports(event: DisasterEvent, stage: str) -> Any:
    return DisasterReport.objects.filter(
        pk__in=ReportPointer.objects.filter(event=event).values(f"{stage}_id")
    )
