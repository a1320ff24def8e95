"""The indicator library's writes (the library synchronised with the registered
providers, an indicator's particulars, the targets, the entered values with their
evidence, every change audited) and its reading: each district's value against its
target for a year and the monthly trend, from the providers (``core.kpis``) for the
computed indicators and from the latest entry for the entered ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, kpis
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.scope import scope_of
from yingji.core.services.attachments import attach_file
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.governance import rules
from yingji.governance.models import Indicator, IndicatorEntry, IndicatorKind, IndicatorTarget
from yingji.governance.services.plans import check_evidence

KPI_EVIDENCE = "kpi-evidence"
COMPUTED_REFUSAL = "该指标由平台数据自动计算，不能手工填报"


# --- the library ------------------------------------------------------------------------


def sync_library(*, actor: Actor) -> list[Indicator]:
    """Add every registered provider missing from the library (a computed indicator
    with the provider's name, unit and definition); the ones there are kept."""
    known = set(Indicator.objects.values_list("code", flat=True))
    added = []
    for order, provider in enumerate(kpis.providers(), start=1):
        if provider.code in known:
            continue
        added.append(create_object(Indicator, {
            "code": provider.code, "name": provider.name, "kind": IndicatorKind.COMPUTED,
            "unit": provider.unit, "higher_is_better": provider.higher_is_better,
            "definition": provider.definition, "order": order * 10}, actor=actor))
    return added


def _provider_fields(data: dict[str, Any]) -> dict[str, Any]:
    """A computed indicator's code must name a registered provider, whose unit,
    direction and definition it takes (they are the provider's, not typed)."""
    if data.get("kind") != IndicatorKind.COMPUTED:
        return data
    provider = kpis.get(str(data.get("code") or ""))
    if provider is None:
        raise ValidationError({"code": "平台没有该代码的自动计算指标，请选择“填报”方式或核对指标代码"})
    return {**data, "unit": provider.unit, "higher_is_better": provider.higher_is_better,
            "definition": data.get("definition") or provider.definition}


def create_indicator(data: dict[str, Any], *, actor: Actor) -> Indicator:
    return create_object(Indicator, _provider_fields(data), actor=actor)


def update_indicator(indicator: Indicator, data: dict[str, Any], *, actor: Actor) -> Indicator:
    if "kind" in data and data["kind"] != indicator.kind and indicator.entries.exists():
        raise ValidationError({"kind": "该指标已有填报记录，不能改为自动计算"})
    return update_object(indicator, _provider_fields({"code": indicator.code, **data}), actor=actor)


# --- targets ----------------------------------------------------------------------------


def _check_target(indicator: Indicator, region: Region) -> None:
    provider = indicator.provider
    if provider is not None and provider.target is not None:
        raise ValidationError({"indicator": f"该指标的目标由“{provider.module}”模块的控制目标确定，"
                                            "请在该模块设置"})
    if region.level not in (RegionLevel.CITY, RegionLevel.COUNTY):
        raise ValidationError({"region": "目标按市或区县设置，请选择市或区县"})


def create_target(data: dict[str, Any], *, actor: Actor) -> IndicatorTarget:
    _check_target(data["indicator"], data["region"])
    if IndicatorTarget.objects.filter(indicator=data["indicator"], year=data["year"],
                                      region=data["region"]).exists():
        raise ValidationError("该区县该年度已设置此指标的目标，请修改原目标")
    return create_object(IndicatorTarget, data, actor=actor)


def update_target(target: IndicatorTarget, data: dict[str, Any], *, actor: Actor) -> IndicatorTarget:
    _check_target(data.get("indicator", target.indicator), data.get("region", target.region))
    return update_object(target, data, actor=actor)


# --- entered values ---------------------------------------------------------------------


@transaction.atomic
def enter_value(indicator: Indicator, *, actor: Actor, region: Region, month: date,
                value: Decimal, note: str, evidence: Sequence[UploadedFile] = ()) -> IndicatorEntry:
    """A district's value of an entered indicator for a month, with its evidence. A
    computed indicator is refused: the platform has its data."""
    check_permission(actor, IndicatorEntry, "add")
    if indicator.kind != IndicatorKind.ENTERED:
        raise ValidationError(COMPUTED_REFUSAL)
    if not evidence:
        raise ValidationError({"evidence": "填报指标值须上传佐证材料"})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写情况说明"})
    if month > timezone.localdate():
        raise ValidationError({"month": "不能填报未来月份"})
    check_evidence(evidence)
    entry = IndicatorEntry(indicator=indicator, region=region, month=month.replace(day=1),
                           value=value, note=note, evidence_count=len(evidence),
                           entered_by=actor.user)
    entry.full_clean()
    check_scope(actor, entry)
    entry.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=entry, after=audit.snapshot(entry))
    for upload in evidence:
        attach_file(entry, upload, actor=actor, purpose=KPI_EVIDENCE)
    return entry


# --- reading ----------------------------------------------------------------------------


@dataclass
class Row:
    """One district's figure for the year against its target."""

    code: str
    name: str
    measure: kpis.Measure
    target: float | None
    met: bool | None
    data_url: str
    value_text: str = ""  # as the page shows them (``views.kpis``)
    target_text: str = ""


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1)


def measure(indicator: Indicator, prefix: str, start: date, end: date) -> kpis.Measure:
    """The figure of ``indicator`` for a region and a period: the provider's, or the
    latest entry of the period's months for an entered indicator."""
    provider = indicator.provider
    if provider is not None:
        return provider.compute(prefix, start, end)
    if indicator.kind == IndicatorKind.COMPUTED:
        return kpis.Measure(None)  # its module is not installed
    value = (IndicatorEntry.objects.filter(indicator=indicator, region_id=prefix.ljust(12, "0"),
                                           month__gte=start, month__lt=end)
             .order_by("-month", "-entered_at", "-id").values_list("value", flat=True).first())
    return kpis.Measure(float(value) if value is not None else None)


def target_of(indicator: Indicator, prefix: str, year: int, kept: dict[str, Decimal]) -> float | None:
    provider = indicator.provider
    if provider is not None and provider.target is not None:
        return provider.target(prefix, year)
    value = kept.get(prefix.ljust(12, "0"))
    return float(value) if value is not None else None


def prefix_of(code: str) -> str:
    """The subtree prefix of a city's or a district's code."""
    return code[:4] if code[4:] == "00000000" else code[:6]


def regions_for(user: Any) -> list[Region]:
    """The rows a user's table shows: a district user its district; a city user the
    city and its districts; a wider scope the cities' districts (the first city)."""
    prefix = scope_of(user).region_prefix
    if prefix is not None and len(prefix) >= 6:
        return list(Region.objects.filter(code=prefix[:6].ljust(12, "0")))
    if prefix is None or len(prefix) < 4:
        city = Region.objects.filter(level=RegionLevel.CITY)
        if prefix:
            city = city.subtree(prefix)
        first = city.order_by("code").first()
        if first is None:
            return []
        prefix = first.prefix
    city_rows = list(Region.objects.filter(code=prefix.ljust(12, "0")))
    return city_rows + list(Region.objects.subtree(prefix).filter(level=RegionLevel.COUNTY).order_by("code"))


def table(indicator: Indicator, user: Any, year: int) -> list[Row]:
    """Each region of the user's table: the year's figure, the target, 达标 or not, and
    the link to the rows behind the figure."""
    start, end = year_bounds(year)
    regions = regions_for(user)
    kept = dict(IndicatorTarget.objects.filter(indicator=indicator, year=year,
                                               region__in=regions).values_list("region_id", "value"))
    provider = indicator.provider
    rows = []
    for region in regions:
        figure = measure(indicator, region.prefix, start, end)
        target = target_of(indicator, region.prefix, year, kept)
        rows.append(Row(region.code, region.name, figure, target,
                        rules.kpi_met(figure.value, target, indicator.higher_is_better),
                        provider.data_url(region.prefix, start, end) if provider else ""))
    return rows


def trend(indicator: Indicator, prefix: str, year: int, today: date | None = None) -> list[dict[str, Any]]:
    """The figure of each month of ``year`` up to this month."""
    today = today or timezone.localdate()
    last = today.month if year == today.year else (0 if year > today.year else 12)
    return [{"month": m, "measure": measure(indicator, prefix, *month_bounds(year, m))}
            for m in range(1, last + 1)]
