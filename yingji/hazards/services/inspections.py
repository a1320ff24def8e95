"""Self-inspection (企业自查): an enterprise runs a check list; every failed item is
registered as a hazard (major when the item says so). Supervisors see coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.hazards.models import (
    Checklist,
    HazardGrade,
    HazardSource,
    SelfInspection,
    SelfInspectionResult,
)
from yingji.hazards.services.hazards import create_hazard


@dataclass(frozen=True)
class Answer:
    """The answer to one check item."""

    item_id: int
    passed: bool
    note: str = ""


def checklists_for(enterprise: Any) -> QuerySet[Checklist]:
    """Active check lists that apply to the enterprise's industry (or to every industry)."""
    return Checklist.objects.filter(active=True).filter(
        Q(industry="") | Q(industry=enterprise.industry)).order_by("industry", "name")


@transaction.atomic
def run_self_inspection(enterprise: Any, checklist: Checklist, answers: Sequence[Answer], *,
                        actor: Actor, inspector_name: str,
                        inspected_at: datetime | None = None, notes: str = "") -> SelfInspection:
    """Record a self-inspection; each failed item becomes a hazard (企业自查) linked to
    its result. Every item of the list must be answered exactly once."""
    check_permission(actor, SelfInspection, "add")
    inspected_at = inspected_at or timezone.now()
    errors: dict[str, str] = {}
    if not checklist.active or checklist.industry not in ("", enterprise.industry):
        errors["checklist"] = "该排查清单不适用于本企业的行业或已停用"
    items = {item.pk: item for item in checklist.items.all()}
    given = [a.item_id for a in answers]
    if len(given) != len(set(given)) or set(given) != set(items):
        missing = [items[i].order for i in items if i not in set(given)]
        errors["answers"] = ("请逐项填写检查结果" + (f"，未填写第{'、'.join(map(str, sorted(missing)))}项"
                                                 if missing else ""))
    if inspected_at > timezone.now() + timedelta(minutes=5):
        errors["inspected_at"] = "排查时间不能晚于当前时间"
    if not inspector_name.strip():
        errors["inspector_name"] = "请填写排查人"
    failed_without_note = [items[a.item_id].order for a in answers
                           if a.item_id in items and not a.passed and not a.note.strip()]
    if failed_without_note:
        errors.setdefault("answers", "不符合项须说明具体情况：第"
                          + "、".join(map(str, sorted(failed_without_note))) + "项")
    if errors:
        raise ValidationError(errors)
    inspection = SelfInspection(enterprise=enterprise, checklist=checklist,
                                inspected_at=inspected_at, inspector_name=inspector_name.strip(),
                                inspected_by=actor.user, notes=notes, item_count=len(items),
                                failed_count=sum(1 for a in answers if not a.passed))
    check_scope(actor, inspection)
    inspection.save()
    for answer in sorted(answers, key=lambda a: items[a.item_id].order):
        item = items[answer.item_id]
        hazard = None
        if not answer.passed:
            hazard = create_hazard({
                "enterprise": enterprise, "title": f"自查：{item.content}"[:200],
                "source": HazardSource.SELF_CHECK, "category": item.category,
                "grade": HazardGrade.MAJOR if item.major_if_failed else HazardGrade.GENERAL,
                "check_item": item, "description": answer.note.strip(),
                "found_at": inspected_at, "finder_name": inspector_name.strip()[:40],
            }, actor=actor)
        SelfInspectionResult.objects.create(inspection=inspection, item=item,
                                            passed=answer.passed, note=answer.note[:300],
                                            hazard=hazard)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=inspection,
                 after=audit.snapshot(inspection))
    events.emit("selfinspection.created", actor=actor, obj=inspection,
                summary=f"{enterprise.name}完成自查（{checklist.name}）：检查{len(items)}项，"
                        f"发现隐患{inspection.failed_count}项")
    return inspection


@dataclass(frozen=True)
class CoverageRow:
    enterprise_id: int
    name: str
    industry: str
    region: str
    last_inspected_at: datetime | None
    inspections: int
    hazards_found: int


def coverage(user: Any, days: int = 90) -> tuple[list[CoverageRow], int, int]:
    """Self-inspection coverage of the enterprises in ``user``'s scope over the last
    ``days``: per enterprise the last inspection and counts (one grouped query), plus
    (covered, total)."""
    from yingji.enterprises.models import Enterprise

    since = timezone.now() - timedelta(days=days)
    recent = Q(self_inspections__inspected_at__gte=since)
    rows = (Enterprise.objects.restrict(user, "view").filter(status="operating")
            .annotate(last=Max("self_inspections__inspected_at"),
                      n=Count("self_inspections", filter=recent),
                      found=Sum("self_inspections__failed_count", filter=recent))
            .values_list("pk", "name", "industry", "region__name", "last", "n", "found")
            .order_by(F("last").asc(nulls_first=True), "name"))
    result = [CoverageRow(pk, name, industry, region, last, n, found or 0)
              for pk, name, industry, region, last, n, found in rows]
    covered = sum(1 for r in result if r.inspections)
    return result, covered, len(result)
