"""Demo data: a month of duty rosters (市局 1+4+N in name, the accounts the demo has) and
incidents across Wuhan, received, graded, reported (some late), dispatched with full
histories, closed and reviewed; a few still open. Deterministic."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Department, Region, User
from yingji.core.services.objects import create_object
from yingji.incidents.models import Contact, DutyPattern, DutyShift, Incident, TeamAccount
from yingji.incidents.services import dispatch, duty, intake, reports, response, review, teams

# (title, district, subtype, deaths, serious injuries, loss 万元, description, days ago, open)
INCIDENTS: list[tuple[str, str, str, int, int, int, str, int, bool]] = [
    ("江岸区某物流仓库火灾", "420102000000", "fire", 0, 1, 120,
     "仓库堆放纸箱起火，浓烟较大，一人吸入烟雾", 29, False),
    ("武昌区某在建工地坍塌", "420106000000", "construction", 3, 2, 300,
     "基坑支护局部坍塌，三名工人被埋", 27, False),
    ("洪山区雄楚大道多车追尾", "420111000000", "road_traffic", 1, 4, 40,
     "早高峰五车追尾，一人当场死亡", 25, False),
    ("青山区某化工厂储罐泄漏", "420107000000", "hazchem", 0, 6, 80,
     "甲苯储罐法兰泄漏，六名员工出现头晕症状", 23, False),
    ("汉阳区暴雨致低洼地带渍水", "420105000000", "flood_drought", 0, 0, 60,
     "短时强降雨，三处下穿通道渍水", 21, False),
    ("江汉区某商场电梯故障困人", "420103000000", "public_facility", 0, 0, 2,
     "扶梯逆行，十余人摔倒轻伤", 19, False),
    ("硚口区老旧小区燃气爆燃", "420104000000", "production", 2, 3, 260,
     "居民楼燃气泄漏爆燃，两人死亡", 17, False),
    ("东西湖区冷库氨泄漏", "420112000000", "hazchem", 0, 11, 150,
     "涉氨制冷车间管道破裂，十一人急性中毒", 15, False),
    ("蔡甸区山体滑坡", "420114000000", "geological", 0, 0, 120,
     "连续降雨引发滑坡，掩埋道路约30米", 13, False),
    ("江夏区某企业有限空间中毒", "420115000000", "production", 2, 1, 90,
     "污水池清淤作业三人中毒，两人死亡", 11, False),
    ("黄陂区森林火情", "420116000000", "forest_fire", 0, 0, 30,
     "山林起火，过火面积约5亩", 9, False),
    ("新洲区校园集体食物中毒", "420117000000", "food_occupational", 0, 0, 0,
     "午餐后三十余名学生腹痛呕吐", 7, False),
    ("武昌区长江某码头船舶碰撞", "420106000000", "other_traffic", 0, 2, 500,
     "两船碰撞，一船进水", 5, False),
    ("江岸区某小区高层住宅火灾", "420102000000", "fire", 1, 2, 80,
     "18楼住户起火，一名老人死亡", 3, False),
    ("汉南区某工厂粉尘爆炸", "420113000000", "production", 4, 8, 1200,
     "除尘系统爆炸，四人死亡八人重伤", 2, True),
    ("洪山区暴雨内涝", "420111000000", "flood_drought", 0, 0, 20,
     "多条道路积水，车辆被困", 1, True),
    ("江岸区沿江大道交通事故", "420102000000", "road_traffic", 0, 2, 10,
     "两车相撞，两人受伤被困", 0, True),
]

ARRIVAL_DELAY = (3, 5, 8, 12, 15, 20, 75)  # extra minutes after the travel estimate


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@register(600, "值班排班、突发事件接报与调度")
def build(ctx: DemoContext) -> None:
    if Incident.objects.filter(title=INCIDENTS[0][0]).exists():
        ctx.log("  演示事件已存在，跳过")
        return
    if not Region.objects.filter(code="420102000000").exists():
        ctx.log("  没有武汉市的区划，跳过接报调度演示数据")
        return
    rng = random.Random(8)
    users = {u.username: u for u in User.objects.filter(username__in=(
        "wh_duty", "wh_leader", "wh_commander", "ja_duty", "ja_leader"))}
    _contacts(ctx)
    _rosters(ctx, users)
    _team_account(ctx)
    officer = users.get("wh_duty")
    actor = Actor(user=officer) if officer is not None else ctx.actor
    for entry in INCIDENTS:
        _incident(ctx, entry, rng, actor, officer)
    ctx.log(f"  突发事件 {Incident.objects.count()} 起，值班班次 {DutyShift.objects.count()} 个")


def _contacts(ctx: DemoContext) -> None:
    entries = [(department.region, f"{department.name}值班室", department.name, department.phone)
               for department in Department.objects.filter(
                   region__code__startswith="4201").exclude(phone="").select_related("region")[:40]]
    city = Region.objects.get(code="420100000000")
    entries += [(city, name, organisation, phone) for name, organisation, phone in (
        ("市消防救援支队指挥中心", "武汉市消防救援支队", "027-119"),
        ("市急救中心调度科", "武汉市急救中心", "027-120"),
        ("市公安局指挥中心", "武汉市公安局", "027-110"),
        ("市气象台值班室", "武汉市气象局", "027-12121"))]
    for region, name, organisation, phone in entries:
        if not Contact.objects.filter(region=region, name=name).exists():
            create_object(Contact, {"region": region, "name": name,
                                    "organisation": organisation, "category": "department",
                                    "phone": phone}, actor=ctx.actor)


def _team_account(ctx: DemoContext) -> None:
    """jy_team (救援队值班员, 武汉市消防救援支队) acts for the city's first fire team."""
    from yingji.resources.models import RescueTeam

    account = User.objects.filter(username="jy_team").first()
    team = (RescueTeam.objects.filter(kind="fire").order_by("region_id", "name", "pk").first()
            or RescueTeam.objects.order_by("region_id", "name", "pk").first())
    if account is None or team is None or TeamAccount.objects.filter(user=account).exists():
        return
    teams.link_team_account(account, team, actor=ctx.actor)
    ctx.log(f"  救援队伍账号 jy_team → {team.name}")


def _rosters(ctx: DemoContext, users: dict[str, User]) -> None:
    today = timezone.localdate()
    first = today - timedelta(days=30)
    pattern = DutyPattern.objects.filter(name="1+1+N值班（演示）").first() or create_object(
        DutyPattern, {"name": "1+1+N值班（演示）", "formula": "1+1+N", "shift_hours": 24,
                      "start_hour": 8, "note": "演示账号有限：1名带班领导、1名值班员，机动人员电话待命"},
        actor=ctx.actor)
    plans = [("420100000000", [users.get("wh_leader"), users.get("wh_commander")],
              [users.get("wh_duty")], "027-12350"),
             ("420102000000", [users.get("ja_leader")], [users.get("ja_duty")], "027-82800000")]
    for code, leaders, officers, phone in plans:
        leads = [u for u in leaders if u is not None]
        offs = [u for u in officers if u is not None]
        if not leads:
            continue
        result = duty.generate_roster(Region.objects.get(code=code), pattern, first, 38,
                                      leaders=leads, officers=offs, actor=ctx.actor, phone=phone)
        for shift in result.created[:30:3]:
            duty.add_log(shift, "交接班完成，值班设备、通讯线路检查正常", actor=ctx.actor,
                         at=shift.start + timedelta(minutes=10))


def _point(district: Region, rng: random.Random) -> tuple[float | None, float | None]:
    if district.longitude is None or district.latitude is None:
        return None, None
    return (round(district.longitude + rng.uniform(-0.02, 0.02), 6),
            round(district.latitude + rng.uniform(-0.02, 0.02), 6))


def _incident(ctx: DemoContext, entry: tuple[str, str, str, int, int, int, str, int, bool],
              rng: random.Random, actor: Actor, officer: User | None) -> None:
    title, code, subtype, deaths, serious, loss, text, days_ago, still_open = entry
    from yingji.incidents import rules

    district = Region.objects.filter(code=code).first()
    if district is None:
        return
    street = Region.objects.filter(parent=district).order_by("code").first() or district
    now = timezone.now()
    received = now - timedelta(days=days_ago, hours=rng.randint(1, 10), minutes=rng.randint(0, 59))
    if days_ago == 0:
        received = now - timedelta(minutes=25)
    lon, lat = _point(district, rng)
    found = rules.subtype(subtype)
    assert found is not None
    incident = intake.receive_incident({
        "title": title, "received_at": received, "occurred_at": received - timedelta(minutes=8),
        "source": rng.choice(["phone", "hotline", "enterprise", "department"]),
        "caller": "王先生" if rng.random() < 0.5 else "属地街道值班员",
        "caller_phone": f"1390000{rng.randint(1000, 9999)}", "region": street,
        "address": f"{street.name}辖区", "longitude": lon, "latitude": lat,
        "category": found.category, "subtype": subtype, "deaths": deaths,
        "serious_injuries": serious, "injuries": rng.randint(0, 5), "loss_wan": Decimal(loss),
        "description": text}, actor=actor)
    if days_ago == 0:
        return  # just received: the first report is still counting down
    # 首报: most on time, some late (迟报 is counted, never hidden).
    late = INCIDENTS.index(entry) % 5 == 2  # about one in five 首报 is late
    first_due = incident.reports.get(kind="first").due_at
    assert first_due is not None
    at = first_due + timedelta(minutes=rng.randint(5, 40)) if late else \
        received + timedelta(minutes=rng.randint(15, 50))
    # 较大 and above: the officer phones the 首报 through first (电话报告), then writes it.
    first = incident.reports.get(kind="first")
    if first.phone_due_at is not None:
        phoned = first.phone_due_at + timedelta(minutes=rng.randint(2, 15)) if late else \
            received + timedelta(minutes=rng.randint(8, 25))
        reports.record_phone_report(first, actor=actor, phoned_to="市应急管理局总值班室",
                                    at=min(phoned, now))
    # The officer drafts the 首报; the leader on duty signs it off (签发) and it goes out.
    handed = reports.submit_report(incident.reports.get(kind="first"), actor=actor,
                                   at=min(max(received, at - timedelta(minutes=8)), now))
    if handed.status == "review":
        signed_at = min(at, now)
        leaders = reports.leaders_on_duty(incident, signed_at)
        signer = Actor(user=leaders[0]) if leaders else ctx.actor
        reports.sign_off_report(handed, actor=signer, at=signed_at)
    incident.refresh_from_db()
    incident = response.start_response(incident, {"I": "I", "II": "II", "III": "III"}.get(
        incident.grade, "IV"), actor=actor, at=received + timedelta(minutes=30))
    last = None
    if officer is not None and incident.point is not None:
        last = _dispatch(incident, rng, actor, officer, received, finish=not still_open)
    for task in list(incident.tasks.all())[:2]:
        response.finish_task(task, actor=actor, result="已按要求办理")
    if still_open:
        return
    incident.refresh_from_db()
    follow = incident.reports.filter(kind="followup", status="pending").first()
    if follow is not None and follow.due_at is not None and follow.due_at < now:
        reports.submit_report(follow, actor=actor, at=follow.due_at - timedelta(minutes=30))
    closed_at = received + timedelta(hours=rng.randint(6, 20))
    if last is not None:
        closed_at = max(closed_at, last + timedelta(minutes=10))
    if closed_at >= now:
        return
    incident.refresh_from_db()
    incident = response.close_incident(incident, actor=actor, comment="现场处置完毕，转入善后",
                                       at=closed_at)
    final = incident.reports.get(kind="final")
    assert final.due_at is not None
    reports.submit_report(final, actor=actor, at=min(final.due_at - timedelta(hours=2), now))
    if days_ago >= 9:
        incident.refresh_from_db()
        review.create_review(incident, {
            "summary": "接报及时，力量调派合理，现场处置有序。",
            "lessons": "信息核实环节耗时偏长，需加强与属地街道的直报联系。"},
            actor=actor, findings=[{
                "problem": "属地首报信息不完整，伤亡数字多次更正",
                "responsible_unit": f"{district.name}应急管理局",
                "due_date": (received + timedelta(days=30)).date()}])


def _dispatch(incident: Incident, rng: random.Random, actor: Actor, officer: User,
              received: datetime, finish: bool) -> datetime | None:
    """Send the two nearest teams with their step times; ``finish`` brings them back.
    Returns the time of the last step."""
    try:
        found: Any = dispatch.recommend(incident, officer, types=("team",), limit=2)
    except ValidationError:  # a point outside the imported road network
        return None
    issued = received + timedelta(minutes=rng.randint(4, 12))
    now = timezone.now()
    last = None
    for reach in found["by_type"].get("team", []):
        order = dispatch.dispatch(incident, "team", reach.resource.id, actor=actor,
                                  task="赶赴现场开展救援", estimated_minutes=reach.minutes,
                                  estimate_method=found.get("method", ""), at=issued)
        arrive = issued + timedelta(minutes=reach.minutes + rng.choice(ARRIVAL_DELAY))
        steps = [(dispatch.accept_order, issued + timedelta(minutes=1)),
                 (dispatch.depart_order, issued + timedelta(minutes=3)),
                 (dispatch.arrive_order, arrive)]
        if finish:
            steps += [(dispatch.complete_order, arrive + timedelta(hours=2)),
                      (dispatch.return_order, arrive + timedelta(hours=3))]
        for step, when in steps:
            if when >= now:
                break
            order = step(order, actor=actor, at=when)
            last = when
    return last
