"""Hazard services: registration, the treatment plan, 挂牌督办 and the rectification
clock; the workflow steps are in ``steps``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Department, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.attachments import attach_file
from yingji.core.services.deadlines import set_deadline
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope, create_object
from yingji.hazards import rules
from yingji.hazards.models import (
    Hazard,
    HazardSettings,
    HazardSource,
    ListingLevel,
    TreatmentPlan,
)
from yingji.hazards.services.files import PHOTO, check_photos
from yingji.hazards.services.people import escalation_chain
from yingji.hazards.workflow import HAZARD_FLOW, is_enterprise_actor

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


def check_source(actor: Actor, source: str, *, current: str | None = None) -> None:
    """An enterprise account never records 执法检查 or 暗查暗访, nor changes the source
    of a hazard the government side found (that would let it assign and close it)."""
    if not is_enterprise_actor(actor):
        return
    label = HazardSource(source).label if source in HazardSource.values else source
    problem = rules.enterprise_source_problem(source, label)
    if problem is None and current is not None and current != source \
            and rules.government_found(current):
        problem = f"“{HazardSource(current).label}”发现的隐患，企业不能修改其来源"
    if problem:
        raise ValidationError({"source": problem})


@transaction.atomic
def create_hazard(data: Mapping[str, Any], *, actor: Actor,
                  photos: Sequence[UploadedFile] = ()) -> Hazard:
    """Register (登记) a hazard with its photos. Nothing is saved when a photo is not a
    real image or too large, or when the place is missing or outside the actor's scope."""
    check_permission(actor, Hazard, "add")
    values = {k: v for k, v in data.items() if k not in ("state", "version", "number")}
    check_source(actor, str(values.get("source") or ""))
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
    if "source" in data:
        check_source(actor, str(data["source"] or ""), current=locked.source)
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


def start_clock(hazard: Hazard, actor: Actor, settings: HazardSettings | None = None) -> None:
    """(Re)start the rectification deadline: reminder to the responsible account before
    it; when overdue the officer, then the officer's leader."""
    assert hazard.deadline is not None
    settings = settings or HazardSettings.current()
    set_deadline(hazard, kind=DEADLINE_KIND, title=f"隐患整改：{hazard.title}"[:200],
                 due_at=hazard.deadline, actor=actor, responsible=hazard.responsible,
                 escalation_chain=escalation_chain(hazard),
                 remind_before=timedelta(hours=settings.remind_before_hours),
                 escalate_every=timedelta(hours=settings.escalate_every_hours),
                 link=hazard_link(hazard))


def tell_officer(hazard: Hazard, actor: Actor, title: str, body: str) -> None:
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
        start_clock(locked, actor)
    recipients = [u for u in (officer, locked.responsible) if u is not None]
    if recipients:
        notify(recipients, title="重大隐患挂牌督办", body=f"{locked.place}：{locked.title}已"
               f"{locked.get_listed_level_display()}", link=hazard_link(locked), obj=locked,
               actor=actor, level=NotificationLevel.URGENT)
    return locked
