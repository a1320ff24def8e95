"""The serious-dishonesty list (令第11号): proposal by the penalising department (谁处罚
谁决定), prior notice with the party's statement period (a core deadline the department
waits out), the listing decision (its Word document in ``documents``), publication, the
management period and the removal on the day by the daily job (按期移出), and early
removal on application (信用修复), revoked when obtained by fraud."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.calendar import due_at
from yingji.core.services.deadlines import close_deadline, set_deadline
from yingji.core.services.objects import check_permission, check_scope, create_object
from yingji.credit import rules
from yingji.credit.models import (
    CommitmentKind,
    CreditSettings,
    DishonestyEntry,
    RemovalApplication,
    RemovalKind,
    SafetyCommitment,
)
from yingji.credit.workflow import ENTRY_FLOW, REPAIR_FLOW, authority_id, same_authority

STATEMENT = "credit.statement"


def link(entry: DishonestyEntry) -> str:
    return reverse("dishonestyentry_detail", args=[entry.pk])


def _penalising_department(values: dict[str, Any], actor: Actor) -> Any:
    """谁处罚谁决定: the entry's department is the one that imposed the penalty, and the
    person proposing works there."""
    case = values.get("case")
    department = values.get("department") or (case.department if case is not None else None)
    if not actor.is_system:
        mine = actor.user.department if actor.user is not None else None
        if mine is None:
            raise ValidationError({"department": "您的账号未设置所属部门，不能发起列入"})
        department = department or mine
        if not same_authority(actor.user, department):
            raise ValidationError({"department": "只能由作出行政处罚的部门（本单位）列入（谁处罚谁决定）"})
    if department is None:
        raise ValidationError({"department": "请选择作出行政处罚的部门"})
    if case is not None and authority_id(case.department) != authority_id(department):
        raise ValidationError({"case": "该案件不是本单位作出的行政处罚，"
                                       "应由作出处罚的部门决定列入（谁处罚谁决定）"})
    return department


@transaction.atomic
def propose_entry(data: Mapping[str, Any], *, actor: Actor) -> DishonestyEntry:
    """拟列入: a subject proposed by the penalising department on a ground of the table,
    from a penalty case (its enterprise) or a credit record."""
    from yingji.enforcement.workflow import PENALISED_STATES

    check_permission(actor, DishonestyEntry, "add")
    values = dict(data)
    case, event = values.get("case"), values.get("event")
    if case is not None and case.state not in PENALISED_STATES:
        raise ValidationError({"case": "该案件尚未作出行政处罚决定"})
    if values.get("ground") is not None and not values["ground"].active:
        raise ValidationError({"ground": "该列入情形已停用"})
    values["department"] = _penalising_department(values, actor)
    enterprise = values.get("enterprise") or (case.enterprise if case is not None else None) \
        or (event.enterprise if event is not None else None)
    if enterprise is not None:
        values["enterprise"] = enterprise
        values["subject_name"] = values.get("subject_name") or enterprise.name
        values["credit_code"] = values.get("credit_code") or enterprise.credit_code
        values.setdefault("region", enterprise.region)
    elif event is not None:
        values["subject_name"] = values.get("subject_name") or event.subject_name
        values.setdefault("region", event.region)
    if DishonestyEntry.objects.filter(enterprise=enterprise, state__in=("proposed", "noticed", "listed"),
                                      ground=values.get("ground")).exclude(enterprise=None).exists():
        raise ValidationError({"ground": "该主体已因同一情形拟列入或在名单中"})
    values["state"] = ENTRY_FLOW.initial
    values["created_by"] = actor.user
    return create_object(DishonestyEntry, values, actor=actor)


def _responsible(entry: DishonestyEntry, actor: Actor) -> Any:
    return actor.user if actor.user is not None else entry.created_by


@transaction.atomic
def notify_entry(entry: DishonestyEntry, *, actor: Actor,
                 expected_version: int | None = None) -> DishonestyEntry:
    """告知: tell the party the facts, the ground and its right to state its case within
    the configured working days (the department waits that period out)."""
    settings = CreditSettings.current()
    now = timezone.now()

    def apply(locked: DishonestyEntry, data: Mapping[str, Any]) -> None:
        locked.noticed_at = now
        locked.statement_due = due_at(now, settings.statement_workdays, "workdays")

    entry = ENTRY_FLOW.fire(entry, "notify", actor=actor, expected_version=expected_version,
                            apply=apply)
    assert entry.statement_due is not None
    set_deadline(entry, kind=STATEMENT, title=f"{entry.subject_name}列入严重失信名单的陈述申辩期",
                 due_at=entry.statement_due, actor=actor, responsible=_responsible(entry, actor),
                 waiting=True, link=link(entry))
    _tell_party(entry, actor=actor, title=f"拟将{entry.subject_name}列入安全生产严重失信主体名单",
                body=f"列入情形：{entry.ground.title}。请于{timezone.localtime(entry.statement_due):%Y-%m-%d}"
                     f"前提出陈述申辩。")
    return entry


def _tell_party(entry: DishonestyEntry, *, actor: Actor, title: str, body: str) -> None:
    """Notify the enterprise's accounts (if any) on the entry's page."""
    if entry.enterprise_id is None:
        return
    from yingji.core.services.notifications import notify
    from yingji.enterprises.models import EnterpriseMember

    users = [m.user for m in EnterpriseMember.objects.filter(enterprise_id=entry.enterprise_id)
             .select_related("user")]
    if users:
        notify(users, title=title, body=body, link=link(entry), obj=entry, actor=actor)


@transaction.atomic
def state_case(entry: DishonestyEntry, *, actor: Actor, statement: str,
               expected_version: int | None = None) -> DishonestyEntry:
    """陈述申辩: the party's statement, within the period (the enterprise's account, or
    staff recording a written one)."""
    statement = (statement or "").strip()
    if entry.statement_due is not None and timezone.now() > entry.statement_due:
        raise ValidationError({"statement": "陈述申辩期限已过"})

    def apply(locked: DishonestyEntry, data: Mapping[str, Any]) -> None:
        locked.statement = statement[:2000]
        locked.statement_at = timezone.now()

    return ENTRY_FLOW.fire(entry, "state", actor=actor, data={"statement": statement},
                           expected_version=expected_version, apply=apply)


def _number(year: int) -> str:
    count = DishonestyEntry.objects.filter(decided_at__year=year).exclude(number="").count()
    return f"应急信列〔{year}〕{count + 1}号"


@transaction.atomic
def decide_entry(entry: DishonestyEntry, *, actor: Actor, reply: str = "",
                 expected_version: int | None = None) -> DishonestyEntry:
    """作出列入决定: after the statement period (or once the party's statement is
    answered); the management period starts today and ends on ``remove_on``."""
    settings = CreditSettings.current()
    now = timezone.now()
    reply = (reply or "").strip()
    if entry.statement:
        if not reply:
            raise ValidationError({"reply": "当事人已陈述申辩，请填写采纳情况及理由"})
    elif entry.statement_due is not None and now <= entry.statement_due:
        raise ValidationError({"state": f"陈述申辩期限（{timezone.localtime(entry.statement_due):%Y-%m-%d}）"
                                        "届满前不能作出列入决定"})

    def apply(locked: DishonestyEntry, data: Mapping[str, Any]) -> None:
        today = timezone.localdate(now)
        locked.statement_reply = reply[:2000]
        locked.decided_at = now
        locked.listed_on = today
        locked.remove_on = rules.removal_day(today, settings.management_years)
        locked.number = _number(today.year)
        if settings.publish_on_decision:
            locked.published_at = now

    entry = ENTRY_FLOW.fire(entry, "decide", actor=actor, expected_version=expected_version,
                            apply=apply)
    close_deadline(entry, kind=STATEMENT, actor=actor)
    _tell_party(entry, actor=actor, title=f"{entry.subject_name}已被列入安全生产严重失信主体名单",
                body=f"决定书{entry.number}，管理期限至{entry.remove_on:%Y-%m-%d}。")
    return entry


@transaction.atomic
def withdraw_entry(entry: DishonestyEntry, *, actor: Actor, comment: str,
                   expected_version: int | None = None) -> DishonestyEntry:
    """不予列入 (the statement accepted, or the ground not met), with the reason."""
    entry = ENTRY_FLOW.fire(entry, "withdraw", actor=actor, data={"comment": comment},
                            expected_version=expected_version)
    close_deadline(entry, kind=STATEMENT, actor=actor)
    return entry


@transaction.atomic
def publish_entry(entry: DishonestyEntry, *, actor: Actor) -> DishonestyEntry:
    """公示 a listed entry on the public page (once)."""
    check_permission(actor, DishonestyEntry, "change")
    locked = DishonestyEntry.objects.select_for_update().get(pk=entry.pk)
    check_scope(actor, locked)
    if locked.state != "listed":
        raise ValidationError({"state": "只有已列入名单的主体可以公示"})
    if locked.published_at is None:
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, detail="公示严重失信主体")
        events.emit("dishonesty.published", actor=actor, obj=locked, summary="已公示")
    return locked


def _remove(entry: DishonestyEntry, *, actor: Actor, kind: str, day: date,
            comment: str = "") -> DishonestyEntry:
    def apply(locked: DishonestyEntry, data: Mapping[str, Any]) -> None:
        locked.removed_on = day
        locked.removal_kind = kind

    return ENTRY_FLOW.fire(entry, "remove", actor=actor, data={"comment": comment}, apply=apply)


def remove_expired(*, actor: Actor, today: date | None = None) -> int:
    """按期移出 (the daily job): every listed entry whose management period ends today
    or earlier is removed, each on the timeline and in the audit; returns how many."""
    today = today or timezone.localdate()
    done = 0
    for entry in DishonestyEntry.objects.filter(state="listed", remove_on__lte=today).order_by("pk"):
        assert entry.remove_on is not None
        if rules.due_to_remove(entry.remove_on, today):
            with transaction.atomic():
                _remove(entry, actor=actor, kind=RemovalKind.EXPIRY, day=today,
                        comment=f"管理期满（{entry.remove_on:%Y-%m-%d}）自动移出")
            done += 1
    return done


def credit_commitment(entry: DishonestyEntry) -> SafetyCommitment | None:
    """The credit commitment (信用承诺书) the enterprise signed since its listing."""
    if entry.enterprise_id is None or entry.listed_on is None:
        return None
    return (SafetyCommitment.objects.filter(enterprise_id=entry.enterprise_id,
                                            kind=CommitmentKind.CREDIT, day__gte=entry.listed_on)
            .order_by("-day").first())


@transaction.atomic
def apply_early_removal(data: Mapping[str, Any], *, actor: Actor) -> RemovalApplication:
    """申请提前移出: after the minimum period, the penalty paid, the rectification done
    and the credit commitment signed (令第11号); one open application at a time."""
    values = dict(data)
    entry: DishonestyEntry = values["entry"]
    if entry.state != "listed" or entry.listed_on is None:
        raise ValidationError({"entry": "只有已列入名单的主体可以申请提前移出"})
    if entry.applications.filter(state="submitted").exists():
        raise ValidationError({"entry": "已有待审核的提前移出申请"})
    commitment = credit_commitment(entry)
    refusal = rules.early_removal_refusal(
        listed_on=entry.listed_on, today=timezone.localdate(),
        min_months=CreditSettings.current().early_removal_months,
        penalty_paid=bool(values.get("penalty_paid")), rectified=bool(values.get("rectified")),
        committed=commitment is not None)
    if refusal:
        raise ValidationError({"entry": refusal})
    values.update(commitment=commitment, state=REPAIR_FLOW.initial, applied_by=actor.user)
    application = create_object(RemovalApplication, values, actor=actor)
    return application


@transaction.atomic
def approve_application(application: RemovalApplication, *, actor: Actor, comment: str = "",
                        expected_version: int | None = None) -> RemovalApplication:
    """批准: the entry leaves the list today (信用修复提前移出)."""
    def apply(locked: RemovalApplication, data: Mapping[str, Any]) -> None:
        locked.review_comment = comment[:1000]

    application = REPAIR_FLOW.fire(application, "approve", actor=actor, data={"comment": comment},
                                   expected_version=expected_version, apply=apply)
    _remove(application.entry, actor=actor, kind=RemovalKind.EARLY, day=timezone.localdate(),
            comment="信用修复，提前移出")
    return application


@transaction.atomic
def reject_application(application: RemovalApplication, *, actor: Actor, comment: str,
                       expected_version: int | None = None) -> RemovalApplication:
    """不予批准, with the reason."""
    def apply(locked: RemovalApplication, data: Mapping[str, Any]) -> None:
        locked.review_comment = comment[:1000]

    return REPAIR_FLOW.fire(application, "reject", actor=actor, data={"comment": comment},
                            expected_version=expected_version, apply=apply)


@transaction.atomic
def revoke_application(application: RemovalApplication, *, actor: Actor, comment: str,
                       expected_version: int | None = None) -> RemovalApplication:
    """撤销: an early removal obtained by fraud is revoked and the subject listed again
    for the rest of its original management period."""
    def apply(locked: RemovalApplication, data: Mapping[str, Any]) -> None:
        locked.review_comment = f"{locked.review_comment}\n撤销：{comment}".strip()[:1000]

    application = REPAIR_FLOW.fire(application, "revoke", actor=actor, data={"comment": comment},
                                   expected_version=expected_version, apply=apply)

    def relist(locked: DishonestyEntry, data: Mapping[str, Any]) -> None:
        locked.removed_on = None
        locked.removal_kind = ""

    ENTRY_FLOW.fire(application.entry, "relist", actor=actor, data={"comment": comment}, apply=relist)
    return application


@transaction.atomic
def import_listing(data: Mapping[str, Any], *, actor: Actor) -> DishonestyEntry:
    """登记存量名单: a listing decided before the platform (from the paper register or the
    credit platform), with its decision number and listing day; the management period
    follows from that day, so one already over leaves the list with the next daily job."""
    values = dict(data)
    listed_on = values.get("listed_on")
    if listed_on is None or listed_on > timezone.localdate():
        raise ValidationError({"listed_on": "请填写不晚于今天的列入日期"})
    if not (values.get("number") or "").strip():
        raise ValidationError({"number": "请填写原列入决定书编号"})
    if not actor.is_system and (actor.user is None or not actor.user.has_perm(
            "credit.decide_dishonestyentry")):
        raise ValidationError({"state": "登记存量名单须由有列入决定权限的人员办理"})
    entry = propose_entry({k: v for k, v in values.items() if k not in ("listed_on", "number")},
                          actor=actor)
    settings = CreditSettings.current()
    before = audit.snapshot(entry)
    entry.state = "listed"
    entry.number = values["number"].strip()[:40]
    entry.listed_on = listed_on
    entry.decided_at = timezone.make_aware(datetime.combine(listed_on, time(10, 0)))
    entry.remove_on = rules.removal_day(listed_on, settings.management_years)
    entry.published_at = timezone.now()
    entry.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=entry, before=before,
                 after=audit.snapshot(entry), detail="登记存量严重失信名单")
    events.emit("dishonesty.imported", actor=actor, obj=entry,
                summary=f"登记存量名单：{entry.number}，列入日期{listed_on:%Y-%m-%d}")
    return entry
