"""分期、延期缴纳罚款 (行政处罚法 第六十六条): "当事人确有经济困难，需要延期或者分期缴纳罚款
的，经当事人申请和行政机关批准，可以暂缓或者分期缴纳。"

While the case is 执行中 the officer registers the party's application (the reason, the
evidence of the difficulty); a 法制审核员 gives the legal opinion (退回 ends it); a leader
approves it with the schedule (instalments summing exactly to the fine, or the later
date) or refuses it. The approved schedule replaces the payment period: each
instalment is a core ``Deadline`` with reminders (``case.instalment.<n>``), the case's
``payment_due`` is the earliest unpaid instalment's date, so 催告 (行政强制法 第五十四条)
and the court application count from the schedule, and late instalments bear the
加处罚款 on their own amount (第七十二条). A 催告 ends the schedule: the party then owes
what remains at once. The decision is the numbered 准予分期/延期缴纳罚款决定书."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.money import yuan
from yingji.core.services.attachments import attach_file, check_upload
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.objects import create_object, update_object
from yingji.enforcement import rules
from yingji.enforcement.models import (
    ArrangementKind,
    ArrangementState,
    Case,
    CaseReview,
    Instalment,
    PaymentArrangement,
    ReviewKind,
)
from yingji.enforcement.services import periods
from yingji.enforcement.workflow import CASE_FLOW

REMIND_BEFORE = timedelta(days=3)


def pending(case: Case) -> PaymentArrangement | None:
    """The application under review or awaiting approval, if any."""
    return case.arrangements.filter(
        state__in=(ArrangementState.APPLIED, ArrangementState.REVIEWED)).order_by("-pk").first()


def approved(case: Case) -> PaymentArrangement | None:
    """The approved arrangement of the case, if any (one at most)."""
    return case.arrangements.filter(state=ArrangementState.APPROVED).first()


def unpaid(case: Case) -> list[Instalment]:
    """The unpaid instalments of the schedule in force (a superseded one's are not owed
    as such: the new schedule covers what was left)."""
    return list(case.instalments.filter(paid_at=None, arrangement__state=ArrangementState.APPROVED)
                .order_by("seq"))


def urged_since_schedule(case: Case) -> bool:
    """Whether the case was urged (催告) after the schedule in force was approved, or
    without one: the schedule has ended and the rest is owed at once. A schedule
    approved after the urge (the party applied again, 第六十六条) resumes payment by
    instalments, and its own missed instalment may be urged again."""
    if case.urged_at is None:
        return False
    current = approved(case)
    return current is None or current.decided_at is None or case.urged_at > current.decided_at


def may_apply(case: Case) -> str | None:
    """Why no (further) 分期/延期 application can be registered now, or None: the fine is
    paid, or an approved schedule is still running (after a 催告 ended it, the party may
    apply again)."""
    if case.paid_at is not None:
        return "罚款已缴清"
    if approved(case) is not None and not urged_since_schedule(case):
        return "已批准分期（延期）缴纳罚款，不能重复申请"
    return None


def paid_principal(case: Case) -> Decimal:
    """The fine paid so far by instalments (without their 加处罚款)."""
    return sum((i.amount for i in case.instalments.exclude(paid_at=None)), Decimal("0"))


def owed(case: Case, today: date | None = None) -> tuple[Decimal, Decimal]:
    """What the party owes on ``today`` under the schedule: (the instalments due by
    today, the 加处罚款 on the overdue ones); after a 催告 the whole rest falls due."""
    day = today or timezone.localdate()
    rows = [(i.amount, i.due_on) for i in unpaid(case)]
    if urged_since_schedule(case):
        due, surcharge = rules.instalments_owed(rows, day)
        rest = sum((a for a, on in rows if on > day), Decimal("0"))
        return due + rest, surcharge
    return rules.instalments_owed(rows, day)


@transaction.atomic
def apply_arrangement(case: Case, *, actor: Actor, kind: str = "", reason: str = "",
                      proposal: str = "", evidence: UploadedFile | None = None,
                      applied_on: date | None = None,
                      expected_version: int | None = None) -> Case:
    """登记当事人的分期/延期缴纳申请 (第六十六条): the kind, the economic difficulty and
    its evidence (required, a checked upload kept append-only); the case goes to
    法制审核. Refused after payment or when an arrangement was already approved."""
    errors: dict[str, str] = {}
    if kind not in ArrangementKind.values:
        errors["kind"] = "请选择申请分期缴纳或延期缴纳"
    if not reason.strip():
        errors["reason"] = "请填写当事人确有经济困难的情况"
    if evidence is None:
        errors["evidence"] = "请上传经济困难的证明材料"
    day = applied_on or timezone.localdate()
    if day > timezone.localdate():
        errors["applied_on"] = "申请日期不能晚于今日"
    elif case.served_at is not None and day < timezone.localtime(case.served_at).date():
        errors["applied_on"] = "申请日期不能早于处罚决定书送达日期"
    if errors:
        raise ValidationError(errors)
    assert evidence is not None
    check_upload(evidence)
    done = CASE_FLOW.fire(case, "apply_arrangement", actor=actor,
                          expected_version=expected_version)
    arrangement = create_object(PaymentArrangement, {
        "case": done, "kind": kind, "reason": reason.strip(), "proposal": proposal.strip()[:500],
        "applied_on": day, "created_by": actor.user}, actor=actor)
    attach_file(arrangement, evidence, actor=actor, purpose=PaymentArrangement.EVIDENCE)
    return done


@transaction.atomic
def review_arrangement(case: Case, *, actor: Actor, passed: bool, comment: str = "",
                       expected_version: int | None = None) -> Case:
    """法制审核 of the application by a 法制审核员: passed, it awaits the leader's
    approval; returned (a reason required), the case goes back to 执行中 under its
    original payment period."""
    back = "arrangement_legal_return_urged" if urged_since_schedule(case) else "arrangement_legal_return"
    name = "arrangement_legal_pass" if passed else back
    done = CASE_FLOW.fire(case, name, actor=actor, data={"comment": comment} if comment else {},
                          expected_version=expected_version)
    CaseReview.objects.create(case=done, kind=ReviewKind.ARRANGEMENT, passed=passed,
                              opinion=comment or ("同意" if passed else "不同意"), reviewer=actor.user)
    arrangement = pending(done)
    assert arrangement is not None
    update_object(arrangement, {
        "legal_opinion": comment or ("同意" if passed else "不同意"),
        "state": ArrangementState.REVIEWED if passed else ArrangementState.RETURNED}, actor=actor)
    return done


@transaction.atomic
def approve_arrangement(case: Case, *, actor: Actor,
                        schedule: list[tuple[Decimal, date]] | None = None,
                        new_due: date | None = None, comment: str = "",
                        at: datetime | None = None,
                        expected_version: int | None = None) -> Case:
    """批准 (a leader): 分期 with the schedule (at least two instalments, amounts summing
    exactly to the fine, due dates after the decision and in order), 延期 with the new
    date (after the payment period it defers). The instalments become core deadlines
    with reminders; the payment period ends; ``payment_due`` follows the schedule."""
    moment = at or timezone.now()
    today = timezone.localtime(moment).date()
    rows: list[tuple[Decimal, date]] = []
    arrangement = pending(case)
    # After a 催告 ended an earlier schedule the new one covers what is left of the fine.
    earlier = approved(case)
    rest = case.total_fine - paid_principal(case)
    first_seq = max((i.seq for i in case.instalments.all()), default=0) + 1

    def apply(obj: Case, data: Any) -> None:
        # Checked on the locked case, after the workflow's state, permission and scope.
        if arrangement is None or arrangement.state != ArrangementState.REVIEWED:
            raise ValidationError({"state": "没有经法制审核、待批准的分期（延期）缴纳申请"})
        decided_on = timezone.localtime(obj.decided_at or moment).date()
        if arrangement.kind == ArrangementKind.INSTALMENTS:
            if new_due is not None:
                raise ValidationError({"new_due": "当事人申请的是分期缴纳，请填写分期计划，不填延期期限"})
            rows.extend(schedule or [])
            problems = rules.schedule_problems(rows, total=rest, decided_on=decided_on,
                                               today=today)
            if problems:
                raise ValidationError(problems)
        else:
            if schedule:
                raise ValidationError(
                    {"schedule": "当事人申请的是延期缴纳，请填写延期后的缴纳期限，不填分期计划"})
            problem = rules.deferral_problem(new_due, payment_due=obj.payment_due,
                                             decided_on=decided_on, today=today)
            if problem:
                raise ValidationError({"new_due": problem})
            assert new_due is not None
            rows.append((rest, new_due))
        obj.payment_due = rows[0][1]
        obj.urge_due = None  # a resumed schedule: a later 催告 counts its own ten days

    done = CASE_FLOW.fire(case, "approve_arrangement", actor=actor, apply=apply,
                          data={"comment": comment} if comment else {},
                          expected_version=expected_version)
    assert arrangement is not None
    update_object(arrangement, {"state": ArrangementState.APPROVED, "opinion": comment or "同意",
                                "decided_at": moment, "decided_by": actor.user}, actor=actor)
    if earlier is not None:
        update_object(earlier, {"state": ArrangementState.SUPERSEDED}, actor=actor)
    periods.stop(done, periods.PAYMENT, periods.URGE, actor=actor, at=moment)
    for seq, (amount, due) in enumerate(rows, first_seq):
        instalment = create_object(Instalment, {"arrangement": arrangement, "case": done, "seq": seq,
                                                "amount": amount, "due_on": due}, actor=actor)
        _start(done, instalment, actor, several=len(rows) > 1 or earlier is not None)
    return done


def _start(case: Case, instalment: Instalment, actor: Actor, *, several: bool) -> None:
    """The instalment's deadline: the officer is reminded before it and told when it
    passes unpaid (then 催告 is possible); nobody is escalated for the party's debt."""
    what = f"第{instalment.seq}期罚款（{yuan(instalment.amount)}）" if several else "延期缴纳罚款"
    set_deadline(case, kind=instalment.deadline_kind, title=f"{case.number}{what}缴纳期限",
                 due_at=periods.end_of(instalment.due_on), actor=actor,
                 responsible=periods.responsible(case), link=periods.case_link(case),
                 remind_before=REMIND_BEFORE)


def stop_schedule(case: Case, *, actor: Actor, at: datetime | None = None) -> None:
    """Close the open instalment deadlines (the rest is paid at once, urged or in court)."""
    for instalment in case.instalments.filter(paid_at=None):
        close_deadline(case, kind=instalment.deadline_kind, actor=actor, at=at)


@transaction.atomic
def refuse_arrangement(case: Case, *, actor: Actor, comment: str = "",
                       expected_version: int | None = None) -> Case:
    """不予批准 (a leader, with the reason): the original payment period stands."""
    arrangement = pending(case)
    name = "refuse_arrangement_urged" if urged_since_schedule(case) else "refuse_arrangement"
    done = CASE_FLOW.fire(case, name, actor=actor,
                          data={"comment": comment} if comment else {},
                          expected_version=expected_version)
    assert arrangement is not None
    update_object(arrangement, {"state": ArrangementState.REFUSED, "opinion": comment,
                                "decided_at": timezone.now(), "decided_by": actor.user}, actor=actor)
    return done


@transaction.atomic
def pay_instalment(case: Case, *, actor: Actor, amount: Decimal | None = None,
                   at: datetime | None = None, expected_version: int | None = None) -> Case:
    """登记分期缴款: the earliest unpaid instalment, with its 加处罚款 when late; the last
    one executes the case. An amount short of what the instalment owes is refused."""
    moment = at or timezone.now()
    rows = unpaid(case)
    if not rows:
        raise ValidationError({"state": "本案没有待缴的分期罚款"})
    first = rows[0]
    day = timezone.localtime(moment).date()
    surcharge = rules.late_surcharge(first.amount, (day - first.due_on).days)
    owed_now = first.amount + surcharge
    if amount is None:
        raise ValidationError({"amount": "请填写缴款金额"})
    if amount < owed_now:
        extra = f"（含加处罚款{yuan(surcharge)}）" if surcharge else ""
        raise ValidationError({"amount": f"第{first.seq}期应缴{yuan(owed_now)}{extra}，缴款金额不足"})
    last = len(rows) == 1
    paid = list(case.instalments.exclude(paid_at=None))

    def apply(obj: Case, data: Any) -> None:
        if last:
            obj.paid_at = moment
            obj.paid_amount = sum((i.paid_amount for i in paid), Decimal("0")) + amount
            obj.surcharge = sum((i.surcharge for i in paid), Decimal("0")) + surcharge
        else:
            obj.payment_due = rows[1].due_on

    done = CASE_FLOW.fire(case, "pay" if last else "pay_instalment", actor=actor, apply=apply,
                          expected_version=expected_version)
    update_object(first, {"paid_at": moment, "paid_amount": amount, "surcharge": surcharge},
                  actor=actor)
    close_deadline(done, kind=first.deadline_kind, actor=actor, at=moment)
    return done


def settle_rest(case: Case, *, moment: datetime, actor: Actor) -> tuple[Decimal, Decimal]:
    """When the rest is paid at once (登记缴款 under a schedule): mark every unpaid
    instalment paid with its 加处罚款 and close its deadline; returns (what was paid
    before, the 加处罚款 of everything)."""
    day = timezone.localtime(moment).date()
    before = sum((i.paid_amount for i in case.instalments.exclude(paid_at=None)), Decimal("0"))
    surcharge = sum((i.surcharge for i in case.instalments.exclude(paid_at=None)), Decimal("0"))
    for instalment in unpaid(case):
        late = rules.late_surcharge(instalment.amount, (day - instalment.due_on).days)
        update_object(instalment, {"paid_at": moment, "paid_amount": instalment.amount + late,
                                   "surcharge": late}, actor=actor)
        close_deadline(case, kind=instalment.deadline_kind, actor=actor, at=moment)
        surcharge += late
    return before, surcharge
