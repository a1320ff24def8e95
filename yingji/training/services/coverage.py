"""持证覆盖率 by enterprise, industry and district (the seeds' target: 100 %), and the
gaps: people on duty in a post that needs a certificate without a usable one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yingji.core.models import Industry, Region
from yingji.training import rules
from yingji.training.models import Certificate, CertifiedPerson, TrainingSettings


@dataclass
class Tally:
    """One line of the coverage table."""

    key: str
    label: str
    required: int = 0
    covered: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        return rules.coverage_percent(self.required, self.covered)

    @property
    def gaps(self) -> int:
        return self.required - self.covered


@dataclass
class Coverage:
    total: Tally
    by_enterprise: list[Tally]
    by_industry: list[Tally]
    by_district: list[Tally]
    gap_ids: list[int]

    def gap_people(self, ids: list[int]) -> list[CertifiedPerson]:
        """The gap people of ``ids`` (one page of ``gap_ids``) with their enterprise."""
        found = {p.pk: p for p in CertifiedPerson.objects.filter(pk__in=ids)
                 .select_related("enterprise", "hazard")}
        return [found[pk] for pk in ids if pk in found]


def usable_holders(people: QuerySet[CertifiedPerson]) -> set[int]:
    """Ids of ``people`` holding a usable certificate of their required kind (one query)."""
    today = timezone.localdate()
    remind = TrainingSettings.current().remind_days
    rows = Certificate.objects.filter(person__in=people.values("pk")).values_list(
        "person_id", "person__required_kind", "kind", "valid_until", "review_due_on")
    return {person for person, needed, kind, until, review in rows
            if kind == needed and rules.usable(rules.certificate_status(today, until, review, remind))}


def coverage(people: QuerySet[CertifiedPerson]) -> Coverage:
    """The coverage of ``people`` (already restricted to the caller's scope): only those
    on duty whose post needs a certificate count. ``gap_ids`` are ordered by enterprise,
    post and name; the page pages them."""
    needing = people.filter(on_duty=True).exclude(required_kind="")
    holders = usable_holders(needing)
    rows = list(needing.values_list("pk", "enterprise_id", "enterprise__name",
                                    "enterprise__industry", "enterprise__region_id"))
    total = Tally("all", "合计")
    enterprises: dict[int, Tally] = {}
    industries: dict[str, Tally] = {}
    districts: dict[str, Tally] = {}
    labels = dict(Industry.choices)
    for pk, enterprise_id, name, industry, region_id in rows:
        ok = pk in holders
        district = str(region_id)[:6] + "000000"
        for tally in (total,
                      enterprises.setdefault(enterprise_id, Tally(str(enterprise_id), name)),
                      industries.setdefault(industry, Tally(industry, labels.get(industry, industry))),
                      districts.setdefault(district, Tally(district, district))):
            tally.required += 1
            tally.covered += ok
    names = dict(Region.objects.filter(code__in=list(districts)).values_list("code", "name"))
    for code, tally in districts.items():
        tally.label = names.get(code, code)
    missing = [pk for pk, *_ in rows if pk not in holders]
    gap_ids = list(CertifiedPerson.objects.filter(pk__in=missing)
                   .order_by("enterprise__name", "post", "name", "pk").values_list("pk", flat=True))
    order = lambda tallies: sorted(tallies, key=lambda t: (t.percent, t.label))  # noqa: E731
    return Coverage(total, order(enterprises.values()), order(industries.values()),
                    order(districts.values()), gap_ids)


def gap_count(people: QuerySet[CertifiedPerson]) -> int:
    needing = people.filter(on_duty=True).exclude(required_kind="")
    return needing.count() - len(usable_holders(needing))


def by_person(people: list[CertifiedPerson]) -> dict[int, str]:
    """持证情况 of listed people (prefetched certificates): 已持证 / 证书失效 / 未持证 /
    无需持证 / 不在岗."""
    today = timezone.localdate()
    remind = TrainingSettings.current().remind_days
    found: dict[int, str] = defaultdict(str)
    for person in people:
        if not person.required_kind:
            found[person.pk] = "无需持证"
            continue
        own = [c for c in person.certificates.all() if c.kind == person.required_kind]
        if any(rules.usable(c.status(today, remind)) for c in own):
            found[person.pk] = "已持证"
        elif not person.on_duty:
            found[person.pk] = "不在岗"
        else:
            found[person.pk] = "证书失效" if own else "未持证"
    return found
