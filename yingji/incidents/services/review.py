"""Review (复盘) of a closed incident: findings with responsible units and deadlines,
followed to closure."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services import deadlines
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents.models import Finding, Incident, Review
from yingji.incidents.workflow import FINDING_FLOW, INCIDENT_FLOW


@transaction.atomic
def create_review(incident: Incident, data: dict[str, Any], *, actor: Actor,
                  findings: list[dict[str, Any]] | None = None) -> Review:
    """Write the review of a closed incident and its findings; the incident becomes 已复盘."""
    check_permission(actor, Review, "add")
    if incident.state != "closed":
        raise ValidationError({"summary": "事件结束后才能复盘"})
    if not str(data.get("summary") or "").strip():
        raise ValidationError({"summary": "请填写处置评估"})
    review = Review(incident=incident, summary=data["summary"], lessons=data.get("lessons", ""),
                    reviewed_at=timezone.now(), reviewed_by=actor.user)
    review.full_clean()
    check_scope(actor, review)
    review.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=review, after=audit.snapshot(review))
    for finding in findings or []:
        add_finding(review, finding, actor=actor)
    INCIDENT_FLOW.fire(incident, "review", actor=actor)
    events.emit("review.created", actor=actor, obj=incident,
                summary=f"完成复盘，发现问题{review.findings.count()}项")
    return review


@transaction.atomic
def add_finding(review: Review, data: dict[str, Any], *, actor: Actor) -> Finding:
    check_permission(actor, Finding, "add")
    problem = str(data.get("problem") or "").strip()
    unit = str(data.get("responsible_unit") or "").strip()
    due = data.get("due_date")
    errors = {}
    if not problem:
        errors["problem"] = "请填写发现的问题"
    if not unit:
        errors["responsible_unit"] = "请填写责任单位"
    if not isinstance(due, date):
        errors["due_date"] = "请填写整改时限"
    if errors or not isinstance(due, date):
        raise ValidationError(errors)
    finding = Finding(review=review, problem=problem, responsible_unit=unit, due_date=due,
                      state=FINDING_FLOW.initial)
    finding.full_clean()
    check_scope(actor, finding)
    finding.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=finding, after=audit.snapshot(finding))
    end_of_day = timezone.make_aware(datetime.combine(due + timedelta(days=1), time.min))
    deadlines.set_deadline(finding, kind="finding", title=f"复盘整改：{problem[:60]}",
                           due_at=end_of_day, actor=actor, remind_before=timedelta(days=3),
                           link=reverse("incident_detail", kwargs={"pk": review.incident_id}))
    events.emit("finding.created", actor=actor, obj=review.incident,
                summary=f"复盘问题：{problem[:60]}（{unit}，{due:%Y-%m-%d}前整改）")
    return finding


def close_finding(finding: Finding, *, actor: Actor, rectification: str) -> Finding:
    def apply(locked: Finding, data: Mapping[str, Any]) -> None:
        locked.rectification = rectification
        locked.closed_at = timezone.now()

    with transaction.atomic():
        fired = FINDING_FLOW.fire(finding, "close", actor=actor,
                                  data={"rectification": rectification}, apply=apply)
        deadlines.close_deadline(fired, kind="finding", actor=actor)
    return fired
