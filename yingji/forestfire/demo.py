"""Demo data: the fire season of 黄陂区 (木兰山 and the northern hills of 武汉) and 华容县
— a week of daily danger computed from the weather for the district and its northern
towns, dry and windy towards today; today's 四级 in the hills drafts the orange forest
fire warning, submitted to the warnings module's review (the duty leader's to-do).
Deterministic; every write goes through the services."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region
from yingji.forestfire.models import FireDanger
from yingji.forestfire.services import danger

HUANGPI, HUARONG = "420116000000", "430623000000"


def _weather(rng: random.Random, days_ago: int) -> dict[str, float | int]:
    """Drier and windier towards today (a spring fire season without rain)."""
    dry = 7 - days_ago
    return {"max_temp": round(18 + dry * 1.4 + rng.uniform(-1, 1), 1),
            "min_humidity": round(52 - dry * 4.5 + rng.uniform(-2, 2)),
            "dry_days": max(dry, 0), "max_wind": min(2 + dry // 2 + rng.randint(0, 1), 6),
            "rain_mm": 0.0 if dry else 6.5}


@register(770, "森林防灭火：森林火险等级")
@transaction.atomic
def build(ctx: DemoContext) -> None:
    if FireDanger.objects.exists():
        ctx.log("  森林火险等级已存在，跳过")
        return
    rng = random.Random(36743)
    today = timezone.localdate()
    made = 0
    for county_code in (HUANGPI, HUARONG):
        county = Region.objects.filter(code=county_code).first()
        if county is None:
            continue
        towns = list(Region.objects.filter(parent=county).order_by("code")[:3])
        for days_ago in range(6, -1, -1):
            for place in (county, *towns):
                weather = _weather(rng, days_ago)
                danger.record_danger({"region": place, "day": today - timedelta(days=days_ago),
                                      "source": "computed", **weather,
                                      "note": "县气象台逐日气象要素"}, actor=ctx.actor)
                made += 1
    drafted = FireDanger.objects.filter(bulletin__isnull=False).count()
    ctx.log(f"  森林火险等级 {made} 条，起草森林火险预警 {drafted} 条")
