"""The demo's 会商研判: last month's report drafted as the scheduled job drafts it
(pending for the office to edit and issue), a special session before the coming
holiday held by the duty section with its conclusions and two follow-up tasks (nodes
due within the week: the owners' to-dos), issued by the duty leader, and a district's
daily session in 江岸区. All through the services, dates relative to the build day; a
second run adds nothing."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.demo.registry import DemoContext, register
from yingji.core.models import Region, User
from yingji.governance import rules
from yingji.governance.models import Consultation
from yingji.governance.services import consultations

CITY, JIANGAN = "420100000000", "420102000000"


@register(746, "会商研判")
def build(ctx: DemoContext) -> None:
    if Consultation.objects.exists():
        return
    with transaction.atomic():
        _build(ctx)


def _build(ctx: DemoContext) -> None:
    users = {u.username: u for u in User.objects.filter(
        username__in=("wh_safety", "wh_duty", "wh_leader", "ja_duty", "ja_supervisor", "wh_supervisor"))}
    city, jiangan = Region.objects.filter(code=CITY).first(), Region.objects.filter(code=JIANGAN).first()
    if city is None or jiangan is None or "wh_safety" not in users:
        ctx.log("会商研判：缺少演示区划或账号，跳过")
        return
    today = timezone.localdate()
    start, end = rules.previous_month(today)
    monthly = consultations.create_consultation({
        "kind": "monthly", "title": f"{city.name}{start:%Y年%m月}安全生产形势研判报告", "region": city,
        "period_start": start, "period_end": end, "auto": True}, actor=ctx.actor)
    duty = Actor(user=users.get("wh_duty") or users["wh_safety"])
    special = consultations.create_consultation({
        "kind": "holiday", "title": f"{today.year}年节假日前安全防范专题会商", "region": city,
        "period_start": today - timedelta(days=30), "period_end": today, "held_on": today,
        "host": "王志强", "participants": "市应急局、市住建局、市交通运输局、市气象局、市消防救援支队",
        "conclusions": "节前开展燃气、道路运输和人员密集场所安全检查；低温雨雪天气加强预警叫应；"
                       "救援队伍和物资前置备勤。"}, actor=duty)
    consultations.edit_report(special, actor=duty, summary=(
        "节前全市安全形势总体平稳，燃气使用和道路运输风险上升，须重点防范。"), texts={})
    tasks = (("组织燃气用户安全检查", 5, "wh_supervisor", city),
             ("检查辖区人员密集场所消防安全", 6, "ja_supervisor", jiangan))
    for title, days, username, where in tasks:
        owner = users.get(username)
        if owner is not None:
            consultations.add_follow_up(special, actor=duty, title=title, due=today + timedelta(days=days),
                                        owner=owner, region=where)
    leader = users.get("wh_leader")
    if leader is not None:
        consultations.issue(Consultation.objects.get(pk=special.pk), actor=Actor(user=leader))
    ja_actor = Actor(user=users.get("ja_duty") or users["wh_safety"])
    consultations.create_consultation({
        "kind": "daily", "title": f"{jiangan.name}{today:%m月%d日}日常会商", "region": jiangan,
        "period_start": today - timedelta(days=7), "period_end": today, "held_on": today,
        "participants": "区应急局值班室、区气象局", "conclusions": "未来三天无明显不利天气，保持常态值守。"},
        actor=ja_actor)
    ctx.log(f"会商研判：{Consultation.objects.count()}次（{monthly.title}为定期生成的草稿）")
