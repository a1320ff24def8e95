"""The demo flood of Wuhan: six days of heavy rain in 江岸区 and 黄陂区; 200 villages and
communities have filed their 初报 and daily 续报 (history loaded at once through
``services.bulk``; today's reports of 大智街道 through the chain's own services, so the
street, the district and the informant have work waiting), relief cases at every step
with money and goods issued (goods out of a reserve through the stock ledger), the
12-hour checks of the affected streets (most done in time, two late and escalated), and a
hailstorm in 新洲区 three hours old whose 12-hour clocks are running.

Deterministic (one seeded generator, times relative to the build day); a second run adds
nothing."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, RegionLevel, User
from yingji.disasters.demo_figures import (
    DAZHI,
    FLOOD_STREETS,
    GROWTH,
    HAIL_STREETS,
    SEED,
    _final,
    _id_number,
    _on_day,
    _villages,
)
from yingji.disasters.demo_plan import city_plan
from yingji.disasters.demo_relief import _checks, _relief, _support
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterEvent, DisasterReport
from yingji.disasters.services import bulk, checks, events, reports, rounds


@register(730, "自然灾害灾情报送与救灾救助")
def build(ctx: DemoContext) -> None:
    if DisasterEvent.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(5, 30)))
    with transaction.atomic():
        city_plan(ctx)
        flood = _flood(ctx, rng, start)
        _relief(ctx, rng, flood)
        _checks(ctx, rng, flood)
        _support(ctx, rng, flood)
        _hail(ctx, rng)
        # The next day's 续报 round of the flood (重大 by the city's table), as the
        # five-minute job would open it, so the duty officers see it at once.
        rounds.open_followup_rounds()
    ctx.log("自然灾害：暴雨洪涝200个村（社区）7天报灾、救助对象、12小时保障看板，风雹灾害1起")


def _rain_bulletins(ctx: DemoContext, event: DisasterEvent) -> list[Any]:
    """The 暴雨 warning the flood came with: 黄陂区's orange rainstorm warning, issued two
    hours before the rain began and renewed while it lasts (through warnings' services),
    and whatever the warnings demo published over the flood's streets."""
    from yingji.warnings.models import WarningType
    from yingji.warnings.services import bulletins
    from yingji.warnings.services.for_events import bulletins_for

    kind = WarningType.objects.filter(code="rainstorm").first()
    huangpi = Region.objects.filter(code="420116000000").first()
    if kind is not None and huangpi is not None:
        targets = list(Region.objects.filter(code__in=FLOOD_STREETS, parent=huangpi))
        rain = bulletins.create_bulletin(
            {
                "warning_type": kind,
                "level": "orange",
                "region": huangpi,
                "target_regions": targets,
                "effective_at": event.started_at - timedelta(hours=2),
                "expires_at": timezone.now() + timedelta(hours=12),
                "content": "受持续强降雨影响，预计未来24小时黄陂区中南部累计降雨量将达100毫米以上，"
                "滠水、府河水位持续上涨。",
                "measures": "1. 转移山洪、内涝危险区和低洼地带群众；2. 停止户外作业和集会；"
                "3. 水库、塘堰加密巡查。",
                "issuer": "黄陂区应急管理局",
            },
            actor=ctx.actor,
        )
        rain = bulletins.submit_bulletin(rain, actor=ctx.actor)
        bulletins.publish_bulletin(rain, actor=ctx.actor)
    regions = [event.region, *event.affected_regions.all()]
    return [b for b in bulletins_for(regions, event.started_at) if b.warning_type.code == "rainstorm"]


def _flood(ctx: DemoContext, rng: random.Random, start: datetime) -> DisasterEvent:
    streets = list(Region.objects.filter(code__in=FLOOD_STREETS))
    city = Region.objects.get(code="420100000000")
    event = events.create_event(
        {
            "title": f"{timezone.localtime(start):%m月%d日}武汉市暴雨洪涝灾害",
            "kind": "flood",
            "grade": "major",
            "region": city,
            "affected_regions": streets,
            "started_at": start,
            "description": "受强降雨影响，江岸区、黄陂区出现严重城市内涝和农田渍涝，滠水、府河水位超警戒。",
        },
        actor=ctx.actor,
    )
    from yingji.incidents.services import intake

    incident = intake.receive_incident(
        {
            "title": "黄陂区六指街道暴雨致农田和村湾受淹",
            "received_at": start + timedelta(minutes=20),
            "occurred_at": start,
            "source": "phone",
            "caller": "六指街道应急办",
            "caller_phone": "027-61000000",
            "region": Region.objects.get(code="420116006000"),
            "address": "黄陂区六指街道滠水沿线",
            "longitude": 114.52,
            "latitude": 31.02,
            "category": "natural",
            "subtype": "flood_drought",
            "deaths": 0,
            "serious_injuries": 0,
            "affected": 3000,
            "relocated": 260,
            "description": "持续强降雨，滠水水位超警戒，多个村湾进水，正组织群众转移",
        },
        actor=ctx.actor,
    )
    event = events.update_event(
        event, {"incidents": [incident], "bulletins": _rain_bulletins(ctx, event)}, actor=ctx.actor
    )
    villages = _villages()
    finals = {v.code: _final(rng, not v.code.startswith("420102")) for v in villages}
    # Two dead and one missing, in two villages of 黄陂区.
    rural = [v for v in villages if v.code.startswith("420116")]
    finals[rural[3].code]["deaths"] = 1
    finals[rural[40].code]["deaths"] = 1
    finals[rural[41].code]["missing"] = 1
    rows: list[DisasterReport] = []
    now = timezone.now()
    live = [v for v in villages if v.parent_id == DAZHI]
    for v in villages:
        street, county = v.parent_id or "", (v.parent.parent_id if v.parent else "") or ""
        days = 6 if v in live else (7 if rng.random() < 0.7 else 6)
        for day in range(days):
            at = (
                start + timedelta(hours=rng.uniform(0.8, 2.4))
                if day == 0
                else timezone.make_aware(
                    datetime.combine(
                        timezone.localtime(start).date() + timedelta(days=day), time(7, rng.randint(0, 55))
                    )
                )
            )
            if at > now:
                break
            last = day == days - 1 and day == 6
            state = "accepted"
            if last:
                state = "reviewed" if rng.random() < 0.5 else "submitted"
            rows.append(
                DisasterReport(
                    event=event,
                    region=v,
                    street_code=street,
                    county_code=county,
                    kind="initial" if day == 0 else "followup",
                    sequence=day + 1,
                    reported_at=at,
                    submitted_at=at,
                    reviewed_at=at + timedelta(minutes=40) if state != "submitted" else None,
                    checked_at=at + timedelta(minutes=90) if state == "accepted" else None,
                    late=day == 0 and at > start + timedelta(hours=2),
                    state=state,
                    state_changed_at=at,
                    note="" if day else "积水严重，已组织转移",
                    **_on_day(finals[v.code], GROWTH[day]),
                )
            )
    casualties, houses = _registers(rng, event, villages, finals, start)
    bulk.load_history(
        event,
        rows,
        actor=ctx.actor,
        summary="演示数据：暴雨洪涝灾情报告",
        casualties=casualties,
        houses=houses,
    )
    _live_chain(ctx, event, live, finals)
    return event


def _registers(
    rng: random.Random,
    event: DisasterEvent,
    villages: list[Region],
    finals: dict[str, dict[str, Any]],
    start: datetime,
) -> tuple[list[CasualtyRecord], list[DamagedHouse]]:
    casualties, houses = [], []
    n = 0
    for v in villages:
        final = finals[v.code]
        for status, count in (("dead", final.get("deaths", 0)), ("missing", final.get("missing", 0))):
            for _ in range(count):
                n += 1
                casualties.append(
                    CasualtyRecord(
                        event=event,
                        region=v,
                        name=person_name(n + 500),
                        gender=rng.choice("男女"),
                        age=rng.randint(45, 82),
                        id_number=_id_number(rng, v.code[:6]),
                        status=status,
                        cause="山洪冲毁房屋" if status == "dead" else "涉水转移途中被洪水冲走",
                        occurred_at=start + timedelta(hours=rng.randint(6, 30)),
                        place=f"{v.name}河段",
                    )
                )
        for degree in ("collapsed", "severe", "general"):
            households = final[f"{degree}_households"]
            rooms = final[f"{degree}_rooms"]
            for index in range(households):
                n += 1
                share = rooms // households + (1 if index < rooms % households else 0)
                houses.append(
                    DamagedHouse(
                        event=event,
                        region=v,
                        head_name=person_name(n + 900),
                        id_number=_id_number(rng, v.code[:6]),
                        address=f"{v.name}{index + 1}组",
                        degree=degree,
                        rooms=share,
                        structure=rng.choice(("砖混", "砖木", "土木")),
                    )
                )
    return casualties, houses


def _live_chain(
    ctx: DemoContext, event: DisasterEvent, live: list[Region], finals: dict[str, dict[str, Any]]
) -> None:
    """Today's 续报 of 大智街道's communities, through the services: dz_informant files
    them; dz_duty reviews two, returns one; ja_duty has one to check."""
    informant = User.objects.filter(username="dz_informant").first()
    street = User.objects.filter(username="dz_duty").first()
    county = User.objects.filter(username="ja_duty").first()
    as_ = lambda user: Actor(user=user, ip="127.0.0.1", request_id="demo") if user else ctx.actor  # noqa: E731
    filed = [
        reports.submit_report(
            event, v, finals[v.code], actor=as_(informant), note="社区积水已基本消退，安置点仍有群众"
        )
        for v in live
    ]
    if len(filed) >= 4:
        reviewed = reports.review_report(filed[0], actor=as_(street), comment="数据已核实")
        reports.review_report(filed[1], actor=as_(street), comment="数据已核实")
        reports.accept_report(reviewed, actor=as_(county), comment="同意上报")
        reports.return_report(filed[2], actor=as_(street), comment="紧急转移安置人数与安置点登记不符，请核实")


def _hail(ctx: DemoContext, rng: random.Random) -> None:
    start = timezone.now() - timedelta(hours=3)
    streets = list(Region.objects.filter(code__in=HAIL_STREETS))
    event = events.create_event(
        {
            "title": f"{timezone.localtime(start):%m月%d日}新洲区风雹灾害",
            "kind": "hail",
            "grade": "larger",
            "region": Region.objects.get(code="420117000000"),
            "affected_regions": streets,
            "started_at": start,
            "description": "强对流天气伴短时大风和冰雹，部分村湾农作物、房屋受损。",
        },
        actor=ctx.actor,
    )
    villages = list(
        Region.objects.filter(parent_id__in=HAIL_STREETS, level=RegionLevel.VILLAGE).order_by("code")[:12]
    )
    rows = []
    for v in villages:
        at = start + timedelta(minutes=rng.randint(40, 110))
        rows.append(
            DisasterReport(
                event=event,
                region=v,
                street_code=v.parent_id or "",
                county_code="420117000000",
                kind="initial",
                sequence=1,
                reported_at=at,
                submitted_at=at,
                state="submitted",
                state_changed_at=at,
                **_on_day(_final(rng, True), 0.5),
            )
        )
    bulk.load_history(event, rows, actor=ctx.actor, summary="演示数据：风雹灾害初报")
    check = event.checks.order_by("region_id").first()
    if check is not None:
        checks.confirm_guarantee(
            check, item="shelter", evidence="受损房屋群众已投亲靠友安置", actor=ctx.actor
        )
