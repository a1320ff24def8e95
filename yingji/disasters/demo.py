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
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, RegionLevel, User
from yingji.disasters import rules
from yingji.disasters.models import CasualtyRecord, DamagedHouse, DisasterEvent, DisasterReport
from yingji.disasters.services import bulk, checks, events, relief, reports, support

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


@register(730, "自然灾害灾情报送与救灾救助")
def build(ctx: DemoContext) -> None:
    if DisasterEvent.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(5, 30)))
    with transaction.atomic():
        flood = _flood(ctx, rng, start)
        _relief(ctx, rng, flood)
        _checks(ctx, rng, flood)
        _support(ctx, rng, flood)
        _hail(ctx, rng)
    ctx.log("自然灾害：暴雨洪涝200个村（社区）7天报灾、救助对象、12小时保障看板，风雹灾害1起")


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
    event = events.update_event(event, {"incidents": [incident]}, actor=ctx.actor)
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
                        id_masked=rules.mask_id(_id_number(rng, v.code[:6])),
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
                        id_masked=rules.mask_id(_id_number(rng, v.code[:6])),
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


def _relief(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    from yingji.resources.models import StockBatch

    batch = (
        StockBatch.objects.filter(quantity__gt=100, item__category="living")
        .select_related("item")
        .order_by("pk")
        .first()
    )
    villages = list(
        Region.objects.filter(
            parent_id__in=("420116006000", "420116008000", DAZHI), level=RegionLevel.VILLAGE
        ).order_by("code")
    )
    plan = (
        ["applied"] * 6
        + ["village_reviewed"] * 6
        + ["town_audited"] * 6
        + ["approved"] * 6
        + ["issued"] * 8
        + ["published"] * 8
    )
    steps = ["village_review", "town_audit", "approve", "issue", "publish"]
    targets = {
        "applied": 0,
        "village_reviewed": 1,
        "town_audited": 2,
        "approved": 3,
        "issued": 4,
        "published": 5,
    }
    for index, target in enumerate(plan):
        village = villages[(index * 7) % len(villages)]
        category = "emergency" if index % 5 else "transition"
        amount = Decimal(rng.choice((500, 800, 1000, 1500))) if category == "emergency" else Decimal(3000)
        case = relief.create_case(
            {
                "event": event,
                "region": village,
                "category": category,
                "head_name": person_name(index + 2000),
                "id_number": _id_number(rng, village.code[:6]),
                "phone": f"139{rng.randint(10000000, 99999999)}",
                "members": rng.randint(1, 6),
                "address": f"{village.name}{rng.randint(1, 9)}组",
                "situation": rng.choice(
                    (
                        "房屋进水，家中口粮被淹",
                        "房屋严重损坏，暂住亲友家",
                        "农田绝收，家庭生活困难",
                        "家庭成员受伤，无劳动能力",
                    )
                ),
                "amount": amount,
                "goods": "棉被、大米",
            },
            actor=ctx.actor,
        )
        for name in steps[: targets[target]]:
            if name == "issue":
                relief.issue_money(
                    case, amount=case.approved_amount, signed_by_name=case.head_name, actor=ctx.actor
                )
                if batch is not None and index % 2 == 0:
                    relief.issue_goods(
                        case, batch=batch, quantity=2, signed_by_name=case.head_name, actor=ctx.actor
                    )
            opinions = {
                "village_review": "经村民代表评议，同意救助",
                "town_audit": "经入户核查，情况属实",
                "approve": "同意",
            }
            case = relief.step(case, name, actor=ctx.actor, comment=opinions.get(name, ""))


def _checks(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    late = {"420116009000", "420116012000"}
    for check in event.checks.select_related("region").order_by("region_id"):
        keys = [key for key, _ in rules.GUARANTEES]
        done = keys if check.region_id not in late else keys[: 3 if check.region_id == "420116012000" else 4]
        for offset, key in enumerate(done):
            text = EVIDENCE[key].format(n=rng.randint(20, 300), place=f"{check.region.name}中心小学")
            at = event.started_at + timedelta(hours=3 + offset * 1.5 + rng.random())
            checks.confirm_guarantee(check, item=key, evidence=text, actor=ctx.actor, at=at)
    checks.escalate_late()


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


def _support(ctx: DemoContext, rng: random.Random, event: DisasterEvent) -> None:
    """黄陂区's winter-spring relief of the season (survey, cases, funds, issue) and the
    donations received for the flood with their use."""
    year = timezone.localdate().year
    huangpi = Region.objects.get(code="420116000000")
    plan = support.create_plan(
        {
            "region": huangpi,
            "event": event,
            "season": f"{year}—{year + 1}年度",
            "relief_start": datetime(year, 12, 1).date(),
            "relief_end": datetime(year + 1, 3, 31).date(),
            "standard": Decimal(1200),
            "note": "重点保障因灾倒房、农田绝收和因灾致贫返贫风险户的口粮、衣被、取暖",
        },
        actor=ctx.actor,
    )
    villages = list(
        Region.objects.filter(parent_id="420116009000", level=RegionLevel.VILLAGE).order_by("code")
    )
    cases = []
    for index in range(12):
        village = villages[index % len(villages)]
        case = relief.create_case(
            {
                "event": event,
                "region": village,
                "category": "winter_spring",
                "head_name": person_name(index + 3000),
                "id_number": _id_number(rng, "420116"),
                "members": rng.randint(1, 5),
                "address": f"{village.name}",
                "situation": "因灾农田绝收，冬春口粮、衣被不足",
                "amount": Decimal(1200),
                "goods": "棉被、大米",
            },
            actor=ctx.actor,
        )
        if index < 8:
            for name, comment in (
                ("village_review", "评议通过"),
                ("town_audit", "核查属实"),
                ("approve", "同意"),
            ):
                case = relief.step(case, name, actor=ctx.actor, comment=comment)
        if index < 4:
            relief.issue_money(case, amount=Decimal(1200), signed_by_name=case.head_name, actor=ctx.actor)
            case = relief.step(case, "issue", actor=ctx.actor)
        cases.append(case)
    support.allocate_funds(plan, amount=Decimal(60000), note=f"陂财社〔{year}〕37号", actor=ctx.actor)
    gifts = (
        ("湖北省慈善总会", "money", Decimal(500000), "", None, ""),
        ("武汉某建设集团有限公司", "money", Decimal(200000), "", None, ""),
        ("某饮料有限公司", "goods", None, "矿泉水", Decimal(3000), "箱"),
    )
    for index, (donor, kind, amount, goods, quantity, unit) in enumerate(gifts):
        donation = support.receive_donation(
            {
                "region": Region.objects.get(code="420100000000" if index == 0 else "420116000000"),
                "event": event,
                "donor": donor,
                "kind": kind,
                "amount": amount,
                "goods": goods,
                "quantity": quantity,
                "unit": unit,
                "received_at": event.started_at + timedelta(days=1 + index),
                "receipt_no": f"鄂捐{year}{index + 101:04d}",
                "note": "定向用于暴雨洪涝受灾群众救助",
            },
            actor=ctx.actor,
        )
        if kind == "money":
            support.use_donation(
                donation, quantity=amount / 4 if amount else 0, purpose="采购棉被、折叠床", actor=ctx.actor
            )
            support.use_donation(
                donation, quantity=Decimal(1200), purpose="补助困难户", case=cases[0], actor=ctx.actor
            )
        else:
            support.use_donation(
                donation, quantity=Decimal(800), purpose="发往六指街道集中安置点", actor=ctx.actor
            )
