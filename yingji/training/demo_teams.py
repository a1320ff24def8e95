"""Demo: 江岸区's rescue teams train — a member list for each team (through the resources
services), routine and special sessions over the year, one 技能比武 with ranks, each
member's hours and scores; some members short of the yearly target (the to-do)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from yingji.core.demo.builder import person_name
from yingji.core.demo.registry import DemoContext, register
from yingji.core.services.objects import update_object
from yingji.resources.models import RescueTeam
from yingji.training import rules
from yingji.training.models import ExerciseKind, ExerciseRecord, TeamExercise
from yingji.training.services import teams

DISTRICT = "420102"
SEED = 20261208
SUBJECTS = {ExerciseKind.ROUTINE: ("体能训练", "器材操作", "绳索救援", "心肺复苏与现场急救"),
            ExerciseKind.SPECIAL: ("城市内涝排涝抢险", "危化品泄漏处置", "高层建筑火灾扑救"),
            ExerciseKind.JOINT: ("防汛抢险联合演练",)}


@register(770, "救援队伍训练与比武")
def build_team_training(ctx: DemoContext) -> None:
    if TeamExercise.objects.exists():
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    start = today.replace(month=1, day=1)
    span = max(1, (today - start).days)
    n = 0
    squads = list(RescueTeam.objects.filter(region__code__startswith=DISTRICT).order_by("pk"))
    for team in squads:
        members = [person_name(3000 + team.pk * 40 + i) for i in range(min(12, max(6, team.headcount // 4)))]
        members = list(dict.fromkeys(members))
        team = update_object(team, {"members": "、".join(members)}, actor=ctx.actor)
        for _ in range(rng.randint(6, 10)):
            kind = rng.choice((ExerciseKind.ROUTINE, ExerciseKind.ROUTINE, ExerciseKind.SPECIAL,
                               ExerciseKind.JOINT))
            hours = Decimal(rng.choice((4, 8, 8, 16)))
            exercise = teams.create_exercise({
                "team": team, "kind": kind, "subject": rng.choice(SUBJECTS[kind]),
                "held_on": start + timedelta(days=rng.randint(0, span)), "hours": hours,
                "place": f"{team.name}训练场", "organiser": "江岸区应急管理局"}, actor=ctx.actor)
            for member in members:
                if rng.random() < 0.15:
                    continue  # absent: the member falls short of the target
                n += 1
                teams.record_member({"exercise": exercise, "member": member, "hours": hours,
                                     "score": Decimal(rng.randint(55, 99))}, actor=ctx.actor)
    if squads:
        team = RescueTeam.objects.get(pk=squads[0].pk)
        contest = teams.create_exercise({
            "team": team, "kind": ExerciseKind.CONTEST, "subject": "全区应急救援技能比武",
            "held_on": today - timedelta(days=10), "hours": Decimal(8), "place": "江岸区应急救援训练基地",
            "organiser": "江岸区应急管理局"}, actor=ctx.actor)
        for rank, member in enumerate(rules.parse_members(team.members)[:6], start=1):
            teams.record_member({"exercise": contest, "member": member, "hours": Decimal(8),
                                 "score": Decimal(98 - rank * 4), "rank": rank}, actor=ctx.actor)
    ctx.log(f"队伍训练：{TeamExercise.objects.count()}次，队员记录{ExerciseRecord.objects.count()}条")
