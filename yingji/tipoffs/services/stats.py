"""Statistics of the reports in a user's scope over a period: by channel, matter,
district and outcome, the verification time (assignment to result) and the rewards
decided and paid. A fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import Count, Sum

from yingji.core.models import Region
from yingji.tipoffs.models import Channel, MatterKind, Outcome, Tipoff, TipoffReward
from yingji.tipoffs.workflow import STATES


@dataclass(frozen=True)
class Figures:
    total: int
    by_channel: list[tuple[str, int]]
    by_kind: list[tuple[str, int]]
    by_state: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    by_district: list[tuple[str, int]]
    verified: int
    days_average: float | None
    days_median: float | None
    on_time: int
    rewards_paid: int
    amount_paid: Decimal
    amount_decided: Decimal


def _counts(rows: Any, field: str, choices: list[tuple[str, str]]) -> list[tuple[str, int]]:
    found = dict(rows.order_by().values(field).annotate(n=Count("id")).values_list(field, "n"))
    return [(label, found.get(code, 0)) for code, label in choices]


def figures(user: Any, start: date, end: date) -> Figures:
    rows = Tipoff.objects.restrict(user, "view").filter(received_at__date__gte=start,
                                                         received_at__date__lte=end)
    districts: dict[str, int] = {}
    for code, n in rows.order_by().values_list("region_id").annotate(n=Count("id")):
        districts[str(code)[:6]] = districts.get(str(code)[:6], 0) + n
    names = dict(Region.objects.filter(code__in=[f"{d}000000" for d in districts])
                 .values_list("code", "name"))
    durations, on_time = [], 0
    for assigned, verified, due in rows.filter(verified_at__isnull=False, assigned_at__isnull=False) \
            .values_list("assigned_at", "verified_at", "verify_due_at"):
        durations.append((verified - assigned).total_seconds() / 86400)
        on_time += 1 if due is None or verified <= due else 0
    rewards = TipoffReward.objects.restrict(user, "view").filter(tipoff__in=rows)
    paid = rewards.filter(state="paid").aggregate(n=Count("id"), s=Sum("amount"))
    decided = rewards.filter(state__in=("approved", "paid")).aggregate(s=Sum("amount"))
    return Figures(
        total=rows.count(),
        by_channel=_counts(rows, "channel", list(Channel.choices)),
        by_kind=_counts(rows, "kind", list(MatterKind.choices)),
        by_state=_counts(rows, "state", list(STATES.items())),
        by_outcome=_counts(rows.exclude(outcome=""), "outcome", list(Outcome.choices)),
        by_district=sorted(((names.get(f"{d}000000", d), n) for d, n in districts.items()),
                           key=lambda x: -x[1]),
        verified=len(durations),
        days_average=round(sum(durations) / len(durations), 1) if durations else None,
        days_median=round(median(durations), 1) if durations else None,
        on_time=on_time,
        rewards_paid=paid["n"] or 0, amount_paid=paid["s"] or Decimal("0"),
        amount_decided=decided["s"] or Decimal("0"))
