"""The accidents' facts the credit module records (a read-only service): production
accidents of registered enterprises, the units found responsible, and concealment
(瞒报) found by the cross-checks. No scope is applied; the caller keeps its own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from yingji.accidents.models import Accident, Finding, SubjectKind


@dataclass(frozen=True)
class AccidentFact:
    """One credit-relevant fact of an accident: ``kind`` is ``accident``, ``finding``
    or ``concealment``; ``source``/``source_id`` name the row it comes from."""

    kind: str
    source: str
    source_id: int
    accident_number: str
    enterprise_id: int | None
    subject_name: str
    credit_code: str
    region_id: str
    occurred_on: date
    summary: str


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def credit_facts(*, since: datetime | None = None) -> list[AccidentFact]:
    """Production accidents, unit findings and concealment, oldest first (two queries)."""
    accidents = Accident.objects.filter(is_production=True).select_related("enterprise")
    if since is not None:
        accidents = accidents.filter(occurred_at__gte=since)
    facts: list[AccidentFact] = []
    for a in accidents.order_by("occurred_at", "id"):
        common = {"accident_number": a.number, "enterprise_id": a.enterprise_id,
                  "credit_code": a.enterprise.credit_code if a.enterprise else a.credit_code,
                  "region_id": a.region_id, "occurred_on": _day(a.occurred_at)}
        facts.append(AccidentFact(
            kind="accident", source="accidents.accident", source_id=a.pk,
            subject_name=a.unit_display,
            summary=f"发生{a.grade_display}事故“{a.title}”，死亡{a.deaths}人", **common))
        if a.concealed:
            facts.append(AccidentFact(
                kind="concealment", source="accidents.accident", source_id=a.pk,
                subject_name=a.unit_display,
                summary=f"瞒报事故“{a.title}”（{a.concealed_by or '经核查属瞒报'}）"[:300], **common))
    findings = Finding.objects.filter(subject_kind=SubjectKind.UNIT).select_related(
        "accident", "accident__enterprise")
    if since is not None:
        findings = findings.filter(accident__occurred_at__gte=since)
    for f in findings.order_by("id"):
        a = f.accident
        facts.append(AccidentFact(
            kind="finding", source="accidents.finding", source_id=f.pk, accident_number=a.number,
            enterprise_id=a.enterprise_id if f.name == a.unit_display else None,
            subject_name=f.name, credit_code=a.credit_code if f.name == a.unit_display else "",
            region_id=a.region_id, occurred_on=_day(a.occurred_at),
            summary=f"对“{a.title}”负有责任：{f.responsibility}"[:300]))
    return facts
