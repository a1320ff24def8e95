"""Default reference data: the warning types (a configurable list) and, from
``rules.DEFAULT_CRITERIA``, the national signal criteria. Loaded by migration 0002;
administrators edit the rows afterwards."""

from __future__ import annotations

from typing import Any

from yingji.warnings import rules

# (code, name, CAP category)
WARNING_TYPES: tuple[tuple[str, str, str], ...] = (
    ("rainstorm", "暴雨", "Met"), ("typhoon", "台风", "Met"), ("gale", "大风", "Met"),
    ("heat", "高温", "Met"), ("cold_wave", "寒潮", "Met"), ("thunder", "雷电", "Met"),
    ("hail", "冰雹", "Met"), ("fog", "大雾", "Met"), ("road_ice", "道路结冰", "Transport"),
    ("drought", "干旱", "Met"), ("forest_fire", "森林火险", "Fire"),
    ("geological", "地质灾害", "Geo"), ("flood", "洪水", "Met"), ("flash_flood", "山洪", "Met"),
    ("work_safety", "安全生产", "Safety"), ("other", "其他", "Other"),
)


def load(apps: Any, schema_editor: Any) -> None:
    warning_type = apps.get_model("warnings", "WarningType")
    criterion = apps.get_model("warnings", "SignalCriterion")
    types = {}
    for order, (code, name, category) in enumerate(WARNING_TYPES, start=1):
        types[code], _ = warning_type.objects.update_or_create(
            code=code, defaults={"name": name, "cap_category": category, "order": order * 10})
    for c in rules.DEFAULT_CRITERIA:
        criterion.objects.get_or_create(
            warning_type=types[c.hazard], province=None, level=c.level, metric=c.metric,
            defaults={"window_hours": c.window_hours, "threshold": c.threshold,
                      "alt_metric": c.alt_metric, "alt_threshold": c.alt_threshold,
                      "consecutive_days": c.consecutive_days})
