"""The accident record: entered afterwards or turned from its incident, corrected, and
its final figures changed (each change regrades the accident and is kept)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident, AccidentSettings, AccidentSource, GradeChange, Stage
from yingji.accidents.services import deadlines as accident_deadlines
from yingji.accidents.services.common import district_code, fire_step, local_day
from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Industry
from yingji.core.services.objects import check_permission, check_scope
from yingji.core.workflow import check_version

FIGURES = ("deaths", "missing", "serious_injuries", "minor_injuries", "loss_wan")
# Fields a correction may change (the figures change through ``change_figures``; the
# investigation through its own steps).
EDITABLE = ("title", "occurred_at", "region", "address", "enterprise", "unit_name",
            "credit_code", "industry", "subtype", "is_production", "non_production_reason",
            "non_production_note", "victims", "category_6441", "causes", "description")

# The industry of an incident's subtype (incidents.rules.SUBTYPES) when no enterprise says it.
SUBTYPE_INDUSTRY = {"hazchem": Industry.HAZCHEM, "construction": Industry.CONSTRUCTION,
                    "road_traffic": Industry.TRANSPORT, "other_traffic": Industry.TRANSPORT,
                    "fire": Industry.FIRE, "production": Industry.INDUSTRY_TRADE,
                    "public_facility": Industry.OTHER}
# The GB 6441 category an incident's subtype most often is (the officer corrects it).
SUBTYPE_6441 = {"hazchem": "18", "construction": "09", "road_traffic": "02",
                "other_traffic": "02", "fire": "08", "production": "03", "public_facility": "20"}


def figures_of(accident: Accident) -> dict[str, Any]:
    return {"deaths": accident.deaths, "missing": accident.missing,
            "serious_injuries": accident.serious_injuries,
            # In 万元 to the fen, as entered or as 核定 ("260" and "260.00" are one figure).
            "minor_injuries": accident.minor_injuries,
            "loss_wan": str(Decimal(accident.loss_wan).quantize(Decimal("0.01")))}


def _check(accident: Accident) -> None:
    """Every problem of the record at once, as field messages."""
    errors: dict[str, Any] = {}
    try:
        accident.full_clean(exclude=["number", "grade", "district_code", "investigating_level"])
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for name, message in rules.production_safety_problem(
            accident.is_production, accident.non_production_reason,
            accident.non_production_note).items():
        errors.setdefault(name, []).append(ValidationError(message))
    reason = rules.check_causes(accident.causes or [])
    if reason:
        errors.setdefault("causes", []).append(ValidationError(reason))
    if accident.occurred_at and accident.occurred_at > timezone.now() + timedelta(minutes=1):
        errors.setdefault("occurred_at", []).append(ValidationError("发生时间不能晚于当前时间"))
    if not accident.enterprise_id and not accident.unit_name.strip():
        errors.setdefault("unit_name", []).append(
            ValidationError("请选择企业库中的事故单位，或填写事故单位名称"))
    if errors:
        raise ValidationError(errors)


def _derive(accident: Accident) -> None:
    accident.grade = rules.final_grade(accident.deaths, accident.missing,
                                       accident.serious_injuries, accident.loss_wan)
    if accident.occurred_at:
        day = local_day(accident.occurred_at)
        accident.occurred_month = day.year * 100 + day.month
    if accident.region_id:
        accident.district_code = district_code(str(accident.region_id))
    if accident.enterprise_id and accident.enterprise is not None:
        accident.credit_code = accident.credit_code or accident.enterprise.credit_code
        accident.unit_name = accident.unit_name or accident.enterprise.name
    if not accident.escalated:
        accident.investigating_level = rules.investigating_level(accident.grade)


@transaction.atomic
def create_accident(data: dict[str, Any], *, actor: Actor,
                    source: str = AccidentSource.ENTERED, incident_id: int | None = None,
                    reason: str = "") -> Accident:
    """Enter an accident record (事后补录, or from its incident or a 瞒报 check): the
    final grade by 493, the investigating level, the report deadline (60 days)."""
    check_permission(actor, Accident, "add")
    if incident_id is not None and Accident.objects.filter(incident_id=incident_id).exists():
        raise ValidationError({"incident": "该事件已转为事故记录"})
    values = {k: v for k, v in data.items() if k in EDITABLE or k in FIGURES}
    if not values.get("subtype"):
        values["subtype"] = rules.default_subtype(str(values.get("industry", "")),
                                                  str(values.get("category_6441", "")))
    accident = Accident(**values)
    accident.source = source
    accident.incident_id = incident_id
    accident.created_by = actor.user
    accident.number = uuid.uuid4().hex[:20]
    accident.state = Stage.INVESTIGATING if accident.is_production else Stage.NOT_INVESTIGATED
    _derive(accident)
    _check(accident)
    check_scope(actor, accident)
    accident.save()
    accident.number = f"SG{local_day(accident.occurred_at):%Y}{accident.pk:06d}"
    accident.save(update_fields=["number"])
    GradeChange.objects.create(
        accident=accident, changed_at=timezone.now(), old_figures={},
        new_figures=figures_of(accident), old_grade="", new_grade=accident.grade,
        reason=reason or "初次登记", changed_by=actor.user)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=accident, after=audit.snapshot(accident))
    events.emit("accident.created", actor=actor, obj=accident,
                summary=f"登记生产安全事故：{accident}（{accident.grade_display}，"
                        f"{AccidentSource(source).label}）")
    if accident.is_production:
        accident_deadlines.open_report_deadline(accident, actor=actor)
    return accident


@transaction.atomic
def accident_from_incident(incident: Any, *, actor: Actor, data: dict[str, Any] | None = None
                           ) -> Accident:
    """Turn a production safety incident of the incidents module into its accident
    record: its name, time, place, enterprise, casualties and loss are taken over
    (``data`` may add or correct: industry, GB 6441 category, causes, victims)."""
    from yingji.incidents.drill_mode import exclude_drills
    from yingji.incidents.services.handover import accident_facts

    # A drill's incident (演练模式) is not an accident: it stays out of the records and
    # the statistics, as out of every other statistic.
    if not exclude_drills(type(incident)._default_manager.filter(pk=incident.pk)).exists():
        raise ValidationError({"incident": "演练事件不是生产安全事故，不能转为事故记录"})
    facts = accident_facts(incident)
    if not facts["is_493"]:
        raise ValidationError({"incident": f"“{facts['subtype_label']}”不属于生产安全事故，"
                                           f"不能转为事故记录"})
    enterprise = facts["enterprise"]
    values: dict[str, Any] = {
        "title": facts["title"], "occurred_at": facts["occurred_at"], "region": facts["region"],
        "address": facts["address"], "enterprise": enterprise,
        "industry": enterprise.industry if enterprise is not None else
        SUBTYPE_INDUSTRY.get(facts["subtype"], Industry.OTHER),
        "subtype": facts["subtype"],
        "category_6441": SUBTYPE_6441.get(facts["subtype"], "20"),
        "description": facts["description"],
        **{name: facts[name] for name in FIGURES},
    }
    values.update({k: v for k, v in (data or {}).items() if v not in (None, "")})
    return create_accident(values, actor=actor, source=AccidentSource.INCIDENT,
                           incident_id=facts["incident_id"], reason="由突发事件转入")


@transaction.atomic
def update_accident(accident: Accident, data: dict[str, Any], *, actor: Actor,
                    expected_version: int) -> Accident:
    """Correct the record's facts (not its figures: ``change_figures`` keeps their
    history). ``expected_version``: the version the person saw; a stale one is refused
    (409) and nothing changes; a correction bumps it. A record determined 非生产安全事故
    leaves the statistics and owes no investigation."""
    check_permission(actor, Accident, "change")
    locked = Accident.objects.select_for_update().get(pk=accident.pk)
    check_scope(actor, locked)
    check_version(locked, expected_version)
    before = audit.snapshot(locked)
    was_production = locked.is_production
    for name, value in data.items():
        if name in EDITABLE:
            setattr(locked, name, value)
    level = locked.investigating_level
    _derive(locked)
    # The level was set on entry and moves only by 提级调查 or a rise within the follow-up
    # window (``change_figures``): correcting the address does not move it.
    locked.investigating_level = level
    _check(locked)
    check_scope(actor, locked)
    locked.version += 1
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    events.emit("accident.updated", actor=actor, obj=locked, summary=f"修改事故记录：{locked}")
    if was_production != locked.is_production:
        # The determination moves the workflow: 无需调查, or back to 调查中.
        reason = (locked.get_non_production_reason_display() if not locked.is_production
                  else "经重新认定属于生产安全事故")
        locked = fire_step(locked, "include" if locked.is_production else "exclude", actor=actor,
                           change=lambda a: str(reason), expected_version=locked.version)
        if locked.is_production:
            accident_deadlines.open_report_deadline(locked, actor=actor)
        else:
            accident_deadlines.close_all(locked, actor=actor)
    return locked


@transaction.atomic
def change_figures(accident: Accident, *, actor: Actor, reason: str,
                   at: datetime | None = None, correction: bool = False,
                   expected_version: int, **figures: Any) -> GradeChange:
    """Change the final casualties or loss (核定): the grade is recomputed by 493
    第三条 and the change kept with its reason. The grade only rises as figures become
    known; figures that lower it are refused unless the change is declared a
    ``correction`` of wrong figures (``rules.regrade_problem``), kept as such. A grade
    that rises within the follow-up window (493 第十三条: 30 days, 7 for 道路交通事故 and
    火灾事故, by the accident's type) moves the investigation to the level the new grade
    names (第二十条第二款, ``rules.regrade_moves_up``), unless already escalated higher;
    otherwise, and on a correction downward, the investigating level stays."""
    check_permission(actor, Accident, "change")
    if not reason.strip():
        raise ValidationError({"reason": "请填写变更原因（如：伤者经抢救无效死亡）"})
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise ValidationError({"reason": f"不能修改的项目：{'、'.join(sorted(unknown))}"})
    errors = {}
    for name, value in figures.items():
        if value is None or (Decimal(str(value)) < 0):
            errors[name] = "应为不小于0的数"
    if errors:
        raise ValidationError(errors)
    when = at or timezone.now()
    kept: list[GradeChange] = []
    grades: list[str] = []

    def change(locked: Accident) -> str:
        old_figures, old_grade = figures_of(locked), locked.grade
        for name, value in figures.items():
            setattr(locked, name, Decimal(str(value)) if name == "loss_wan" else int(value))
        new_figures = figures_of(locked)
        if new_figures == old_figures:
            raise ValidationError({"reason": "伤亡和损失数字没有变化"})
        level_before = locked.investigating_level
        _derive(locked)
        problem = rules.regrade_problem(old_grade, locked.grade, correction)
        if problem:
            raise ValidationError({"correction": problem})
        window = rules.follow_up_days(locked.subtype)
        occurred_day, changed_day = local_day(locked.occurred_at), local_day(when)
        within = changed_day <= occurred_day + timedelta(days=window)
        by_grade = rules.investigating_level(locked.grade)
        # The level follows the grade only upwards and within the window, and never below
        # an escalation (提级调查) already made.
        moves_up = (rules.regrade_moves_up(old_grade, locked.grade, occurred_day, changed_day, window)
                    and rules.LEVEL_RANK[by_grade] < rules.LEVEL_RANK[level_before])
        locked.investigating_level = by_grade if moves_up else level_before
        kept.append(GradeChange.objects.create(
            accident=locked, changed_at=when, old_figures=old_figures, new_figures=new_figures,
            old_grade=old_grade, new_grade=locked.grade, reason=reason.strip()[:300],
            within_follow_up=within, correction=correction, changed_by=actor.user))
        grades.append(old_grade)
        regraded = (f"，等级由{rules.grade_label(old_grade)}变为{locked.grade_display}"
                    if old_grade != locked.grade else "，等级不变")
        moved = (f"，调查层级改为{rules.LEVEL_LABELS[locked.investigating_level]}"
                 if level_before != locked.investigating_level else "")
        return (f"{'更正' if correction else '核定'}：{reason.strip()[:40]}{regraded}{moved}"
                f"{'' if within else '（已超过补报期）'}")
    locked = fire_step(accident, "figures", actor=actor, change=change,
                       expected_version=expected_version)
    if grades[0] != locked.grade:
        accident_deadlines.refresh_reply_deadline(locked, actor=actor)
    return kept[0]


def settings_limits() -> rules.Limits:
    return AccidentSettings.current().limits()
