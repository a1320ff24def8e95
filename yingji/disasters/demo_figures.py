"""Figures and places of the demo flood (shared by ``demo`` and ``demo_relief``)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from yingji.core.models import Region, RegionLevel
from yingji.disasters import rules

SEED = 20260715
FLOOD_STREETS = (
    "420102002000",
    "420102003000",
    "420102004000",
    "420116006000",
    "420116005000",
    "420116007000",
    "420116008000",
    "420116009000",
    "420116012000",
)
HAIL_STREETS = ("420117001000", "420117002000")
DAZHI = "420102002000"
VILLAGES = 200
GROWTH = (0.35, 0.6, 0.8, 0.9, 0.95, 0.97, 1.0)  # cumulative share of the final figures by day
EVIDENCE = {
    "food": "安置点集中供餐，发放方便食品{n}箱",
    "clothing": "发放衣被{n}套",
    "water": "送达桶装水{n}桶，恢复集中供水",
    "shelter": "转移群众安置于{place}，床位已落实",
    "medical": "设立临时医疗点，区卫健局派驻医护人员",
}


def _id_number(rng: random.Random, area: str) -> str:
    born = datetime(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    body = f"{area}{born:%Y%m%d}{rng.randint(100, 999)}"
    for check in "0123456789X":
        if rules.id_number_problem(body + check) is None:
            return body + check
    raise AssertionError("no check character")


def _final(rng: random.Random, rural: bool) -> dict[str, Any]:
    affected = rng.randint(300, 1500) if rural else rng.randint(100, 600)
    crop = Decimal(rng.randint(20, 120)) if rural else Decimal(0)
    damaged = (crop * Decimal(rng.randint(40, 70)) / 100).quantize(Decimal("0.01"))
    collapsed = rng.choice((0, 0, 0, 1, 2)) if rural else 0
    severe = rng.randint(0, 4) if rural else rng.randint(0, 1)
    general = rng.randint(2, 12) if rural else rng.randint(1, 5)
    return {
        "affected": affected,
        "injured": rng.randint(0, 3),
        "relocated": affected * rng.randint(5, 15) // 100,
        "needing_aid": affected * rng.randint(3, 8) // 100,
        "crop_affected": crop,
        "crop_damaged": damaged,
        "crop_lost": (damaged * Decimal(rng.randint(10, 30)) / 100).quantize(Decimal("0.01")),
        "collapsed_households": collapsed,
        "collapsed_rooms": collapsed * rng.randint(1, 3),
        "severe_households": severe,
        "severe_rooms": severe * rng.randint(1, 3),
        "general_households": general,
        "general_rooms": general * rng.randint(1, 2),
        "loss_agriculture": (crop * Decimal("0.6")).quantize(Decimal("0.01")),
        "loss_housing": Decimal(collapsed * 8 + severe * 3 + general),
        "loss_infrastructure": Decimal(rng.randint(2, 30)),
        "loss_public_service": Decimal(rng.randint(0, 5)),
    }


def _on_day(final: dict[str, Any], share: float) -> dict[str, Any]:
    """The cumulative figures on a day: every indicator scaled down (never above the
    final ones, so each day's report is at least the last one)."""
    f = Decimal(str(share))
    day: dict[str, Any] = {}
    for name in rules.FIELDS:
        value = final.get(name, 0)
        day[name] = (
            (Decimal(value) * f).quantize(Decimal("0.01"))
            if name in rules.DECIMAL_FIELDS
            else int(value * share)
        )
    for degree in ("collapsed", "severe", "general"):
        households = day[f"{degree}_households"]
        day[f"{degree}_rooms"] = max(households, day[f"{degree}_rooms"]) if households else 0
    return day


def _villages() -> list[Region]:
    found: list[Region] = []
    for street in FLOOD_STREETS:
        found.extend(Region.objects.filter(parent_id=street, level=RegionLevel.VILLAGE).order_by("code"))
    return found[:VILLAGES]


