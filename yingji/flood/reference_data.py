"""Default flood response grades (防汛应急响应 Ⅳ–Ⅰ), loaded by migration 0004; the city
edits the rows afterwards (防汛响应等级). Thresholds follow the common shape of the
cities' 防汛应急预案: a yellow rainstorm, flood or typhoon warning starts Ⅳ, orange
Ⅲ, red Ⅱ; gauges at their transfer threshold count as well; Ⅰ is for a basin-wide
flood (many gauges over)."""

from __future__ import annotations

from typing import Any

TYPES = ["rainstorm", "flood", "flash_flood", "typhoon"]

# (grade, warning level, gauges, leaders, officers, 24-hour watch, measures)
GRADES: tuple[tuple[str, str, int, int, int, bool, str], ...] = (
    ("4", "yellow", 1, 1, 2, True,
     "防汛办主任带班，24小时值班；密切监视雨情水情，风险点责任人到岗。"),
    ("3", "orange", 3, 1, 3, True,
     "防指副指挥长带班；相关成员单位24小时值守，组织低洼地区、危旧房人员转移。"),
    ("2", "red", 10, 2, 4, True,
     "防指常务副指挥长坐镇指挥；成员单位领导带班，全面转移受威胁群众，抢险队伍前置。"),
    ("1", "", 30, 2, 6, True,
     "防指指挥长坐镇指挥；全市进入紧急防汛期，动员社会力量抢险救灾。"),
)


def load(apps: Any, schema_editor: Any) -> None:
    rule = apps.get_model("flood", "FloodLevelRule")
    for grade, level, gauges, leaders, officers, watch, measures in GRADES:
        rule.objects.get_or_create(grade=grade, defaults={
            "warning_types": TYPES if level else [], "warning_level": level,
            "gauge_count": gauges, "leaders": leaders, "officers": officers,
            "watch_24h": watch, "measures": measures})
