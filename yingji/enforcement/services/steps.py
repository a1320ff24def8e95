"""The steps of the case workflow, one service each. Each fires its transition of
``CASE_FLOW`` (state, permission, role, scope, guards, stale version, audit, timeline)
and writes the step's own records and periods in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.money import yuan
from yingji.enforcement import rules
from yingji.enforcement.models import Case, CaseReview, Ending, EnforcementSettings, ReviewKind
from yingji.enforcement.services import arrangements, periods
from yingji.enforcement.services.cases import earlier_violations
from yingji.enforcement.workflow import CASE_FLOW


def _present(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def _review(case: Case, actor: Actor, kind: str, passed: bool, opinion: str) -> None:
    CaseReview.objects.create(case=case, kind=kind, passed=passed, opinion=opinion or (
        "同意" if passed else "不同意"), reviewer=actor.user)


@transaction.atomic
def start_investigation(case: Case, *, actor: Actor, expected_version: int | None = None) -> Case:
    """开始调查取证 (two certified officers)."""
    return CASE_FLOW.fire(case, "investigate", actor=actor, expected_version=expected_version)


@transaction.atomic
def submit_review(case: Case, *, actor: Actor, expected_version: int | None = None) -> Case:
    """提交案件审核: a record signed by two officers, the band, and a reason for a fine
    outside the range."""
    return CASE_FLOW.fire(case, "submit_review", actor=actor, expected_version=expected_version)


@transaction.atomic
def review_case(case: Case, *, actor: Actor, passed: bool, comment: str = "",
                expected_version: int | None = None) -> Case:
    """案件审核: passes to 法制审核 when the case needs it (major, outside the range),
    otherwise to 待告知; or returns it for further investigation (a reason required)."""
    from yingji.enforcement.workflow import needs_legal_review

    name = ("review_legal" if needs_legal_review(case) else "review_pass") if passed \
        else "review_return"
    done = CASE_FLOW.fire(case, name, actor=actor, data=_present(comment=comment),
                          expected_version=expected_version)
    _review(done, actor, ReviewKind.CASE, passed, comment)
    return done


@transaction.atomic
def legal_review(case: Case, *, actor: Actor, passed: bool, comment: str = "",
                 expected_version: int | None = None) -> Case:
    """法制审核 (行政处罚法 第五十八条) by a 法制审核员: a major case goes on to 集体讨论."""
    if not passed:
        name = "legal_return"
    elif case.state == "heard":
        name = "heard_pass"
    else:
        name = "legal_collective" if case.is_major else "legal_pass"
    done = CASE_FLOW.fire(case, name, actor=actor, data=_present(comment=comment),
                          expected_version=expected_version)
    _review(done, actor, ReviewKind.LEGAL, passed, comment)
    return done


@transaction.atomic
def collective_discussion(case: Case, *, actor: Actor, passed: bool, comment: str = "",
                          expected_version: int | None = None) -> Case:
    """集体讨论 of a major case by the leaders (第五十七条第二款); the minutes as comment."""
    done = CASE_FLOW.fire(case, "collective_pass" if passed else "collective_return",
                          actor=actor, data=_present(comment=comment),
                          expected_version=expected_version)
    _review(done, actor, ReviewKind.COLLECTIVE, passed, comment)
    return done


@transaction.atomic
def notify_party(case: Case, *, actor: Actor, at: datetime | None = None,
                 expected_version: int | None = None) -> Case:
    """告知: the notice is served; the party has 3 working days to state and defend
    itself and, where a hearing is open, 5 working days to ask for it (第六十四条,
    第八十五条)."""
    moment = at or timezone.now()
    settings = EnforcementSettings.current()

    def apply(obj: Case, data: Any) -> None:
        obj.notified_at = moment
        # The hearing right by the thresholds in force when the party is told (第六十三条).
        obj.hearing_required = rules.hearing_required(
            unit_fine=obj.unit_fine, person_fine=obj.person_fine, measures=obj.measures or [],
            unit_threshold=settings.hearing_unit_threshold,
            person_threshold=settings.hearing_person_threshold)
        obj.notified_unit_fine, obj.notified_person_fine = obj.unit_fine, obj.person_fine
        obj.notified_measures = list(obj.measures or [])
        obj.statement_due = periods.law_due(moment, rules.STATEMENT_DAYS)
        obj.hearing_request_due = (periods.law_due(moment, rules.HEARING_REQUEST_DAYS)
                                   if obj.hearing_required else None)

    done = CASE_FLOW.fire(case, "notify", actor=actor, expected_version=expected_version,
                          apply=apply)
    assert done.statement_due is not None
    periods.start(done, periods.STATEMENT, "陈述申辩期限", done.statement_due, actor)
    if done.hearing_request_due is not None:
        periods.start(done, periods.HEARING_REQUEST, "听证申请期限", done.hearing_request_due, actor)
    return done


@transaction.atomic
def record_statement(case: Case, *, actor: Actor, statement: str = "", waived: bool = False,
                     expected_version: int | None = None) -> Case:
    """陈述申辩 received (行政处罚法 第四十五条; the statement period is then done), or the
    party waives its statement and hearing in writing (both periods done). A step of
    ``CASE_FLOW`` (登记陈述申辩, the case stays 已告知): state, permission, scope and a
    stale version are the workflow's, then the inputs."""

    def apply(obj: Case, data: Any) -> None:
        if not statement.strip() and not waived:
            raise ValidationError({"statement": "请填写陈述申辩意见，或勾选当事人放弃"})
        obj.statement, obj.waived = statement, waived

    done = CASE_FLOW.fire(case, "record_statement", actor=actor, apply=apply,
                          data=_present(comment=statement[:100] if statement.strip() else
                                        ("当事人书面放弃陈述申辩和听证" if waived else "")),
                          expected_version=expected_version)
    periods.stop(done, periods.STATEMENT, actor=actor)
    if waived:
        periods.stop(done, periods.HEARING_REQUEST, actor=actor)
    return done


@transaction.atomic
def request_hearing(case: Case, *, actor: Actor, expected_version: int | None = None) -> Case:
    """The party asks for a hearing within the period (第六十四条); the period is checked
    after the workflow's permission and state (who may not act learns that first)."""

    def apply(obj: Case, data: Any) -> None:
        if obj.hearing_request_due is not None and timezone.now() > obj.hearing_request_due:
            raise ValidationError({"state": "已超过听证申请期限（告知后5个工作日）"})
        obj.hearing_requested = True

    done = CASE_FLOW.fire(case, "request_hearing", actor=actor, apply=apply,
                          expected_version=expected_version)
    periods.stop(done, periods.HEARING_REQUEST, actor=actor)
    return done


@transaction.atomic
def schedule_hearing(case: Case, *, actor: Actor, hearing_at: datetime | None = None,
                     place: str = "", at: datetime | None = None,
                     expected_version: int | None = None) -> Case:
    """听证通知: the time and place, told the party at least seven working days before
    (行政处罚法 第六十四条(二), 第八十五条); may be given again to move the hearing."""
    moment = at or timezone.now()

    def apply(obj: Case, data: Any) -> None:
        # Checked after the workflow's state, permission and scope, on the locked row.
        if hearing_at is None:
            raise ValidationError({"hearing_at": "请填写听证时间"})
        earliest = timezone.localtime(periods.law_due(moment, rules.HEARING_NOTICE_DAYS)).date()
        problem = rules.hearing_date_problem(timezone.localtime(hearing_at).date(), earliest)
        if problem:
            raise ValidationError({"hearing_at": problem})
        obj.hearing_notice_at = moment
        obj.hearing_at = hearing_at
        obj.hearing_place = str(data["place"])[:120]

    return CASE_FLOW.fire(case, "schedule_hearing", actor=actor, apply=apply,
                          data=_present(place=place), expected_version=expected_version)


@transaction.atomic
def hold_hearing(case: Case, *, actor: Actor, comment: str = "", at: datetime | None = None,
                 expected_version: int | None = None) -> Case:
    """听证 held (the record as comment) at or after the time notified; the case then
    goes to 法制审核 again."""
    moment = at or timezone.now()

    def apply(obj: Case, data: Any) -> None:
        if obj.hearing_at is not None and moment < obj.hearing_at:
            raise ValidationError({"state": f"听证时间（{timezone.localtime(obj.hearing_at):%Y-%m-%d %H:%M}）"
                                            "未到，不能记录听证"})
        obj.hearing_held_at = moment

    return CASE_FLOW.fire(case, "hold_hearing", actor=actor, data=_present(comment=comment),
                          apply=apply, expected_version=expected_version)


def _notified(case: Case) -> rules.Penalty:
    """What the notice told the party (a case notified before the notice was kept: its
    fines and measures, unchanged since the notice)."""
    if case.notified_unit_fine is None:
        return rules.Penalty(case.unit_fine, case.person_fine, frozenset(case.measures or []))
    return rules.Penalty(case.notified_unit_fine, case.notified_person_fine or Decimal("0"),
                         frozenset(case.notified_measures or []))


@transaction.atomic
def decide(case: Case, *, actor: Actor, unit_fine: Decimal | None = None,
           person_fine: Decimal | None = None, measures: list[str] | None = None,
           waived: bool = False, comment: str = "", at: datetime | None = None,
           expected_version: int | None = None) -> Case:
    """作出处罚决定 within the decision period (after the party's periods, or its waiver);
    the decision may be lighter than the notice, never heavier, nor reach the hearing or
    major-case threshold the notice did not go through (``rules.decision_problem``);
    closes the party's periods and starts the 7-working-day service period (第六十一条)."""
    moment = at or timezone.now()
    values = _present(comment=comment)
    values["waived"] = waived or case.waived
    settings = EnforcementSettings.current()

    def apply(obj: Case, data: Any) -> None:
        # Checked on the locked case after the workflow's state, permission, scope and
        # guards: a person who may not decide is told so, not that a date has passed.
        if obj.decision_due is not None and timezone.localtime(moment).date() > obj.decision_due:
            raise ValidationError(
                {"state": f"已超过作出处罚决定期限（{obj.decision_due:%Y-%m-%d}），须先批准延期"})
        span = obj.proposed_span
        final = rules.Penalty(
            unit_fine=obj.unit_fine if unit_fine is None else unit_fine,
            person_fine=obj.person_fine if person_fine is None else person_fine,
            measures=frozenset(obj.measures or [] if measures is None else measures))
        problem = rules.decision_problem(
            _notified(obj), final, hearing_notified=obj.hearing_required,
            major_reviewed=obj.is_major or obj.reviews.filter(kind=ReviewKind.COLLECTIVE,
                                                              passed=True).exists(),
            unit_threshold=settings.hearing_unit_threshold,
            person_threshold=settings.hearing_person_threshold,
            major_threshold=settings.major_case_threshold)
        if problem:
            raise ValidationError({"unit_fine": problem})
        if rules.outside_range(final.unit_fine, span) and final.unit_fine != obj.unit_fine:
            raise ValidationError({"unit_fine": "决定罚款超出裁量范围，须退回修改并经法制审核"})
        obj.unit_fine, obj.person_fine = final.unit_fine, final.person_fine
        obj.measures = sorted(final.measures)
        obj.decided_at = moment
        obj.ending = Ending.PENALTY
        obj.service_due = periods.law_due(moment, rules.SERVICE_DAYS)
        obj.publish_due = periods.publish_due(moment)

    done = CASE_FLOW.fire(case, "decide", actor=actor, data=values, apply=apply,
                          expected_version=expected_version)
    periods.stop(done, periods.DECISION, periods.STATEMENT, periods.HEARING_REQUEST, actor=actor)
    assert done.service_due is not None
    periods.start(done, periods.SERVICE, "决定书送达期限", done.service_due, actor)
    assert done.publish_due is not None
    periods.start(done, periods.PUBLISH, "处罚决定公开期限", done.publish_due, actor)
    return done


@transaction.atomic
def renotify(case: Case, *, actor: Actor, comment: str = "",
             expected_version: int | None = None) -> Case:
    """退回调查 to change the intended penalty and notify the party again (行政处罚法
    第四十四条、第四十五条): the notice's periods end; the case goes through review and
    告知 anew, the hearing right and the major-case review following the new penalty."""

    def apply(obj: Case, data: Any) -> None:
        obj.notified_at = obj.statement_due = obj.hearing_request_due = None
        obj.notified_unit_fine = obj.notified_person_fine = None
        obj.notified_measures = []
        obj.waived = obj.hearing_requested = False

    done = CASE_FLOW.fire(case, "renotify", actor=actor, data=_present(comment=comment),
                          apply=apply, expected_version=expected_version)
    periods.stop(done, periods.STATEMENT, periods.HEARING_REQUEST, actor=actor)
    return done


@transaction.atomic
def serve_decision(case: Case, *, actor: Actor, service_method: str = "",
                   at: datetime | None = None, expected_version: int | None = None) -> Case:
    """送达 the decision; the fine is due within 15 days (第六十七条)."""
    moment = at or timezone.now()

    def apply(obj: Case, data: Any) -> None:
        obj.served_at = moment
        obj.service_method = str(data["service_method"])[:20]
        obj.payment_due = timezone.localtime(moment).date() + timedelta(days=rules.PAYMENT_DAYS)
        if obj.publish_due is None:
            obj.publish_due = periods.publish_due(obj.decided_at or moment)

    done = CASE_FLOW.fire(case, "serve", actor=actor, apply=apply,
                          data=_present(service_method=service_method),
                          expected_version=expected_version)
    periods.stop(done, periods.SERVICE, actor=actor)
    assert done.payment_due is not None
    periods.start(done, periods.PAYMENT, "罚款缴纳期限", periods.end_of(done.payment_due), actor)
    return done


@transaction.atomic
def record_payment(case: Case, *, actor: Actor, amount: Decimal, at: datetime | None = None,
                   expected_version: int | None = None) -> Case:
    """登记缴款: paid late, the 加处罚款 of 3 % a day (at most the fine) is due as well.
    Under an approved schedule (分期/延期, 第六十六条) the rest is paid at once: what
    remains of it, with the 加处罚款 of each overdue instalment."""
    moment = at or timezone.now()
    day = timezone.localtime(moment).date()
    schedule = arrangements.unpaid(case)
    if schedule:
        rest = sum((i.amount for i in schedule), Decimal("0"))
        surcharge = sum((rules.late_surcharge(i.amount, (day - i.due_on).days) for i in schedule),
                        Decimal("0"))
    else:
        late = (day - case.payment_due).days if case.payment_due is not None else 0
        rest, surcharge = case.total_fine, rules.late_surcharge(case.total_fine, late)
    owed = rest + surcharge
    if amount < owed:
        raise ValidationError({"amount": f"应缴{yuan(owed)}（含加处罚款{yuan(surcharge)}），缴款金额不足"})
    before = Decimal("0")
    earlier = Decimal("0")
    if schedule:
        paid = list(case.instalments.exclude(paid_at=None))
        before = sum((i.paid_amount for i in paid), Decimal("0"))
        earlier = sum((i.surcharge for i in paid), Decimal("0"))

    def apply(obj: Case, data: Any) -> None:
        obj.paid_at = moment
        obj.paid_amount = before + amount
        obj.surcharge = earlier + surcharge

    done = CASE_FLOW.fire(case, "pay", actor=actor, apply=apply, expected_version=expected_version)
    periods.stop(done, periods.PAYMENT, periods.URGE, actor=actor)
    if schedule:
        arrangements.settle_rest(done, moment=moment, actor=actor)
    return done


@transaction.atomic
def urge_party(case: Case, *, actor: Actor, at: datetime | None = None,
               expected_version: int | None = None) -> Case:
    """送达催告书 (行政强制法 第五十四条) when the fine was not paid in time: the party has
    ten working days (第六十九条) to pay, with the 加处罚款, or to state its views; only
    then may the court be asked. The ten days are the party's period on the core
    calendar; the payment period ends here."""
    moment = at or timezone.now()

    def apply(obj: Case, data: Any) -> None:
        # Checked after the workflow's state, permission and scope, on the locked row.
        problem = rules.urge_problem(payment_due=obj.payment_due,
                                     urged=arrangements.urged_since_schedule(obj),
                                     today=timezone.localtime(moment).date())
        if problem:
            raise ValidationError({"state": problem})
        obj.urged_at = moment
        obj.urge_due = periods.coercion_due(moment, rules.URGE_DAYS)

    done = CASE_FLOW.fire(case, "urge", actor=actor, apply=apply,
                          expected_version=expected_version)
    periods.stop(done, periods.PAYMENT, actor=actor, at=moment)
    arrangements.stop_schedule(done, actor=actor, at=moment)
    assert done.urge_due is not None
    periods.start(done, periods.URGE, "催告履行期限", done.urge_due, actor)
    return done


@transaction.atomic
def apply_to_court(case: Case, *, actor: Actor, comment: str = "", at: datetime | None = None,
                   expected_version: int | None = None) -> Case:
    """申请人民法院强制执行 (行政处罚法 第七十二条(四)) when the party does not pay: after
    the payment period and ten working days after the 催告书 (行政强制法 第五十四条), within
    the window of 第五十三条 (``rules.court_window``); the 加处罚款 accrued until then is
    recorded with it."""
    now = at or timezone.now()
    today = timezone.localtime(now).date()
    problem = rules.court_application_problem(
        served_on=timezone.localtime(case.served_at).date() if case.served_at else None,
        payment_due=case.payment_due, today=today,
        urge_due=timezone.localtime(case.urge_due).date() if case.urge_due else None)
    if problem:
        raise ValidationError({"state": problem})

    schedule = arrangements.unpaid(case)

    def apply(obj: Case, data: Any) -> None:
        obj.court_applied_at = now
        if schedule:
            obj.surcharge = arrangements.owed(obj, today)[1]
        elif obj.payment_due is not None:
            obj.surcharge = rules.late_surcharge(
                obj.total_fine, (timezone.localtime(now).date() - obj.payment_due).days)

    done = CASE_FLOW.fire(case, "court", actor=actor, data=_present(comment=comment),
                          apply=apply, expected_version=expected_version)
    periods.stop(done, periods.PAYMENT, periods.URGE, actor=actor)
    arrangements.stop_schedule(done, actor=actor, at=now)
    return done


@transaction.atomic
def close_case(case: Case, *, actor: Actor, expected_version: int | None = None) -> Case:
    """结案."""
    now = timezone.now()

    def apply(obj: Case, data: Any) -> None:
        obj.closed_at = now

    return CASE_FLOW.fire(case, "close", actor=actor, apply=apply,
                          expected_version=expected_version)


@transaction.atomic
def decide_no_penalty(case: Case, *, actor: Actor, ground: str = "", comment: str = "",
                      expected_version: int | None = None) -> Case:
    """不予处罚 / 首违不罚 with its statutory ground, checked against the facts."""
    problem = rules.no_penalty_problem(
        ground, first_offence=case.first_offence, corrected=case.corrected, harm=case.harm,
        earlier_violations=earlier_violations(case)) if ground else None
    if problem:
        raise ValidationError({"ground": problem})
    now = timezone.now()

    def apply(obj: Case, data: Any) -> None:
        obj.no_penalty_ground = ground
        obj.ending = Ending.NO_PENALTY
        obj.closed_at = now
        obj.unit_fine = obj.person_fine = Decimal("0")

    done = CASE_FLOW.fire(case, "no_penalty", actor=actor, apply=apply,
                          data=_present(ground=ground, comment=comment),
                          expected_version=expected_version)
    periods.stop(done, periods.DECISION, periods.STATEMENT, periods.HEARING_REQUEST, actor=actor)
    return done


@transaction.atomic
def transfer_to_police(case: Case, *, actor: Actor, organ: str = "", comment: str = "",
                       expected_version: int | None = None) -> Case:
    """移送公安机关 (行刑衔接: 行政执法机关移送涉嫌犯罪案件的规定): a case of its own ending,
    the suspected crime as comment."""
    now = timezone.now()

    def apply(obj: Case, data: Any) -> None:
        obj.transfer_organ = str(data["organ"])[:80]
        obj.transfer_reason = str(data["comment"])
        obj.ending = Ending.TRANSFERRED
        obj.closed_at = now

    done = CASE_FLOW.fire(case, "transfer", actor=actor, apply=apply,
                          data=_present(organ=organ, comment=comment),
                          expected_version=expected_version)
    periods.stop(done, periods.DECISION, periods.STATEMENT, periods.HEARING_REQUEST, actor=actor)
    return done
