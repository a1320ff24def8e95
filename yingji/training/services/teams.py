"""Rescue teams' training and drills (日常训练管理、比武) on the resources module's teams:
sessions, each member's hours and assessment, and the yearly hours per member against
the settings' target."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, create_object, update_object
from yingji.resources.models import RescueTeam
from yingji.training import rules
from yingji.training.models import ExerciseRecord, TeamExercise, TrainingSettings


def _check_exercise(values: dict[str, Any]) -> None:
    hours = values.get("hours")
    if hours is not None and Decimal(hours) <= 0:
        raise ValidationError({"hours": "学时须大于0"})


@transaction.atomic
def create_exercise(data: dict[str, Any], *, actor: Actor) -> TeamExercise:
    """Record a team's training session or contest."""
    _check_exercise(data)
    return create_object(TeamExercise, dict(data), actor=actor)


@transaction.atomic
def update_exercise(exercise: TeamExercise, data: dict[str, Any], *, actor: Actor) -> TeamExercise:
    _check_exercise(data)
    return update_object(exercise, dict(data), actor=actor)


def _check_record(values: dict[str, Any], exercise: TeamExercise) -> None:
    errors: dict[str, str] = {}
    members = rules.parse_members(exercise.team.members)
    member = str(values.get("member") or "").strip()
    if members and member and member not in members:
        errors["member"] = "该队员不在队伍的队员名单中"
    hours = values.get("hours")
    if hours is not None and not 0 < Decimal(hours) <= exercise.hours:
        errors["hours"] = f"参训学时须大于0且不超过本次训练的{exercise.hours:g}学时"
    score = values.get("score")
    if score is not None and not 0 <= Decimal(score) <= 100:
        errors["score"] = "考核成绩须在0到100之间"
    if values.get("rank") is not None and exercise.kind != "contest":
        errors["rank"] = "只有技能比武记录名次"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_member(data: dict[str, Any], *, actor: Actor) -> ExerciseRecord:
    """A member's hours and assessment in a session (once per member and session)."""
    values = dict(data)
    exercise = values["exercise"]
    values.setdefault("hours", exercise.hours)
    _check_record(values, exercise)
    if ExerciseRecord.objects.filter(exercise=exercise, member=values.get("member")).exists():
        raise ValidationError({"member": "该队员已有本次训练的记录"})
    return create_object(ExerciseRecord, values, actor=actor)


@transaction.atomic
def update_record(record: ExerciseRecord, data: dict[str, Any], *, actor: Actor) -> ExerciseRecord:
    values = {k: v for k, v in data.items() if k != "exercise"}
    _check_record({"member": record.member, "hours": record.hours, "score": record.score,
                   "rank": record.rank, **values}, record.exercise)
    return update_object(record, values, actor=actor)


@transaction.atomic
def record_all_members(exercise: TeamExercise, *, actor: Actor) -> int:
    """登记全队参训: a record with the session's hours for every listed member who has
    none yet. Returns how many were added."""
    check_permission(actor, ExerciseRecord, "add")
    members = rules.parse_members(exercise.team.members)
    if not members:
        raise ValidationError("队伍未填写队员名单，请先在救援队伍中维护队员名单")
    done = set(exercise.records.values_list("member", flat=True))
    added = 0
    for member in members:
        if member not in done:
            create_object(ExerciseRecord, {"exercise": exercise, "member": member,
                                           "hours": exercise.hours}, actor=actor)
            added += 1
    return added


@dataclass
class TeamHours:
    """One team's year: members listed, trained, hours per member against the target."""

    team: RescueTeam
    sessions: int
    members: int
    trained: int
    total_hours: float
    below_target: list[tuple[str, float]]
    average_score: float | None

    @property
    def hours_per_member(self) -> float:
        return round(self.total_hours / self.members, 1) if self.members else 0.0


def team_hours(teams: QuerySet[RescueTeam], year: int) -> list[TeamHours]:
    """Per team of ``teams`` (already in the caller's scope): the year's sessions and the
    hours of each member (from the records), members below the settings' target first."""
    target = TrainingSettings.current().team_hours_target
    records = (ExerciseRecord.objects.filter(exercise__team__in=teams, exercise__held_on__year=year)
               .values_list("exercise__team_id", "member", "hours", "score"))
    hours: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    scores: dict[int, list[float]] = defaultdict(list)
    for team_id, member, value, score in records:
        hours[team_id][member] += float(value)
        if score is not None:
            scores[team_id].append(float(score))
    sessions: dict[int, int] = defaultdict(int)
    for team_id in TeamExercise.objects.filter(team__in=teams, held_on__year=year).values_list(
            "team_id", flat=True):
        sessions[team_id] += 1
    rows = []
    for team in teams.order_by("region_id", "name"):
        listed = rules.parse_members(team.members) or sorted(hours[team.pk])
        per = {m: round(hours[team.pk].get(m, 0.0), 1) for m in listed}
        for member, value in hours[team.pk].items():
            per.setdefault(member, round(value, 1))
        below = sorted(((m, v) for m, v in per.items() if v < target), key=lambda r: (r[1], r[0]))
        team_scores = scores[team.pk]
        rows.append(TeamHours(team, sessions[team.pk], max(len(per), team.headcount if not per else 0),
                              sum(1 for v in per.values() if v > 0), round(sum(per.values()), 1),
                              below, round(sum(team_scores) / len(team_scores), 1) if team_scores else None))
    rows.sort(key=lambda r: (r.hours_per_member, r.team.name))
    return rows
