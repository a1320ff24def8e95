"""Flood response levels (防汛应急响应): the minutely evaluation of the grade rules against
the warnings in force and the gauges over their thresholds, the suggestion to the
leader with its reason, the leader's decision (a grade, or not starting with a reason),
the end of a response, the duty check of the roster against the grade's rules, and the
edit of the grade rules. The warnings, monitoring and incidents modules are read
through their models and services; they never import this one."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.services import objects
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.flood import rules
from yingji.flood.models import (
    FloodLevelRule,
    FloodResponse,
    FloodSettings,
    GaugeLink,
    ResponseState,
)

DECIDE_PERMISSION = "flood.change_floodresponse"


def _covers(user: User, code: str) -> bool:
    scope = user.scope_region
    return scope is None or code.startswith(scope.prefix)


def leaders_of(region: Region) -> list[User]:
    """The duty leaders and commanders whose scope covers ``region`` (those who decide)."""
    found = (User.objects.filter(is_active=True, groups__name__in=("duty_leader", "commander"))
             .select_related("scope_region").distinct())
    return [u for u in found if _covers(u, region.code)]


def gauges_over(now: datetime, stale_minutes: int) -> int:
    """How many distinct linked gauges of points in use read at or above a threshold."""
    from yingji.monitoring.models import PointState

    links = list(GaugeLink.objects.filter(point__active=True).values_list("gauge_id", "threshold"))
    states = {pk: (value, ts) for pk, value, ts in PointState.objects.filter(
        point_id__in={g for g, _ in links}).values_list("point_id", "last_value", "last_ts")}
    over = set()
    for gauge, threshold in links:
        value, read_at = states.get(gauge, (None, None))
        if rules.gauge_reaches(value, threshold, read_at, now, stale_minutes):
            over.add(gauge)
    return len(over)


def evaluate(region: Region, now: datetime | None = None) -> tuple[str, str]:
    """The grade the rules give for ``region`` now and why (``("", "")`` for none)."""
    from yingji.warnings.models import Bulletin
    from yingji.warnings.services.in_force import ancestor_codes, bulletins_in_force

    when = now or timezone.now()
    config = FloodSettings.current()
    inside = set(ancestor_codes(region.code))
    found = [b for b in bulletins_in_force(when)
             if b.codes & inside or any(c.startswith(region.prefix) for c in b.codes)]
    types = dict(Bulletin.objects.filter(pk__in=[b.pk for b in found])
                 .values_list("pk", "warning_type__code"))
    level_rules = [r.as_rule() for r in FloodLevelRule.objects.all()]
    return rules.suggested_grade(level_rules, [(types[b.pk], b.level, b.title) for b in found],
                                 gauges_over(when, config.gauge_stale_minutes))


def in_force(region: Region) -> FloodResponse | None:
    """The region's response in force, if any."""
    return FloodResponse.objects.filter(region=region, state=ResponseState.ACTIVE).first()


def _declined_recently(region: Region, grade: str, since: datetime) -> bool:
    declined = FloodResponse.objects.filter(region=region, state=ResponseState.DECLINED,
                                            decided_at__gte=since).values_list("suggested_grade",
                                                                               flat=True)
    return any(not rules.grade_above(grade, g) for g in declined)


@transaction.atomic
def suggest_due(*, actor: Actor, region: Region | None = None,
                now: datetime | None = None) -> FloodResponse | None:
    """The minutely job: suggest to the leaders a response (or a higher one) when the
    rules give a grade above the one in force. One suggestion waits at a time (raised
    in place when the weather worsens); a grade declined within the quiet hours is
    not suggested again."""
    from yingji.core.services.regions import home_region

    config = FloodSettings.current()
    if not config.suggest_levels:
        return None
    place = region or home_region()
    when = now or timezone.now()
    grade, reason = evaluate(place, when)
    current = in_force(place)
    if not grade or not rules.grade_above(grade, current.grade if current else ""):
        return None
    if _declined_recently(place, grade, when - timedelta(hours=config.declined_quiet_hours)):
        return None
    waiting = FloodResponse.objects.select_for_update().filter(
        region=place, state=ResponseState.SUGGESTED).first()
    if waiting is not None:
        if not rules.grade_above(grade, waiting.suggested_grade):
            return None
        before = audit.snapshot(waiting)
        waiting.suggested_grade, waiting.reason, waiting.suggested_at = grade, reason[:300], when
        waiting.save(update_fields=["suggested_grade", "reason", "suggested_at"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=waiting, before=before,
                     after=audit.snapshot(waiting), detail=f"提升响应建议：{reason}")
        suggestion = waiting
    else:
        suggestion = FloodResponse(region=place, suggested_grade=grade, reason=reason[:300],
                                   suggested_at=when)
        try:
            with transaction.atomic():
                suggestion.save()
        except IntegrityError:
            return None  # suggested by a concurrent run
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=suggestion,
                     after=audit.snapshot(suggestion), detail=f"提出响应建议：{reason}")
    events.emit("flood.level_suggested", actor=actor, obj=suggestion,
                summary=f"建议启动{suggestion}：{reason}")
    leaders = leaders_of(place)
    if leaders:
        notify(leaders, title=f"【防汛响应建议】建议启动防汛{rules.GRADE_NAMES[grade]}应急响应",
               body=f"{reason}。请研判并决定是否启动。", obj=suggestion, actor=actor,
               link=reverse("floodresponse_detail", args=[suggestion.pk]), level="urgent",
               requires_ack=True)
    return suggestion


def _check_decider(actor: Actor, response: FloodResponse) -> User:
    if actor.user is None or not actor.user.has_perm(DECIDE_PERMISSION):
        raise PermissionDenied("只有带班领导、指挥长可以决定防汛应急响应")
    check_scope(actor, response)
    return actor.user


def _activate(response: FloodResponse, grade: str, *, actor: Actor, user: User,
              note: str, when: datetime) -> None:
    current = FloodResponse.objects.select_for_update().filter(
        region=response.region, state=ResponseState.ACTIVE).exclude(pk=response.pk).first()
    if current is not None:
        _end(current, actor=actor, note=f"调整为{rules.GRADE_NAMES[grade]}响应", when=when)
    response.state, response.grade = ResponseState.ACTIVE, grade
    response.decided_by, response.decided_at, response.decision_note = user, when, note[:300]


def _end(response: FloodResponse, *, actor: Actor, note: str, when: datetime) -> None:
    before = audit.snapshot(response)
    response.state, response.ended_at = ResponseState.ENDED, when
    response.ended_by, response.end_note = actor.label[:120], note[:300]
    response.save(update_fields=["state", "ended_at", "ended_by", "end_note"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=response, before=before,
                 after=audit.snapshot(response), detail=f"结束响应：{note}")
    events.emit("flood.level_ended", actor=actor, obj=response, summary=f"{response}结束：{note}")


@transaction.atomic
def decide(response: FloodResponse, *, actor: Actor, grade: str = "", note: str = "",
           expected_version: Any = None) -> FloodResponse:
    """The leader's decision on a suggestion: start the suggested grade or another one
    (the response in force, if any, ends), or not start with a reason."""
    user = _check_decider(actor, response)
    locked = FloodResponse.objects.select_for_update().get(pk=response.pk)
    if locked.state != ResponseState.SUGGESTED:
        raise ValidationError("该建议已决策")
    problem = rules.decision_refusal(grade, note)
    if problem:
        raise ValidationError({"grade" if "等级" in problem else "note": problem})
    before = audit.snapshot(locked)
    when = timezone.now()
    if grade:
        _activate(locked, grade, actor=actor, user=user, note=note, when=when)
        detail = f"决定启动{rules.GRADE_NAMES[grade]}响应"
    else:
        locked.state, locked.decided_by, locked.decided_at = ResponseState.DECLINED, user, when
        locked.decision_note = note[:300]
        detail = f"决定不启动响应：{note}"
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail=detail)
    events.emit("flood.level_decided", actor=actor, obj=locked, summary=f"{locked}：{detail}")
    if grade:
        _announce_duty(locked, actor=actor)
    return locked


@transaction.atomic
def start_response(data: dict[str, Any], *, actor: Actor) -> FloodResponse:
    """A leader starts (or changes) a response without waiting for a suggestion."""
    check_permission(actor, FloodResponse, "add")
    response = FloodResponse(region=data["region"], reason="领导决定启动",
                             suggested_at=timezone.now())
    user = _check_decider(actor, response)
    grade, note = data.get("grade") or "", data.get("decision_note") or ""
    problem = rules.decision_refusal(grade, note) or (None if grade else "请选择响应等级")
    if problem:
        raise ValidationError({"grade": problem})
    _activate(response, grade, actor=actor, user=user, note=note, when=timezone.now())
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as exc:
        raise ValidationError("该区域的响应已被他人调整，请刷新后重试") from exc
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=response,
                 after=audit.snapshot(response), detail=f"启动{response}")
    events.emit("flood.level_decided", actor=actor, obj=response, summary=f"启动{response}")
    _announce_duty(response, actor=actor)
    return response


@transaction.atomic
def end_response(response: FloodResponse, *, actor: Actor, note: str = "",
                 expected_version: Any = None) -> FloodResponse:
    """End the response in force (the rain is over)."""
    _check_decider(actor, response)
    locked = FloodResponse.objects.select_for_update().get(pk=response.pk)
    if locked.state != ResponseState.ACTIVE:
        raise ValidationError("该响应不在响应中")
    if not note.strip():
        raise ValidationError({"note": "请填写结束说明"})
    _end(locked, actor=actor, note=note, when=timezone.now())
    return locked


def duty_check(response: FloodResponse, now: datetime | None = None) -> dict[str, Any]:
    """The grade's duty rules applied to the region's roster over the check window: the
    shifts with their leaders and officers, and what the roster lacks."""
    from yingji.incidents.models import DutyShift

    rule = FloodLevelRule.objects.filter(grade=response.grade).first()
    start = timezone.localtime(now or timezone.now())
    end = start + timedelta(hours=FloodSettings.current().duty_check_hours)
    shifts = list(DutyShift.objects.filter(region=response.region, end__gt=start, start__lt=end)
                  .prefetch_related("leaders", "officers").order_by("start"))
    rows = [rules.ShiftRow(str(s), timezone.localtime(s.start), timezone.localtime(s.end),
                           len(s.leaders.all()), len(s.officers.all())) for s in shifts]
    gaps = rules.duty_gaps(rows, start, end, rule.duty_rule()) if rule else []
    return {"rule": rule, "shifts": shifts, "gaps": gaps, "start": start, "end": end}


def _announce_duty(response: FloodResponse, *, actor: Actor) -> None:
    """Tell the region's leaders the grade's duty rules and what the roster lacks."""
    check = duty_check(response)
    rule = check["rule"]
    leaders = leaders_of(response.region)
    if rule is None or not leaders:
        return
    duty = (f"每班带班领导{rule.leaders}人、值班员{rule.officers}人"
            + ("，24小时值守" if rule.watch_24h else ""))
    lacking = "；".join(check["gaps"][:5]) or "现有排班满足要求"
    notify(leaders, title=f"已启动{response}", obj=response, actor=actor,
           body=f"值班要求：{duty}。排班核查：{lacking}。",
           link=reverse("floodresponse_detail", args=[response.pk]),
           level="urgent" if check["gaps"] else "info")


def update_rule(rule: FloodLevelRule, data: dict[str, Any], *, actor: Actor) -> FloodLevelRule:
    """Change a grade's triggers and duty rules (city-wide configuration)."""
    from yingji.warnings.models import WarningType

    check_permission(actor, FloodLevelRule, "change")
    codes = list(data.get("warning_types") or [])
    known = set(WarningType.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ValidationError({"warning_types": f"未知的预警类型：{'、'.join(unknown[:3])}"})
    if not data.get("warning_level", rule.warning_level) and not data.get("gauge_count",
                                                                           rule.gauge_count):
        raise ValidationError({"warning_level": "请至少设置一种触发条件（预警级别或超阈值站点数）"})
    return objects.update_object(rule, data, actor=actor)


def may_decide(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(DECIDE_PERMISSION))

