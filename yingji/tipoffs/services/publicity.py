"""What the public sees: a reporter's progress (by receipt number and query code), the
enterprise names to pick from, and the anonymised outcomes — never the reporter, the
findings' details, the staff or the enterprise of a report found untrue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from yingji.core.models import Region
from yingji.enterprises.models import Enterprise
from yingji.tipoffs import rules
from yingji.tipoffs.models import Tipoff
from yingji.tipoffs.workflow import STATES

PUBLIC_STEPS = (("received", "已提交"), ("accepted", "已受理"), ("verifying", "核查中"),
                ("verified", "已核查"), ("closed", "已办结"))
ORDER = [state for state, _ in PUBLIC_STEPS]
CONCLUDED = ("verified", "closed")


@dataclass(frozen=True)
class Progress:
    number: str
    kind: str
    received_at: Any
    state: str
    steps: list[tuple[str, bool]]
    outcome: str
    reply: str
    replied_at: Any


def progress_of(tipoff: Tipoff) -> Progress:
    """The reporter's view of the handling: the steps passed, the outcome once
    verified, and the answer."""
    if tipoff.state in ORDER:
        reached = ORDER.index(tipoff.state)
        steps = [(label, i <= reached) for i, (_, label) in enumerate(PUBLIC_STEPS)]
    else:
        steps = [("已提交", True), (STATES[tipoff.state], True)]
    return Progress(tipoff.number, tipoff.get_kind_display(), tipoff.received_at,
                    STATES.get(tipoff.state, ""),
                    steps, tipoff.get_outcome_display() if tipoff.state in CONCLUDED else "",
                    tipoff.reply, tipoff.replied_at)


def search_enterprises(query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Operating enterprises whose name contains ``query`` (two characters at least):
    id, name and district, as public as the registry's name list."""
    if len(query) < 2:
        return []
    rows = (Enterprise.objects.exclude(status="closed").filter(name__contains=query)
            .select_related("region").order_by("name")[:limit])
    return [{"id": e.pk, "name": e.name, "area": e.region.name} for e in rows]


def outcomes() -> QuerySet[Tipoff]:
    return (Tipoff.objects.filter(state__in=CONCLUDED).exclude(outcome="")
            .select_related("region").order_by("-verified_at", "-id"))


def public_line(tipoff: Tipoff, districts: dict[str, str]) -> dict[str, Any]:
    """One anonymised row: month, district, matter, outcome (no enterprise, no person)."""
    district = districts.get(str(tipoff.region_id)[:6], "")
    when = timezone.localtime(tipoff.verified_at) if tipoff.verified_at else None
    return {"month": f"{when:%Y年%m月}" if when else "", "district": district,
            "kind": tipoff.get_kind_display(), "outcome": tipoff.get_outcome_display(),
            "text": rules.public_outcome(tipoff.outcome, tipoff.get_kind_display(), district)}


def districts_of(rows: list[Tipoff]) -> dict[str, str]:
    codes = {str(t.region_id)[:6] + "000000" for t in rows}
    return {c[:6]: n for c, n in Region.objects.filter(code__in=codes).values_list("code", "name")}


def outcome_totals() -> dict[str, int]:
    rows = outcomes().order_by().values("outcome").annotate(n=Count("id")).values_list("outcome", "n")
    counts = dict(rows)
    return {label: counts.get(code, 0) for code, label in
            ((rules.TRUE, "属实"), (rules.PARTLY, "部分属实"), (rules.FALSE, "不属实"))}
