"""The demo plan system of Wuhan ("1+N+N"): the city's overall plan, a dozen city special
plans with their command structure, levels and triggers, district and street plans,
enterprise plans, plans at every lifecycle step (so each role has to-dos), and a plan
started for an open demo incident. Deterministic, through the services."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext
from yingji.core.models import Region, User
from yingji.core.models.regions import RegionLevel
from yingji.plans.builders import GROUPS, bring_in_force, build_plan
from yingji.plans.demo_special_plans import OVERALL_TRIGGERS, SPECIAL
from yingji.plans.models import Plan
from yingji.plans.services import lifecycle
from yingji.plans.services.coverage import KEY_INDUSTRIES

CITY = "420100000000"
JIANGAN = "420102000000"
WUCHANG = "420106000000"

# Conditions of the four levels on the incidents module's grades and the 493 figures.

# Actions per level by the kind of group (the group's name tells its kind); the fallback
# is the generic duty of any group at that level.
GROUP_ACTIONS: tuple[tuple[tuple[str, ...], dict[str, tuple[str, int]]], ...] = (
    (("综合", "协调", "指挥"), {"IV": ("接报核实，向指挥部和上级报告", 20),
                           "III": ("派员赶赴现场，设立现场指挥部", 60),
                           "II": ("召集成员单位会商研判，每2小时报告进展", 90),
                           "I": ("请求省级支援，落实上级指挥部部署", 120)}),
    (("抢险", "救援", "扑救", "灭火", "电力恢复"), {"IV": ("调派就近专业救援力量", 15),
                                          "III": ("组织专业队伍开展抢险救援", 30),
                                          "II": ("调集全市救援力量和装备增援", 60),
                                          "I": ("请求国家队伍和跨区域增援", 90)}),
    (("医疗", "卫生"), {"IV": ("调派急救车辆和医护人员", 15), "III": ("开通绿色通道，组织伤员救治", 30),
                    "II": ("启动医疗救治定点医院，组织专家会诊", 60),
                    "I": ("请求省级医疗专家和血液支援", 120)}),
    (("警戒", "疏散", "治安", "交通", "社会稳定"), {"IV": ("设置警戒区，疏导现场交通", 20),
                                         "III": ("实施交通管制，组织周边群众疏散", 40),
                                         "II": ("扩大管控范围，维护社会秩序", 60),
                                         "I": ("实施区域封控，保障救援通道", 90)}),
    (("转移", "安置", "群众生活", "救灾物资"), {"IV": ("开放就近避难场所，转移受威胁群众", 60),
                                        "III": ("调拨帐篷、棉被等救灾物资", 120),
                                        "II": ("启动市级物资储备，组织集中安置", 180),
                                        "I": ("请求省级救灾物资支援", 240)}),
    (("监测", "环境", "灾情", "专家"), {"IV": ("开展现场监测，研判发展态势", 30),
                                 "III": ("加密监测频次，每小时报告一次", 60),
                                 "II": ("组织专家会商，提出处置建议", 90),
                                 "I": ("请求上级技术支持", 120)}),
    (("宣传", "新闻"), {"IV": ("跟踪舆情，准备信息发布口径", 60), "III": ("发布权威信息，回应社会关切", 120),
                    "II": ("组织新闻发布会", 180), "I": ("统一对外发布，协调中央和省级媒体", 180)}),
)
GENERIC = {"IV": ("先期处置，核实情况并报告", 30), "III": ("派员赶赴现场，组织本组力量开展处置", 60),
           "II": ("全组到位，24小时值守，每2小时报告进展", 120), "I": ("请求上级支援，落实上级部署", 180)}


def _action(group: str, level: str) -> tuple[str, int]:
    for words, actions in GROUP_ACTIONS:
        if any(w in group for w in words):
            return actions[level]
    return GENERIC[level]


def _levels(triggers: dict[str, list[tuple[str, str]]], groups: Any) -> list[Any]:
    out = []
    for code in ("IV", "III", "II", "I"):
        actions = []
        for index, group in enumerate(groups):
            title, minutes = _action(group[0], code)
            actions.append((index, title, minutes))
        out.append((code, triggers[code], actions))
    return out


OVERALL_GROUPS = (
    ("综合协调组", "市应急管理局", "市政府办公厅、市委宣传部"),
    ("抢险救援组", "市消防救援支队", "武汉警备区、武警武汉支队"),
    ("医疗救治组", "市卫生健康委", "市急救中心"),
    ("治安交通组", "市公安局", "市交通运输局"),
    ("群众生活组", "市民政局", "市商务局"),
    ("新闻宣传组", "市委宣传部", "市融媒体中心"),
)
DISTRICT_GROUPS = GROUPS
STREET_GROUPS = (("综合协调组", "", ""), ("转移疏散组", "", ""))


def _user(name: str) -> User | None:
    return User.objects.filter(username=name).first()


def build_demo(context: DemoContext) -> None:
    if Plan.objects.filter(name="武汉市突发事件总体应急预案").exists():
        context.log("  应急预案已存在，跳过")
        return
    if not Region.objects.filter(code=JIANGAN).exists():
        context.log("  没有武汉市的区划，跳过应急预案演示数据")
        return
    supervisor = _user("wh_supervisor")
    actor = Actor(user=supervisor) if supervisor is not None else context.actor
    city = Region.objects.get(code=CITY)
    contacts = [u for u in (_user("wh_duty"), _user("wh_leader"), _user("ja_duty")) if u]
    overall = build_plan(
        actor,
        city,
        name="武汉市突发事件总体应急预案",
        kind="overall",
        level="city",
        category="",
        subtypes="",
        groups=OVERALL_GROUPS,
        levels=_levels(OVERALL_TRIGGERS, OVERALL_GROUPS),
        contacts=contacts[:2],
    )
    overall = bring_in_force(overall, actor, issued_on=date(2023, 6, 12), doc_number="武政〔2023〕15号")
    made = 1
    for index, (name, category, subtypes, command, groups, triggers, resources) in enumerate(SPECIAL):
        plan = build_plan(
            actor,
            city,
            name=name,
            kind="special",
            level="city",
            category=category,
            subtypes=subtypes,
            groups=groups,
            levels=_levels(triggers, groups),
            parent=overall,
            contacts=contacts,
            resources=resources,
            command=command,
        )
        made += 1
        if index == 10:  # 道路交通: still in expert review
            lifecycle.submit_review(plan, actor=actor)
            continue
        issued = date(2021, 4, 8) if index == 4 else date(2023, 9, 1) + timedelta(days=index * 17)
        bring_in_force(plan, actor, issued_on=issued, doc_number=f"武政办〔{issued.year}〕{20 + index}号")
    made += _districts(actor, overall)
    made += _enterprises(actor)
    _activate_open_incident(actor, context)
    from yingji.plans.demo_drills import build_drills

    drilled = build_drills(actor, context)
    context.log(
        f"  应急预案 {made} 件（总体1件、市级专项{len(SPECIAL)}件、区级和街道、企业预案），"
        f"应急演练 {drilled} 次"
    )


def _districts(actor: Actor, overall: Plan) -> int:
    count = 0
    for code, name in ((JIANGAN, "江岸区"), (WUCHANG, "武昌区")):
        region = Region.objects.get(code=code)
        district = build_plan(
            actor,
            region,
            name=f"{name}突发事件总体应急预案",
            kind="overall",
            level="district",
            category="",
            subtypes="",
            parent=overall,
            levels=_levels(OVERALL_TRIGGERS, DISTRICT_GROUPS),
        )
        district = bring_in_force(
            district, actor, issued_on=date(2024, 3, 18), doc_number=f"{name[:2]}政〔2024〕6号"
        )
        fire = build_plan(
            actor,
            region,
            name=f"{name}火灾事故应急预案",
            parent=district,
            resources=[("IV", "team", "灭火", 2)],
        )
        bring_in_force(fire, actor, issued_on=date(2024, 5, 6), doc_number=f"{name[:2]}政办〔2024〕11号")
        count += 2
        streets = list(Region.objects.filter(parent_id=code, level=RegionLevel.TOWN).order_by("code"))
        for position, street in enumerate(streets[:6]):
            plan = build_plan(
                actor,
                street,
                name=f"{street.name}突发事件应急预案",
                kind="grassroots",
                level="street",
                category="",
                subtypes="",
                parent=district,
                groups=(
                    ("综合协调组", f"{street.name}办事处", "社区居委会"),
                    ("转移疏散组", f"{street.name}应急办", "辖区派出所、社区网格员"),
                ),
                levels=_levels(OVERALL_TRIGGERS, STREET_GROUPS),
            )
            count += 1
            if position == 5:  # issued in time but not yet filed: an overdue filing
                plan = lifecycle.submit_review(plan, actor=actor)
                plan = lifecycle.record_review(
                    plan,
                    actor=actor,
                    held_on=date(2025, 9, 1),
                    experts="张华、李强、王敏",
                    conclusion="passed",
                    opinions="职责明确，疏散路线需补充",
                )
                plan = lifecycle.sign_plan(plan, actor=actor, signer="街道办事处主任")
                lifecycle.issue_plan(
                    plan,
                    actor=actor,
                    doc_number=f"{street.name[:2]}办〔2025〕3号",
                    issued_on=date(2025, 9, 8),
                )
                continue
            if position == 4:
                continue  # still in drafting
            bring_in_force(
                plan,
                actor,
                issued_on=date(2024, 7, 1) + timedelta(days=position * 9),
                doc_number=f"{street.name[:2]}办〔2024〕{position + 2}号",
            )
    return count


def _enterprises(actor: Actor) -> int:
    from yingji.enterprises.models import Enterprise

    count = 0
    owner = _user("qy_safety")
    mine = set(owner.enterprise_memberships.values_list("enterprise_id", flat=True)) if owner else set()
    enterprises = list(Enterprise.objects.filter(pk__in=mine))
    # Key enterprises first (a major hazard source, a high-risk industry): the ones whose
    # plans and drills the coverage counts. NULLs last on both databases (SQLite puts them
    # first, which picked shops and printers).
    key = Q(major_hazard_grade__isnull=False) | Q(industry__in=KEY_INDUSTRIES)
    enterprises += list(
        Enterprise.objects.filter(key, region__code__startswith="420102", status="operating")
        .exclude(pk__in=mine)
        .order_by(F("major_hazard_grade").asc(nulls_last=True), "name")[:5]
    )
    for position, enterprise in enumerate(enterprises):
        region = enterprise.region
        comprehensive = build_plan(
            actor,
            region,
            name=f"{enterprise.name}生产安全事故综合应急预案",
            kind="ent_comprehensive",
            level="enterprise",
            category="accident",
            subtypes="production,hazchem,fire",
            enterprise=enterprise,
            groups=(
                ("应急指挥组", "企业主要负责人", "安全管理部"),
                ("抢险救援组", "生产部", "设备部"),
                ("疏散警戒组", "行政部", "保卫科"),
            ),
            levels=[
                (
                    "IV",
                    [("trapped", "1"), ("alarm_level", "hh")],
                    [(0, "启动企业应急响应并报告属地", 10), (1, "切断物料、开展初期处置", 15)],
                ),
                ("III", [("deaths", "1"), ("serious_injuries", "3")], [(2, "组织全厂疏散并清点人数", 20)]),
            ],
        )
        count += 1
        if enterprise.pk in mine or position == 0:
            # The enterprise's own on-site disposal plan waits for filing: the enterprise's to-do.
            onsite = build_plan(
                actor,
                region,
                name=f"{enterprise.name}储罐区泄漏现场处置方案",
                kind="ent_onsite",
                level="enterprise",
                category="accident",
                subtypes="hazchem,fire",
                enterprise=enterprise,
                parent=comprehensive,
                groups=(("岗位处置组", "当班班长", "操作工"),),
                levels=[("IV", [("alarm_level", "h")], [(0, "关闭进料阀，启动喷淋", 5)])],
            )
            onsite = lifecycle.submit_review(onsite, actor=actor)
            onsite = lifecycle.record_review(
                onsite,
                actor=actor,
                held_on=date(2025, 10, 9),
                experts="刘伟、陈刚、赵敏",
                conclusion="changes",
                opinions="补充应急物资清单后通过",
            )
            onsite = lifecycle.sign_plan(onsite, actor=actor, signer="总经理")
            lifecycle.issue_plan(
                onsite, actor=actor, doc_number="企安〔2025〕8号", issued_on=date(2025, 10, 20)
            )
            count += 1
        if position < 4:
            bring_in_force(
                comprehensive,
                actor,
                issued_on=date(2024, 4, 1) + timedelta(days=position * 30),
                doc_number=f"企安〔2024〕{position + 1}号",
            )
    return count


def _activate_open_incident(actor: Actor, context: DemoContext) -> None:
    """Start the best matching plan for one open demo incident (its tasks and 叫应)."""
    from yingji.incidents.models import Incident
    from yingji.plans.services import activation, matching

    commander = _user("wh_leader")
    who = Actor(user=commander) if commander is not None else actor
    for incident in Incident.objects.filter(state__in=("received", "responding")).order_by("received_at"):
        found = matching.match_incident(incident)
        if found:
            best = found[0]
            activation.activate(
                incident, Plan.objects.get(pk=best.plan.pk), best.level, actor=who, reason=best.reason
            )
            context.log(f"  {incident.title}：依据《{best.plan.name}》启动{best.level_label}")
            return
