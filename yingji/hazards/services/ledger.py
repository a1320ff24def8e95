"""Import of legacy hazard ledgers (历史隐患台账) from Excel through core ``run_import``.

A ledger row becomes a hazard in the state the ledger shows: 已销号 when it has a close
date, 整改中 when it has a deadline, else 登记. Legacy rows have no evidence files, so
they are written directly (not through the workflow steps), audited and marked on the
timeline as imported; open ones get their rectification deadline (reminders and
escalation) like any other. A row whose 隐患编号 already exists is refused (no double
import)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportSpec
from yingji.core.models import Region
from yingji.core.services.objects import check_permission, check_scope
from yingji.enterprises.models import Enterprise
from yingji.hazards import rules
from yingji.hazards.models import (
    Hazard,
    HazardCategory,
    HazardGrade,
    HazardSource,
)
from yingji.hazards.services.hazards import _place_fields, check_source, start_clock


def _moment(day: date | None, end_of_day: bool = False) -> datetime | None:
    if day is None:
        return None
    if isinstance(day, datetime):
        return day if timezone.is_aware(day) else timezone.make_aware(day)
    moment = timezone.make_aware(datetime.combine(day, time(23, 59, 59) if end_of_day else time(9)))
    # A ledger date of today means "earlier today": never a moment still to come.
    return moment if end_of_day else min(moment, timezone.now())


@transaction.atomic
def import_row(values: dict[str, Any], actor: Actor) -> bool:
    """Create one hazard from a ledger row (see the module docstring)."""
    check_permission(actor, Hazard, "add")
    errors: dict[str, str] = {}
    number = str(values.get("number") or "").strip()
    if number and Hazard.objects.filter(number=number).exists():
        raise ValidationError({"number": f"隐患编号{number}已存在（已导入过）"})
    data: dict[str, Any] = {k: values[k] for k in (
        "title", "description", "source", "grade", "category", "place_name", "address",
        "finder_name", "responsible_name", "measures") if values.get(k) not in (None, "")}
    check_source(actor, str(data.get("source") or ""))
    code = str(values.get("credit_code") or "").strip().upper()
    if code:
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            errors["credit_code"] = f"未找到统一社会信用代码为{code}的企业"
        data["enterprise"] = enterprise
    region_code = str(values.get("region") or "").strip()
    if region_code and not code:
        data["region"] = Region.objects.filter(code=region_code).first()
        if data["region"] is None:
            errors["region"] = f"行政区划不存在：{region_code}"
    if errors:
        raise ValidationError(errors)
    _place_fields(data)
    found = _moment(values.get("found_on"))
    deadline = _moment(values.get("deadline"), end_of_day=True)
    rectified = _moment(values.get("rectified_on"), end_of_day=True)
    closed = _moment(values.get("closed_on"), end_of_day=True)
    now = timezone.now()
    if found is None or found > now:
        raise ValidationError({"found_on": "发现日期须填写且不能晚于今天"})
    if closed is not None and closed < found:
        raise ValidationError({"closed_on": "销号日期不能早于发现日期"})
    if closed is not None:
        state = "closed"
    elif deadline is not None:
        state = "rectifying"
        if not data.get("responsible_name"):
            raise ValidationError({"responsible_name": "未销号且有整改期限的隐患须填写整改责任人"})
    else:
        state = "registered"
    hazard = Hazard(**data, found_at=found, deadline=deadline, state=state,
                    state_changed_at=closed or found, rectified_at=rectified or closed,
                    closed_at=closed, created_by=actor.user,
                    closed_on_time=rules.on_time(rectified or closed, deadline) if closed else None)
    hazard.full_clean()
    check_scope(actor, hazard)
    hazard.save()
    hazard.number = number or rules.hazard_number(timezone.localtime(found).year, hazard.pk)
    Hazard.objects.filter(pk=hazard.pk).update(number=hazard.number)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=hazard, after=audit.snapshot(hazard),
                 detail="从历史隐患台账导入")
    events.emit("hazard.imported", actor=actor, obj=hazard,
                summary=f"从历史隐患台账导入（{hazard.get_state_label()}）")
    if state == "rectifying" and deadline is not None:
        start_clock(hazard, actor)
    return True


def ledger_import_spec() -> ImportSpec:
    return ImportSpec(
        title="历史隐患台账", object_type="hazards.hazard", save_row=import_row,
        columns=(
            ImportColumn("number", "隐患编号", max_length=20, help="原台账编号；为空时自动编号"),
            ImportColumn("credit_code", "统一社会信用代码", max_length=18,
                         help="企业隐患填写；公共场所隐患留空", example="914201027146123456"),
            ImportColumn("place_name", "公共场所名称", max_length=120),
            ImportColumn("region", "区划代码", max_length=12,
                         help="公共场所隐患所在街道的12位代码"),
            ImportColumn("title", "隐患名称", required=True, max_length=200,
                         example="配电室未设置挡鼠板"),
            ImportColumn("description", "隐患描述", required=True, example="配电室门口无挡鼠板"),
            ImportColumn("source", "隐患来源", kind="choice", required=True,
                         choices=HazardSource.choices, example="部门检查"),
            ImportColumn("grade", "隐患等级", kind="choice", required=True,
                         choices=HazardGrade.choices, example="一般隐患"),
            ImportColumn("category", "隐患类别", kind="choice", required=True,
                         choices=HazardCategory.choices, example="用电安全"),
            ImportColumn("address", "隐患部位", max_length=200),
            ImportColumn("found_on", "发现日期", kind="date", required=True),
            ImportColumn("finder_name", "发现人", max_length=40),
            ImportColumn("responsible_name", "整改责任人", max_length=40),
            ImportColumn("deadline", "整改期限", kind="date"),
            ImportColumn("measures", "整改措施"),
            ImportColumn("rectified_on", "整改完成日期", kind="date"),
            ImportColumn("closed_on", "销号日期", kind="date"),
        ),
    )
