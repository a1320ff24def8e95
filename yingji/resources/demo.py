"""Demo resources of Wuhan: rescue teams in every district, experts, warehouses with
stock (some short, some near expiry), shelters at real parks and riverside areas,
equipment, producers, and community population figures for the evacuation plan (with
demo points for the central districts' communities only).

Deterministic: one seeded generator, fixed order; a second run adds nothing. Points
are the district centroid (from the region rows) plus a fixed offset, or for the named
shelters the approximate location of the real park. Everything goes through the
services, so the demo ledger replays to the demo stock.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region
from yingji.core.services.objects import create_object
from yingji.resources.models import (
    Equipment,
    Expert,
    RescueTeam,
    Shelter,
    SupplyItem,
    SupplyProducer,
    Warehouse,
)
from yingji.resources.services import stock
from yingji.resources.services.communities import CommunityFigure, add_population_figures

SEED = 20250707
CITY = "420100000000"
DISTRICTS = ("420102", "420103", "420104", "420105", "420106", "420107", "420111", "420112",
             "420113", "420114", "420115", "420116", "420117")

# Real parks and open spaces used as shelters, with approximate coordinates.
SHELTERS: tuple[tuple[str, str, float, float, str, str, int], ...] = (
    ("解放公园应急避难场所", "420102", 114.2905, 30.6115, "II", "fixed_medium", 25000),
    ("汉口江滩应急避难场所", "420102", 114.3000, 30.5990, "III", "fixed_short", 40000),
    ("中山公园应急避难场所", "420103", 114.2680, 30.5905, "III", "fixed_short", 12000),
    ("西北湖广场应急避难场所", "420103", 114.2660, 30.6010, "III", "emergency", 6000),
    ("硚口公园应急避难场所", "420104", 114.2350, 30.5830, "III", "fixed_short", 8000),
    ("月湖公园应急避难场所", "420105", 114.2540, 30.5620, "II", "fixed_medium", 15000),
    ("沙湖公园应急避难场所", "420106", 114.3180, 30.5650, "II", "fixed_medium", 30000),
    ("武昌江滩应急避难场所", "420106", 114.2960, 30.5560, "III", "fixed_short", 20000),
    ("青山公园应急避难场所", "420107", 114.3840, 30.6380, "III", "fixed_short", 10000),
    ("洪山体育中心应急避难场所", "420111", 114.3400, 30.5130, "I", "central", 35000),
    ("金银湖公园应急避难场所", "420112", 114.2000, 30.6550, "III", "fixed_short", 9000),
    ("江夏体育中心应急避难场所", "420115", 114.3200, 30.3750, "II", "fixed_medium", 12000),
    ("黄陂体育馆应急避难场所", "420116", 114.3750, 30.8800, "III", "fixed_short", 7000),
    ("新洲邾城公园应急避难场所", "420117", 114.8000, 30.8400, "III", "fixed_short", 6000),
)

# Demo communities of the central districts get a point (the district centroid plus a
# fixed offset, like the other demo objects); the outer districts' communities have
# none, so the analyses show how communities without coordinates are counted.
LOCATED_DISTRICTS = ("420102", "420103", "420104", "420105", "420106", "420107", "420111")

TEAM_KINDS = (
    ("消防救援大队", "fire", "火灾扑救、抢险救援、破拆、高空救援", 60, 8),
    ("危化品应急救援队", "hazchem", "危化品泄漏处置、堵漏、洗消、侦检", 30, 5),
    ("防汛抢险队", "flood", "排涝、堤防抢险、水上救援", 50, 4),
    ("社会应急救援队", "social", "水上救援、搜救、医疗救护", 25, 2),
)
SPECIALITIES = ("危险化学品", "消防", "防汛抗旱", "地质灾害", "建筑结构", "医疗救护",
                "特种设备", "气象", "电力", "燃气", "矿山", "交通运输")
ORGANISATIONS = ("武汉大学", "华中科技大学", "中国地质大学（武汉）", "武汉理工大学",
                 "湖北省应急管理研究院", "武汉市城市建设设计院", "中南电力设计院",
                 "武汉市第一医院", "湖北省气象局", "武汉燃气集团")


def _name(rng: random.Random) -> str:
    return person_name(rng.randint(0, 9999))


def _offset(rng: random.Random, spread: float = 0.03) -> float:
    return round(rng.uniform(-spread, spread), 5)


@register(400, "应急资源、储备物资、避难场所")
def build(ctx: DemoContext) -> None:
    if RescueTeam.objects.filter(region__code__startswith="4201").exists():
        ctx.log("应急资源已存在，跳过")
        return
    rng = random.Random(SEED)
    actor = ctx.actor
    districts = {r.code[:6]: r for r in Region.objects.filter(code__in=[f"{d}000000" for d in DISTRICTS])}
    city = Region.objects.get(code=CITY)
    today = timezone.localdate()
    teams = warehouses = experts = 0
    for code in DISTRICTS:
        district = districts.get(code)
        if district is None or district.longitude is None or district.latitude is None:
            continue
        for suffix, kind, capabilities, headcount, vehicles in TEAM_KINDS:
            if kind == "hazchem" and code not in ("420107", "420112", "420113", "420115"):
                continue  # chemical teams sit near the chemical parks
            create_object(RescueTeam, {
                "name": f"{district.name}{suffix}", "region": district, "kind": kind,
                "address": f"{district.name}", "longitude": round(district.longitude + _offset(rng), 6),
                "latitude": round(district.latitude + _offset(rng), 6), "leader": _name(rng),
                "headcount": headcount + rng.randint(-5, 10), "capabilities": capabilities,
                "vehicle_count": vehicles, "status": "standby" if rng.random() > 0.15 else "resting",
                "contact": _name(rng), "phone": f"027-8{rng.randint(1000000, 9999999)}",
                "duty_phone": f"027-8{rng.randint(1000000, 9999999)}",
            }, actor=actor)
            teams += 1
        house = create_object(Warehouse, {
            "name": f"{district.name}应急物资储备库", "region": district, "level": "district",
            "address": district.name, "longitude": round(district.longitude + _offset(rng), 6),
            "latitude": round(district.latitude + _offset(rng), 6),
            "capacity_m3": Decimal(rng.randint(20, 80) * 100), "manager": _name(rng),
            "phone": f"027-8{rng.randint(1000000, 9999999)}",
        }, actor=actor)
        warehouses += 1
        _stock(house, rng, ctx, today)
        for _ in range(3):
            speciality = rng.sample(SPECIALITIES, 2)
            create_object(Expert, {
                "name": _name(rng), "region": district, "specialities": "、".join(speciality),
                "title": rng.choice(["senior", "associate", "associate", "intermediate"]),
                "organisation": rng.choice(ORGANISATIONS), "phone": f"13{rng.randint(100000000, 999999999)}",
                "longitude": round(district.longitude + _offset(rng), 6),
                "latitude": round(district.latitude + _offset(rng), 6),
                "joined_on": today - timedelta(days=rng.randint(200, 1500)),
                "next_review_on": today + timedelta(days=rng.randint(-60, 300)),
            }, actor=actor)
            experts += 1
        create_object(Equipment, {
            "name": "大流量排涝车", "region": district, "category": "drainage",
            "model_spec": "3000立方米/小时", "quantity": rng.randint(1, 3), "unit": "台",
            "longitude": round(district.longitude + _offset(rng), 6),
            "latitude": round(district.latitude + _offset(rng), 6),
        }, actor=actor)
    city_house = create_object(Warehouse, {
        "name": "武汉市应急物资储备库", "region": districts.get("420111", city), "level": "city",
        "address": "洪山区", "longitude": 114.3450, "latitude": 30.4950,
        "capacity_m3": Decimal(20000), "manager": _name(rng), "phone": "027-85550119",
    }, actor=actor)
    _stock(city_house, rng, ctx, today, factor=6)
    for name, code, lon, lat, cls, kind, capacity in SHELTERS:
        district = districts.get(code)
        if district is None:
            continue
        area = Decimal(capacity * 4)
        create_object(Shelter, {
            "name": name, "region": district, "address": name.replace("应急避难场所", ""),
            "longitude": lon, "latitude": lat, "shelter_class": cls, "shelter_type": kind,
            "area_m2": area, "effective_area_m2": area / 2, "capacity": capacity,
            "facilities": "应急供水、应急供电、应急厕所、医疗救护点、物资储备点",
            "manager": _name(rng), "phone": f"027-8{rng.randint(1000000, 9999999)}",
            "communities": list(Region.objects.filter(level=5).subtree(code).order_by("code")[:8]),
        }, actor=actor)
    for name, products, contracted in (("武汉华汉帐篷有限公司", "救灾帐篷、折叠床", True),
                                       ("湖北楚天救生器材有限公司", "救生衣、救生圈", True),
                                       ("武汉长江动力设备有限公司", "柴油发电机组、移动照明灯塔", False)):
        district = districts["420112"]
        assert district.longitude is not None and district.latitude is not None
        create_object(SupplyProducer, {
            "name": name, "region": district, "products": products, "contracted": contracted,
            "contract_until": today + timedelta(days=365) if contracted else None,
            "longitude": round(district.longitude + _offset(rng), 6),
            "latitude": round(district.latitude + _offset(rng), 6),
            "contact": _name(rng), "phone": f"027-8{rng.randint(1000000, 9999999)}",
        }, actor=actor)
    figures: dict[str, CommunityFigure] = {}
    for code in (Region.objects.filter(level=5).subtree("4201").order_by("code")
                 .values_list("code", flat=True)):
        population = rng.randint(1500, 6000)
        district = districts.get(code[:6])
        if code[:6] in LOCATED_DISTRICTS and district is not None \
                and district.longitude is not None and district.latitude is not None:
            figures[code] = CommunityFigure(population,
                                            round(district.longitude + _offset(rng, 0.04), 6),
                                            round(district.latitude + _offset(rng, 0.04), 6))
        else:
            figures[code] = CommunityFigure(population)
    profiles = add_population_figures(figures, actor=actor)
    ctx.log(f"救援队伍{teams}支，专家{experts}名，储备库{warehouses + 1}个，避难场所{len(SHELTERS)}处，"
            f"社区人口{profiles}条")


def _stock(house: Warehouse, rng: random.Random, ctx: DemoContext, today: object,
           factor: int = 1) -> None:
    """Receipts and some issues; about one item in four ends short of the standard,
    and one batch of water is close to its expiry date."""
    from datetime import date

    assert isinstance(today, date)
    for item in SupplyItem.objects.filter(code__in=["WZ-0101", "WZ-0102", "WZ-0103", "WZ-0201",
                                                   "WZ-0301", "WZ-0302", "WZ-0601"]).order_by("code"):
        base = {"WZ-0101": 400, "WZ-0102": 2000, "WZ-0103": 900, "WZ-0201": 600,
                "WZ-0301": 25000, "WZ-0302": 12, "WZ-0601": 1000}[item.code] * factor
        quantity = base if rng.random() > 0.25 else base // 2
        produced = today - timedelta(days=rng.randint(30, 400))
        expiry = produced + timedelta(days=item.shelf_life_days) if item.shelf_life_days else None
        if item.code == "WZ-0601":
            expiry = today + timedelta(days=rng.randint(10, 25))
        stock.receive(warehouse=house, item=item, batch_no=f"{produced:%Y%m}-{item.code[-4:]}",
                      quantity=quantity, production_date=produced, expiry_date=expiry,
                      reason="年度采购入库", actor=ctx.actor)
