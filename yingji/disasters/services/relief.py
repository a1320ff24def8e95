"""Relief to households (自然灾害救助条例): the case and its procedure, issues of money
and of goods (an outbound entry of the resources module's stock ledger, linked to the
event and the household), 签领 and 公示."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.crypto import sm3_hex
from yingji.core.models import RegionLevel
from yingji.core.personal.fields import BlindIndexField
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.disasters import rules
from yingji.disasters.models import IssueKind, ReliefCase, ReliefIssue
from yingji.disasters.workflow import RELIEF_FLOW


def legacy_digest(number: str) -> str:
    """The digest cases registered before migration 0008 were keyed by (SM3 over the
    secret key and the number): those cases hold only the masked number, so a new
    application is compared with their digest as well as with the blind index. Remove
    once no case has a masked number left."""
    return sm3_hex(f"{settings.SECRET_KEY}|relief|{number.strip().upper()}".encode())


def already_registered(event: Any, category: Any, number: str) -> bool:
    """Whether the household of ``number`` has a case of ``category`` for ``event``
    (by the blind index, or the legacy digest of a case registered before it)."""
    index = ReliefCase._meta.get_field("id_number_index")
    assert isinstance(index, BlindIndexField)
    digests = [index.index_of(number), legacy_digest(number)]
    return ReliefCase.objects.filter(event=event, category=category, id_number_index__in=digests).exists()


@transaction.atomic
def create_case(data: dict[str, Any], *, actor: Actor) -> ReliefCase:
    """申请/排查: a household's case; the same household gets one case per event and
    category (第十四条 and the no-duplicate rule)."""
    data = dict(data)
    number = str(data.pop("id_number", "") or "").strip().upper()
    problem = rules.id_number_problem(number)
    if problem:
        raise ValidationError({"id_number": problem})
    region = data.get("region")
    if region is not None and region.level != RegionLevel.VILLAGE:
        raise ValidationError({"region": "请选择户籍所在村（社区）"})
    event, category = data.get("event"), data.get("category")
    if already_registered(event, category, number):
        label = dict(ReliefCase._meta.get_field("category").choices or []).get(category, "")
        raise ValidationError({"id_number": f"该户已登记本次灾害的{label}，不能重复救助"})
    data.update(id_number=number, state=RELIEF_FLOW.initial, created_by=actor.user)
    return create_object(ReliefCase, data, actor=actor)


# The states in which the household's details may still change: before any review, or
# back from one. Under review the reviewer returns the case first; from 县审批 on the
# approved case is what is issued and published, and never changes.
EDITABLE_STATES = ("applied", "returned")
APPROVED_STATES = ("approved", "issued", "published")
# Fixed at registration: they key the no-duplicate rule.
FIXED_FIELDS = {"event": "灾害事件", "category": "救助类别"}


@transaction.atomic
def update_case(case: ReliefCase, data: dict[str, Any], *, actor: Actor) -> ReliefCase:
    """Correct a household's application (members, situation, proposed amount …) before
    it is reviewed or after it was returned; refused once 县审批 has approved it (the
    approved case is issued and published as approved) and while a review is under way.
    The event and the category stay as registered; audited by ``update_object``."""
    check_permission(actor, ReliefCase, "change")
    locked = ReliefCase.objects.select_for_update().get(pk=case.pk)
    check_scope(actor, locked)
    if locked.state in APPROVED_STATES:
        state = RELIEF_FLOW.label(locked.state)
        raise ValidationError({"__all__": f"该救助已经县级审批（{state}），不能再修改"})
    if locked.state not in EDITABLE_STATES:
        raise ValidationError(
            {"__all__": f"该救助正在审核（{RELIEF_FLOW.label(locked.state)}），如需修改请由审核人退回"}
        )
    for name, label in FIXED_FIELDS.items():
        if name in data and data[name] != getattr(locked, name):
            raise ValidationError({name: f"{label}登记后不能修改，如有错误请另行登记"})
    region = data.get("region")
    if region is not None and region.level != RegionLevel.VILLAGE:
        raise ValidationError({"region": "请选择户籍所在村（社区）"})
    return update_object(locked, {k: v for k, v in data.items() if k not in FIXED_FIELDS}, actor=actor)


def step(
    case: ReliefCase,
    name: str,
    *,
    actor: Actor,
    comment: str = "",
    approved_amount: Decimal | None = None,
    expected_version: int | None = None,
) -> ReliefCase:
    """One step of the procedure with its opinion."""
    opinion = {
        "village_review": "village_opinion",
        "town_audit": "town_opinion",
        "approve": "county_opinion",
    }.get(name)
    if name == "approve":
        amount = approved_amount if approved_amount is not None else case.amount
        if amount is None or amount < 0:
            raise ValidationError({"approved_amount": "请填写核定金额"})

    def apply(obj: ReliefCase, data: Any) -> None:
        if opinion:
            setattr(obj, opinion, comment)
        if name == "approve":
            obj.approved_amount = approved_amount if approved_amount is not None else obj.amount
        if name == "publish":
            obj.published_at = timezone.now()
        if name == "issue":
            obj.issue_note = comment.strip()[:300]

    return RELIEF_FLOW.fire(
        case, name, actor=actor, data={"comment": comment}, expected_version=expected_version, apply=apply
    )


def village_review(
    case: ReliefCase, *, actor: Actor, comment: str, expected_version: int | None = None
) -> ReliefCase:
    """村民主评议 with the village's opinion."""
    return step(case, "village_review", actor=actor, comment=comment, expected_version=expected_version)


def town_audit(
    case: ReliefCase, *, actor: Actor, comment: str, expected_version: int | None = None
) -> ReliefCase:
    """乡镇审核 (street staff) with the opinion."""
    return step(case, "town_audit", actor=actor, comment=comment, expected_version=expected_version)


def approve(
    case: ReliefCase,
    *,
    actor: Actor,
    comment: str,
    approved_amount: Decimal | None = None,
    expected_version: int | None = None,
) -> ReliefCase:
    """县级审批 (county leaders) with the approved amount (the proposed one by default)."""
    return step(
        case,
        "approve",
        actor=actor,
        comment=comment,
        approved_amount=approved_amount,
        expected_version=expected_version,
    )


def finish_issue(
    case: ReliefCase, *, actor: Actor, comment: str = "", expected_version: int | None = None
) -> ReliefCase:
    """发放完毕, once money or goods were issued and signed for. With part of the approved
    money or the planned goods not issued it is refused, listing what is missing, unless
    ``comment`` gives the reason (kept as ``issue_note``, in the audit and the timeline)."""
    return step(case, "issue", actor=actor, comment=comment, expected_version=expected_version)


def publish(case: ReliefCase, *, actor: Actor, expected_version: int | None = None) -> ReliefCase:
    """公示: the case appears on the public list (masked)."""
    return step(case, "publish", actor=actor, expected_version=expected_version)


def return_case(
    case: ReliefCase, *, actor: Actor, comment: str, expected_version: int | None = None
) -> ReliefCase:
    """退回 from a review, with the reason."""
    return step(case, "return", actor=actor, comment=comment, expected_version=expected_version)


def reapply(case: ReliefCase, *, actor: Actor, expected_version: int | None = None) -> ReliefCase:
    """重新申请 after a return (the application may be corrected first)."""
    return step(case, "reapply", actor=actor, expected_version=expected_version)


def _issuable(case: ReliefCase, actor: Actor) -> ReliefCase:
    check_permission(actor, ReliefIssue, "add")
    locked = ReliefCase.objects.select_for_update().select_related("event").get(pk=case.pk)
    check_scope(actor, locked)
    if locked.state != "approved":
        raise ValidationError({"state": "县级审批后才能发放"})
    return locked


def _signed(name: str) -> str:
    if not name.strip():
        raise ValidationError({"signed_by_name": "请填写签领人"})
    return name.strip()


@transaction.atomic
def issue_money(case: ReliefCase, *, amount: Any, signed_by_name: str, actor: Actor) -> ReliefIssue:
    """Pay money to the household, at most the approved amount in all."""
    locked = _issuable(case, actor)
    try:
        value = Decimal(str(amount))
    except Exception as exc:
        raise ValidationError({"amount": "金额必须是数字"}) from exc
    if value <= 0:
        raise ValidationError({"amount": "金额必须大于0"})
    paid = ReliefIssue.objects.filter(case=locked, kind=IssueKind.MONEY).aggregate(s=Sum("amount"))["s"] or 0
    limit = locked.approved_amount or Decimal("0")
    if paid + value > limit:
        raise ValidationError({"amount": f"累计发放{paid + value}元，超过核定金额{limit}元"})
    row = ReliefIssue.objects.create(
        case=locked,
        kind=IssueKind.MONEY,
        amount=value,
        signed_by_name=_signed(signed_by_name),
        signed_at=timezone.now(),
        issued_by=actor.user,
    )
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
    events.emit(
        "reliefcase.money",
        actor=actor,
        obj=locked,
        summary=f"发放救助资金{value}元，{row.signed_by_name}签领",
    )
    return row


@transaction.atomic
def issue_goods(
    case: ReliefCase,
    *,
    batch: Any,
    quantity: Any,
    signed_by_name: str,
    actor: Actor,
    confirm_expired: bool = False,
) -> ReliefIssue:
    """Issue goods from a reserve batch: the stock ledger's outbound entry names the
    event and the household, and is linked to the issue row."""
    from yingji.resources.services import stock

    locked = _issuable(case, actor)
    signer = _signed(signed_by_name)
    reason = f"救灾发放：{locked.event.title}·{locked.region.name}{locked.head_name}户（救助对象{locked.pk}）"
    movement = stock.issue(
        batch=batch, quantity=quantity, reason=reason, actor=actor, confirm_expired=confirm_expired
    )
    item = movement.batch.item
    row = ReliefIssue.objects.create(
        case=locked,
        kind=IssueKind.GOODS,
        item_name=item.name,
        quantity=-movement.quantity,
        unit=item.unit,
        movement=movement,
        signed_by_name=signer,
        signed_at=timezone.now(),
        issued_by=actor.user,
    )
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
    events.emit(
        "reliefcase.goods",
        actor=actor,
        obj=locked,
        summary=f"发放{item.name}{row.quantity}{item.unit}，{signer}签领",
    )
    return row
