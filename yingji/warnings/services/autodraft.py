"""Auto-drafting: monitoring readings that reach a signal criterion produce a draft
bulletin for the affected regions, for a person to review. Nothing is published here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.warnings import rules
from yingji.warnings.models import Bulletin, BulletinSource, SignalCriterion, WarningType
from yingji.warnings.services.bulletins import create_bulletin
from yingji.warnings.services.directory import county_code

# Hazards evaluated when a station does not say which apply (typhoon signals need a
# typhoon: the feed names it).
DEFAULT_HAZARDS = ("rainstorm", "gale", "heat")
VALIDITY = timedelta(hours=12)


@dataclass(frozen=True)
class Station:
    """One station's readings, as the feed sends them."""

    code: str
    region: Region
    readings: rules.Readings
    hazards: tuple[str, ...] = DEFAULT_HAZARDS


def criteria_for(region: Region) -> list[rules.Criterion]:
    """The criteria in force in ``region``'s province: its own rows replace the national
    defaults of a warning type (中国气象局令第16号 lets provinces define signals)."""
    province = region.code[:2] + "0000000000"
    rows = list(SignalCriterion.objects.filter(Q(province_id=province) | Q(province__isnull=True))
                .select_related("warning_type"))
    provincial = {r.warning_type_id for r in rows if r.province_id}
    return [r.as_rule() for r in rows
            if r.province_id or r.warning_type_id not in provincial]


@dataclass
class Drafted:
    created: list[Bulletin]
    skipped: list[str]


@transaction.atomic
def draft_from_readings(stations: Iterable[Station], *, actor: Actor) -> Drafted:
    """Evaluate every station; per county and hazard, draft one bulletin at the highest
    level reached, targeting the stations' regions. An open draft (or one in review) of
    the same type and county at the same or a higher level is not duplicated."""
    found: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"level": None, "regions": {}, "stations": []})
    for station in stations:
        raised = rules.evaluate(station.readings, criteria_for(station.region))
        for hazard, level in raised.items():
            if hazard not in station.hazards:
                continue
            entry = found[(county_code(station.region.code), hazard)]
            if entry["level"] is None or rules.is_higher(level, entry["level"]):
                entry["level"] = level
            entry["regions"][station.region.code] = station.region
            entry["stations"].append(f"{station.code}（{station.region.name}）")
    result = Drafted(created=[], skipped=[])
    now = timezone.now()
    kinds = {t.code: t for t in WarningType.objects.filter(code__in={h for _, h in found})}
    for (county, hazard), entry in sorted(found.items()):
        kind = kinds.get(hazard)
        region = Region.objects.filter(code=county).first()
        if kind is None or region is None:
            continue
        open_drafts = Bulletin.objects.filter(region=region, warning_type=kind,
                                              state__in=["draft", "review"])
        if any(not rules.is_higher(entry["level"], b.level) for b in open_drafts):
            result.skipped.append(f"{region.name}{kind.name}：已有待审核的预警草稿")
            continue
        label = rules.LEVEL_LABELS[entry["level"]]
        result.created.append(create_bulletin({
            "warning_type": kind, "level": entry["level"], "region": region,
            "target_regions": list(entry["regions"].values()),
            "title": f"{region.name}{kind.name}{label}预警（自动生成草稿）",
            "content": (f"监测站点{'、'.join(entry['stations'][:20])}的观测值达到{kind.name}"
                        f"{label}预警信号标准，请核实后审核发布。"),
            "measures": "", "issuer": f"{region.name}应急管理局", "effective_at": now,
            "expires_at": now + VALIDITY, "source": BulletinSource.AUTO,
        }, actor=actor))
    return result


def parse_station(item: Mapping[str, Any]) -> Station:
    """A station from the feed's JSON; raises ValueError with a Chinese reason."""
    if not isinstance(item, Mapping):
        raise ValueError("每个站点应为JSON对象")
    code = str(item.get("station") or "").strip()
    if not code:
        raise ValueError("缺少站点编号（station）")
    region = Region.objects.filter(code=str(item.get("region") or "")).first()
    if region is None:
        raise ValueError(f"站点{code}的行政区划代码无效：{item.get('region')}")
    values: dict[str, dict[int, float]] = {}
    for metric in (rules.RAIN_MM, rules.WIND_FORCE, rules.GUST_FORCE, rules.MAX_TEMP_C):
        series = item.get(metric) or {}
        if not isinstance(series, Mapping):
            raise ValueError(f"站点{code}的{rules.METRICS[metric]}应为“小时数: 数值”的对象")
        try:
            values[metric] = {int(h): float(v) for h, v in series.items()}
        except (TypeError, ValueError) as exc:
            raise ValueError(f"站点{code}的{rules.METRICS[metric]}不是有效数值") from exc
        if any(h <= 0 or h > 72 or v < 0 or v != v for h, v in values[metric].items()):
            raise ValueError(f"站点{code}的{rules.METRICS[metric]}超出合理范围")
    try:
        days = tuple(float(v) for v in item.get("daily_max_temp") or ())
    except (TypeError, ValueError) as exc:
        raise ValueError(f"站点{code}的逐日最高气温不是有效数值") from exc
    hazards = tuple(str(h) for h in item.get("hazards") or DEFAULT_HAZARDS)
    return Station(code=code, region=region, readings=rules.Readings(values, days), hazards=hazards)
