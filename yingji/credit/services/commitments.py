"""Safety commitments (安全承诺): the bureau sets who commits how often (daily, or per
shift for hazardous-chemical and other high-risk enterprises), the enterprise signs in
its own interface, and the commitments still missing after the day's due hour are
flagged to the enterprise's supervising officer (the to-do and a reminder)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.models import Industry
from yingji.core.services.objects import check_permission, create_object, update_object
from yingji.credit import rules
from yingji.credit.models import (
    CommitmentKind,
    CommitmentPlan,
    CreditSettings,
    Frequency,
    SafetyCommitment,
)
from yingji.enterprises.models import Enterprise

HIGH_RISK = (Industry.HAZCHEM, Industry.NON_COAL_MINE, Industry.FIREWORKS, Industry.TAILINGS)


def _check_plan(values: Mapping[str, Any]) -> None:
    shifts = int(values.get("shifts") or 1)
    if values.get("frequency") == Frequency.SHIFT and not 2 <= shifts <= 4:
        raise ValidationError({"shifts": "每班承诺须设置2—4个班次"})
    enterprise = values.get("enterprise")
    if (values.get("frequency") == Frequency.SHIFT and enterprise is not None
            and enterprise.industry not in HIGH_RISK):
        raise ValidationError({"frequency": "每班承诺适用于危险化学品、矿山、烟花爆竹等高危企业"})


@transaction.atomic
def create_plan(data: dict[str, Any], *, actor: Actor) -> CommitmentPlan:
    """Set an enterprise's commitment requirement (one per enterprise)."""
    _check_plan(data)
    return create_object(CommitmentPlan, data, actor=actor)


@transaction.atomic
def update_plan(plan: CommitmentPlan, data: dict[str, Any], *, actor: Actor) -> CommitmentPlan:
    _check_plan({"enterprise": plan.enterprise, "frequency": plan.frequency, "shifts": plan.shifts,
                 **data})
    return update_object(plan, data, actor=actor)


@transaction.atomic
def plan_high_risk(enterprises: QuerySet[Enterprise], *, actor: Actor) -> int:
    """Require a daily commitment of every high-risk enterprise in ``enterprises`` that
    has no requirement yet; returns how many were set."""
    check_permission(actor, CommitmentPlan, "add")
    have = set(CommitmentPlan.objects.values_list("enterprise_id", flat=True))
    added = 0
    for enterprise in enterprises.filter(industry__in=HIGH_RISK).exclude(pk__in=have).order_by("pk"):
        create_plan({"enterprise": enterprise, "frequency": Frequency.DAILY, "shifts": 1},
                    actor=actor)
        added += 1
    return added


@transaction.atomic
def sign_commitment(data: dict[str, Any], *, actor: Actor) -> SafetyCommitment:
    """签署承诺 in the enterprise interface: a periodic one for today (its shift when
    the plan is per shift), or the credit commitment of a repair; once per slot."""
    values = dict(data)
    enterprise: Enterprise | None = values.get("enterprise")
    today = timezone.localdate()
    kind = values.get("kind") or CommitmentKind.PERIODIC
    values["kind"] = kind
    values.setdefault("day", today)
    if values["day"] != today and not actor.is_system:  # the system: the demo's past days
        raise ValidationError({"day": "只能签署当日的承诺"})
    plan = CommitmentPlan.objects.filter(enterprise=enterprise, active=True).first()
    if kind == CommitmentKind.PERIODIC:
        frequency, shifts = (plan.frequency, plan.shifts) if plan else (Frequency.DAILY, 1)
        slots = rules.commitment_slots(frequency, shifts, values["day"]) or [0]
        shift = int(values.get("shift") or 0)
        if frequency == Frequency.SHIFT and shift not in slots:
            raise ValidationError({"shift": f"请选择班次（1—{shifts}）"})
        values["shift"] = shift if frequency == Frequency.SHIFT else 0
        values["text"] = values.get("text") or (plan.text if plan and plan.text else
                                                CreditSettings.current().commitment_text)
    else:
        values["shift"] = 0
        if not (values.get("text") or "").strip():
            raise ValidationError({"text": "请填写信用承诺内容"})
    if SafetyCommitment.objects.filter(enterprise=enterprise, kind=kind, day=values["day"],
                                       shift=values["shift"]).exists():
        raise ValidationError({"shift": "该时段的承诺已签署"})
    values["signed_by"] = actor.user
    return create_object(SafetyCommitment, values, actor=actor)


@dataclass(frozen=True)
class Missing:
    """An enterprise's commitments still unsigned on a day."""

    enterprise_id: int
    enterprise_name: str
    officer_id: int | None
    slots: tuple[int, ...]


def missing_on(plans: QuerySet[CommitmentPlan], day: date) -> list[Missing]:
    """The required commitments of ``plans`` not signed on ``day`` (two queries)."""
    rows = list(plans.filter(active=True).select_related("enterprise"))
    signed: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, shift in SafetyCommitment.objects.filter(
            kind=CommitmentKind.PERIODIC, day=day,
            enterprise_id__in=[p.enterprise_id for p in rows]).values_list("enterprise_id", "shift"):
        signed[enterprise_id].add(shift)
    result = []
    for plan in rows:
        gaps = rules.missing_slots(plan.frequency, plan.shifts, day, signed[plan.enterprise_id])
        if gaps:
            result.append(Missing(plan.enterprise_id, plan.enterprise.name,
                                  plan.enterprise.supervising_officer_id, tuple(gaps)))
    return result


def flag_missing(*, actor: Actor, day: date | None = None) -> int:
    """The daily reminder after the due hour: each supervising officer is told which of
    their enterprises have not committed today (one message per officer); returns how
    many enterprises were flagged."""
    from yingji.core.models import User
    from yingji.core.services.notifications import notify

    day = day or timezone.localdate()
    missing = missing_on(CommitmentPlan.objects.all(), day)
    by_officer: dict[int, list[Missing]] = defaultdict(list)
    for row in missing:
        if row.officer_id:
            by_officer[row.officer_id].append(row)
    users = User.objects.in_bulk(list(by_officer))
    for officer_id, rows in by_officer.items():
        names = "、".join(r.enterprise_name for r in rows[:10])
        more = f"等{len(rows)}家" if len(rows) > 10 else ""
        notify([users[officer_id]], title=f"{day:%m月%d日}有{len(rows)}家企业未签署安全承诺",
               body=f"{names}{more}未按要求签署安全承诺，请督促。",
               link=f"{reverse('commitmentplan_list')}?missing=today", level="warning", actor=actor)
    return len(missing)


def missing_enterprise_ids(plans: QuerySet[CommitmentPlan], day: date) -> Iterable[int]:
    return [m.enterprise_id for m in missing_on(plans, day)]
