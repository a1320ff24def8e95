"""The demo year of drills: twelve city drills, street evacuation drills, enterprise
drills, an upcoming drill and a double-blind drill through the intake in drill mode."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Region, User
from yingji.plans.models import Plan


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


# --- a year of drills -------------------------------------------------------------------------

DRILL_KINDS = ("comprehensive", "live", "tabletop", "single", "double_blind")
FINDINGS = (
    "部门间信息传递存在延迟，首报超时",
    "现场指挥部设置位置不合理，影响通行",
    "部分参演人员对疏散路线不熟悉",
    "应急物资台账与实物不符",
    "通信保障组备用电台未调试",
)


def build_drills(actor: Actor, context: DemoContext) -> int:
    """Twelve city drills over the year (one a month), street evacuation drills,
    enterprise drills, a planned drill next month, and a double-blind drill run through
    the intake in drill mode awaiting the external evaluator."""
    import random
    from decimal import Decimal

    from yingji.plans import rules
    from yingji.plans.services import drills

    rng = random.Random(720)
    today = timezone.localdate()
    evaluator = _user("pg_evaluator")
    city_plans = list(Plan.objects.filter(kind="special", level="city", state="in_force").order_by("pk"))
    count = 0

    def held(
        plan: Plan,
        title: str,
        kind: str,
        on: date,
        organiser: str,
        people: int,
        scenario: str,
        evaluate: bool = True,
    ) -> Any:
        drill = drills.create_drill(
            {
                "plan": plan,
                "title": title,
                "kind": kind,
                "region": plan.region,
                "address": "",
                "organiser": organiser,
                "participants": "、".join(g.lead_department for g in plan.groups.all()[:4]),
                "participant_count": people,
                "scenario": scenario,
                "planned_on": on,
            },
            actor=actor,
        )
        drill = drills.start_drill(drill, actor=actor, held_on=on)
        drill = drills.finish_drill(drill, actor=actor, comment="演练按方案完成")
        if evaluate:
            scores = {
                code: Decimal(top) - Decimal(rng.choice((0, 0, 1, 2, 3)))
                for code, _, top in rules.AQT9009_ITEMS
            }
            findings = []
            if rng.random() < 0.6:
                findings.append(
                    drills.FindingInput(
                        rng.choice(FINDINGS),
                        next((g.lead_department for g in plan.groups.all()[:1]), organiser),
                        on + timedelta(days=45),
                    )
                )
            drill = drills.evaluate_drill(
                drill,
                actor=actor,
                scores=scores,
                findings=findings,
                summary="演练目标基本达成，指挥协调顺畅，需加强信息报送时效",
            )
        return drill

    year = today.year
    for month in range(1, min(today.month, 12)):
        plan = city_plans[(month - 1) % len(city_plans)]
        kind = DRILL_KINDS[month % 4]
        on = date(year, month, 10 + month)
        held(
            plan,
            f"{year}年{plan.name.removeprefix('武汉市').removesuffix('应急预案')}{dict(rules.DRILL_KINDS)[kind]}",
            kind,
            on,
            "武汉市应急管理局",
            80 + month * 10,
            f"模拟{plan.name.removeprefix('武汉市')[:6]}情景，检验预案响应流程",
        )
        count += 1
    for plan in Plan.objects.filter(kind="grassroots", state="in_force").order_by("pk")[:4]:
        held(
            plan,
            f"{plan.region.name}疏散逃生演练",
            "single",
            date(year, 5, 12),
            f"{plan.region.name}办事处",
            200,
            "社区居民楼发生火灾，组织居民疏散至应急避难场所",
            evaluate=False,
        )
        count += 1
    for position, plan in enumerate(
        Plan.objects.filter(kind="ent_comprehensive", state="in_force").order_by("pk")[:3]
    ):
        held(
            plan,
            f"{plan.enterprise.name if plan.enterprise else ''}泄漏事故综合演练",
            "comprehensive",
            date(year - (1 if position == 2 else 0), 6, 18),
            "企业安全管理部",
            60,
            "储罐区阀门泄漏，启动企业应急响应并报告属地",
        )
        count += 1
    # Next month's city drill (a reminder) and the tabletop drill awaiting the evaluator.
    if city_plans:
        upcoming = today + timedelta(days=12)
        drills.create_drill(
            {
                "plan": city_plans[0],
                "title": f"{year}年防汛抢险综合演练（冬训）",
                "kind": "live",
                "region": city_plans[0].region,
                "organiser": "武汉市防汛抗旱指挥部办公室",
                "participants": "市水务局、市消防救援支队、武汉警备区",
                "participant_count": 300,
                "scenario": "长江高水位期间堤防管涌险情",
                "planned_on": upcoming,
                "evaluator": evaluator,
            },
            actor=actor,
        )
        tabletop = held(
            city_plans[6 % len(city_plans)],
            f"{year}年危险化学品事故无脚本全盲桌面推演",
            "tabletop",
            today - timedelta(days=6),
            "武汉市应急管理局",
            40,
            "随机导调：化工园区储罐火灾并引发周边人员中毒",
            evaluate=False,
        )
        if evaluator is not None:
            drills.update_drill_evaluator(tabletop, evaluator, actor=actor)
        count += 2
    count += _double_blind(actor, evaluator, context)
    return count


def _double_blind(actor: Actor, evaluator: Any, context: DemoContext) -> int:
    """A double-blind drill of 江岸区's fire plan through the real intake (drill mode)."""
    from yingji.plans.services import activation, drills, matching

    plan = Plan.objects.filter(name="江岸区火灾事故应急预案", state="in_force").first()
    street = Region.objects.filter(code="420102002000").first()
    if plan is None or street is None:
        return 0
    leader = _user("ja_leader")  # the leader on duty of 江岸区 takes the call and starts the plan
    who = Actor(user=leader) if leader is not None else actor
    drill = drills.create_drill(
        {
            "plan": plan,
            "title": "江岸区商业综合体火灾双盲演练",
            "kind": "double_blind",
            "region": street,
            "address": "大智街道中山大道某商业综合体",
            "organiser": "江岸区应急管理局",
            "participants": "区消防救援大队、大智街道、区卫生健康局",
            "participant_count": 120,
            "scenario": "不预先通知时间地点，模拟商场三层起火、2人被困",
            "planned_on": timezone.localdate(),
            "evaluator": evaluator,
        },
        actor=actor,
    )
    drill = drills.start_drill(
        drill,
        actor=who,
        through_intake=True,
        incident={
            "category": "accident",
            "subtype": "fire",
            "address": "大智街道中山大道某商业综合体",
            "trapped": 2,
            "received_at": timezone.now() - timedelta(minutes=48),
            "caller": "商场保安",
            "caller_phone": "13907100000",
            "longitude": 114.2912,
            "latitude": 30.5905,
        },
    )
    assert drill.incident is not None
    matched = [m for m in matching.match_incident(drill.incident) if m.plan.pk == plan.pk]
    if matched:
        activation.activate(drill.incident, plan, matched[0].level, actor=who, reason=matched[0].reason)
    drills.finish_drill(drill, actor=who, comment="双盲演练结束，待第三方评估")
    context.log("  双盲演练：通过接报系统以演练模式开展，事件标注【演练】，不计入统计")
    return 1
