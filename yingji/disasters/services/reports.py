"""The report chain: a village's 灾害信息员 submits (初报, 续报, 核报), the street reviews,
the county checks and submits; each stage moves the roll-up. Impossible figures are
refused with the field's reason; differences to the registers are flagged (and refused
in a 核报). After 核报 the figures are frozen and change only by an audited correction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, RegionLevel
from yingji.core.scope import scope_of
from yingji.core.services.objects import check_permission, check_scope
from yingji.disasters import rules
from yingji.disasters.models import (
    CasualtyRecord,
    Correction,
    DamagedHouse,
    DisasterEvent,
    DisasterReport,
    DisasterSettings,
    EventState,
    ReportKind,
    ReportPointer,
    Stage,
)
from yingji.disasters.services import rounds
from yingji.disasters.services.rollup import move_pointer, retract_pointer
from yingji.disasters.workflow import COUNTY_PREFIX, REPORT_FLOW


def clean_figures(raw: dict[str, Any]) -> dict[str, Any]:
    """The indicator values of ``raw`` (missing ones 0)."""
    figures = rules.zero_figures()
    for name in rules.FIELDS:
        value = raw.get(name)
        if value not in (None, ""):
            figures[name] = value
    return figures


def _street_and_county(region: Region) -> tuple[str, str]:
    if region.level == RegionLevel.VILLAGE:
        street = region.parent
        assert street is not None
        return street.code, street.parent_id or ""
    if region.level == RegionLevel.TOWN:
        return region.code, region.parent_id or ""
    raise ValidationError({"region": "请选择填报的村（社区）"})


def register_counts(event: DisasterEvent, region: Region) -> tuple[int, int, dict[str, int]]:
    """(dead, missing, households by degree) in the registers of ``region`` (two queries)."""
    people = CasualtyRecord.objects.filter(event=event, region=region).aggregate(
        dead=Count("id", filter=Q(status="dead")), missing=Count("id", filter=Q(status="missing"))
    )
    houses = dict(
        DamagedHouse.objects.filter(event=event, region=region).values_list("degree").annotate(n=Count("id"))
    )
    return people["dead"], people["missing"], houses


def _validate(
    event: DisasterEvent,
    region: Region,
    figures: dict[str, Any],
    *,
    reason: str,
    kind: str,
    previous: DisasterReport | None,
) -> list[str]:
    problems = rules.figure_problems(figures)
    if problems:
        raise ValidationError(problems)
    lowered = rules.lowered_problem(figures, previous.figures() if previous else None, reason)
    if lowered:
        raise ValidationError({"correction_reason": lowered})
    dead, missing, houses = register_counts(event, region)
    flags = rules.register_problems(figures, dead=dead, missing=missing, households=houses)
    if flags and kind == ReportKind.FINAL:
        raise ValidationError({"__all__": "核报数据须与名单、台账一致：" + "；".join(flags)})
    return flags


def _check_event(event: DisasterEvent, region: Region) -> None:
    if event.frozen_at is not None:
        raise ValidationError({"event": "该灾害已核报，数据已锁定；如需修改请办理核报后更正"})
    if event.state == EventState.CLOSED:
        raise ValidationError({"event": "该灾害已结束，不再接收报告"})
    street, _ = _street_and_county(region)
    if not event.affected_regions.filter(code=street).exists():
        raise ValidationError({"region": f"{region.name}所在街道不在“{event.title}”的受灾区域内"})


def previous_report(event: DisasterEvent, region: Region) -> DisasterReport | None:
    """The village's current report as reported (the base of the lowered-figure rule)."""
    pointer = ReportPointer.objects.filter(event=event, region=region).select_related("reported").first()
    return pointer.reported if pointer else None


def next_kind(event: DisasterEvent, previous: DisasterReport | None) -> str:
    if previous is None:
        return ReportKind.INITIAL
    if event.state == EventState.STABLE:
        return ReportKind.FINAL
    return ReportKind.FOLLOWUP


@transaction.atomic
def submit_report(
    event: DisasterEvent,
    region: Region,
    raw: dict[str, Any],
    *,
    actor: Actor,
    correction_reason: str = "",
    note: str = "",
    reported_at: datetime | None = None,
) -> DisasterReport:
    """A village's report: the kind follows from its history (first 初报, then 续报,
    核报 once the event is stable); refused with the reason when impossible."""
    check_permission(actor, DisasterReport, "add")
    event = DisasterEvent.objects.get(pk=event.pk)
    _check_event(event, region)
    street, county = _street_and_county(region)
    if DisasterReport.objects.filter(event=event, region=region, state="returned").exists():
        raise ValidationError({"region": "该村（社区）有被退回的报告，请修改后重新上报"})
    previous = previous_report(event, region)
    kind = next_kind(event, previous)
    figures = clean_figures(raw)
    flags = _validate(event, region, figures, reason=correction_reason, kind=kind, previous=previous)
    now = timezone.now()
    settings = DisasterSettings.current()
    late = kind == ReportKind.INITIAL and now > rules.initial_due(event.started_at, settings.initial_hours)
    sequence = (
        DisasterReport.objects.filter(event=event, region=region).aggregate(m=Max("sequence"))["m"] or 0
    ) + 1
    report = DisasterReport(
        event=event,
        region=region,
        street_code=street,
        county_code=county,
        kind=kind,
        sequence=sequence,
        reported_at=reported_at or now,
        correction_reason=correction_reason,
        note=note,
        flags=flags,
        late=late,
        submitted_by=actor.user,
        submitted_at=now,
        state=REPORT_FLOW.initial,
        state_changed_at=now,
        **figures,
    )
    report.full_clean()
    check_scope(actor, report)
    report.save()
    events.emit(
        "disasterreport.submitted",
        actor=actor,
        obj=report,
        summary=f"{region.name}上报{report.get_kind_display()}"
        + ("（迟报）" if late else "")
        + ("；" + "；".join(flags) if flags else ""),
    )
    # The street's open limits are met once its last village is in (two reads while
    # villages are still missing; the closing, rare, is audited).
    rounds.close_met_rounds(event, street, actor=actor)
    # The two rows every submission shares (the city's total, the audit chain's head)
    # are locked last, so each is held only for the last statements and the commit.
    move_pointer(report, Stage.REPORTED)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=report, after=audit.snapshot(report))
    return report


@transaction.atomic
def review_report(
    report: DisasterReport, *, actor: Actor, comment: str = "", expected_version: int | None = None
) -> DisasterReport:
    """街道审核: the street's figures now include this report."""
    now = timezone.now()

    def apply(obj: DisasterReport, data: Any) -> None:
        obj.reviewed_by, obj.reviewed_at, obj.comment = actor.user, now, comment

    done = REPORT_FLOW.fire(
        report,
        "review",
        actor=actor,
        data={"comment": comment},
        expected_version=expected_version,
        apply=apply,
    )
    move_pointer(done, Stage.REVIEWED)
    return done


@transaction.atomic
def accept_report(
    report: DisasterReport, *, actor: Actor, comment: str = "", expected_version: int | None = None
) -> DisasterReport:
    """区县审核上报: the county's (and the city's) figures now include this report."""
    now = timezone.now()

    def apply(obj: DisasterReport, data: Any) -> None:
        obj.checked_by, obj.checked_at = actor.user, now
        if comment:
            obj.comment = comment

    done = REPORT_FLOW.fire(
        report,
        "accept",
        actor=actor,
        data={"comment": comment},
        expected_version=expected_version,
        apply=apply,
    )
    move_pointer(done, Stage.ACCEPTED)
    return done


@transaction.atomic
def return_report(
    report: DisasterReport, *, actor: Actor, comment: str, expected_version: int | None = None
) -> DisasterReport:
    """退回修改 with the reviewer's reason; the informant is told."""

    def apply(obj: DisasterReport, data: Any) -> None:
        obj.comment = comment

    done = REPORT_FLOW.fire(
        report,
        "return",
        actor=actor,
        data={"comment": comment},
        expected_version=expected_version,
        apply=apply,
    )
    for stage in (Stage.REVIEWED, Stage.REPORTED):
        retract_pointer(done, stage)
    if done.submitted_by is not None:
        from yingji.core.models.notifications import NotificationLevel
        from yingji.core.services.notifications import notify

        notify(
            [done.submitted_by],
            title=f"灾情报告被退回：{done}",
            body=comment,
            level=NotificationLevel.WARNING,
            obj=done,
            actor=actor,
            link=f"/disasters/reports/{done.pk}/",
        )
    return done


@transaction.atomic
def resubmit_report(
    report: DisasterReport,
    raw: dict[str, Any],
    *,
    actor: Actor,
    correction_reason: str = "",
    note: str = "",
    expected_version: int | None = None,
) -> DisasterReport:
    """The informant corrects a returned report and submits it again."""
    figures = clean_figures(raw)
    previous = previous_report(report.event, report.region)
    flags = _validate(
        report.event, report.region, figures, reason=correction_reason, kind=report.kind, previous=previous
    )

    def apply(obj: DisasterReport, data: Any) -> None:
        for name, value in figures.items():
            setattr(obj, name, value)
        obj.correction_reason, obj.flags, obj.submitted_at = correction_reason, flags, timezone.now()
        if note:
            obj.note = note

    done = REPORT_FLOW.fire(report, "resubmit", actor=actor, expected_version=expected_version, apply=apply)
    move_pointer(done, Stage.REPORTED)
    rounds.close_met_rounds(done.event, done.street_code, actor=actor)
    return done


@transaction.atomic
def verify_event(event: DisasterEvent, *, actor: Actor) -> DisasterEvent:
    """核报完成: every reporting village's accepted report is its 核报; the figures
    freeze."""
    if not actor.is_system and (
        actor.user is None or not actor.user.has_perm("disasters.verify_disasterevent")
    ):
        raise PermissionDenied("完成核报由带班领导或指挥长办理，值班员无此权限")
    county_level(actor)
    locked = DisasterEvent.objects.select_for_update().get(pk=event.pk)
    check_scope(actor, locked)
    if locked.state != EventState.STABLE:
        raise ValidationError({"state": "灾情稳定后才能完成核报"})
    pointers = ReportPointer.objects.filter(event=locked)
    missing = pointers.exclude(accepted__kind=ReportKind.FINAL).select_related("region")
    if missing.exists():
        names = "、".join(p.region.name for p in missing[:10])
        raise ValidationError({"state": f"尚有{missing.count()}个村（社区）未完成核报审核：{names}"})
    before = audit.snapshot(locked)
    locked.state, locked.frozen_at = EventState.VERIFIED, timezone.now()
    locked.save(update_fields=["state", "frozen_at"])
    audit.record(
        audit.AuditAction.UPDATE,
        actor=actor,
        obj=locked,
        before=before,
        after=audit.snapshot(locked),
        detail="核报完成，灾情数据锁定",
    )
    events.emit("disasterevent.verified", actor=actor, obj=locked, summary="核报完成，灾情数据锁定")
    from yingji.core.services import deadlines

    deadlines.close_deadline(locked, kind=rounds.FINAL, actor=actor)
    return locked


def county_level(actor: Actor) -> None:
    """Refuse an actor whose scope is below a county (a street's or a village's)."""
    if actor.is_system or actor.user is None:
        return
    prefix = scope_of(actor.user).region_prefix
    if prefix is not None and len(prefix) > COUNTY_PREFIX:
        raise PermissionDenied("该操作由区县及以上应急管理部门办理")


@transaction.atomic
def correct_report(
    report: DisasterReport, raw: dict[str, Any], *, actor: Actor, reason: str
) -> DisasterReport:
    """核报后更正: a new report that replaces the village's figures at every stage, with
    the reason and the changes recorded."""
    if not actor.is_system and (
        actor.user is None or not actor.user.has_perm("disasters.correct_disasterreport")
    ):
        raise PermissionDenied("核报后更正由带班领导或指挥长办理，值班员无此权限")
    county_level(actor)
    check_scope(actor, report)
    if report.event.frozen_at is None:
        raise ValidationError({"reason": "灾害尚未核报，请通过正常报送修改"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写更正原因"})
    figures = clean_figures(raw)
    problems = rules.figure_problems(figures)
    if problems:
        raise ValidationError(problems)
    dead, missing, houses = register_counts(report.event, report.region)
    flags = rules.register_problems(figures, dead=dead, missing=missing, households=houses)
    if flags:
        raise ValidationError({"__all__": "更正后的数据须与名单、台账一致：" + "；".join(flags)})
    pointer = ReportPointer.objects.select_for_update().get(event=report.event, region=report.region)
    replaced = pointer.accepted or report
    now = timezone.now()
    sequence = (
        DisasterReport.objects.filter(event=report.event, region=report.region).aggregate(m=Max("sequence"))[
            "m"
        ]
        or 0
    ) + 1
    new = DisasterReport(
        event=report.event,
        region=report.region,
        street_code=report.street_code,
        county_code=report.county_code,
        kind=ReportKind.CORRECTION,
        sequence=sequence,
        reported_at=now,
        correction_reason=reason,
        note=report.note,
        submitted_by=actor.user,
        submitted_at=now,
        reviewed_by=actor.user,
        reviewed_at=now,
        checked_by=actor.user,
        checked_at=now,
        state="accepted",
        state_changed_at=now,
        **figures,
    )
    new.full_clean()
    new.save()
    changes = {
        name: [str(old), str(figures[name])]
        for name, old in replaced.figures().items()
        if old != figures[name]
    }
    correction = Correction.objects.create(
        report=new, replaces=replaced, reason=reason, changes=changes, corrected_by=actor.user
    )
    audit.record(
        audit.AuditAction.CREATE,
        actor=actor,
        obj=new,
        after=audit.snapshot(new),
        detail=f"核报后更正：{reason}",
    )
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=correction, after=audit.snapshot(correction))
    names = "、".join(rules.LABELS[n] for n in changes)
    events.emit(
        "disasterreport.corrected",
        actor=actor,
        obj=new,
        summary=f"{report.region.name}核报后更正：{names or '无数值变化'}（{reason}）",
    )
    for stage in Stage.values:
        move_pointer(new, stage)
    return new
