"""On-site inspections: record one, its findings (a hazard through the hazards module's
service, a violation opening a case), 责令限期整改 with the re-check task and 整改复查."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.notifications import notify
from yingji.core.services.objects import check_permission, check_scope
from yingji.enforcement.models import (
    Case,
    Conflict,
    Finding,
    FindingKind,
    Inspection,
    InspectionMethod,
    InspectionSource,
    Inspector,
)
from yingji.enforcement.services import periods
from yingji.enforcement.workflow import INSPECTION_FLOW

FIELDS = ("enterprise", "source", "method", "joint_departments", "plan", "campaign", "pick", "team",
          "inspected_on", "site_contact", "summary", "department")


def _check_inspectors(inspectors: Sequence[Inspector], enterprise: Any, on: date) -> None:
    if len([i for i in inspectors if i.certificate_valid(on)]) < 2 or \
            any(not i.certificate_valid(on) for i in inspectors):
        raise ValidationError({"inspectors": "现场检查须由两名以上持有效执法证的执法人员进行"})
    conflicted = Conflict.objects.filter(enterprise=enterprise, inspector__in=inspectors) \
        .select_related("inspector")
    names = "、".join(c.inspector.name for c in conflicted)
    if names:
        raise ValidationError({"inspectors": f"{names}已申报对该企业回避，不能参加检查"})


def _check_campaign(data: Mapping[str, Any], enterprise: Any, day: date) -> None:
    """An inspection of a 专项行动 names its campaign, within the campaign's period and
    region; naming a campaign makes 专项行动 the source."""
    campaign = data.get("campaign")
    if data.get("source") == InspectionSource.CAMPAIGN and campaign is None:
        raise ValidationError({"campaign": "来源为专项行动的检查须选择专项行动"})
    if campaign is None:
        return
    if data.get("source") not in (InspectionSource.CAMPAIGN, None, ""):
        raise ValidationError({"source": "选择了专项行动的检查，来源须为专项行动"})
    if not campaign.starts_on <= day <= campaign.ends_on:
        raise ValidationError({"inspected_on": f"检查日期不在专项行动期间（{campaign.starts_on:%Y-%m-%d}"
                                               f"至{campaign.ends_on:%Y-%m-%d}）"})
    if not enterprise.region_id.startswith(campaign.region.prefix):
        raise ValidationError({"campaign": "该企业不在专项行动的区域内"})


@transaction.atomic
def record_inspection(data: Mapping[str, Any], *, actor: Actor,
                      inspectors: Sequence[Inspector], items: Sequence[Any] = ()) -> Inspection:
    """Record a 现场检查 (two certified inspectors without a declared conflict); the
    place, industry and department come from the enterprise and the actor."""
    check_permission(actor, Inspection, "add")
    enterprise = data.get("enterprise")
    if enterprise is None:
        raise ValidationError({"enterprise": "请选择被检查单位"})
    day = data.get("inspected_on") or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"inspected_on": "检查日期不能晚于今天"})
    if data.get("method") == InspectionMethod.JOINT and not str(
            data.get("joint_departments") or "").strip():
        raise ValidationError({"joint_departments": "联合检查须填写参加的部门"})
    _check_campaign(data, enterprise, day)
    pick = data.get("pick")
    if pick is not None and pick.enterprise_id != getattr(enterprise, "pk", None):
        raise ValidationError({"enterprise": "被检查单位与双随机抽中的企业不一致"})
    _check_inspectors(list(inspectors), enterprise, day)
    department = data.get("department") or getattr(actor.user, "department", None) \
        or (inspectors[0].department if inspectors else None) or enterprise.supervising_department
    if department is None:
        raise ValidationError({"department": "请选择执法部门"})
    values = {k: v for k, v in data.items() if k in FIELDS}
    values.update(inspected_on=day, department=department, region=enterprise.region,
                  industry=enterprise.industry, state=INSPECTION_FLOW.initial,
                  created_by=actor.user)
    if values.get("campaign") is not None:
        values["source"] = InspectionSource.CAMPAIGN
        values["plan"] = values.get("plan") or values["campaign"].plan
    inspection = Inspection(**values)
    inspection.full_clean(exclude=["number"])
    check_scope(actor, inspection)
    inspection.save()
    inspection.inspectors.set(inspectors)
    inspection.items.set(items)
    inspection.number = f"JC{day.year}{inspection.pk:06d}"
    Inspection.objects.filter(pk=inspection.pk).update(number=inspection.number)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=inspection,
                 after=audit.snapshot(inspection))
    events.emit("inspection.recorded", actor=actor, obj=inspection,
                summary=f"现场检查：{enterprise.name}（{inspection.get_method_display()}）")
    return inspection


@transaction.atomic
def add_finding(inspection: Inspection, data: Mapping[str, Any], *, actor: Actor) -> Finding:
    """A finding of the inspection. A hazard is registered at once in the hazard ledger
    through ``hazards.services.report_hazard_from_inspection`` (source 执法检查)."""
    from yingji.hazards.services import report_hazard_from_inspection

    check_permission(actor, Inspection, "change")
    check_scope(actor, inspection)
    description = str(data.get("description") or "").strip()
    if not description:
        raise ValidationError({"description": "请填写问题描述"})
    kind = data.get("kind") or FindingKind.NOTE
    if kind == FindingKind.VIOLATION and data.get("standard") is None:
        raise ValidationError({"standard": "违法行为须选择对应的裁量基准"})
    finding = Finding(inspection=inspection, kind=kind, item=data.get("item"),
                      description=description, standard=data.get("standard"))
    finding.full_clean()
    if kind == FindingKind.HAZARD:
        hazard = report_hazard_from_inspection(
            actor=actor, enterprise=inspection.enterprise, title=description[:60],
            description=description,
            inspection={"id": inspection.pk, "number": inspection.number,
                        "inspected_on": inspection.inspected_on.isoformat()})
        finding.hazard_id = hazard.pk
    finding.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=finding, after=audit.snapshot(finding))
    events.emit("inspection.finding", actor=actor, obj=inspection,
                summary=f"检查发现（{finding.get_kind_display()}）：{description[:60]}")
    return finding


@transaction.atomic
def open_case_from_finding(finding: Finding, *, actor: Actor, officers: Sequence[Inspector],
                           title: str = "") -> Case:
    """A violation found in an inspection opens a case (立案) against the enterprise, once:
    the finding's row is locked while the case is opened and claimed by a conditional
    UPDATE, so a second request (a double click, another officer) is refused with
    "已立案" and opens nothing, on every database."""
    from yingji.enforcement.services.cases import open_case

    # Lock the finding's row only (PostgreSQL refuses FOR UPDATE on an outer join's side).
    locked = Finding.objects.select_for_update(of=("self",)).select_related(
        "inspection__enterprise", "inspection__department", "standard").get(pk=finding.pk)
    if locked.kind != FindingKind.VIOLATION:
        raise ValidationError({"kind": "只有违法行为可以立案"})
    if locked.case_id is not None:
        raise ValidationError({"case": "该违法行为已立案"})
    inspection = locked.inspection
    case = open_case({"enterprise": inspection.enterprise, "standard": locked.standard,
                      "title": title or f"{inspection.enterprise.name}{locked.standard.violation}"[:200]
                      if locked.standard else title, "facts": locked.description,
                      "inspection": inspection, "violation_on": inspection.inspected_on,
                      "department": inspection.department},
                     actor=actor, officers=officers)
    if not Finding.objects.filter(pk=locked.pk, case__isnull=True).update(case=case):
        # Another request opened its case meanwhile: this one's case is rolled back.
        raise ValidationError({"case": "该违法行为已立案"})
    return case


def _recheck_link(inspection: Inspection) -> str:
    return reverse("inspection_detail", args=[inspection.pk])


@transaction.atomic
def order_rectification(inspection: Inspection, *, actor: Actor, due: date | None = None,
                        content: str = "", expected_version: int | None = None) -> Inspection:
    """责令限期整改: the order and its date; the re-check becomes a task (a core deadline)
    for the first inspector, due the day after the rectification date."""
    if due is not None and due <= timezone.localdate():
        raise ValidationError({"due": "整改期限须晚于今天"})

    def apply(obj: Inspection, data: Any) -> None:
        obj.rectification_due = data["due"]
        obj.rectification_order = str(data["content"])
        obj.recheck_on = data["due"] + timedelta(days=1)

    values = {k: v for k, v in {"due": due, "content": content}.items() if v not in (None, "")}
    done = INSPECTION_FLOW.fire(inspection, "order", actor=actor, data=values, apply=apply,
                                expected_version=expected_version)
    first = done.inspectors.exclude(user=None).order_by("pk").first()
    assert done.recheck_on is not None
    set_deadline(done, kind=periods.RECHECK, title=f"{done.enterprise.name}整改复查",
                 due_at=periods.end_of(done.recheck_on), actor=actor,
                 responsible=first.user if first else None,
                 escalation_chain=periods.leaders(done.department), link=_recheck_link(done))
    return done


@transaction.atomic
def recheck(inspection: Inspection, *, actor: Actor, passed: bool, comment: str = "",
            expected_version: int | None = None) -> Inspection:
    """整改复查: the result closes the order (合格) or escalates it (不合格: the department's
    leaders are told, the violation goes on as a case, 安全生产法 第一百零二条 拒不整改)."""
    today = timezone.localdate()

    def apply(obj: Inspection, data: Any) -> None:
        obj.recheck_passed = passed
        obj.recheck_opinion = str(data["comment"])
        obj.recheck_on = today

    done = INSPECTION_FLOW.fire(inspection, "recheck_pass" if passed else "recheck_fail",
                                actor=actor, data={"comment": comment} if comment else {},
                                apply=apply, expected_version=expected_version)
    close_deadline(done, kind=periods.RECHECK, actor=actor)
    if not passed:
        # Escalated: the department's leaders decide on the case for 拒不整改.
        notify(periods.leaders(done.department), title="整改复查不合格",
               body=f"{done.enterprise.name}（检查{done.number}）逾期未整改或整改不合格：{comment[:100]}。"
                    "依照安全生产法第一百零二条，拒不执行的应当依法立案查处。",
               link=_recheck_link(done), obj=done, actor=actor, level=NotificationLevel.WARNING)
    return done


@transaction.atomic
def finish_inspection(inspection: Inspection, *, actor: Actor,
                      expected_version: int | None = None) -> Inspection:
    """检查结束 without an order (nothing to rectify)."""
    return INSPECTION_FLOW.fire(inspection, "finish", actor=actor,
                                expected_version=expected_version)
