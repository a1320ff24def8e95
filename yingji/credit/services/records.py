"""Credit records: collected from the other modules' services (penalty decisions of
enforcement, accidents with their responsibility findings and concealment), or entered
by staff (a technical service institution's false report, a refusal to rectify found
outside a case). A collected record is never edited by hand; its source is the truth."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.credit.models import CreditEvent, EventKind, SubjectType

MANUAL_KINDS = (EventKind.FALSE_REPORT, EventKind.REFUSED_RECTIFY)


def _check_manual(values: dict[str, Any]) -> None:
    if values.get("kind") not in MANUAL_KINDS:
        raise ValidationError({"kind": "行政处罚和事故记录由执法、事故模块自动归集，"
                                       "手工只能登记出具虚假报告和拒不整改"})
    if values.get("subject_type") == SubjectType.ENTERPRISE and not values.get("enterprise"):
        raise ValidationError({"enterprise": "生产经营单位须从企业库中选择"})
    if values.get("occurred_on") and values["occurred_on"] > timezone.localdate():
        raise ValidationError({"occurred_on": "发生日期不能晚于今天"})


def _fill_subject(values: dict[str, Any]) -> None:
    enterprise = values.get("enterprise")
    if enterprise is not None:
        values.setdefault("region", enterprise.region)
        values["subject_name"] = values.get("subject_name") or enterprise.name
        values["credit_code"] = values.get("credit_code") or enterprise.credit_code


@transaction.atomic
def create_event(data: dict[str, Any], *, actor: Actor) -> CreditEvent:
    """登记 a credit record by hand (false report, refusal to rectify)."""
    values = dict(data)
    _check_manual(values)
    _fill_subject(values)
    values["recorded_by"] = actor.user
    return create_object(CreditEvent, values, actor=actor)


@transaction.atomic
def update_event(event: CreditEvent, data: dict[str, Any], *, actor: Actor) -> CreditEvent:
    """Correct a record entered by hand; a collected one follows its source."""
    if event.source:
        raise ValidationError({"kind": "自动归集的信用记录以来源记录为准，不能手工修改"})
    values = {**{f: getattr(event, f) for f in ("kind", "subject_type", "enterprise",
                                                 "occurred_on")}, **data}
    _check_manual(values)
    return update_object(event, dict(data), actor=actor)


@transaction.atomic
def delete_event(event: CreditEvent, *, actor: Actor) -> None:
    if event.source:
        raise ValidationError({"kind": "自动归集的信用记录不能删除"})
    if event.entries.exists():
        raise ValidationError({"kind": "该记录已作为严重失信名单的依据，不能删除"})
    delete_object(event, actor=actor)


def _collected(rows: list[dict[str, Any]], *, actor: Actor) -> int:
    """Create the rows not yet recorded (by source, id and kind); one audit entry."""
    if not rows:
        return 0
    sources = {r["source"] for r in rows}
    have = set(CreditEvent.objects.filter(source__in=sources)
               .values_list("source", "source_id", "kind"))
    new = [CreditEvent(**r) for r in rows if (r["source"], r["source_id"], r["kind"]) not in have]
    for event in new:
        event.full_clean(validate_unique=False, validate_constraints=False)
    CreditEvent.objects.bulk_create(new, batch_size=500)
    if new:
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=new[0],
                     detail=f"归集信用记录{len(new)}条")
    return len(new)


@transaction.atomic
def collect_events(*, actor: Actor, since: datetime | None = None) -> int:
    """Collect the credit records of the other modules: each penalty decision (and its
    拒不改正), each production accident, each unit found responsible and each
    concealment; returns how many were new. Idempotent (the daily job and the demo)."""
    from yingji.accidents.services.credit_facts import credit_facts
    from yingji.enforcement.services.penalties import penalty_decisions

    rows: list[dict[str, Any]] = []
    for d in penalty_decisions(since=since):
        common = {"subject_type": SubjectType.ENTERPRISE, "enterprise_id": d.enterprise_id,
                  "subject_name": d.enterprise_name, "credit_code": d.credit_code,
                  "region_id": d.region_id, "occurred_on": timezone.localtime(d.decided_at).date(),
                  "department_id": d.department_id or None, "source": "enforcement.case",
                  "source_id": d.case_id, "source_ref": d.decision_number}
        fine = d.unit_fine + d.person_fine
        rows.append({**common, "kind": EventKind.PENALTY,
                     "summary": f"{d.violation}，罚款{fine:.2f}元（{d.decision_number}）"[:300]})
        if d.refused_to_correct:
            rows.append({**common, "kind": EventKind.REFUSED_RECTIFY,
                         "summary": f"责令改正后拒不改正：{d.violation}"[:300]})
    for f in credit_facts(since=since):
        rows.append({"subject_type": SubjectType.ENTERPRISE, "enterprise_id": f.enterprise_id,
                     "subject_name": f.subject_name, "credit_code": f.credit_code,
                     "region_id": f.region_id, "occurred_on": f.occurred_on, "kind": f.kind,
                     "summary": f.summary, "source": f.source, "source_id": f.source_id,
                     "source_ref": f.accident_number})
    return _collected(rows, actor=actor)


def source_link(event: CreditEvent) -> str:
    """The page of the record's source (the case, the accident), or ""."""
    from django.urls import NoReverseMatch, reverse

    names = {"enforcement.case": "case_detail", "accidents.accident": "accident_detail"}
    if event.source_id is None:
        return ""
    if event.source == "accidents.finding":
        from yingji.accidents.models import Finding

        accident_id = Finding.objects.filter(pk=event.source_id).values_list(
            "accident_id", flat=True).first()
        return reverse("accident_detail", args=[accident_id]) if accident_id else ""
    name = names.get(event.source)
    try:
        return reverse(name, args=[event.source_id]) if name else ""
    except NoReverseMatch:
        return ""
