"""Winter-spring relief (the survey window from the settings, the need the survey found,
the funds allocated and issued) and donations with their use (never more than given)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.disasters.models import (
    DisasterSettings,
    Donation,
    DonationKind,
    DonationUse,
    ReliefCase,
    ReliefCategory,
    ReliefIssue,
    WinterSpringPlan,
)


def survey_window(year: int, settings: DisasterSettings | None = None) -> tuple[date, date]:
    """The season's survey dates from the settings' month-day pair (default 09-01 to 10-31)."""
    settings = settings or DisasterSettings.current()
    try:
        start = date(year, *map(int, settings.winter_survey_start.split("-")))
        end = date(year, *map(int, settings.winter_survey_end.split("-")))
    except ValueError as exc:
        raise ValidationError({"survey_start": "冬春救助调查日期设置有误（格式：月-日）"}) from exc
    return start, end


def _check_plan_dates(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    start = data.get("survey_start")
    if not start or not data.get("survey_end"):
        default = survey_window(timezone.localdate().year)
        data.setdefault("survey_start", default[0])
        data["survey_start"] = data["survey_start"] or default[0]
        data["survey_end"] = data.get("survey_end") or default[1]
    if data["survey_end"] < data["survey_start"]:
        raise ValidationError({"survey_end": "调查结束不能早于开始"})
    if data.get("relief_start") and data["relief_start"] < data["survey_start"]:
        raise ValidationError({"relief_start": "救助开始不能早于调查开始"})
    if data.get("relief_end") and data.get("relief_start") and data["relief_end"] < data["relief_start"]:
        raise ValidationError({"relief_end": "救助结束不能早于开始"})
    return data


@transaction.atomic
def create_plan(data: dict[str, Any], *, actor: Actor) -> WinterSpringPlan:
    """Register a season's winter-spring relief; the survey dates default to the settings'."""
    data = _check_plan_dates(data)
    data["created_by"] = actor.user
    return create_object(WinterSpringPlan, data, actor=actor)


@transaction.atomic
def update_plan(plan: WinterSpringPlan, data: dict[str, Any], *, actor: Actor) -> WinterSpringPlan:
    """Change a season's dates, standard or note (the same date checks as registering;
    the funds move only by ``allocate_funds``)."""
    fields = ("survey_start", "survey_end", "relief_start", "relief_end")
    data = {k: v for k, v in data.items() if k not in ("allocated_funds", "funds_note")}
    merged = _check_plan_dates({**{f: getattr(plan, f) for f in fields}, **data})
    for name in ("survey_start", "survey_end"):  # blank on the form: the settings' window
        if name in data:
            data[name] = merged[name]
    return update_object(plan, data, actor=actor)


def _money(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: "请填写金额"}) from exc
    if number <= 0:
        raise ValidationError({field: "金额必须大于0"})
    return number


@transaction.atomic
def allocate_funds(plan: WinterSpringPlan, *, amount: Any, note: str, actor: Actor) -> WinterSpringPlan:
    """资金下达: add an allocation (with its document number) to the plan."""
    value = _money(amount, "amount")
    locked = WinterSpringPlan.objects.select_for_update().get(pk=plan.pk)
    done = update_object(
        locked,
        {"allocated_funds": locked.allocated_funds + value, "funds_note": note or locked.funds_note},
        actor=actor,
    )
    events.emit(
        "winterspringplan.funds", actor=actor, obj=done, summary=f"下达冬春救助资金{value}元（{note}）"
    )
    return done


def plan_figures(plan: WinterSpringPlan) -> dict[str, Any]:
    """The survey's need and the issue so far (the plan's region, its event, category
    冬春救助; three aggregate queries)."""
    cases = ReliefCase.objects.filter(
        event=plan.event, category=ReliefCategory.WINTER_SPRING, region__code__startswith=plan.region.prefix
    )
    need = cases.aggregate(
        households=Count("id"), people=Sum("members"), need=Sum("amount"), approved=Sum("approved_amount")
    )
    issued = ReliefIssue.objects.filter(case__in=cases, kind="money").aggregate(s=Sum("amount"))["s"] or 0
    households_paid = ReliefIssue.objects.filter(case__in=cases).values("case").distinct().count()
    return {
        **{k: v or 0 for k, v in need.items()},
        "issued": issued,
        "households_paid": households_paid,
        "balance": plan.allocated_funds - issued,
    }


@transaction.atomic
def receive_donation(data: dict[str, Any], *, actor: Actor) -> Donation:
    """Register a donation received: money with its amount in 元, goods with their name,
    quantity and unit (箱, 件, 吨 …): every figure carries its unit."""
    return create_object(Donation, _check_donation(data), actor=actor)


def _check_donation(data: dict[str, Any]) -> dict[str, Any]:
    """The donation's values with the unit set (元 for money), or the field errors:
    money has an amount and no goods fields; goods have name, quantity and unit and no
    amount (an amount beside a quantity would leave it unclear which one is used)."""
    kind = data.get("kind")
    values = dict(data)
    errors: dict[str, str] = {}
    unit = str(data.get("unit") or "").strip()
    if kind == DonationKind.MONEY:
        if not data.get("amount") or Decimal(str(data["amount"])) <= 0:
            errors["amount"] = "资金捐赠请填写大于0的金额（元）"
        if data.get("goods") or data.get("quantity"):
            errors["goods"] = "资金捐赠不填物资名称和数量"
        if unit not in ("", Donation.MONEY_UNIT):
            errors["unit"] = "资金捐赠的单位为元"
        values["unit"] = Donation.MONEY_UNIT
    elif kind == DonationKind.GOODS:
        if not str(data.get("goods") or "").strip():
            errors["goods"] = "物资捐赠请填写物资名称"
        if not data.get("quantity") or Decimal(str(data["quantity"])) <= 0:
            errors["quantity"] = "物资捐赠请填写大于0的数量"
        if not unit:
            errors["unit"] = "物资捐赠请填写计量单位（如：箱、件、吨）"
        elif unit == Donation.MONEY_UNIT:
            errors["unit"] = "物资的单位不能为元；资金捐赠请选择类型“资金”"
        if data.get("amount"):
            errors["amount"] = "物资捐赠不填金额，请填写数量和单位"
        values["unit"] = unit
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def update_donation(donation: Donation, data: dict[str, Any], *, actor: Actor) -> Donation:
    """Correct a donation's record; its amount or quantity may not fall below what has
    already been used."""
    fields = ("kind", "amount", "goods", "quantity", "unit")
    merged = _check_donation({**{f: getattr(donation, f) for f in fields}, **data})
    spent = used(donation)
    size = merged["amount"] if merged["kind"] == DonationKind.MONEY else merged["quantity"]
    if spent and Decimal(str(size or 0)) < spent:
        field = "amount" if merged["kind"] == DonationKind.MONEY else "quantity"
        raise ValidationError({field: f"已使用{donation.figure(spent)}，不能改为少于已使用的数量"})
    return update_object(donation, {**data, "unit": merged["unit"]}, actor=actor)


def used(donation: Donation) -> Decimal:
    return donation.uses.aggregate(s=Sum("quantity"))["s"] or Decimal("0")


@transaction.atomic
def use_donation(
    donation: Donation,
    *,
    quantity: Any,
    purpose: str,
    actor: Actor,
    case: ReliefCase | None = None,
    at: datetime | None = None,
) -> DonationUse:
    """Record a use of a donation; never more than what is left."""
    check_permission(actor, DonationUse, "add")
    locked = Donation.objects.select_for_update().get(pk=donation.pk)
    check_scope(actor, locked)
    value = _money(quantity, "quantity")
    if not purpose.strip():
        raise ValidationError({"purpose": "请填写用途"})
    left = locked.total - used(locked)
    if value > left:
        raise ValidationError({"quantity": f"超过捐赠余额（剩余{locked.figure(left)}）"})
    if case is not None:
        check_scope(actor, case)
    row = DonationUse.objects.create(
        donation=locked,
        quantity=value,
        purpose=purpose,
        case=case,
        used_at=at or timezone.now(),
        recorded_by=actor.user,
    )
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=row, after=audit.snapshot(row))
    events.emit("donation.used", actor=actor, obj=locked, summary=f"使用{locked.figure(value)}：{purpose}")
    return row
