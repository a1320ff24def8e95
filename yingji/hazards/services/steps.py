"""The steps of the hazard workflow, one service each: 下发整改, 开始整改, 提交验收,
验收销号 and 验收不通过. Each fires its transition of ``HAZARD_FLOW`` (state, permission,
scope, guards, stale version, audit and timeline) and writes the step's own records in
the same transaction: the deadline, the rectification report with its evidence, the
verification and the notifications."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, calendar
from yingji.core.actor import Actor
from yingji.core.models import Attachment, User
from yingji.core.models.notifications import NotificationLevel
from yingji.core.services.attachments import attach_file
from yingji.core.services.deadlines import close_deadline
from yingji.core.services.notifications import notify
from yingji.hazards import rules
from yingji.hazards.models import Hazard, RectificationReport, Verification
from yingji.hazards.services.files import EVIDENCE, check_evidence
from yingji.hazards.services.hazards import (
    DEADLINE_KIND,
    hazard_link,
    start_clock,
    tell_officer,
)
from yingji.hazards.services.people import enterprise_contact
from yingji.hazards.workflow import HAZARD_FLOW, is_enterprise_actor


def _present(**values: Any) -> dict[str, Any]:
    """The inputs actually given (the workflow checks the required ones by key)."""
    return {k: v for k, v in values.items() if v not in (None, "", [])}


@transaction.atomic
def assign_rectification(hazard: Hazard, *, actor: Actor, responsible_name: str = "",
                         measures: str = "", deadline: datetime | None = None,
                         workdays: int | None = None, responsible_phone: str = "",
                         responsible: User | None = None,
                         expected_version: int | None = None) -> Hazard:
    """下发整改: who rectifies (the enterprise's account by default), how, and by when (a
    date, or ``workdays`` Chinese working days from now); starts the deadline with its
    reminders and escalation."""
    values = _present(responsible_name=responsible_name, measures=measures, deadline=deadline,
                      responsible_phone=responsible_phone)
    values["responsible"] = responsible if responsible is not None else enterprise_contact(hazard)
    if workdays and not values.get("deadline"):
        # "N个工作日内整改": the official holiday and make-up-day calendar.
        values["deadline"] = calendar.due_at(timezone.now(), int(workdays), "workdays")

    def apply(obj: Hazard, data: Any) -> None:
        obj.responsible = data.get("responsible")
        obj.responsible_name = str(data["responsible_name"])[:40]
        obj.responsible_phone = str(data.get("responsible_phone") or "")[:20]
        obj.deadline = data["deadline"]
        obj.measures = str(data["measures"])

    done = HAZARD_FLOW.fire(hazard, "assign", actor=actor, data=values,
                            expected_version=expected_version, apply=apply)
    start_clock(done, actor)
    return done


@transaction.atomic
def start_rectification(hazard: Hazard, *, actor: Actor,
                        expected_version: int | None = None) -> Hazard:
    """开始整改: the responsible side confirms it has started."""
    return HAZARD_FLOW.fire(hazard, "start", actor=actor, expected_version=expected_version)


def _evidence_of_round(hazard: Hazard) -> Any:
    """Evidence attachments uploaded since the hazard entered 整改中 this round."""
    since = hazard.state_changed_at or hazard.created_at
    return Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(Hazard), object_id=str(hazard.pk),
        purpose=EVIDENCE, created_at__gte=since)


@transaction.atomic
def submit_for_verification(hazard: Hazard, *, actor: Actor, content: str = "",
                            cost: Decimal | None = None, evidence: Sequence[UploadedFile] = (),
                            expected_version: int | None = None) -> Hazard:
    """提交验收: the rectification report with its evidence (at least one file this
    round, checked before anything is saved); stops the clock and tells the officer."""
    check_evidence(evidence)
    round_evidence = _evidence_of_round(hazard)
    values = _present(content=content, cost=cost)
    values["evidence_count"] = len(evidence) + round_evidence.count()
    now = timezone.now()

    def apply(obj: Hazard, data: Any) -> None:
        obj.rectified_at = now

    done = HAZARD_FLOW.fire(hazard, "submit", actor=actor, data=values,
                            expected_version=expected_version, apply=apply)
    for upload in evidence:
        attach_file(done, upload, actor=actor, purpose=EVIDENCE)
    report = RectificationReport.objects.create(
        hazard=done, content=str(values["content"]), cost=values.get("cost"),
        evidence_ids=sorted(round_evidence.values_list("pk", flat=True)),
        submitted_by=actor.user, submitted_at=now)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=report, after=audit.snapshot(report))
    close_deadline(done, kind=DEADLINE_KIND, actor=actor, at=now)
    tell_officer(done, actor, "隐患整改完成待验收", f"{done.place}：{done.title}已整改完成，请验收")
    return done


def _verification(hazard: Hazard, actor: Actor, *, passed: bool, comment: str) -> Verification:
    record = Verification.objects.create(hazard=hazard, passed=passed, comment=comment,
                                         verified_by=actor.user, verified_at=timezone.now())
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=record, after=audit.snapshot(record))
    if hazard.responsible is not None:
        notify([hazard.responsible], title=f"隐患{'已销号' if passed else '验收不通过'}",
               body=f"{hazard.title}：{comment or ('验收通过，已销号' if passed else '')}",
               link=hazard_link(hazard), obj=hazard, actor=actor,
               level=NotificationLevel.INFO if passed else NotificationLevel.WARNING)
    return record


@transaction.atomic
def close_hazard(hazard: Hazard, *, actor: Actor, comment: str = "",
                 expected_version: int | None = None) -> Hazard:
    """验收销号: the verification passes and the hazard is closed (on time or not); by
    an enterprise account (where allowed) it is marked 企业自行销号."""
    now = timezone.now()

    def apply(obj: Hazard, data: Any) -> None:
        obj.closed_at = now
        obj.closed_by = actor.user
        obj.closed_on_time = rules.on_time(obj.rectified_at, obj.deadline)
        # The workflow's guard let an enterprise through only for 企业自行销号.
        obj.self_closed = is_enterprise_actor(actor)

    done = HAZARD_FLOW.fire(hazard, "close", actor=actor, data=_present(comment=comment),
                            expected_version=expected_version, apply=apply)
    _verification(done, actor, passed=True, comment=comment)
    if done.self_closed:
        # The supervising officer learns of a closing the government side did not verify.
        tell_officer(done, actor, "企业自行销号", f"{done.place}：{done.title}已由企业自行验收销号")
    return done


@transaction.atomic
def reject_verification(hazard: Hazard, *, actor: Actor, comment: str = "",
                        expected_version: int | None = None) -> Hazard:
    """验收不通过 (a reason is required): back to 整改中 and the clock runs again."""

    def apply(obj: Hazard, data: Any) -> None:
        obj.rectified_at = None

    done = HAZARD_FLOW.fire(hazard, "reject", actor=actor, data=_present(comment=comment),
                            expected_version=expected_version, apply=apply)
    _verification(done, actor, passed=False, comment=comment)
    start_clock(done, actor)
    return done
