"""Hazard services: registration, the treatment plan, the workflow steps (with their
rectification reports, evidence, verifications and deadlines) and 挂牌督办."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, calendar, events
from yingji.core.actor import Actor
from yingji.core.models import Attachment, Department, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.attachments import attach_file
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope, create_object
from yingji.hazards import rules
from yingji.hazards.models import (
    Hazard,
    HazardSettings,
    ListingLevel,
    RectificationReport,
    TreatmentPlan,
    Verification,
)
from yingji.hazards.services.files import EVIDENCE, PHOTO, check_evidence, check_photos
from yingji.hazards.services.people import enterprise_contact, escalation_chain
from yingji.hazards.workflow import HAZARD_FLOW

DEADLINE_KIND = "hazard.rectification"
# Fields a registered hazard may still change (after 下发整改 they are the record).
EDITABLE = ("title", "source", "grade", "category", "check_item", "place_name", "address",
            "longitude", "latitude", "description", "found_at", "finder_name", "reporter_name",
            "reporter_phone", "stop_production", "supervising_department",
            "supervising_officer")


def hazard_link(hazard: Hazard) -> str:
    return reverse("hazard_detail", args=[hazard.pk])


def _place_fields(data: dict[str, Any]) -> None:
    """Fill region, industry, location and supervision from the enterprise; a hazard
    without an enterprise must name its public place and street."""
    enterprise = data.get("enterprise")
    if enterprise is not None:
        data["region"] = enterprise.region
        data["industry"] = enterprise.industry
        for field in ("longitude", "latitude"):
            if data.get(field) is None:
                data[field] = getattr(enterprise, field)
        if not data.get("address"):
            data["address"] = enterprise.address
        for field in ("supervising_department", "supervising_officer"):
            if data.get(field) is None:
                data[field] = getattr(enterprise, field)
        return
    errors = {}
    if not (data.get("place_name") or "").strip():
        errors["place_name"] = "请选择企业，或填写公共场所名称"
    if data.get("region") is None:
        errors["region"] = "不属于企业的隐患须选择所属街道（乡镇）"
    if errors:
        raise ValidationError(errors)


def _check_found_at(data: Mapping[str, Any]) -> None:
    found = data.get("found_at")
    if found is not None and found > timezone.now() + timedelta(minutes=5):
        raise ValidationError({"found_at": "发现时间不能晚于当前时间"})


@transaction.atomic
def create_hazard(data: Mapping[str, Any], *, actor: Actor,
                  photos: Sequence[UploadedFile] = ()) -> Hazard:
    """Register (登记) a hazard with its photos. Nothing is saved when a photo is not a
    real image or too large, or when the place is missing or outside the actor's scope."""
    check_permission(actor, Hazard, "add")
    values = {k: v for k, v in data.items() if k not in ("state", "version", "number")}
    _place_fields(values)
    _check_found_at(values)
    check_photos(photos)
    values.setdefault("found_at", timezone.now())
    values["state"] = HAZARD_FLOW.initial
    if actor.user is not None:
        values.setdefault("found_by", actor.user)
        values.setdefault("created_by", actor.user)
        if not values.get("finder_name"):
            values["finder_name"] = actor.user.display_name
    elif not values.get("finder_name"):
        values["finder_name"] = actor.label[:40]
    hazard = create_object(Hazard, values, actor=actor)
    hazard.number = rules.hazard_number(timezone.localtime(hazard.found_at).year, hazard.pk)
    Hazard.objects.filter(pk=hazard.pk).update(number=hazard.number)
    for photo in photos:
        attach_file(hazard, photo, actor=actor, purpose=PHOTO)
    return hazard


@transaction.atomic
def update_hazard(hazard: Hazard, data: Mapping[str, Any], *, actor: Actor,
                  expected_version: int | None = None) -> Hazard:
    """Correct a registered hazard (登记 state only); afterwards it changes through the
    workflow steps."""
    check_permission(actor, Hazard, "change")
    locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
    check_scope(actor, locked)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError({"version": "该记录已被他人处理或修改，请刷新页面后重试"})
    if locked.state != "registered":
        raise ValidationError({"state": f"“{HAZARD_FLOW.label(locked.state)}”的隐患不能修改基本信息"})
    _check_found_at(data)
    before = audit.snapshot(locked)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(locked, key, value)
    locked.version += 1
    locked.full_clean()
    check_scope(actor, locked)
    locked.save()
    after = audit.snapshot(locked)
    changed = audit.changed_fields(before, after)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before, after=after)
    events.emit("hazard.updated", actor=actor, obj=locked,
                summary="修改隐患信息：" + "、".join(c for c in changed if c not in
                                                 ("version", "updated_at")))
    return locked


@transaction.atomic
def add_photos(hazard: Hazard, photos: Sequence[UploadedFile], *, actor: Actor) -> None:
    """More photos of the hazard (checked all first: none is saved if one is bad)."""
    check_photos(photos)
    for photo in photos:
        attach_file(hazard, photo, actor=actor, purpose=PHOTO)


PLAN_FIELDS = ("status_and_cause", "harm_analysis", "goal", "methods", "funds_and_materials",
               "funds_amount", "organisation", "time_limit", "safety_measures",
               "in_place_measures", "in_place_responsibility", "in_place_funds",
               "in_place_time", "in_place_plan")


@transaction.atomic
def save_plan(hazard: Hazard, data: Mapping[str, Any], *, actor: Actor) -> TreatmentPlan:
    """Write the major hazard's treatment plan (治理方案); it may be saved incomplete as
    a draft, but 下发整改 refuses until it is complete."""
    check_permission(actor, Hazard, "change")
    check_scope(actor, hazard)
    if not hazard.is_major:
        raise ValidationError({"grade": "只有重大隐患需要制定治理方案"})
    if hazard.state == "closed":
        raise ValidationError({"state": "已销号的隐患不能修改治理方案"})
    plan = TreatmentPlan.objects.select_for_update().filter(hazard=hazard).first()
    before = audit.snapshot(plan) if plan else None
    if plan is None:
        plan = TreatmentPlan(hazard=hazard)
    for key in PLAN_FIELDS:
        if key in data:
            setattr(plan, key, data[key])
    plan.updated_by = actor.user
    plan.full_clean()
    plan.save()
    audit.record(audit.AuditAction.UPDATE if before else audit.AuditAction.CREATE, actor=actor,
                 obj=plan, before=before, after=audit.snapshot(plan))
    missing = rules.plan_missing({k: getattr(plan, k) for k in PLAN_FIELDS})
    state = f"（尚缺：{'、'.join(missing)}）" if missing else "（完整，五到位）"
    events.emit("hazard.plan_saved", actor=actor, obj=hazard, summary="填报治理方案" + state)
    return plan


def _evidence_since(hazard: Hazard) -> list[int]:
    """Evidence attachments uploaded since the hazard entered 整改中 this round."""
    since = hazard.state_changed_at or hazard.created_at
    return list(Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Hazard), object_id=str(hazard.pk),
        purpose=EVIDENCE, created_at__gte=since).values_list("pk", flat=True))


@transaction.atomic
def fire(hazard: Hazard, name: str, *, actor: Actor, data: Mapping[str, Any] | None = None,
         expected_version: int | None = None, files: Sequence[UploadedFile] = ()) -> Hazard:
    """Fire a workflow step with its own records: 下发整改 sets the deadline (a date, or
    ``workdays`` working days from now) with reminders and escalation; 提交验收 writes
    the report with its evidence and stops the clock; 验收 writes the verification;
    验收不通过 restarts the clock."""
    values = dict(data or {})
    settings = HazardSettings.current()
    if name == "submit":
        check_evidence(files)
        values["evidence_count"] = len(files) + len(_evidence_since(hazard))
    if name == "assign":
        if values.get("responsible") is None:
            values["responsible"] = enterprise_contact(hazard)
        workdays = values.pop("workdays", None)
        if workdays and not values.get("deadline"):
            # "N个工作日内整改": the official holiday and make-up-day calendar.
            values["deadline"] = calendar.due_at(timezone.now(), int(workdays), "workdays")
    now = timezone.now()

    def apply(obj: Hazard, values: Mapping[str, Any]) -> None:
        if name == "assign":
            obj.responsible = values.get("responsible")
            obj.responsible_name = str(values["responsible_name"])[:40]
            obj.responsible_phone = str(values.get("responsible_phone") or "")[:20]
            obj.deadline = values["deadline"]
            obj.measures = str(values["measures"])
        elif name == "submit":
            obj.rectified_at = now
        elif name == "close":
            obj.closed_at = now
            obj.closed_by = actor.user
            obj.closed_on_time = rules.on_time(obj.rectified_at, obj.deadline)
        elif name == "reject":
            obj.rectified_at = None

    done = HAZARD_FLOW.fire(hazard, name, actor=actor, data=values,
                            expected_version=expected_version, apply=apply)
    if name == "assign":
        _start_clock(done, actor, settings)
    elif name == "submit":
        for upload in files:
            attach_file(done, upload, actor=actor, purpose=EVIDENCE)
        evidence = Attachment.objects.filter(
            content_type=ContentType.objects.get_for_model(Hazard), object_id=str(done.pk),
            purpose=EVIDENCE, created_at__gte=hazard.state_changed_at or hazard.created_at)
        report = RectificationReport.objects.create(
            hazard=done, content=str(values["content"]), cost=values.get("cost"),
            evidence_ids=sorted(evidence.values_list("pk", flat=True)),
            submitted_by=actor.user, submitted_at=now)
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=report,
                     after=audit.snapshot(report))
        close_deadline(done, kind=DEADLINE_KIND, actor=actor, at=now)
        _tell_officer(done, actor, "隐患整改完成待验收", f"{done.place}：{done.title}已整改完成，请验收")
    elif name in ("close", "reject"):
        record = Verification.objects.create(
            hazard=done, passed=name == "close", comment=str(values.get("comment") or ""),
            verified_by=actor.user, verified_at=now)
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=record,
                     after=audit.snapshot(record))
        if name == "reject":
            _start_clock(done, actor, settings)
        if done.responsible is not None:
            notify([done.responsible], title=f"隐患{'已销号' if name == 'close' else '验收不通过'}",
                   body=f"{done.title}：{record.comment or ('验收通过，已销号' if name == 'close' else '')}",
                   link=hazard_link(done), obj=done, actor=actor,
                   level=NotificationLevel.INFO if name == "close" else NotificationLevel.WARNING)
    return done


def bulk_load(rows: list[Hazard], *, actor: Actor, summary: str) -> list[Hazard]:
    """Insert many prepared hazards at once (demo data, benchmarks) with their ledger
    numbers; permission and scope checked per row; audited as one entry."""
    check_permission(actor, Hazard, "add")
    if actor.user is not None:
        for row in rows:
            check_scope(actor, row)
    for row in rows:
        row.set_months()
    created = Hazard.objects.bulk_create(rows, batch_size=1000)
    for hazard in created:
        hazard.number = rules.hazard_number(timezone.localtime(hazard.found_at).year, hazard.pk)
    Hazard.objects.bulk_update(created, ["number"], batch_size=1000)
    audit.record(audit.AuditAction.CREATE, actor=actor, object_type=audit.object_type_of(Hazard),
                 object_repr=f"批量新增隐患{len(created)}条", detail=f"{summary}：批量新增{len(created)}条")
    events.emit("hazard.bulk_created", actor=actor, push=False,
                summary=f"批量新增隐患{len(created)}条（{summary}）")
    return created


def _start_clock(hazard: Hazard, actor: Actor, settings: HazardSettings) -> None:
    """(Re)start the rectification deadline: reminder to the responsible account before
    it; when overdue the officer, then the officer's leader."""
    assert hazard.deadline is not None
    set_deadline(hazard, kind=DEADLINE_KIND, title=f"隐患整改：{hazard.title}"[:200],
                 due_at=hazard.deadline, actor=actor, responsible=hazard.responsible,
                 escalation_chain=escalation_chain(hazard),
                 remind_before=timedelta(hours=settings.remind_before_hours),
                 escalate_every=timedelta(hours=settings.escalate_every_hours),
                 link=hazard_link(hazard))


def _tell_officer(hazard: Hazard, actor: Actor, title: str, body: str) -> None:
    chain = escalation_chain(hazard)
    if chain:
        notify(chain[:1], title=title, body=body, link=hazard_link(hazard), obj=hazard,
               actor=actor)


def _level_covers(level: str, department: Department, hazard: Hazard) -> str | None:
    code = str(department.region_id)
    if not str(hazard.region_id).startswith(department.region.prefix):
        return f"督办部门“{department}”的辖区不包含该隐患所在地"
    is_city = code[4:] == "0" * 8
    if level == ListingLevel.CITY and not is_city:
        return "市级挂牌督办须由市级部门督办"
    if level == ListingLevel.DISTRICT and (is_city or code[6:] != "0" * 6):
        return "区县级挂牌督办须由区县级部门督办"
    return None


@transaction.atomic
def list_for_supervision(hazard: Hazard, *, actor: Actor, level: str, department: Department,
                         officer: User | None = None, listing_number: str = "",
                         expected_version: int | None = None) -> Hazard:
    """挂牌督办: a major hazard is listed at city or district level with the supervising
    department and officer; from then on only that department may close it."""
    if actor.user is not None and not actor.user.has_perm("hazards.supervise_hazard"):
        raise PermissionDenied("您无权挂牌督办隐患")
    locked = Hazard.objects.select_for_update().get(pk=hazard.pk)
    check_scope(actor, locked)
    if expected_version is not None and locked.version != expected_version:
        raise ValidationError({"version": "该记录已被他人处理或修改，请刷新页面后重试"})
    errors: dict[str, str] = {}
    if not locked.is_major:
        errors["grade"] = "只有重大隐患可以挂牌督办"
    if locked.state == "closed":
        errors["state"] = "已销号的隐患不能挂牌督办"
    if level not in (ListingLevel.CITY, ListingLevel.DISTRICT):
        errors["listed_level"] = "请选择市级或区县级挂牌督办"
    elif (problem := _level_covers(level, department, locked)) is not None:
        errors["listed_department"] = problem
    if officer is not None and officer.department_id != department.pk:
        errors["listed_officer"] = f"督办责任人须为{department}的人员"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(locked)
    locked.listed_level = level
    locked.listed_department = department
    locked.listed_officer = officer
    locked.listed_at = timezone.now()
    locked.listing_number = listing_number[:60]
    locked.version += 1
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="挂牌督办")
    events.emit("hazard.listed", actor=actor, obj=locked,
                summary=f"{locked.get_listed_level_display()}：督办部门{department}"
                        + (f"，督办责任人{officer.display_name}" if officer else "")
                        + (f"（{listing_number}）" if listing_number else ""))
    if locked.deadline is not None and locked.state in ("pending", "rectifying"):
        _start_clock(locked, actor, HazardSettings.current())
    recipients = [u for u in (officer, locked.responsible) if u is not None]
    if recipients:
        notify(recipients, title="重大隐患挂牌督办", body=f"{locked.place}：{locked.title}已"
               f"{locked.get_listed_level_display()}", link=hazard_link(locked), obj=locked,
               actor=actor, level=NotificationLevel.URGENT)
    return locked
