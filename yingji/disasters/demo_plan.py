"""The demo city's own relief response table (市级自然灾害救助应急预案).

The national table (migration 0002) is the 国家自然灾害救助应急预案's: its criteria are
"某一省（区、市）行政区域内" (a province), so a city bureau applies its own plan, whose
criteria are the city's scale (the issue: "the province's and city's own plans as
editable tables"). The text of 武汉市自然灾害救助应急预案 was not found in the sources
searched, so the demo's figures are of the order other cities' plans use (one city's
Ⅰ级 starts at 14 dead or missing, 1万 relocated, 1000 rooms; another's Ⅳ级 at 1万
relocated and 1000 rooms) and every row's text says it is a demo figure to be replaced
by the city's plan. The rows are ordinary ``ResponseThreshold`` rows (编辑 on the
启动条件 page) and the settings choose the city tier, both audited; the national table
stays the default of a fresh install.
"""

from __future__ import annotations

from decimal import Decimal

from yingji.core.demo.registry import DemoContext
from yingji.core.services.objects import create_object
from yingji.core.services.settings import save_settings
from yingji.disasters.models import DisasterSettings, PlanTier, ResponseThreshold

# level: (dead + missing, relocated + needing aid, rooms, households, drought aid)
CITY_ROWS = {
    "I": (30, 100_000, 10_000, 3_000, 500_000),
    "II": (10, 20_000, 3_000, 1_000, 300_000),
    "III": (5, 10_000, 1_000, 300, 200_000),
    "IV": (3, 5_000, 300, 100, 100_000),
}
LABEL = {"I": "Ⅰ级", "II": "Ⅱ级", "III": "Ⅲ级", "IV": "Ⅳ级"}
NOTE = "（演示数值，请按本市现行预案原文核对修改）"


def _wan(n: int) -> str:
    return f"{n // 10000}万" if n >= 10000 and n % 10000 == 0 else str(n)


def texts(level: str) -> dict[str, str]:
    dead, people, rooms, households, drought = CITY_ROWS[level]
    head = f"市级自然灾害救助应急预案{LABEL[level]}响应：本市行政区域内一次灾害过程"
    return {
        "dead_missing": f"{head}因灾死亡和失踪{dead}人以上{NOTE}",
        "relocated_needing": f"{head}紧急转移安置和需紧急生活救助{_wan(people)}人以上{NOTE}",
        "houses_rooms": f"{head}倒塌和严重损坏房屋{_wan(rooms)}间以上{NOTE}",
        "houses_households": f"{head}倒塌和严重损坏房屋{_wan(households)}户以上{NOTE}",
        "drought_aid": f"{head}干旱灾害需政府救助{_wan(drought)}人以上{NOTE}",
    }


def city_plan(ctx: DemoContext) -> None:
    """The city tier's rows (once) and the settings' choice of it."""
    if not ResponseThreshold.objects.filter(tier=PlanTier.CITY).exists():
        for level, values in CITY_ROWS.items():
            minimums = dict(
                zip(
                    ("dead_missing", "relocated_needing", "houses_rooms", "houses_households", "drought_aid"),
                    values,
                    strict=True,
                )
            )
            for indicator, text in texts(level).items():
                create_object(
                    ResponseThreshold,
                    {
                        "tier": PlanTier.CITY,
                        "level": level,
                        "indicator": indicator,
                        "minimum": Decimal(minimums[indicator]),
                        "text": text,
                    },
                    actor=ctx.actor,
                )
    if DisasterSettings.current().response_plan != PlanTier.CITY:
        save_settings(DisasterSettings, {"response_plan": PlanTier.CITY}, actor=ctx.actor)
