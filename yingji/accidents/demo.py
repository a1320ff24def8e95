"""Demo accidents of Wuhan: ten years of production safety accidents with the seasons
of the trade (few at the Spring Festival, most in the summer construction season) and a
downward trend, each district's 双下降 targets, and the last half year through the
services in every stage: under investigation (one report overdue), awaiting 批复,
rectification in progress, closed and owing its 回头看, one under 挂牌督办 and one
escalated; two typical cases. Deterministic (one seeded generator, dates relative to the
build day); a second run adds nothing."""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident, DistrictTarget, Stage
from yingji.accidents.services import accidents, bulk, findings, investigation
from yingji.accidents.services.common import SHANGHAI
from yingji.core.actor import Actor
from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region
from yingji.core.services.objects import create_object

SEED = 20260710
PER_YEAR = 120  # accidents in the first year, per demo scale unit
TREND = 0.92  # each year about 8 % fewer
# Seasons: the Spring Festival stops work; the summer construction season is the peak.
MONTH_WEIGHT = {1: 0.6, 2: 0.5, 3: 0.9, 4: 1.0, 5: 1.1, 6: 1.15, 7: 1.3, 8: 1.3, 9: 1.1,
                10: 0.95, 11: 1.0, 12: 1.05}
INDUSTRIES = (("construction", 30), ("industry_trade", 26), ("transport", 18), ("fire", 8),
              ("hazchem", 5), ("gas", 4), ("other", 9))
CATEGORY_BY_INDUSTRY = {
    "construction": (("09", 45), ("01", 20), ("10", 15), ("04", 10), ("05", 10)),
    "industry_trade": (("03", 40), ("01", 20), ("04", 15), ("19", 10), ("05", 10), ("07", 5)),
    "transport": (("02", 85), ("06", 15)), "fire": (("08", 100),),
    "hazchem": (("18", 40), ("19", 35), ("07", 15), ("17", 10)),
    "gas": (("18", 60), ("19", 40)), "other": (("20", 40), ("09", 30), ("06", 30)),
}
TITLES = {"09": "高处坠落事故", "01": "物体打击事故", "10": "坍塌事故", "04": "起重伤害事故",
          "05": "触电事故", "03": "机械伤害事故", "19": "中毒和窒息事故", "07": "灼烫事故",
          "02": "车辆伤害事故", "06": "淹溺事故", "08": "火灾事故", "18": "爆炸事故",
          "17": "容器爆炸事故", "20": "其他伤害事故"}
UNIT_KIND = {"construction": "建设工程有限公司", "industry_trade": "机械制造有限公司",
             "transport": "物流运输有限公司", "fire": "商贸有限公司", "hazchem": "化工有限公司",
             "gas": "燃气有限公司", "other": "物业服务有限公司"}
WORDS = ("江城", "汉阳", "楚天", "长江", "东湖", "华中", "鑫达", "恒信", "中南", "光谷", "汉江", "荆楚")
LESSONS = ("一、企业主体责任不落实，安全管理制度形同虚设；二、现场作业未辨识风险、未落实防护措施；"
           "三、属地和行业监管存在漏洞。各地各部门要举一反三，深入开展同类隐患排查整治。")
CAUSES = (("unsafe_act", "training"), ("unsafe_state", "prevention"), ("unsafe_act", "supervision"),
          ("procedures", "unsafe_act"), ("unsafe_state", "design_defect"), ("illegal", "regulation"))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def _casualties(rng: random.Random) -> tuple[int, int, int, Decimal]:
    roll = rng.random()
    if roll < 0.03:
        deaths = rng.randint(3, 5)  # 较大
    elif roll < 0.13:
        deaths = 2
    elif roll < 0.85:
        deaths = 1
    else:
        deaths = 0
    serious = rng.choice((0, 0, 0, 1, 1, 2)) + (rng.randint(10, 12) if deaths == 0 and roll > 0.995 else 0)
    loss = Decimal(rng.randint(15, 380)) + Decimal(rng.randint(0, 99)) / 100
    return deaths, 0, serious, loss


def _dates(today: date, years: int, rng: random.Random, scale: int) -> list[date]:
    days: list[date] = []
    for k in range(years):
        year = today.year - years + 1 + k
        expected = PER_YEAR * scale * (TREND ** k)
        for month in range(1, 13):
            first = date(year, month, 1)
            if first > today:
                break
            count = round(expected / 12 * MONTH_WEIGHT[month] * rng.uniform(0.8, 1.2))
            last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            span = (min(last, today - timedelta(days=1)) - first).days
            days += [first + timedelta(days=rng.randint(0, max(span, 0))) for _ in range(count)
                     if span >= 0]
    return sorted(days)


def _row(rng: random.Random, n: int, day: date, streets: list[tuple[str, str]],
         enterprises: dict[tuple[str, str], list[Any]]) -> dict[str, Any]:
    industry = _pick(rng, INDUSTRIES)
    category = _pick(rng, CATEGORY_BY_INDUSTRY[industry])
    code, name = streets[rng.randrange(len(streets))]
    known = enterprises.get((code[:6], industry)) or []
    enterprise = known[rng.randrange(len(known))] if known and rng.random() < 0.6 else None
    unit = enterprise.name if enterprise else f"武汉{WORDS[n % len(WORDS)]}{UNIT_KIND[industry]}"
    deaths, missing, serious, loss = _casualties(rng)
    production: dict[str, Any] = ({"is_production": True} if rng.random() > 0.04 else
                                  {"is_production": False, "non_production_reason": "illness"})
    occurred = datetime.combine(day, time(rng.randint(7, 19), rng.randint(0, 59)), tzinfo=SHANGHAI)
    victims = "、".join(person_name(n * 3 + k) for k in range(max(deaths + serious, 1)))
    return {
        "title": f"{unit}“{day:%m·%d}”{TITLES[category]}", "occurred_at": occurred,
        "region_id": code, "address": f"{name}{WORDS[(n * 5) % len(WORDS)]}路{rng.randint(1, 300)}号",
        "enterprise": enterprise, "unit_name": "" if enterprise else unit,
        "credit_code": "" if enterprise else f"91420100MA4K{n % 1000000:06d}",
        "industry": industry, "subtype": rules.default_subtype(industry, category), **production,
        "deaths": deaths, "missing": missing, "serious_injuries": serious,
        "minor_injuries": rng.choice((0, 1, 1, 2)), "loss_wan": loss, "victims": victims,
        "category_6441": category, "causes": list(CAUSES[n % len(CAUSES)]),
        "description": f"{day:%Y年%m月%d日}，{unit}在作业过程中发生{TITLES[category]}。",
    }


def _historical(values: dict[str, Any], rng: random.Random, today: date) -> Accident:
    """A record old enough to be done: investigated, replied, closed (and reviewed)."""
    row = Accident(**values)
    if not row.is_production:
        row.state = Stage.NOT_INVESTIGATED
        return row
    day = values["occurred_at"].date()
    row.report_due = day + timedelta(days=60)
    row.report_submitted_on = row.report_received_on = day + timedelta(days=rng.randint(35, 58))
    row.reply_due = row.report_received_on + timedelta(days=15)
    row.replied_on = row.report_received_on + timedelta(days=rng.randint(6, 14))
    row.reply_document = f"武政安〔{row.replied_on.year}〕{rng.randint(10, 99)}号"
    row.closed_on = row.replied_on + timedelta(days=rng.randint(30, 90))
    row.lead_unit = "区应急管理局"
    row.state = Stage.CLOSED
    big = values["deaths"] >= 3 or values["serious_injuries"] >= 10
    if big:
        row.review_due = row.closed_on + timedelta(days=365)
        if row.review_due < today - timedelta(days=20):
            row.reviewed_on = row.closed_on + timedelta(days=rng.randint(200, 350))
            row.review_findings = "整改措施已全部落实，相关企业和行业主管部门未发现同类问题反弹。"
            row.state = Stage.REVIEWED
        row.lead_unit = "武汉市应急管理局"
    return row


def _by(actor: Actor, accident: Accident) -> dict[str, Any]:
    """A step's actor and the version an officer opening the accident's page now would
    see (the demo takes each step as a person at the page would)."""
    return {"actor": actor, "expected_version": Accident.objects.values_list(
        "version", flat=True).get(pk=accident.pk)}


def _recent(values: dict[str, Any], age: int, n: int, actor: Actor, today: date) -> Accident:
    """A record of the last half year, taken through the services to its stage."""
    values = {k: v for k, v in values.items() if k != "region_id"}
    values["region"] = Region.objects.get(code=values.pop("region_code"))
    accident = accidents.create_accident(values, actor=actor)
    if not accident.is_production:
        return accident
    day = accident.occurred_at.astimezone(SHANGHAI).date()
    lead = f"{accident.region.parent.name if accident.region.parent else ''}应急管理局"
    investigation.add_team_member(accident, **_by(actor, accident), role="lead", name=lead)
    investigation.add_team_member(accident, **_by(actor, accident), role="member", name="区公安分局")
    investigation.add_team_member(accident, **_by(actor, accident), role="member", name="区总工会")
    if age <= 55 or (age <= 75 and n % 3 == 0):
        return accident  # 调查中 (over 60 days: the report is overdue)
    submitted = day + timedelta(days=min(50, age - 5))
    investigation.submit_report(accident, **_by(actor, accident), submitted_on=submitted)
    if age <= 75:
        return accident  # 待批复
    investigation.record_reply(accident, **_by(actor, accident), replied_on=submitted + timedelta(days=12),
                               document=f"武政安函〔{today.year}〕{n % 90 + 10}号")
    finding = findings.add_finding(accident, {
        "subject_kind": "person", "name": person_name(n + 100),
        "position": f"{accident.unit_display}主要负责人",
        "responsibility": "未履行安全生产管理职责，未督促落实安全生产责任制和隐患排查治理制度",
        "disposal": "penalty", "fine_wan": Decimal("6.5")}, **_by(actor, accident))
    measure = findings.add_measure(accident, {
        "content": "开展同类作业场所安全隐患专项排查整治", "owner_unit": accident.unit_display,
        "owner_name": person_name(n + 200), "due": today + timedelta(days=20 + n % 30)},
        **_by(actor, accident))
    if age <= 110:
        return accident  # 整改落实中
    if accident.enterprise_id is not None:
        # A registered enterprise's penalty is decided by the case it opens in enforcement:
        # the accident waits for that case (整改落实中, the case in the officers' hands).
        officers = _case_officers(accident, today)
        if len(officers) >= 2:
            findings.open_enforcement_case(finding, **_by(actor, accident), officers=officers[:2])
        return accident
    findings.carry_out_finding(finding, **_by(actor, accident),
                               note=f"武应急罚〔{today.year}〕{n % 50 + 1}号")
    findings.complete_measure(measure, **_by(actor, accident), done_on=today - timedelta(days=3),
                              result="已完成排查整治并建立长效机制")
    investigation.close_case(accident, **_by(actor, accident), closed_on=today - timedelta(days=2))
    return accident


def _case_officers(accident: Accident, today: date) -> list[Any]:
    """Two officers of the accident's district (or the city) who may handle a case today."""
    from django.db.models import Q

    from yingji.enforcement.models import Inspector

    code = accident.district_code.ljust(12, "0")
    return list(Inspector.objects.filter(is_active=True, certificate_expires_on__gte=today).exclude(
        on_leave_from__lte=today, on_leave_until__gte=today).filter(
        Q(region_id=code[:4] + "0" * 8) | Q(region__code__startswith=code[:6])).order_by("pk")[:2])


@register(710, "生产安全事故、调查处理与统计")
@transaction.atomic
def build_accidents(ctx: DemoContext) -> None:
    from yingji.enterprises.models import Enterprise

    if Accident.objects.exists():
        ctx.log("  演示事故已存在，跳过")
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    streets = list(Region.objects.filter(code__startswith="4201", level=4).exclude(
        name__endswith="开发区").order_by("code").values_list("code", "name"))
    if not streets:
        ctx.log("  没有武汉市街道区划，跳过演示事故")
        return
    enterprises: dict[tuple[str, str], list[Any]] = {}
    for enterprise in Enterprise.objects.filter(region__code__startswith="4201").order_by("pk"):
        enterprises.setdefault((enterprise.region_id[:6], enterprise.industry), []).append(enterprise)
    history: list[Accident] = []
    recent: list[tuple[dict[str, Any], int, int]] = []
    # 江岸区's officers have cases in hand: a quarter of the recent ones happen in 大智街道,
    # with a unit of the district (not another district's company moved there).
    dazhi = [s for s in streets if s[0] == "420102002000"] or streets
    for n, day in enumerate(_dates(today, 10, rng, ctx.scale)):
        age = (today - day).days
        in_jiangan = age <= 75 and len(recent) % 4 == 0
        values = _row(rng, n, day, dazhi if in_jiangan else streets, enterprises)
        if age > 180:
            history.append(_historical(values, rng, today))
        else:
            values["region_code"] = values.pop("region_id")
            recent.append((values, age, n))
    # Two typical cases: the most recent 较大 one, and 江岸区's gravest of the typical-case
    # page's default period (the last three years: its officers' 警示教育 list is not
    # empty), else the next 较大 one.
    production = [h for h in history if h.is_production]
    larger = sorted((h for h in production if h.deaths >= 3), key=lambda h: h.occurred_at,
                    reverse=True)
    jiangan = sorted((h for h in production if str(h.region_id).startswith("420102")
                      and h.occurred_at.year >= today.year - 2),
                     key=lambda h: (h.deaths, h.occurred_at), reverse=True)
    chosen = jiangan[:1]
    chosen += [h for h in larger if h not in chosen][:2 - len(chosen)]
    for row in chosen:
        row.typical = True
        row.typical_lessons = LESSONS
    bulk.bulk_history(history, actor=ctx.actor, summary="演示数据：十年历史事故")
    _targets(ctx.actor, today)
    for values, age, n in recent:
        _recent(values, age, n, ctx.actor, today)
    _featured(ctx.actor, today)
    _crosscheck(ctx.actor, today)
    ctx.log(f"  生产安全事故{Accident.objects.count()}起（近半年{len(recent)}起按办理阶段分布）")


def _featured(actor: Actor, today: date) -> None:
    """One 较大 accident under 挂牌督办 by the city, one 一般 accident escalated."""
    larger = Accident.objects.filter(state=Stage.INVESTIGATING, is_production=True).order_by(
        "-occurred_at").first()
    if larger is not None:
        accidents.change_figures(larger, **_by(actor, larger), reason="两名重伤人员经抢救无效死亡，一人失踪",
                                 deaths=larger.deaths + 2, missing=1)
        investigation.supervise(larger, **_by(actor, larger), department="武汉市安全生产委员会办公室",
                                due=today + timedelta(days=75))
    other = Accident.objects.filter(state=Stage.INVESTIGATING, grade="IV", escalated=False,
                                    is_production=True).order_by("occurred_at").first()
    if other is not None:
        investigation.escalate(other, **_by(actor, other), level="city",
                               reason="事故社会影响较大，市政府决定提级调查")


def _targets(actor: Actor, today: date) -> None:
    """双下降 targets of every district: this year 10 % under last year's figures."""
    from django.db.models import Count, Sum

    last = {r["district_code"]: r for r in Accident.objects.filter(
        is_production=True, occurred_month__gte=(today.year - 1) * 100 + 1,
        occurred_month__lte=(today.year - 1) * 100 + 12).values("district_code").annotate(
        n=Count("id"), d=Sum("deaths"))}
    for code, figures in sorted(last.items()):
        if not Region.objects.filter(code=code).exists():
            continue
        create_object(DistrictTarget, {
            "region": Region.objects.get(code=code), "year": today.year,
            # 10 % under, rounded up: a district of 3 accidents may have 3, not 2 (−33 %).
            "max_accidents": math.ceil(figures["n"] * 0.9),
            "max_deaths": math.ceil((figures["d"] or 0) * 0.9),
            "max_major": 0, "note": "起数和死亡人数比上年下降10%"}, actor=actor)


def _crosscheck(actor: Actor, today: date) -> None:
    """A work-injury list of the last month from the city's 人社局: most rows match a
    recorded accident; three become verification tasks of 江岸区 and 武昌区."""
    import io

    from openpyxl import Workbook

    from yingji.accidents.services import crosscheck

    since = today - timedelta(days=40)
    recent = list(Accident.objects.filter(is_production=True, occurred_at__date__gte=since)
                  .order_by("occurred_at")[:8])
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.label + ("*" if c.required else "") for c in crosscheck.COLUMNS])
    for a in recent:
        sheet.append([a.occurred_at.astimezone(SHANGHAI).date() + timedelta(days=1), a.unit_display,
                      a.credit_code, a.person_list[0] if a.person_list else "", str(a.region_id),
                      a.address, "工伤认定申请：作业中受伤"])
    unmatched = (("武汉江城钢构安装有限公司", "420102002000", "高处作业时坠落致腰椎骨折"),
                 ("武汉楚天包装制品有限公司", "420102003000", "手部被切纸机切伤"),
                 ("武汉汉江装饰工程有限公司", "420106001000", "装修作业中触电"))
    for k, (unit, code, text) in enumerate(unmatched):
        sheet.append([today - timedelta(days=5 + k * 4), unit, "", person_name(900 + k), code, "", text])
    buffer = io.BytesIO()
    book.save(buffer)
    crosscheck.import_list("injury", "武汉市人力资源和社会保障局工伤保险处", buffer.getvalue(), actor=actor)
