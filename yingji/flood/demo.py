"""Demo data: the flood season of 江岸区 — 21 risk points in 大智街道, 一元街道 and
车站街道 (内涝点, 下穿通道, 危旧房, 低洼地, 在建工地 along the river), each with the
directory's 三防责任人 of its street and community, a roster of households and two
street-level temporary shelters. The orange rainstorm warning of the warnings demo,
in force over 大智街道 and 一元街道, reaches the one point whose level is orange, so
its transfer opens as the minutely job would open it; 大智街道's duty officer has
reported about half of its households (one refused, one not found). Deterministic;
every write goes through the services."""

from __future__ import annotations

import random
from typing import Any

from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, User
from yingji.flood import rules
from yingji.flood.models import FloodPoint
from yingji.flood.services import points, transfers
from yingji.warnings.models import ResponsiblePerson

DAZHI, YIYUAN, CHEZHAN = "420102002000", "420102003000", "420102004000"
# Street → where its points lie (the streets have no centroid in the division data).
CENTRES = {DAZHI: (114.2905, 30.5985), YIYUAN: (114.3005, 30.6020), CHEZHAN: (114.3035, 30.6105)}
# (name, kind, threat, households, trigger level); the first of 大智 opens in the demo.
POINTS: dict[str, tuple[tuple[str, str, str, int, str], ...]] = {
    DAZHI: (
        ("京汉大道下穿通道", "underpass", "过往车辆、行人及周边商户", 6, "orange"),
        ("大智路地铁站周边低洼片区", "lowland", "沿街居民、地下商铺", 8, "red"),
        ("友益街老旧里分", "dilapidated", "里分危旧房住户", 7, "red"),
        ("中山大道积水点", "waterlogging", "沿街居民和商户", 5, "red"),
        ("黄石路危旧房", "dilapidated", "危旧房住户", 4, "red"),
        ("解放大道地下车库", "waterlogging", "地下车库及看管人员", 3, "red"),
        ("大智路在建工地", "construction", "工棚内施工人员", 4, "red"),
    ),
    YIYUAN: (
        ("一元路积水点", "waterlogging", "沿街居民", 5, "red"),
        ("胜利街老旧小区", "dilapidated", "危旧房住户", 6, "red"),
        ("沿江大道低洼地", "lowland", "沿江居民", 7, "red"),
        ("洞庭街地下空间", "waterlogging", "地下商铺经营户", 3, "red"),
        ("黎黄陂路危旧房", "dilapidated", "危旧房住户", 4, "red"),
        ("江汉关在建工地", "construction", "工棚内施工人员", 5, "red"),
        ("天津路下穿通道", "underpass", "过往车辆、行人", 2, "red"),
    ),
    CHEZHAN: (
        ("车站路积水点", "waterlogging", "沿街居民和商户", 6, "orange"),
        ("京汉街老旧里分", "dilapidated", "里分危旧房住户", 5, "orange"),
        ("铭新街低洼片区", "lowland", "低洼片区居民", 6, "yellow"),
        ("二曜路在建工地", "construction", "工棚内施工人员", 4, "orange"),
        ("车站路地铁口下穿通道", "underpass", "过往车辆、行人", 2, "orange"),
        ("合作路危旧房", "dilapidated", "危旧房住户", 3, "orange"),
        ("鄱阳街地下车库", "waterlogging", "地下车库及看管人员", 2, "orange"),
    ),
}
CATEGORY_OF = {"underpass": "lowland", "lowland": "lowland", "waterlogging": "lowland",
               "dilapidated": "dangerous_house", "construction": "work_shed"}
DISPOSAL = {
    "underpass": "积水超过15厘米立即封闭通道，设置警戒和绕行指示；启动强排泵站；疏导滞留车辆和行人。",
    "lowland": "预置移动泵车抽排；逐户通知转移，优先转移老弱病残孕；转移后安排专人值守，严防人员返回。",
    "waterlogging": "设置警示标志，安排专人值守；开启排水设施抽排；积水进入地下空间前转移人员、封堵出入口。",
    "dilapidated": "暴雨前逐户通知，按“八个必转”要求转移危旧房内全部人员；转移后房屋封门、专人巡查。",
    "construction": "停止露天和深基坑作业；工棚人员全部转移至安全地带；加固围挡、塔吊，切断临时用电。",
}
SHELTERS = ((DAZHI, "大智街道社区服务中心临时避险点", "大智路68号", 114.2912, 30.5978, 160),
            (YIYUAN, "一元街道文化站临时避险点", "胜利街112号", 114.3012, 30.6028, 120),
            (CHEZHAN, "车站街道市民之家临时避险点", "车站路20号", 114.3042, 30.6112, 140))


def _account(username: str) -> Actor | None:
    user = User.objects.filter(username=username, is_active=True).first()
    return Actor(user=user) if user is not None else None


def _shelters(ctx: DemoContext) -> dict[str, Any]:
    from yingji.core.services.objects import create_object
    from yingji.resources.models import Shelter

    found: dict[str, Any] = {}
    for street, name, address, lon, lat, capacity in SHELTERS:
        region = Region.objects.get(code=street)
        found[street] = create_object(Shelter, {
            "name": name, "region": region, "address": address, "longitude": lon, "latitude": lat,
            "shelter_class": "III", "shelter_type": "emergency", "area_m2": capacity * 3,
            "effective_area_m2": capacity * 2, "capacity": capacity, "status": "open",
            "facilities": "床铺、饮用水、应急照明、医疗箱", "manager": "街道应急办",
            "phone": "027-82770000"}, actor=ctx.actor)
    return found


def _persons(street: str, community: str) -> list[ResponsiblePerson]:
    """The directory's persons for a point: the district's and the street's 三防责任人
    and the community's own (the warnings demo's directory; nothing copied)."""
    codes = [street[:6] + "000000", street, community]
    return list(ResponsiblePerson.objects.filter(region_id__in=codes, active=True,
                                                 role__startswith="sanfang"))


@register(760, "防汛防台：风险点、转移人员名册和转移避险")
@transaction.atomic
def build(ctx: DemoContext) -> None:
    if FloodPoint.objects.exists():
        ctx.log("  风险点已存在，跳过")
        return
    if not Region.objects.filter(code=DAZHI).exists():
        ctx.log("  没有江岸区的区划，跳过防汛演示数据")
        return
    rng = random.Random(22)
    shelters = _shelters(ctx)
    n = 0
    people = 0
    for street, entries in POINTS.items():
        communities = list(Region.objects.filter(parent_id=street).order_by("code")[:4])
        lon0, lat0 = CENTRES[street]
        for i, (name, kind, threat, count, level) in enumerate(entries):
            n += 1
            community = communities[i % len(communities)] if communities else Region.objects.get(code=street)
            point = points.create_point({
                "code": f"JA-FX-{n:03d}", "name": name, "kind": kind, "region": community,
                "address": f"江岸区{Region.objects.get(code=street).name}{name}",
                "longitude": round(lon0 + rng.uniform(-0.004, 0.004), 5),
                "latitude": round(lat0 + rng.uniform(-0.003, 0.003), 5),
                "people_threatened": 0, "houses_threatened": count if kind == "dilapidated" else 0,
                "threat": threat, "trigger_level": level,
                "responsible": _persons(street, community.code), "shelter": shelters[street],
                "route": f"沿{name[:3]}向{shelters[street].name}方向撤离，步行约10分钟",
                "signal": "电话、微信群逐户通知，社区广播、鸣锣", "disposal": DISPOSAL[kind],
            }, actor=ctx.actor)
            total = 0
            for h in range(count):
                members = rng.randint(1, 5)
                vulnerable = rng.random() < 0.3
                total += members
                points.create_household({
                    "point": point, "head_name": person_name(900 + n * 10 + h), "members": members,
                    "phone": f"138{27100000 + n * 1000 + h:08d}",
                    "address": f"{name}{rng.randint(1, 60)}号{rng.randint(1, 6)}楼",
                    "categories": [CATEGORY_OF[kind]], "vulnerable": vulnerable,
                    "vulnerable_note": rng.choice(("独居老人，需背送", "行动不便老人", "孕妇", "残疾人"))
                    if vulnerable else "",
                }, actor=ctx.actor)
            points.update_point(point, {"people_threatened": total}, actor=ctx.actor)
            people += total
    ctx.log(f"  风险点 {n} 个，转移户涉及 {people} 人")
    _season(ctx)


def _season(ctx: DemoContext) -> None:
    """The warning in force opens the orange point's transfer; 大智街道 reports half."""
    opened = transfers.open_due_tasks(actor=Actor.system("flood"))
    ctx.log(f"  预警达到转移级别，启动转移任务 {len(opened)} 个")
    reporter = _account("dz_duty")
    if not opened or reporter is None:
        return
    task = opened[0]
    entries = list(task.entries.order_by("pk"))
    half = len(entries) // 2
    for entry in entries[:half]:
        transfers.report_household(entry, actor=reporter, outcome=rules.MOVED)
    if len(entries) > half + 1:
        transfers.report_household(entries[half], actor=reporter, outcome=rules.REFUSED,
                                   note="户主坚持留守看管商铺，已签字告知风险")
        transfers.report_household(entries[half + 1], actor=reporter, outcome=rules.NOT_FOUND,
                                   note="电话未接通，敲门无人应答")
    transfers.check_categories(task, actor=reporter, categories=["lowland"])
    _responses(ctx)


def _responses(ctx: DemoContext) -> None:
    """江岸区's leader has started Ⅳ级 for the district; the city's suggestion (Ⅲ级, from
    the orange warning) waits for the city's leaders (their to-do)."""
    from yingji.flood.services import levels

    leader = _account("ja_leader")
    if leader is not None:
        levels.start_response({"region": Region.objects.get(code="420102000000"), "grade": "4",
                               "decision_note": "会商研判：大智、一元街道暴雨橙色预警，区防指启动Ⅳ级响应"},
                              actor=leader)
    suggestion = levels.suggest_due(actor=Actor.system("flood"))
    ctx.log(f"  防汛应急响应：{'待决策建议 ' + str(suggestion) if suggestion else '无建议'}")
