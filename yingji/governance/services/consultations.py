"""会商研判's operations: a session is recorded (its type, period, region, participants,
conclusions), its report generated from the platform's data (``consultation_data``),
edited by the analyst while it is a draft, and issued with a number; the follow-up
tasks become nodes of the year's 会商研判议定事项 plan (core deadlines, progress with
evidence, 督办); the scheduled job makes the monthly and quarterly drafts. Every change
is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.models.regions import RegionLevel
from yingji.core.services.objects import check_permission, check_scope, create_object, update_object
from yingji.governance import rules
from yingji.governance.models import (
    Consultation,
    ConsultationKind,
    ConsultationStatus,
    Node,
    WorkItem,
    WorkPlan,
)
from yingji.governance.services import plans
from yingji.governance.services.consultation_data import snapshot

FOLLOW_UP_PLAN = "{year}年会商研判议定事项"
ISSUED_REFUSAL = "报告已印发，不能再修改"


def _check_period(data: dict[str, Any]) -> None:
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        raise ValidationError({"period_end": "研判期止不能早于研判期起"})
    if end and end > timezone.localdate():
        raise ValidationError({"period_end": "研判期止不能晚于今天（报告只研判已有数据）"})


@transaction.atomic
def create_consultation(data: dict[str, Any], *, actor: Actor) -> Consultation:
    """Record a session and generate its report's draft from the platform's data."""
    _check_period(data)
    consultation = create_object(Consultation, data, actor=actor)
    return generate(consultation, actor=actor)


@transaction.atomic
def update_consultation(consultation: Consultation, data: dict[str, Any], *, actor: Actor) -> Consultation:
    """The session's particulars; a change of region or period regenerates the figures."""
    if not consultation.is_draft:
        raise ValidationError(ISSUED_REFUSAL)
    _check_period({"period_start": consultation.period_start, "period_end": consultation.period_end,
                   **data})
    moved = any(k in data and data[k] != getattr(consultation, k)
                for k in ("region", "period_start", "period_end"))
    consultation = update_object(consultation, data, actor=actor)
    return generate(consultation, actor=actor) if moved else consultation


def generate(consultation: Consultation, *, actor: Actor) -> Consultation:
    """(Re)read the figures for the report's region and period; the analyst's texts of
    parts already written are kept unless they are the generated ones."""
    if not consultation.is_draft:
        raise ValidationError(ISSUED_REFUSAL)
    parts = snapshot(consultation.region, consultation.period_start, consultation.period_end)
    old = {p["key"]: p for p in consultation.sections}
    for part in parts:
        before = old.get(part["key"])
        if before and before.get("edited"):
            part["text"], part["edited"] = before["text"], True
    data: dict[str, Any] = {"sections": parts, "generated_at": timezone.now()}
    if not consultation.summary:
        data["summary"] = _summary(consultation, parts)
    return update_object(consultation, data, actor=actor)


def _summary(consultation: Consultation, parts: list[dict[str, Any]]) -> str:
    period = f"{consultation.period_start:%Y年%m月%d日}至{consultation.period_end:%Y年%m月%d日}"
    figures = [f"{i['name']}{i['value']:g}{i['unit']}" if i["value"] is not None else f"{i['name']}无数据"
               for p in parts for i in p["indicators"][:1]]
    return (f"{period}，{consultation.region.name}应急管理形势总体{'平稳' if figures else '待研判'}。"
            f"主要指标：{'；'.join(figures) or '暂无'}。（以上由平台数据生成，请研判人员补充分析意见。）")


@transaction.atomic
def edit_report(consultation: Consultation, *, actor: Actor, summary: str,
                texts: dict[str, str]) -> Consultation:
    """The analyst's edit of the draft: the overall judgement and each part's text."""
    if not consultation.is_draft:
        raise ValidationError(ISSUED_REFUSAL)
    sections = [dict(p) for p in consultation.sections]
    for part in sections:
        text = texts.get(part["key"])
        if text is not None and text.strip() != part["text"]:
            part["text"], part["edited"] = text.strip(), True
    return update_object(consultation, {"summary": summary.strip(), "sections": sections}, actor=actor)


@transaction.atomic
def issue(consultation: Consultation, *, actor: Actor) -> Consultation:
    """印发: the report gets its number (研判〔2026〕3号, per year) and is frozen."""
    check_permission(actor, Consultation, "change")
    if actor.user is not None and not actor.user.has_perm("governance.issue_consultation"):
        raise ValidationError("您没有印发会商研判报告的权限")
    check_scope(actor, consultation)
    if not consultation.is_draft:
        raise ValidationError("报告已印发")
    if not consultation.sections:
        raise ValidationError("报告尚未生成数据，不能印发")
    if not consultation.conclusions.strip():
        raise ValidationError({"conclusions": "请先填写会商结论再印发"})
    now = timezone.now()
    year = timezone.localtime(now).year
    sequence = Consultation.objects.filter(status=ConsultationStatus.ISSUED,
                                           issued_at__year=year).count() + 1
    return update_object(consultation, {
        "status": ConsultationStatus.ISSUED, "issued_at": now, "issued_by": actor.user,
        "number": rules.consultation_number(year, sequence)}, actor=actor)


# --- follow-up tasks ---------------------------------------------------------------------


def _follow_up_item(consultation: Consultation, actor: Actor) -> WorkItem:
    """The work item carrying the session's tasks, in the year's 议定事项 plan of the
    session's region (made on the first task)."""
    if consultation.item_id:
        return WorkItem.objects.get(pk=consultation.item_id)
    year = consultation.period_end.year
    plan = WorkPlan.objects.filter(region=consultation.region, year=year,
                                   title=FOLLOW_UP_PLAN.format(year=year)).first()
    if plan is None:
        plan = create_object(WorkPlan, {
            "year": year, "title": FOLLOW_UP_PLAN.format(year=year), "region": consultation.region,
            "issuer": f"{consultation.region.name}安全生产委员会办公室",
            "preamble": "会商研判议定的跟进事项，逐项明确责任人和完成时限。"}, actor=actor)
    number = (plan.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = create_object(WorkItem, {
        "plan": plan, "order": number, "level": 0, "style": "cn_paren", "number": number,
        "label": f"（{rules.chinese_number(number)}）", "title": consultation.title[:200],
        "body": consultation.conclusions, "region": consultation.region}, actor=actor)
    WorkPlan.objects.filter(pk=plan.pk).update(item_count=number, counts={"cn_paren": number})
    Consultation.objects.filter(pk=consultation.pk).update(item=item)
    consultation.item = item
    return item


@transaction.atomic
def add_follow_up(consultation: Consultation, *, actor: Actor, title: str, due: date,
                  owner: Any, region: Region | None = None) -> Node:
    """A follow-up task of the session: a node (what, by when, who) of its work item,
    so that the owner reports progress with evidence, the deadline reminds and
    escalates, and the office may press it (督办)."""
    check_permission(actor, Consultation, "change")
    check_scope(actor, consultation)
    if due < timezone.localdate():
        raise ValidationError({"due": "完成时限不能早于今天"})
    if region is not None and not region.code.startswith(consultation.region.prefix):
        raise ValidationError({"region": f"责任区域应在研判区域（{consultation.region.name}）之内"})
    # The plan, the item and the node are the session's bookkeeping: whoever may keep
    # the session adds its tasks (the duty section has no right to edit work plans);
    # the audit below names the person.
    keeper = Actor.system("会商研判")
    item = _follow_up_item(consultation, keeper)
    node = plans.create_node({"item": item, "title": title, "due": due, "owner": owner,
                              "region": region or consultation.region}, actor=keeper)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=consultation,
                 detail=f"会商议定事项：{title}（{due:%Y-%m-%d}）")
    return node


# --- the schedule -------------------------------------------------------------------------


KIND_TITLE = {ConsultationKind.MONTHLY: "{name}{start:%Y年%m月}安全生产形势研判报告",
              ConsultationKind.QUARTERLY: "{name}{start:%Y年}第{quarter}季度安全风险分析报告"}


def scheduled_regions() -> list[Region]:
    """The cities (and a province) whose office gets the scheduled drafts: every city
    region that has an active 安委办 account."""
    from yingji.core.models import User

    codes = set(User.objects.filter(is_active=True, groups__name__in=plans.OFFICE_ROLES,
                                    scope_region__isnull=False)
                .values_list("scope_region_id", flat=True))
    return list(Region.objects.filter(code__in=codes, level__lte=RegionLevel.CITY).order_by("code"))


def produce_scheduled_drafts(today: date | None = None, *, actor: Actor | None = None) -> list[Consultation]:
    """The monthly (and, on a quarter's first day, quarterly) drafts due today, one per
    city region and period (a second run makes none: the unique constraint and the
    check below)."""
    today = today or timezone.localdate()
    actor = actor or Actor.system("会商研判")
    made = []
    for kind, start, end in rules.scheduled_periods(today):
        for region in scheduled_regions():
            if Consultation.objects.filter(region=region, kind=kind, period_start=start, auto=True).exists():
                continue
            title = KIND_TITLE[ConsultationKind(kind)].format(
                name=region.name, start=start, quarter=(start.month - 1) // 3 + 1)
            made.append(create_consultation({
                "kind": kind, "title": title, "region": region, "period_start": start,
                "period_end": end, "auto": True,
                "participants": "", "conclusions": ""}, actor=actor))
    return made
