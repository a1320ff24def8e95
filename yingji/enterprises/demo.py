"""Demo enterprises of Wuhan: several thousand enterprises across the supervision
categories, on real street codes, scattered around a stable point per street inside
their district, with licences, risk points and major hazard sources of real substances
that reach all four grades.

Deterministic: one seeded generator, rows in a fixed order; dates are relative to the
day the demo is built (so some licences are always about to expire). A second run
adds nothing. The rows are written through ``services.bulk_create_rows`` (one audit
entry per table), then the major hazards are graded by the normal services.
"""

from __future__ import annotations

import hashlib
import math
import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Department, Region, User
from yingji.enterprises import rules, services
from yingji.enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    HazardSubstance,
    InsuranceStatus,
    Licence,
    LicenceKind,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskPoint,
    StandardisationLevel,
    SupervisionClass,
)

CITY_PREFIX = "4201"
PER_SCALE = 3000
OWNER_USERNAME = "qy_safety"
OWNER_STREET = "420102002000"  # 江岸区大智街道
SEED = 20240601

TRADE_NAMES = (
    "华兴", "鑫源", "长江", "楚天", "江城", "汉通", "东湖", "晴川", "龟山", "黄鹤", "汇通", "恒达",
    "荆楚", "金桥", "天河", "盛隆", "顺达", "宏远", "瑞丰", "永利", "联华", "中南", "华中",
    "博雅", "光谷", "临空", "沌口", "阳逻", "青山", "星辰", "广源", "佳和", "新港", "德润",
)
# (industry, sub-industry, name suffixes, weight)
SECTORS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("hazchem", "hazchem_production", ("化工有限公司", "精细化工有限公司", "石化有限公司"), 6),
    ("hazchem", "hazchem_storage", ("化工储运有限公司", "危险品仓储有限公司"), 3),
    ("hazchem", "hazchem_trade", ("化工贸易有限公司", "石油销售有限公司", "燃气有限公司"), 8),
    ("hazchem", "hazchem_use", ("气体有限公司", "新材料有限公司"), 4),
    ("chem_park", "", ("化工园区管理有限公司",), 1),
    ("non_coal_mine", "", ("矿业有限公司", "石料有限公司"), 2),
    ("tailings", "", ("矿业有限公司（尾矿库）",), 1),
    ("fireworks", "", ("烟花爆竹经营部", "烟花爆竹批发有限公司"), 2),
    ("industry_trade", "metallurgy", ("钢铁有限公司", "铸造有限公司"), 5),
    ("industry_trade", "nonferrous", ("铝业有限公司", "铜业有限公司"), 3),
    ("industry_trade", "building_materials", ("建材有限公司", "水泥制品有限公司", "玻璃有限公司"), 6),
    ("industry_trade", "machinery", ("机械制造有限公司", "汽车零部件有限公司", "重工有限公司"), 12),
    ("industry_trade", "light", ("食品有限公司", "纸业有限公司", "家具有限公司", "印务有限公司"), 12),
    ("industry_trade", "textile", ("纺织有限公司", "服饰有限公司"), 5),
    ("industry_trade", "tobacco", ("卷烟物流有限公司",), 1),
    ("industry_trade", "commerce", ("商贸有限公司", "物流有限公司", "冷链有限公司"), 14),
    ("construction", "", ("建设工程有限公司", "建筑有限公司"), 6),
    ("gas", "", ("燃气有限公司",), 2),
    ("other", "", ("实业有限公司",), 7),
)
STREETS = ("解放大道", "建设大道", "中山大道", "和平大道", "友谊大道", "珞喻路", "雄楚大道", "汉阳大道",
           "江汉路", "武珞路", "民族大道", "临江大道", "工业大道", "金山大道", "后湖大道")

# Risk point catalogue: name, location, hazard factors, (L, E, C) or ("ls", L, S).
RISKS: dict[str, tuple[tuple[str, str, str, tuple[Any, ...]], ...]] = {
    "hazchem": (
        ("储罐区", "罐区", "泄漏、火灾、爆炸、中毒", (3, 6, 15)),
        ("装卸作业区", "装卸台", "泄漏、静电火花、车辆伤害", (3, 6, 7)),
        ("反应釜区", "生产车间", "超温超压、反应失控", (1, 6, 40)),
        ("配电室", "配电房", "触电、电气火灾", (1, 6, 7)),
    ),
    "industry_trade": (
        ("粉尘除尘系统", "除尘器", "粉尘爆炸", (3, 6, 40)),
        ("冲压作业", "冲压车间", "机械伤害", (3, 6, 3)),
        ("污水池（有限空间）", "污水处理站", "中毒和窒息", ("ls", 2, 5)),
        ("叉车作业", "仓库", "车辆伤害", (3, 6, 3)),
        ("液氨制冷机房", "冷库", "液氨泄漏、中毒", (1, 6, 15)),
    ),
    "other": (
        ("配电室", "配电房", "触电、电气火灾", (1, 6, 7)),
        ("高处作业", "施工现场", "高处坠落", ("ls", 3, 4)),
        ("仓库", "仓库", "火灾", (1, 3, 7)),
    ),
}

# Major hazard unit templates: (source name, unit name, kind, substances (name, q), population).
# Chosen so the demo holds every grade: 一级 (R ≥ 100) to 四级 (R < 10).
HAZARD_TEMPLATES: tuple[tuple[str, str, str, tuple[tuple[str, float], ...], int], ...] = (
    ("液氯储罐区", "液氯储罐组", "storage", (("氯", 150),), 120),                # R 240 一级
    ("液氯储罐区", "液氯储罐组", "storage", (("氯", 40),), 120),                 # R 64 二级
    # R 22.5 三级
    ("液化石油气储配站", "LPG球罐区", "storage", (("液化石油气（含丙烷、丁烷及其混合物）", 500),), 60),
    ("液氨储罐区", "液氨储罐", "storage", (("氨", 30),), 0),                     # R 3 四级
    ("甲醇甲苯罐区", "1号罐组", "storage", (("甲醇", 2000), ("甲苯", 1500)), 40),   # S 7 R 8.4 四级
    ("合成氨装置", "合成工段", "production", (("氨", 120), ("氢", 8)), 150),     # R 2·(24+2.4) = 52.8 二级
    ("汽油库", "汽油储罐区", "storage", (("汽油（含乙醇汽油、甲醇汽油）", 3000),), 200),  # R 45 三级
    ("氯碱装置", "电解及液氯工段", "production", (("氯", 25), ("氢", 6), ("氯化氢（无水）", 30)), 80),
)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    lon: float
    lat: float
    streets: tuple[str, ...]


def _districts() -> list[District]:
    counties = Region.objects.subtree(CITY_PREFIX).filter(level=3).order_by("code")
    streets: dict[str, list[str]] = {}
    for code in (Region.objects.subtree(CITY_PREFIX).filter(level=4).order_by("code")
                 .values_list("code", flat=True)):
        streets.setdefault(code[:6], []).append(code)
    return [District(c.code, c.name, c.longitude, c.latitude, tuple(streets[c.code[:6]]))
            for c in counties
            if c.longitude is not None and c.latitude is not None and streets.get(c.code[:6])]


def district_radius_km(district: District) -> float:
    """How far from its centroid a district's streets spread. The datasets have no
    boundaries; towns and townships (codes 1xx/2xx at the street level) mark the large
    outer districts, so each widens the radius (central districts stay ~4 km)."""
    towns = sum(1 for code in district.streets if code[6:9] >= "100")
    return min(4.0 + 1.5 * towns, 20.0)


def street_anchor(district: District, street: str) -> tuple[float, float]:
    """A stable point for a street within its district: a direction and a distance
    drawn from the street code (uniform over the district's disc)."""
    digest = hashlib.sha256(street.encode()).digest()
    angle = digest[0] / 256 * 2 * math.pi
    distance = math.sqrt(int.from_bytes(digest[1:3], "big") / 65536) * district_radius_km(district)
    return _offset(district.lon, district.lat, distance * math.cos(angle),
                   distance * math.sin(angle))


def _offset(lon: float, lat: float, east_km: float, north_km: float) -> tuple[float, float]:
    return (lon + east_km / (111.32 * math.cos(math.radians(lat))), lat + north_km / 110.57)


def _credit_code(n: int, division: str) -> str:
    body = f"91{division}MA4K{n:05d}"[:17]
    return body + rules.credit_check_character(body)


@register(300, "企业档案、重大危险源、风险点")
@transaction.atomic
def build_enterprises(ctx: DemoContext) -> None:
    if Enterprise.objects.filter(credit_code__contains="MA4K").exists():
        ctx.log("  演示企业已存在，跳过")
        return
    districts = _districts()
    if not districts:
        ctx.log("  没有武汉市的街道区划，跳过演示企业")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    classes = list(SupervisionClass.objects.order_by("sort_order"))
    bureaus = {d.region_id: d for d in Department.objects.filter(kind="district_bureau")}
    officers = {u.scope_region_id: u for u in
                User.objects.filter(groups__name="supervisor").order_by("username")}
    count = PER_SCALE * ctx.scale
    weights = [s[3] for s in SECTORS]
    enterprises: list[Enterprise] = []
    used: set[str] = set()
    for n in range(count):
        district = districts[n % len(districts)]
        industry, sub, suffixes, _ = rng.choices(SECTORS, weights)[0]
        street = OWNER_STREET if n == 0 else district.streets[rng.randrange(len(district.streets))]
        if n == 0:
            industry, sub, suffixes = "industry_trade", "commerce", ("商贸有限公司",)
        name = _unique_name(district, suffixes, rng, used)
        anchor = street_anchor(district, street)
        point = _offset(*anchor, rng.gauss(0, 0.9), rng.gauss(0, 0.9))
        staff = rng.choice((12, 25, 48, 86, 150, 320, 680, 1200))
        enterprises.append(Enterprise(
            name=name, credit_code=_credit_code(n, district.code[:6]), industry=industry,
            sub_industry=sub,
            dust_explosion=sub in ("metallurgy", "nonferrous", "light", "textile") and rng.random() < 0.4,
            ammonia_refrigeration=sub in ("light", "commerce") and rng.random() < 0.15,
            confined_space=rng.random() < 0.3, molten_metal=sub in ("metallurgy", "nonferrous"),
            region_id=street,
            address=f"{district.name}{STREETS[rng.randrange(len(STREETS))]}{rng.randrange(1, 999)}号",
            longitude=round(point[0], 6), latitude=round(point[1], 6),
            legal_representative=person_name(n * 3 + 1),
            legal_representative_phone=_mobile(rng), principal=person_name(n * 3 + 1),
            principal_phone=_mobile(rng), safety_manager=person_name(n * 3 + 2),
            safety_manager_phone=_mobile(rng), employee_count=staff,
            standardisation_level=rng.choice(list(StandardisationLevel.values)),
            supervision_class=classes[min(len(classes) - 1, rng.choice((0, 1, 1, 2, 2, 2, 3)))]
            if classes else None,
            insurance_status=rng.choice((InsuranceStatus.INSURED,) * 4 + (
                InsuranceStatus.NOT_INSURED, InsuranceStatus.EXPIRED)),
            insurance_expires_on=today + timedelta(days=rng.randrange(-30, 365)),
            supervising_department=bureaus.get(district.code),
            supervising_officer=officers.get(district.code),
            status=rng.choice((EnterpriseStatus.OPERATING,) * 12 + (EnterpriseStatus.SUSPENDED,
                                                                    EnterpriseStatus.CLOSED)),
        ))
    enterprises = services.bulk_create_rows(Enterprise, enterprises, actor=ctx.actor,
                                            summary="演示企业")
    ctx.log(f"  企业 {len(enterprises)} 家")
    _licences(ctx, enterprises, rng, today)
    _risk_points(ctx, enterprises, rng, today)
    _major_hazards(ctx, enterprises, rng)
    _roll_up(enterprises)
    owner = User.objects.filter(username=OWNER_USERNAME).first()
    if owner is not None:
        services.add_member(enterprises[0], owner, actor=ctx.actor)
        ctx.log(f"  企业账号 {OWNER_USERNAME} 关联到 {enterprises[0].name}")


SECOND_WORDS = ("", "达", "兴", "盛", "昌", "泰", "源", "丰", "通", "利", "宏", "信", "安", "华")


def _unique_name(district: District, suffixes: tuple[str, ...], rng: random.Random,
                 used: set[str]) -> str:
    """武汉 + district + trade name + sector suffix, never twice in the demo."""
    place = district.name.removesuffix("区")
    suffix = suffixes[rng.randrange(len(suffixes))]
    for attempt in range(50):
        word = TRADE_NAMES[rng.randrange(len(TRADE_NAMES))]
        extra = SECOND_WORDS[rng.randrange(len(SECOND_WORDS))] if attempt else ""
        name = f"武汉{place}{word}{extra}{suffix}"
        if name not in used:
            used.add(name)
            return name
    name = f"武汉{place}{TRADE_NAMES[0]}{len(used)}号{suffix}"
    used.add(name)
    return name


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice((35, 37, 38, 39, 50, 58, 86, 87, 89))}{rng.randrange(10**8):08d}"


def _licences(ctx: DemoContext, enterprises: list[Enterprise], rng: random.Random,
              today: Any) -> None:
    kinds = {"hazchem_production": LicenceKind.SAFETY_PRODUCTION,
             "hazchem_storage": LicenceKind.HAZCHEM_TRADE, "hazchem_trade": LicenceKind.HAZCHEM_TRADE,
             "hazchem_use": LicenceKind.HAZCHEM_USE}
    rows = []
    for index, enterprise in enumerate(enterprises):
        kind = kinds.get(enterprise.sub_industry)
        if kind is None and enterprise.industry in ("non_coal_mine", "tailings"):
            kind = LicenceKind.SAFETY_PRODUCTION
        if kind is None and enterprise.industry == "fireworks":
            kind = LicenceKind.FIREWORKS_TRADE
        if kind is None:
            continue
        issued = today - timedelta(days=rng.randrange(30, 1090))
        rows.append(Licence(
            enterprise=enterprise, kind=kind,
            number=f"（鄂）WH{kind[:2].upper()}许字〔{issued.year}〕{index:05d}",
            issuer="武汉市应急管理局", issued_on=issued,
            expires_on=today + timedelta(days=rng.randrange(-15, 1095)),
            scope_text="详见许可证副本"))
    services.bulk_create_rows(Licence, rows, actor=ctx.actor, summary="演示许可证")
    ctx.log(f"  许可证 {len(rows)} 张")


def _risk_points(ctx: DemoContext, enterprises: list[Enterprise], rng: random.Random,
                 today: Any) -> None:
    lec_bands = services.risk_bands("lec")
    ls_bands = services.risk_bands("ls")
    rows = []
    for enterprise in enterprises:
        catalogue = RISKS.get(enterprise.industry, RISKS["other"])
        for name, location, factors, values in rng.sample(catalogue, rng.randrange(0, 4)):
            point = RiskPoint(enterprise=enterprise, name=name, location=location,
                              hazard_factors=factors, responsible_person=enterprise.safety_manager,
                              responsible_phone=enterprise.safety_manager_phone,
                              control_measures="落实岗位责任制，定期巡检，配备监测报警和应急器材",
                              assessed_on=today - timedelta(days=rng.randrange(10, 300)))
            if values[0] == "ls":
                point.method, point.ls_l, point.ls_s = "ls", values[1], values[2]
                score = rules.ls_matrix(values[1], values[2], ls_bands)
            else:
                point.method, (point.lec_l, point.lec_e, point.lec_c) = "lec", values
                score = rules.lec(values[0], values[1], values[2], lec_bands)
            point.score, point.level, point.colour = score.score, score.level, score.colour
            rows.append(point)
    services.bulk_create_rows(RiskPoint, rows, actor=ctx.actor, summary="演示风险点")
    ctx.log(f"  风险点 {len(rows)} 个")


def _major_hazards(ctx: DemoContext, enterprises: list[Enterprise], rng: random.Random) -> None:
    substances = {s.name: s for s in HazardSubstance.objects.all()}
    candidates = [e for e in enterprises
                  if e.sub_industry in ("hazchem_production", "hazchem_storage")
                  or e.industry == "gas"]
    chosen = candidates[: max(len(HAZARD_TEMPLATES), len(candidates) // 2)]
    sources = []
    for index, enterprise in enumerate(chosen):
        template = HAZARD_TEMPLATES[index % len(HAZARD_TEMPLATES)]
        sources.append(MajorHazard(
            enterprise=enterprise, name=template[0], record_number=f"BA4201{index:05d}",
            population_500m=template[4], main_person=enterprise.principal,
            main_person_phone=enterprise.principal_phone,
            technical_person=person_name(index * 5 + 3), technical_person_phone=_mobile(rng),
            operation_person=person_name(index * 5 + 4), operation_person_phone=_mobile(rng)))
    sources = services.bulk_create_rows(MajorHazard, sources, actor=ctx.actor,
                                        summary="演示重大危险源")
    units = []
    for index, source in enumerate(sources):
        template = HAZARD_TEMPLATES[index % len(HAZARD_TEMPLATES)]
        units.append(MajorHazardUnit(source=source, name=template[1], kind=template[2]))
    units = services.bulk_create_rows(MajorHazardUnit, units, actor=ctx.actor,
                                      summary="演示重大危险源单元")
    items = []
    for index, unit in enumerate(units):
        template = HAZARD_TEMPLATES[index % len(HAZARD_TEMPLATES)]
        scale = rng.choice((0.9, 1.0, 1.0, 1.1))
        for name, quantity in template[3]:
            items.append(MajorHazardSubstance(unit=unit, substance=substances[name],
                                              quantity=round(quantity * scale, 1)))
    services.bulk_create_rows(MajorHazardSubstance, items, actor=ctx.actor,
                              summary="演示单元危险化学品")
    services.grade_all(sources, actor=ctx.actor)
    ctx.log(f"  重大危险源 {len(sources)} 处（已按GB 18218-2018分级）")


def _roll_up(enterprises: list[Enterprise]) -> None:
    """The roll-up colour of every demo enterprise, in bulk."""
    services.roll_up_all(Enterprise.objects.filter(pk__in=[e.pk for e in enterprises]))
