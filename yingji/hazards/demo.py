"""Demo hazards of Wuhan: a year of hidden hazards at the demo enterprises and at public
places, with realistic distributions of source, grade, category and outcome; most old
hazards are closed (mostly on time), recent ones are in every state, some are overdue,
and a few major hazards are under city or district listed supervision with complete
treatment plans. Also self-inspections for part of the enterprises.

Deterministic (one seeded generator, dates relative to the build day); a second run adds
nothing. Rows are bulk-loaded through ``services.bulk`` (one audit entry per table); open hazards get their
rectification deadlines through the normal deadline service, so reminders, overdue
marks and escalation run on them like on any other.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Department, Region, User
from yingji.hazards import rules
from yingji.hazards.models import (
    Checklist,
    Hazard,
    HazardSettings,
    RectificationReport,
    SelfInspection,
    SelfInspectionResult,
    TreatmentPlan,
    Verification,
)
from yingji.hazards.services.bulk import (
    bulk_listings,
    bulk_load,
    bulk_records,
    bulk_self_inspections,
)
from yingji.hazards.services.hazards import start_clock

SEED = 20250401
PER_SCALE = 3600  # hazards a year per demo scale unit (≈ 1.2 per enterprise)
MARK = "演示数据"

# category -> [(title, description)]
TEMPLATES: dict[str, list[tuple[str, str]]] = {
    "site_hazchem": [
        ("危化品仓库超量储存", "甲类仓库储存量超过设计储量约30%，部分物料堆放在通道"),
        ("禁忌物料混存", "氧化剂与易燃液体同库存放，未按规定分区分类"),
        ("储罐区防火堤破损", "2号储罐区防火堤东侧有裂缝，未封堵"),
    ],
    "site_equipment": [
        ("可燃气体报警器失效", "装卸区可燃气体探测器未按期检定，报警不能远传至控制室"),
        ("安全阀超期未校验", "反应釜安全阀校验有效期已过"),
        ("设备防护罩缺失", "皮带输送机传动部位防护罩缺失"),
        ("紧急切断阀未投用", "液氨储罐出口紧急切断阀处于手动旁路状态"),
    ],
    "site_electrical": [
        ("配电室未设挡鼠板", "配电室门口未设置挡鼠板，电缆沟盖板缺失"),
        ("临时用电私拉乱接", "车间临时用电线路直接敷设于地面，无漏电保护"),
        ("防爆区域使用非防爆电器", "爆炸危险区域内使用普通照明灯具"),
    ],
    "site_fire": [
        ("消防通道堵塞", "厂房东侧消防通道堆放成品，宽度不足4米"),
        ("灭火器失效", "二楼仓库灭火器压力不足，未按期检查"),
        ("安全出口锁闭", "车间北侧安全出口上锁，疏散指示灯不亮"),
    ],
    "site_dust": [
        ("作业现场积尘严重", "打磨工位及设备表面积尘厚度超过1毫米，未落实清扫制度"),
        ("除尘系统未设泄爆装置", "干式除尘器未采取泄爆、惰化或抑爆措施"),
    ],
    "site_confined_space": [
        ("有限空间作业未审批", "污水池清淤作业未办理审批，未进行气体检测"),
        ("有限空间未设警示标识", "地下污水井未设置有限空间警示标识"),
    ],
    "site_special_equipment": [
        ("叉车超期未检验", "厂内叉车定期检验超期，司机无特种设备作业人员证"),
        ("起重机限位失效", "桥式起重机上升限位器失效"),
    ],
    "site_behaviour": [
        ("作业人员未佩戴防护用品", "高处作业人员未系安全带"),
        ("违章动火作业", "动火作业未办理动火证，现场无监护人"),
    ],
    "basic_training": [
        ("新员工未经三级安全教育", "抽查5名新入职员工无三级安全教育记录"),
    ],
    "basic_emergency": [
        ("应急预案未按期演练", "现场处置方案一年内未组织演练"),
        ("应急物资不足", "应急柜内防毒面具滤毒罐过期"),
    ],
    "basic_rules": [
        ("安全管理制度不健全", "未制定隐患排查治理制度，排查记录不完整"),
    ],
    "basic_licence": [
        ("安全生产许可证过期", "安全生产许可证有效期已过，未办理延期"),
    ],
}
PUBLIC_PLACES = (
    ("农贸市场", "site_fire", "市场内电动车违规停放充电", "市场南门通道电动车集中停放并飞线充电"),
    ("小区地下车库", "site_fire", "地下车库消防设施损坏", "喷淋管道锈蚀，消火栓无水"),
    ("城中村出租屋", "site_electrical", "出租屋电气线路老化", "公共走道电线裸露，无漏电保护"),
    ("老旧小区", "site_environment", "外墙脱落隐患", "楼体外墙瓷砖空鼓，存在坠落风险"),
    ("人行天桥", "site_environment", "天桥护栏松动", "天桥北侧护栏螺栓缺失，护栏松动"),
    ("燃气调压站", "site_equipment", "燃气调压箱防护不足", "调压箱未设防撞设施，紧邻停车位"),
)
SOURCES = (("self_check", 44), ("department", 24), ("enforcement", 12), ("public_report", 9),
           ("covert", 6), ("monitoring", 5))
INDUSTRY_CATEGORIES = {
    "hazchem": ("site_hazchem", "site_hazchem", "site_equipment", "site_equipment",
                "site_electrical", "site_fire", "site_behaviour", "basic_emergency",
                "basic_rules", "basic_training"),
    "industry_trade": ("site_dust", "site_equipment", "site_electrical", "site_fire",
                       "site_confined_space", "site_special_equipment", "site_behaviour",
                       "basic_training", "basic_emergency"),
}
DEFAULT_CATEGORIES = ("site_fire", "site_electrical", "site_equipment", "site_behaviour",
                      "site_special_equipment", "basic_training", "basic_rules",
                      "basic_emergency", "basic_licence")


def _month_weight(day: datetime) -> float:
    # More inspections in spring (安全生产月 in June) and before the year-end holidays.
    return {3: 1.2, 4: 1.3, 5: 1.2, 6: 1.6, 9: 1.2, 11: 1.3, 12: 1.2}.get(day.month, 1.0)


@register(400, "隐患排查治理")
@transaction.atomic
def build_hazards(ctx: DemoContext) -> None:
    from yingji.enterprises.models import Enterprise

    if Hazard.objects.filter(data__demo=MARK).exists():
        ctx.log("  演示隐患已存在，跳过")
        return
    enterprises = list(Enterprise.objects.filter(status="operating")
                       .select_related("supervising_officer").order_by("id"))
    if not enterprises:
        ctx.log("  没有演示企业，跳过演示隐患")
        return
    rng = random.Random(SEED)
    now = timezone.now()
    settings = HazardSettings.current()
    streets = list(Region.objects.filter(code__startswith="4201", level=4)
                   .values_list("code", "longitude", "latitude"))
    bureaus = {d.region_id[:6]: d for d in Department.objects.filter(kind="district_bureau")}
    city_bureau = Department.objects.filter(kind="bureau", region_id="420100000000").first()
    owner = User.objects.filter(username="qy_safety").first()
    owner_enterprise = owner.enterprise_memberships.first().enterprise if (
        owner and owner.enterprise_memberships.exists()) else None
    rows: list[Hazard] = []
    count = PER_SCALE * ctx.scale
    source_names = [s for s, _ in SOURCES]
    source_weights = [w for _, w in SOURCES]
    for n in range(count):
        age = _age_days(rng)
        found = now - timedelta(days=age, hours=rng.uniform(0, 10))
        if rng.random() < 0.08 and streets:
            rows.append(_public_place(rng, n, found, streets, bureaus))
            continue
        enterprise = (owner_enterprise if owner_enterprise is not None and n % 400 == 0
                      else enterprises[rng.randrange(len(enterprises))])
        categories = INDUSTRY_CATEGORIES.get(enterprise.industry, DEFAULT_CATEGORIES)
        dusty = enterprise.dust_explosion and rng.random() < 0.3
        category = "site_dust" if dusty else rng.choice(categories)
        title, description = rng.choice(TEMPLATES[category])
        major = rng.random() < (0.06 if enterprise.industry == "hazchem" else 0.025)
        source = rng.choices(source_names, source_weights)[0]
        rows.append(Hazard(
            title=title, description=description, source=source,
            grade="major" if major else "general", category=category, enterprise=enterprise,
            region_id=enterprise.region_id, industry=enterprise.industry,
            address=enterprise.address, longitude=enterprise.longitude,
            latitude=enterprise.latitude, found_at=found,
            finder_name=person_name(n * 5 + 3), supervising_officer=enterprise.supervising_officer,
            supervising_department_id=enterprise.supervising_department_id,
            stop_production=major and rng.random() < 0.4, data={"demo": MARK}))
    for hazard in rows:
        _outcome(hazard, rng, now)
        if owner is not None and hazard.enterprise_id == getattr(owner_enterprise, "pk", None):
            hazard.responsible = owner
    created = bulk_load(rows, actor=ctx.actor, summary="演示隐患")
    _records(ctx, created, rng, bureaus, city_bureau)
    opened = [h for h in created if h.state in ("pending", "rectifying")]
    for hazard in opened:
        start_clock(hazard, ctx.actor, settings)
    _inspections(ctx, enterprises, rng, now)
    overdue = sum(1 for h in opened if h.deadline and h.deadline < now)
    listed = sum(1 for h in created if h.listed_level)
    ctx.log(f"  隐患 {len(created)} 项（未销号 {sum(h.state != 'closed' for h in created)}，"
            f"逾期 {overdue}，重大 {sum(h.grade == 'major' for h in created)}，挂牌督办 {listed}）")


def _age_days(rng: random.Random) -> float:
    """Days ago, over the last year, a little denser in busy months."""
    while True:
        age = rng.uniform(0, 365)
        day = timezone.now() - timedelta(days=age)
        if rng.random() * 1.6 <= _month_weight(day):
            return age


def _public_place(rng: random.Random, n: int, found: datetime, streets: list[Any],
                  bureaus: dict[str, Department]) -> Hazard:
    code, lon, lat = streets[rng.randrange(len(streets))]
    kind, category, title, description = rng.choice(PUBLIC_PLACES)
    bureau = bureaus.get(code[:6])
    return Hazard(
        title=title, description=description,
        source=rng.choice(("public_report", "public_report", "department", "covert")),
        grade="general", category=category, place_name=f"{person_name(n)[0]}家{kind}",
        region_id=code, industry="", longitude=(lon or 114.3) + rng.uniform(-0.01, 0.01),
        latitude=(lat or 30.6) + rng.uniform(-0.01, 0.01), found_at=found,
        finder_name=person_name(n * 5 + 4), reporter_name=person_name(n * 5 + 1),
        reporter_phone=f"139{rng.randrange(10_000_000, 99_999_999)}",
        supervising_department=bureau, data={"demo": MARK})


def _outcome(hazard: Hazard, rng: random.Random, now: datetime) -> None:
    """Where the hazard stands today: old ones mostly closed, recent ones in every state."""
    found = hazard.found_at
    age = (now - found).days
    days = rng.choice((30, 45, 60, 90)) if hazard.grade == "major" else rng.choice(
        (3, 5, 7, 10, 15, 15, 30))
    hazard.deadline = found + timedelta(days=days)
    hazard.responsible_name = person_name(rng.randrange(997))
    hazard.responsible_phone = f"138{rng.randrange(10_000_000, 99_999_999)}"
    hazard.measures = "按整改通知要求立即整改，落实责任人、措施、资金、时限和预案"
    roll = rng.random()
    closed_share = 0.97 if age > 120 else (0.85 if age > 45 else (0.55 if age > 14 else 0.2))
    if roll < closed_share:
        on_time = rng.random() < (0.82 if hazard.grade == "general" else 0.7)
        span = days * (rng.uniform(0.3, 0.95) if on_time else rng.uniform(1.05, 1.8))
        rectified = min(found + timedelta(days=span), now - timedelta(hours=2))
        hazard.state = "closed"
        hazard.rectified_at = rectified
        hazard.closed_at = min(rectified + timedelta(days=rng.uniform(0.5, 4)), now - timedelta(hours=1))
        hazard.closed_on_time = rules.on_time(rectified, hazard.deadline)
        hazard.state_changed_at = hazard.closed_at
    elif age < 1.5 and rng.random() < 0.5:
        hazard.state = "registered"
        hazard.deadline = None
        hazard.responsible_name = hazard.responsible_phone = hazard.measures = ""
        hazard.state_changed_at = found
    else:
        hazard.state = rng.choice(("pending", "rectifying", "rectifying", "rectifying",
                                   "verifying"))
        if hazard.state == "verifying":
            hazard.rectified_at = now - timedelta(days=rng.uniform(0.2, 3))
        # A share of the old open ones slipped past their deadline (overdue).
        if hazard.state != "verifying" and hazard.deadline and hazard.deadline < now \
                and rng.random() < 0.5:
            hazard.deadline = now + timedelta(days=rng.randrange(2, 20))
        hazard.state_changed_at = found + timedelta(days=1)


def _records(ctx: DemoContext, hazards: list[Hazard], rng: random.Random,
             bureaus: dict[str, Department], city_bureau: Department | None) -> None:
    """Reports and verifications of closed hazards; plans of major ones; listings."""
    reports, checks, plans = [], [], []
    listed: list[Hazard] = []
    for h in hazards:
        if h.rectified_at is not None:
            reports.append(RectificationReport(
                hazard=h, content=f"已完成整改：{h.measures[:40]}", submitted_at=h.rectified_at,
                cost=Decimal(rng.choice((0.2, 0.5, 1, 3, 8, 25))) if h.grade == "major" else None))
        if h.state == "closed":
            assert h.closed_at is not None
            checks.append(Verification(hazard=h, passed=True, comment="复查合格，同意销号",
                                       verified_at=h.closed_at))
        if h.grade == "major" and h.state != "registered":
            plans.append(TreatmentPlan(
                hazard=h, status_and_cause=h.description,
                harm_analysis="可能导致火灾爆炸或中毒，需局部停产整改",
                goal=f"消除“{h.title}”隐患", methods=h.measures, funds_and_materials="企业自筹，专款专用",
                funds_amount=Decimal(rng.choice((5, 12, 30, 60, 120))),
                organisation="企业主要负责人牵头，安全部门组织实施", time_limit="按整改期限完成并申请验收",
                safety_measures="整改期间停止相关作业，设置警戒并落实应急预案",
                in_place_measures=True, in_place_responsibility=True, in_place_funds=True,
                in_place_time=True, in_place_plan=True))
            if rng.random() < 0.45:
                listed.append(h)
    bulk_records(actor=ctx.actor, summary="演示隐患", reports=reports, verifications=checks,
                 plans=plans)
    for i, h in enumerate(listed):
        city = city_bureau is not None and (h.stop_production or i % 4 == 0)
        department = city_bureau if city else bureaus.get(str(h.region_id)[:6])
        if department is None:
            continue
        h.listed_level = "city" if city else "district"
        h.listed_department = department
        h.listed_officer = h.supervising_officer if not city else None
        h.listed_at = h.found_at + timedelta(days=2)
        h.listing_number = f"{'武应急' if city else '区应急'}督〔{h.found_at.year}〕{i + 1}号"
    bulk_listings([h for h in listed if h.listed_level], actor=ctx.actor, summary="演示隐患")
    ctx.log(f"  整改报告 {len(reports)}，验收 {len(checks)}，治理方案 {len(plans)}")


def _inspections(ctx: DemoContext, enterprises: list[Any], rng: random.Random,
                 now: datetime) -> None:
    """Passed self-inspections for about half the enterprises (coverage view)."""
    lists = {c.industry: c for c in Checklist.objects.filter(active=True)}
    general = lists.get("")
    items = {c.pk: list(c.items.all()) for c in lists.values()}
    inspections: list[tuple[SelfInspection, list[SelfInspectionResult]]] = []
    for e in enterprises:
        if rng.random() > 0.55:
            continue
        checklist = lists.get(e.industry) or general
        if checklist is None:
            continue
        inspections.append((SelfInspection(
            enterprise=e, checklist=checklist, inspected_at=now - timedelta(days=rng.uniform(1, 170)),
            inspector_name=e.safety_manager or person_name(e.pk), item_count=len(items[checklist.pk]),
            failed_count=0), [SelfInspectionResult(item=item, passed=True)
                              for item in items[checklist.pk]]))
    created = bulk_self_inspections(inspections, actor=ctx.actor, summary="演示企业自查")
    ctx.log(f"  企业自查 {len(created)} 次")
