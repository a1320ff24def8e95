"""Forest fire danger (森林火险气象等级): recording a region's day — computed from the
weather inputs or entered as the weather bureau's level — and, at the settings' level,
the warning drafted and submitted through the warnings module (its duty leader reviews
and publishes it; the warnings module never imports this one)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.forestfire import rules
from yingji.forestfire.models import DangerSource, FireDanger, ForestFireSettings

WEATHER_FIELDS = ("max_temp", "min_humidity", "dry_days", "max_wind")
TWICE = "该区域当日的森林火险等级已录入，请修改原记录"


def _assess(record: FireDanger) -> None:
    """Compute the index and level from the inputs, or check the entered level."""
    if record.region_id and record.region.level not in (3, 4):
        raise ValidationError({"region": "森林火险等级按县（市、区）或乡镇（街道）录入"})
    if record.source == DangerSource.ENTERED:
        if record.level not in rules.LEVEL_NAMES:
            raise ValidationError({"level": "请选择火险等级（一级至五级）"})
        record.index = None
        return
    missing = {f: "计算火险等级须填写此项" for f in WEATHER_FIELDS if getattr(record, f) is None}
    if missing:
        raise ValidationError(missing)
    weather = rules.Weather(float(record.max_temp or 0), float(record.min_humidity or 0),
                            int(record.dry_days or 0), int(record.max_wind or 0),
                            float(record.rain_mm or 0), int(record.correction or 0))
    problems = rules.weather_problems(weather)
    if problems:
        raise ValidationError(problems)
    record.index = rules.index(weather)
    record.level = rules.level_of(record.index)


def _save(record: FireDanger, *, actor: Actor, before: dict[str, Any] | None) -> FireDanger:
    _assess(record)
    record.full_clean(exclude=["level"] if record.source == DangerSource.COMPUTED else None,
                      validate_unique=False, validate_constraints=False)
    check_scope(actor, record)
    record.recorded_by = actor.user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as exc:
        raise ValidationError({"day": TWICE}) from exc
    action = audit.AuditAction.CREATE if before is None else audit.AuditAction.UPDATE
    audit.record(action, actor=actor, obj=record, before=before, after=audit.snapshot(record),
                 detail=f"森林火险等级：{record}")
    events.emit("forestfire.danger_recorded", actor=actor, obj=record, summary=str(record))
    _warn_if_due(record, actor=actor)
    return record


@transaction.atomic
def record_danger(data: dict[str, Any], *, actor: Actor) -> FireDanger:
    """Record a region's danger of a day (one record per region and day)."""
    check_permission(actor, FireDanger, "add")
    fields = {k: v for k, v in data.items() if k not in ("bulletin", "index", "recorded_by")}
    fields.setdefault("level", 1)
    return _save(FireDanger(**fields), actor=actor, before=None)


@transaction.atomic
def update_danger(record: FireDanger, data: dict[str, Any], *, actor: Actor) -> FireDanger:
    """Correct a day's inputs or level; the warning follows a raised level."""
    check_permission(actor, FireDanger, "change")
    locked = FireDanger.objects.select_for_update().get(pk=record.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    for name, value in data.items():
        if name not in ("bulletin", "index", "recorded_by"):
            setattr(locked, name, value)
    return _save(locked, actor=actor, before=before)


@transaction.atomic
def delete_danger(record: FireDanger, *, actor: Actor) -> None:
    """Remove a record entered by mistake (its warning, if any, stays the warnings'
    module's to withdraw)."""
    check_permission(actor, FireDanger, "delete")
    check_scope(actor, record)
    audit.record(audit.AuditAction.DELETE, actor=actor, obj=record, before=audit.snapshot(record))
    record.delete()


def _county(record: FireDanger) -> Any:
    return record.region if record.region.level == 3 else record.region.parent


def _warn_if_due(record: FireDanger, *, actor: Actor) -> None:
    """Draft and submit the forest fire warning when the level reaches the threshold and
    no warning of this level or higher was drafted for the record yet."""
    from yingji.warnings.models import WarningType
    from yingji.warnings.services import bulletins

    config = ForestFireSettings.current()
    colour = rules.warning_due(record.level, config.warn_from_level)
    if not colour:
        return
    if record.bulletin is not None and _rank(record.bulletin.level) <= _rank(colour):
        return
    start = max(timezone.make_aware(datetime.combine(record.day, time(8))), timezone.now())
    system = Actor.system("森林火险")
    county = _county(record)
    draft = bulletins.create_bulletin({
        "warning_type": WarningType.objects.get(code="forest_fire"), "level": colour,
        "region": county, "target_regions": [record.region],
        "effective_at": start, "expires_at": start + timedelta(hours=config.warning_hours),
        "content": f"{record.region.name}{record.day:%m月%d日}森林火险气象等级为"
                   f"{rules.LEVEL_NAMES[record.level]}。{rules.ADVICE[record.level]}",
        "measures": "严格野外火源管控，临时检查站全员在岗，护林员加密巡山，扑火队伍靠前驻防。",
        "issuer": f"{county.name}森林防灭火指挥部"}, actor=system)
    bulletins.submit_bulletin(draft, actor=system, comment=f"由森林火险等级自动起草（{actor.label}录入）")
    record.bulletin = draft
    record.save(update_fields=["bulletin"])
    events.emit("forestfire.warning_drafted", actor=actor, obj=record,
                summary=f"{record}，已起草{draft.title}并提交审核")


def _rank(colour: str) -> int:
    return {"red": 0, "orange": 1, "yellow": 2, "blue": 3}.get(colour, 9)
