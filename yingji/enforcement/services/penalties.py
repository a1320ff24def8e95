"""Penalty decisions for others: the credit module (a later issue) reads an enterprise's
decisions here, never from the table; the public disclosure (行政执法公示, 国办发〔2018〕
118号) publishes them within the configured working days, personal data masked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.masking import mask_name
from yingji.core.services.objects import check_scope
from yingji.enforcement.models import Case, DocumentKind
from yingji.enforcement.workflow import PENALISED_STATES


@dataclass(frozen=True)
class PenaltyDecision:
    """One administrative penalty decision, as other modules and the public see it."""

    case_id: int
    decision_number: str
    enterprise_id: int
    enterprise_name: str
    credit_code: str
    violation: str
    penalty_basis: str
    unit_fine: Decimal
    person: str  # masked name of the responsible person (一案双罚), or ""
    person_fine: Decimal
    measures: tuple[str, ...]
    decided_at: datetime
    department: str
    published_at: datetime | None
    department_id: int = 0
    region_id: str = ""
    refused_to_correct: bool = False  # 拒不改正 was found (a credit record of its own)


def _decision(case: Case) -> PenaltyDecision:
    numbers = [d.number for d in case.documents.all() if d.kind == DocumentKind.DECISION]
    assert case.decided_at is not None
    return PenaltyDecision(
        case_id=case.pk, decision_number=numbers[0] if numbers else case.number,
        enterprise_id=case.enterprise_id, enterprise_name=case.enterprise.name,
        credit_code=case.enterprise.credit_code, violation=case.standard.violation,
        penalty_basis=case.standard.penalty_basis, unit_fine=case.unit_fine,
        person=mask_name(case.person_name) if case.person_name else "",
        person_fine=case.person_fine, measures=tuple(case.measures or ()),
        decided_at=case.decided_at, department=case.department.name,
        published_at=case.published_at, department_id=case.department_id,
        region_id=case.region_id, refused_to_correct=case.refused_to_correct)


def _decided() -> Any:
    return (Case.objects.filter(state__in=PENALISED_STATES, decided_at__isnull=False)
            .select_related("enterprise", "standard", "department")
            .prefetch_related("documents"))


def penalty_decisions(enterprise_ids: Iterable[int] | None = None, *,
                      since: datetime | None = None) -> list[PenaltyDecision]:
    """Penalty decisions (newest first), of some enterprises or all, optionally since a
    moment; no scope is applied (the caller shows them within its own). Three queries."""
    rows = _decided()
    if enterprise_ids is not None:
        rows = rows.filter(enterprise_id__in=list(enterprise_ids))
    if since is not None:
        rows = rows.filter(decided_at__gte=since)
    return [_decision(c) for c in rows.order_by("-decided_at", "-id")]


def public_decisions(limit: int = 200) -> list[PenaltyDecision]:
    """Published decisions for the public page (personal data masked)."""
    rows = _decided().filter(published_at__isnull=False).order_by("-decided_at", "-id")[:limit]
    return [_decision(c) for c in rows]


@transaction.atomic
def publish_decision(case: Case, *, actor: Actor, at: datetime | None = None) -> Case:
    """公开 a penalty decision on the public site: by a leader (``decide_case``) of the
    case's scope, or the daily job; once (a second call changes nothing); the
    publication period (``periods.PUBLISH``) is then met."""
    from yingji.enforcement.services import periods

    if not actor.is_system and (actor.user is None or not actor.user.has_perm("enforcement.decide_case")):
        raise PermissionDenied("公开行政处罚决定须由负责人批准")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    check_scope(actor, locked)
    if locked.state not in PENALISED_STATES or locked.published_at is not None:
        return locked
    locked.published_at = at or timezone.now()
    locked.save(update_fields=["published_at"])
    periods.stop(locked, periods.PUBLISH, actor=actor, at=locked.published_at)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, detail="公开行政处罚决定")
    events.emit("case.published", actor=actor, obj=locked, summary="行政处罚决定已公开")
    return locked


def publish_served(*, actor: Actor) -> int:
    """The daily job: publish every served decision not yet public (the limit runs from
    the decision; overdue ones are flagged on the statistics page)."""
    done = 0
    for case in Case.objects.filter(state__in=PENALISED_STATES, served_at__isnull=False,
                                    published_at__isnull=True).order_by("pk")[:500]:
        publish_decision(case, actor=actor)
        done += 1
    return done
