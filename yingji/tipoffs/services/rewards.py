"""Rewards (举报奖励, 安监总财〔2018〕19号): proposed by ``rules.propose`` from the verified
outcome, voted by the committee's members (each vote recorded), decided (奖励 with the
amount, or 不予奖励 with the reason) and paid against a voucher. Only the first valid
real-name report of a matter is rewarded (duplicates are linked to it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_scope
from yingji.tipoffs import rules
from yingji.tipoffs.models import Tipoff, TipoffReward, TipoffSettings, TipoffVote, Vote
from yingji.tipoffs.workflow import REWARD_FLOW

MAX_REWARD = Decimal("10000000")


def first_valid(tipoff: Tipoff) -> bool:
    """Whether no other report of the same matter came earlier with a valid outcome or
    holds a reward already (19号 第六条)."""
    root_id = tipoff.original_id or tipoff.pk
    family = Tipoff.objects.filter(pk=root_id) | Tipoff.objects.filter(original_id=root_id)
    others = family.exclude(pk=tipoff.pk)
    if TipoffReward.objects.filter(tipoff__in=others).exclude(state="refused").exists():
        return False
    return not others.filter(outcome__in=rules.VALID_OUTCOMES,
                             received_at__lt=tipoff.received_at).exists()


def proposal(tipoff: Tipoff) -> rules.Proposal:
    """What the rules propose for ``tipoff`` as it stands."""
    return rules.propose(
        TipoffSettings.current().reward_table(), kind=tipoff.kind, outcome=tipoff.outcome,
        real_name=not tipoff.anonymous, first_valid=first_valid(tipoff), insider=tipoff.insider,
        fine=tipoff.fine_amount, concealed_deaths=tipoff.concealed_deaths,
        grade=tipoff.accident_grade)


@transaction.atomic
def propose_for(tipoff: Tipoff, *, actor: Actor) -> TipoffReward | None:
    """Put the proposed reward of a verified report before the committee (none when the
    rules propose none; the reason stays on the report's timeline)."""
    found = proposal(tipoff)
    if found.amount is None:
        events.emit("tipoff.no_reward", actor=actor, obj=tipoff, summary=f"不予奖励：{found.basis}")
        return None
    reward, created = TipoffReward.objects.get_or_create(
        tipoff=tipoff, defaults={"proposed_amount": found.amount, "basis": found.basis[:300],
                                 "state": REWARD_FLOW.initial, "state_changed_at": timezone.now()})
    if created:
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=reward, after=audit.snapshot(reward),
                     region_code=tipoff.region_id)
        events.emit("tipoffreward.proposed", actor=actor, obj=tipoff,
                    summary=f"建议奖励{found.amount}元，提交奖励委员会评议")
    return reward


@transaction.atomic
def vote(reward: TipoffReward, *, actor: Actor, vote: str, amount: Decimal | None = None,
         comment: str = "", expected_version: int | None = None) -> TipoffReward:
    """A committee member's vote (同意/不同意/弃权), recorded with the member's name; a
    member voting again replaces the earlier vote."""
    if vote not in Vote.values:
        raise ValidationError({"vote": "请选择表决意见"})
    if amount is not None and not (0 < amount <= MAX_REWARD):
        raise ValidationError({"amount": "建议金额须大于0"})
    # Members vote independently: another member's vote is no reason to refuse this one,
    # so the vote is checked against the reward as it is now, not the version shown.
    current = TipoffReward.objects.get(pk=reward.pk)
    reward = REWARD_FLOW.fire(current, "vote", actor=actor, data={"comment": comment})
    if actor.user is None:
        raise PermissionDenied("表决须由奖励委员会委员本人进行")
    TipoffVote.objects.update_or_create(
        reward=reward, member=actor.user,
        defaults={"vote": vote, "amount": amount, "comment": comment[:300], "at": timezone.now()})
    row = TipoffVote.objects.get(reward=reward, member=actor.user)
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row),
                 region_code=reward.tipoff.region_id)
    return reward


def tally(reward: TipoffReward) -> dict[str, int]:
    counts = dict.fromkeys(Vote.values, 0)
    for value in reward.votes.values_list("vote", flat=True):
        counts[value] += 1
    return counts


@transaction.atomic
def approve(reward: TipoffReward, *, actor: Actor, amount: Decimal | None, comment: str = "",
            expected_version: int | None = None) -> TipoffReward:
    """决定奖励: needs a majority of the recorded votes in favour; the amount may differ
    from the proposal only within the table's bounds."""
    counts = tally(reward)
    if counts[Vote.FOR] <= counts[Vote.AGAINST] or counts[Vote.FOR] == 0:
        raise ValidationError({"amount": "同意票未过半数，不能决定奖励"})
    if amount is None or amount <= 0 or amount > MAX_REWARD:
        raise ValidationError({"amount": "请填写大于0的奖励金额"})
    table = TipoffSettings.current().reward_table()
    cap = table.concealment_maximum if reward.tipoff.kind == rules.CONCEALMENT else table.maximum
    if amount > cap:
        raise ValidationError({"amount": f"奖励金额不能超过上限{cap}元"})

    def apply(locked: TipoffReward, data: Any) -> None:
        locked.amount = amount
        locked.decision_note = comment[:300]
        locked.decided_at = timezone.now()

    return REWARD_FLOW.fire(reward, "approve", actor=actor, data={"amount": amount, "comment": comment},
                            expected_version=expected_version, apply=apply)


@transaction.atomic
def refuse(reward: TipoffReward, *, actor: Actor, comment: str,
           expected_version: int | None = None) -> TipoffReward:
    """决定不予奖励, with the reason."""

    def apply(locked: TipoffReward, data: Any) -> None:
        locked.decision_note = comment[:300]
        locked.decided_at = timezone.now()

    return REWARD_FLOW.fire(reward, "refuse", actor=actor, data={"comment": comment},
                            expected_version=expected_version, apply=apply)


@transaction.atomic
def pay(reward: TipoffReward, *, actor: Actor, voucher: str, paid_on: date | None = None,
        expected_version: int | None = None) -> TipoffReward:
    """登记发放: the voucher number and the day paid."""
    voucher = (voucher or "").strip()
    day = paid_on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"paid_on": "发放日期不能晚于今天"})

    def apply(locked: TipoffReward, data: Any) -> None:
        locked.voucher = voucher[:40]
        locked.paid_on = day

    check_scope(actor, reward)
    return REWARD_FLOW.fire(reward, "pay", actor=actor, data={"voucher": voucher},
                            expected_version=expected_version, apply=apply)
