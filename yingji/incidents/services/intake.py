"""Incident intake (接报): classification, grade suggestion and contradiction warning,
enterprise matching, casualty updates with the 补报 obligation."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Length

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents import rules
from yingji.incidents.models import GradeCriterion, Incident, IncidentSettings, ReportKind
from yingji.incidents.services.common import moment

FIGURES = ("deaths", "missing", "serious_injuries", "injuries", "trapped", "loss_wan", "affected",
           "relocated")
FIGURE_LABELS = {"deaths": "死亡", "missing": "失踪", "serious_injuries": "重伤", "injuries": "轻伤",
                 "trapped": "被困", "loss_wan": "直接经济损失（万元）", "affected": "受灾/影响",
                 "relocated": "转移安置"}


@dataclass(frozen=True)
class GradeSuggestion:
    """The rule's grade (None when the event type has no quantified criteria) and its basis."""

    grade: str | None
    basis: str


def suggest_grade(category: str, subtype: str, figures: dict[str, Any]) -> GradeSuggestion:
    """493 rule for production safety accidents, the configured criteria otherwise
    (subtype-specific criteria take precedence over the category's)."""
    values = rules.metric_values(**{k: figures.get(k) or 0 for k in (
        "deaths", "missing", "serious_injuries", "injuries", "loss_wan", "affected", "relocated")})
    found = rules.subtype(subtype)
    if found is not None and found.accident_493:
        grade = rules.grade_493(int(values["deaths"]), int(values["serious_injuries"]),
                                values["loss_wan"])
        return GradeSuggestion(grade, "《生产安全事故报告和调查处理条例》（国务院令第493号）第三条")
    rows = list(GradeCriterion.objects.filter(category=category, subtype=subtype))
    if not rows:
        rows = list(GradeCriterion.objects.filter(category=category, subtype=""))
    if not rows:
        return GradeSuggestion(None, "该类事件未配置量化分级标准，请人工研判")
    criteria = [rules.Criterion(r.grade, r.metric, r.threshold) for r in rows]
    grade = rules.grade_by_criteria(criteria, values) or "IV"
    sources = "；".join(sorted({r.source for r in rows if r.source}))
    return GradeSuggestion(grade, f"配置的分级标准（{sources or '管理员设定'}）")


NEAR_METRES = 300.0


# A caller's unit that names a firm (so a miss is a question, not a cue to guess by place).
_FIRM_WORDS = ("公司", "厂", "集团", "企业", "矿", "工地", "仓库", "商场", "酒店", "码头")


@dataclass(frozen=True)
class EnterpriseMatch:
    """The enterprise the incident concerns, or the question to put to the officer when
    the caller named a firm that cannot be pinned down (``candidates`` to choose from)."""

    enterprise: Any = None
    question: str = ""
    candidates: tuple[Any, ...] = ()


def match_enterprise(user: Any, *, longitude: float | None, latitude: float | None,
                     text: str = "", named: str = "") -> EnterpriseMatch:
    """The enterprise of the incident, in the user's scope. A firm the caller names comes
    first: one whose full name appears in ``named`` (the caller's unit) or ``text``
    (title, address, description), longest name first; else the one firm whose name
    contains ``named``. When the caller named a firm and several match, or none does,
    the officer is asked (never the nearest firm instead). Only when nobody named a firm
    is the place used: the nearest within 300 m of the point."""
    from yingji.enterprises.models import Enterprise

    visible = Enterprise.objects.restrict(user, "view")
    named = (named or "").strip()
    typed = f"{named} {text or ''}".strip()
    if len(typed) >= 4:
        found = (visible.annotate(typed=Value(typed)).filter(typed__contains=F("name"))
                 .annotate(n=Length("name")).order_by("-n", "pk").first())
        if found is not None:
            return EnterpriseMatch(found)
    if len(named) >= 2:
        candidates = tuple(visible.filter(name__contains=named).order_by("name", "pk")[:6])
        if len(candidates) == 1:
            return EnterpriseMatch(candidates[0])
        if candidates:
            names = "、".join(c.name for c in candidates[:5])
            return EnterpriseMatch(None, f"来电单位“{named}”对应多家企业（{names}），请选择涉事企业",
                                   candidates)
        if any(word in named for word in _FIRM_WORDS):
            return EnterpriseMatch(None, f"来电单位“{named}”不在企业库中，请核实后选择涉事企业"
                                         "（未按位置自动匹配）")
    if longitude is None or latitude is None:
        return EnterpriseMatch()
    dlat = math.degrees(NEAR_METRES / 6_371_000)
    dlon = dlat / max(0.01, math.cos(math.radians(latitude)))
    rows = visible.filter(Q(longitude__range=(longitude - dlon, longitude + dlon)),
                          Q(latitude__range=(latitude - dlat, latitude + dlat)))
    best, best_d = None, NEAR_METRES
    for enterprise in rows[:50]:
        d = _metres(longitude, latitude, enterprise.longitude, enterprise.latitude)
        if d <= best_d:
            best, best_d = enterprise, d
    return EnterpriseMatch(best)


def match_for(data: dict[str, Any], user: Any) -> EnterpriseMatch:
    """``match_enterprise`` for intake values (the form's or the preview's)."""
    return match_enterprise(
        user, longitude=data.get("longitude"), latitude=data.get("latitude"),
        named=str(data.get("caller_unit") or ""),
        text=" ".join(str(data.get(k) or "") for k in ("title", "address", "description")))


def _metres(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def _check(data: dict[str, Any]) -> None:
    reason = rules.check_classification(str(data.get("category") or ""),
                                        str(data.get("subtype") or ""))
    if reason:
        raise ValidationError({"subtype": reason})
    lon, lat = data.get("longitude"), data.get("latitude")
    if (lon is None) != (lat is None):
        raise ValidationError({"longitude": "经度和纬度须同时填写"})
    if lon is not None and lat is not None and not (
            73 <= float(lon) <= 136 and 3 <= float(lat) <= 54):
        raise ValidationError({"longitude": "坐标不在中国境内，请检查经纬度是否填反"})
    for name in FIGURES:
        value = data.get(name)
        if value is not None and Decimal(str(value)) < 0:
            raise ValidationError({name: "不能为负数"})


@transaction.atomic
def receive_incident(data: dict[str, Any], *, actor: Actor) -> Incident:
    """Record a received incident: grade suggested (and chosen when left empty), a
    warning kept when the chosen grade contradicts the rule, the enterprise matched,
    the 首报 obligation opened with its deadline. Everything lands on the timeline."""
    from yingji.incidents.services import reports

    check_permission(actor, Incident, "add")
    data = dict(data)
    _check(data)
    data["received_at"] = moment(data.get("received_at"), field="received_at")
    suggestion = suggest_grade(data["category"], data["subtype"], data)
    chosen = data.get("grade") or suggestion.grade or ""
    data["grade"] = chosen
    question = ""
    if "enterprise" not in data or data.get("enterprise") is None:
        match = match_for(data, actor.user) if actor.user else EnterpriseMatch()
        data["enterprise"], question = match.enterprise, match.question
    incident = Incident(**data, state="received", received_by=actor.user,
                        suggested_grade=suggestion.grade or "",
                        grade_warning=rules.contradiction(chosen or None, suggestion.grade))
    incident.full_clean()
    check_scope(actor, incident)
    incident.save()
    audit.record(audit.AuditAction.CREATE, actor=actor, obj=incident, after=audit.snapshot(incident))
    events.emit("incident.received", actor=actor, obj=incident,
                summary=f"接报：{incident.title}（{incident.get_subtype_display()}，"
                        f"{rules.grade_label(chosen or None)}）",
                data={"grade": chosen, "suggested": suggestion.grade})
    if incident.grade_warning:
        events.emit("incident.grade_warning", actor=actor, obj=incident,
                    summary=f"等级提示：{incident.grade_warning}（依据：{suggestion.basis}）")
    if incident.enterprise_id:
        events.emit("incident.enterprise", actor=actor, obj=incident,
                    summary=f"匹配涉事企业：{incident.enterprise}")
    elif question:
        events.emit("incident.enterprise_unclear", actor=actor, obj=incident,
                    summary=f"涉事企业待核实：{question}")
    reports.open_report(incident, ReportKind.FIRST, actor=actor, start=incident.received_at,
                        reason="接报后首报")
    _alert_leaders(incident, actor)
    return incident


ALERT_GRADES = ("I", "II", "III")


def _alert_leaders(incident: Incident, actor: Actor) -> None:
    """较大 and above (chosen or by the rule): the duty leaders and commanders whose scope
    covers the place are told at once and must acknowledge (叫应)."""
    from django.urls import reverse

    from yingji.core.models import User
    from yingji.core.models.notifications import NotificationLevel
    from yingji.core.services.notifications import notify

    grades = {incident.grade, incident.suggested_grade}
    if not grades & set(ALERT_GRADES):
        return
    code = incident.region_id
    prefixes = {code[:n] for n in (2, 4, 6, 9, 12)}
    leaders = [u for u in User.objects.filter(is_active=True,
                                              groups__name__in=("duty_leader", "commander"))
               .select_related("scope_region").distinct()
               if u.scope_region_id is None or u.scope_region.prefix in prefixes
               or code.startswith(u.scope_region.prefix)]
    if not leaders:
        return
    grade = rules.grade_label(rules.higher_grade(incident.grade or None,
                                                 incident.suggested_grade or None))
    notify(leaders, title=f"{grade}事件接报：{incident.title}",
           body=f"{incident.region.name}{incident.address}，死亡{incident.deaths}人，"
                f"重伤{incident.serious_injuries}人。请立即研判。",
           link=reverse("incident_detail", kwargs={"pk": incident.pk}),
           level=NotificationLevel.URGENT, obj=incident, actor=actor, requires_ack=True)


@transaction.atomic
def set_grade(incident: Incident, grade: str, *, actor: Actor, comment: str = "") -> Incident:
    """The leader's grade decision; a contradiction with the rule is warned, not refused."""
    check_permission(actor, Incident, "change")
    if grade not in rules.GRADE_LABELS:
        raise ValidationError({"grade": "请选择特别重大、重大、较大或一般"})
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    old = locked.grade
    locked.grade = grade
    locked.grade_warning = rules.contradiction(grade, locked.suggested_grade or None)
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked))
    summary = f"事件定级：{rules.grade_label(old or None)} → {rules.grade_label(grade)}"
    if comment:
        summary += f"（{comment[:80]}）"
    events.emit("incident.graded", actor=actor, obj=locked, summary=summary)
    if locked.grade_warning:
        events.emit("incident.grade_warning", actor=actor, obj=locked,
                    summary=f"等级提示：{locked.grade_warning}")
    return locked


@transaction.atomic
def update_figures(incident: Incident, figures: dict[str, Any], *, actor: Actor,
                   at: datetime | None = None) -> Incident:
    """Record new casualty and loss figures. The grade suggestion is recomputed (a
    contradiction is warned); a change inside the 493 follow-up window (30 days, 7 for
    road traffic and fire) opens a 补报 obligation."""
    from yingji.incidents.services import reports

    check_permission(actor, Incident, "change")
    when = moment(at, field="at")
    _check({"category": incident.category, "subtype": incident.subtype, **figures})
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    check_scope(actor, locked)
    before = audit.snapshot(locked)
    changes = []
    for name in FIGURES:
        if name in figures and figures[name] is not None:
            old, new = getattr(locked, name), figures[name]
            if Decimal(str(old)) != Decimal(str(new)):
                changes.append(f"{FIGURE_LABELS[name]}{old:g}→{Decimal(str(new)):g}"
                               if name == "loss_wan" else f"{FIGURE_LABELS[name]}{old}→{new}")
                setattr(locked, name, new)
    if not changes:
        return locked
    suggestion = suggest_grade(locked.category, locked.subtype,
                               {n: getattr(locked, n) for n in FIGURES})
    locked.suggested_grade = suggestion.grade or ""
    locked.grade_warning = rules.contradiction(locked.grade or None, suggestion.grade)
    locked.full_clean()
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="伤亡与损失变化")
    events.emit("incident.figures", actor=actor, obj=locked,
                summary="伤亡与损失变化：" + "，".join(changes))
    if locked.grade_warning:
        events.emit("incident.grade_warning", actor=actor, obj=locked,
                    summary=f"等级提示：{locked.grade_warning}")
    start = locked.occurred_at or locked.received_at
    window = rules.follow_up_window(locked.subtype)
    if window is not None:
        if rules.needs_supplement(locked.subtype, start, when):
            reports.open_report(locked, ReportKind.SUPPLEMENT, actor=actor, start=when,
                                minutes=IncidentSettings.current().supplement_minutes,
                                reason="伤亡情况变化补报：" + "，".join(changes))
        else:
            events.emit("incident.figures_late", actor=actor, obj=locked,
                        summary=f"伤亡变化发生在事故{window}日补报期限之后，已记录，不再要求补报")
    return locked


DETAIL_FIELDS = ("title", "source", "caller", "caller_phone", "caller_unit", "address",
                 "longitude", "latitude", "occurred_at", "description")


def correct_details(incident: Incident, data: dict[str, Any], *, actor: Actor) -> Incident:
    """Correct the facts recorded at intake (place, point, caller, description); the
    change is audited with before and after and named on the timeline."""
    from yingji.core.services.objects import update_object

    values = {k: v for k, v in data.items() if k in DETAIL_FIELDS}
    _check({"category": incident.category, "subtype": incident.subtype,
            "longitude": values.get("longitude", incident.longitude),
            "latitude": values.get("latitude", incident.latitude)})
    return update_object(incident, values, actor=actor)
