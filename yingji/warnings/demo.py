"""Demo data: a responsible-person directory for a few streets of four Wuhan districts
(county → town → village chains) and bulletins in every state; the published rainstorm
warning of 江岸区 has been answered the way a real call is — some in time, some late
after the re-sent message, some by telephone recorded by the district duty officer, a
few not at all (escalated) — and the street duty officer of 大智街道 still has to
answer it on her workbench. Deterministic; every write goes through the services."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, User
from yingji.core.models.users import CONTACT_PREFIX
from yingji.core.personal.fields import matches
from yingji.core.services.notifications import acknowledge, check_acknowledgements
from yingji.warnings.models import Bulletin, DutyRole, ResponsiblePerson, WarningType
from yingji.warnings.services import board, bulletins, directory

DISTRICTS = ("420102000000", "420105000000", "420106000000", "420111000000")  # 江岸 汉阳 武昌 洪山
STREETS_PER_DISTRICT = 3
VILLAGES_PER_STREET = 4
ORGANISATION = {3: "人民政府", 4: "办事处", 5: "居委会"}
HANYANG, QINGSHAN = "420105000000", "420107000000"
# Answers to the 江岸 call, by the position of the recipient (by account id): in time by
# link or SMS reply, late (after the re-sent message) by link, by telephone after the
# escalation; the rest stay silent.
IN_TIME = {0: "link", 1: "sms", 2: "link", 3: "sms", 4: "link"}
LATE = (5, 6, 7)
BY_PHONE = (8, 9)


def _phone(n: int) -> str:
    return f"139{27000000 + n * 7919 % 1000000:08d}"


@register(500, "预警发布、责任人名录")
@transaction.atomic
def build(ctx: DemoContext) -> None:
    if ResponsiblePerson.objects.filter(matches(ResponsiblePerson, "phone", _phone(1))).exists():
        ctx.log("  演示责任人已存在，跳过")
        return
    districts = [r for r in Region.objects.filter(code__in=DISTRICTS).order_by("code")]
    if not districts:
        ctx.log("  没有武汉市的区划，跳过预警演示数据")
        return
    n = 0
    geological = WarningType.objects.get(code="geological")

    def add(region: Region, role: str, position: str,
            hazards: list[WarningType] | None = None) -> ResponsiblePerson:
        nonlocal n
        n += 1
        return directory.create_person({"name": person_name(n + 500), "phone": _phone(n),
                                        "region": region, "role": role, "position": position,
                                        "organisation": region.name + ORGANISATION[region.level],
                                        "hazard_types": hazards or []}, actor=ctx.actor)

    for district in districts:
        add(district, DutyRole.SANFANG_COUNTY, "副区长")
        for street in Region.objects.filter(parent=district).order_by("code")[:STREETS_PER_DISTRICT]:
            add(street, DutyRole.SANFANG_TOWN, "街道党工委副书记")
            add(street, DutyRole.INFORMANT, "应急办干事")
            for i, village in enumerate(Region.objects.filter(parent=street)
                                        .order_by("code")[:VILLAGES_PER_STREET]):
                add(village, DutyRole.SANFANG_VILLAGE, "社区书记")
                if i == 0:
                    add(village, DutyRole.GEO_MONITOR, "网格员", hazards=[geological])
    ctx.log(f"  责任人 {ResponsiblePerson.objects.count()} 名")
    _bulletins(ctx, districts)


def _account(username: str, fallback: Actor) -> Actor:
    """A demo account as the actor when the core demo made it (else the system)."""
    user = User.objects.filter(username=username, is_active=True).first()
    return Actor(user=user) if user is not None else fallback


def _bulletins(ctx: DemoContext, districts: list[Region]) -> None:
    now = timezone.now()
    kinds = {t.code: t for t in WarningType.objects.all()}
    duty, leader = _account("ja_duty", ctx.actor), _account("ja_leader", ctx.actor)
    by_code = {d.code: d for d in districts}

    def draft(district: Region, kind: str, level: str, content: str, measures: str,
              hours: int = 12, count: int = 2, polygon: dict[str, Any] | None = None,
              actor: Actor = ctx.actor) -> Bulletin:
        targets = list(Region.objects.filter(parent=district).order_by("code")[:count])
        return bulletins.create_bulletin({
            "warning_type": kinds[kind], "level": level, "region": district,
            "target_regions": targets, "effective_at": now, "polygon": polygon,
            "expires_at": now + timedelta(hours=hours), "content": content, "measures": measures,
            "issuer": f"{district.name}应急管理局"}, actor=actor)

    jiangan, wuchang = districts[0], districts[-1] if len(districts) > 1 else districts[0]
    rain = draft(jiangan, "rainstorm", "orange",
                 "受强对流天气影响，预计未来3小时大智街道、一元街道降雨量将达50毫米以上，并伴有雷电和短时大风。",
                 "1. 暂停户外作业和集会；2. 转移低洼地带和危旧房屋人员；3. 地下车库、下穿通道做好封闭准备。",
                 actor=duty)
    rain = bulletins.submit_bulletin(rain, actor=duty)
    rain = bulletins.publish_bulletin(rain, actor=leader)
    _answers(rain, duty, now)
    thunder = draft(jiangan, "thunder", "yellow", "预计未来6小时江岸区将出现雷电活动，局地伴有短时强降水。",
                    "户外人员及时到安全场所躲避，远离高大树木和广告牌。", hours=6, count=3,
                    actor=duty)
    bulletins.submit_bulletin(thunder, actor=duty)  # waits for the duty leader's review
    draft(wuchang, "heat", "yellow", "连续三天最高气温达35℃以上，预计仍将持续。",
          "避免午后高温时段户外作业，做好防暑降温。", hours=48, count=3)
    hanyang = by_code.get(HANYANG)
    if hanyang is not None:
        # The riverside strip of 汉阳 drawn on the map: the public map shows the polygon.
        riverside = {"type": "Polygon", "coordinates": [[
            [114.20, 30.52], [114.28, 30.53], [114.29, 30.58], [114.22, 30.60], [114.20, 30.52]]]}
        gale = draft(hanyang, "gale", "blue", "预计未来24小时汉阳区沿江一带平均风力6级以上，阵风7级。",
                     "加固户外广告牌和临时搭建物，江面船只回港避风。", hours=24, polygon=riverside)
        gale = bulletins.submit_bulletin(gale, actor=ctx.actor)
        bulletins.publish_bulletin(gale, actor=ctx.actor)
    qingshan = Region.objects.filter(code=QINGSHAN).first()
    if qingshan is not None:
        flood = draft(qingshan, "rainstorm", "yellow", "预计6小时内降雨量将达50毫米以上。",
                      "排查易涝点，预置抽排设备。")
        flood = bulletins.submit_bulletin(flood, actor=ctx.actor)
        flood = bulletins.publish_bulletin(flood, actor=ctx.actor)
        flood = bulletins.upgrade_bulletin(flood, actor=ctx.actor, level="orange",
                                           content="降雨持续加强，3小时降雨量将达50毫米以上。")
        bulletins.lift_bulletin(flood, actor=ctx.actor)
    ctx.log(f"  预警信息 {Bulletin.objects.count()} 条")


def _answers(bulletin: Bulletin, recorder: Actor, now: datetime) -> None:
    """The call's answers over its first hour, through the 叫应 services; the checks
    that re-send and escalate run at the times they would (their own ``now``)."""
    notes = list(board.calls(bulletin).filter(recipient__username__startswith=CONTACT_PREFIX)
                 .select_related("recipient").order_by("recipient_id"))
    within = timedelta(minutes=bulletin.ack_within_minutes)
    for i, via in IN_TIME.items():
        if i < len(notes):
            acknowledge(notes[i], via=via, actor=Actor.system("demo"))
    check_acknowledgements(now + within + timedelta(minutes=1))  # the silent are called again
    for i in LATE:
        if i < len(notes):
            acknowledge(notes[i], via="link", actor=Actor.system("demo"))
    check_acknowledgements(now + 2 * within + timedelta(minutes=2))  # and escalated
    if recorder.user is None:
        return  # without the demo accounts nobody signs the phone answers
    for i in BY_PHONE:
        if i < len(notes):
            board.record_phone_ack(bulletin, notification=notes[i].pk, actor=recorder)
