"""Information reports (信息报送): obligations with due times from the configured limits,
submission (late ones accepted and marked 迟报), versions, generated text and the Word
document."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from yingji.core import audit, events
from yingji.core.actor import Actor
from yingji.core.models import Region, User
from yingji.core.services import deadlines
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents import rules
from yingji.incidents.models import (
    Incident,
    InfoReport,
    ReportKind,
    ReportRule,
    ReportStatus,
    ReportVersion,
)
from yingji.incidents.models.reports import OUTSTANDING
from yingji.incidents.services.common import moment


def rule_for(incident: Incident) -> ReportRule:
    """The limits for the incident's grade (chosen, else suggested, else 一般): a rule of
    its category if configured, else the grade's general rule."""
    grade = incident.grade or incident.suggested_grade or "IV"
    rows = {r.category: r for r in ReportRule.objects.filter(grade=grade)}
    found = rows.get(incident.category) or rows.get("")
    if found is None:
        defaults = rules.DEFAULT_LIMITS[grade]
        return ReportRule(grade=grade, first_minutes=defaults.first_minutes,
                          followup_hours=defaults.followup_hours, final_hours=defaults.final_hours,
                          phone_minutes=defaults.phone_minutes)
    return found


def _deadline_kind(report: InfoReport) -> str:
    return f"report-{report.pk}"


def open_report(incident: Incident, kind: str, *, actor: Actor, start: datetime,
                minutes: int | None = None, reason: str = "") -> InfoReport:
    """Open a pending report of ``kind`` due ``minutes`` after ``start`` (default: the
    rule's limit for the kind) and its core deadline (reminders, overdue escalation)."""
    rule = rule_for(incident)
    if minutes is None:
        by_kind: dict[str, int] = {ReportKind.FIRST: rule.first_minutes,
                                   ReportKind.FOLLOWUP: rule.followup_hours * 60,
                                   ReportKind.FINAL: rule.final_hours * 60}
        minutes = by_kind.get(kind, rule.first_minutes)
    sequence = incident.reports.filter(kind=kind).count() + 1
    phone_due = (rules.phone_report_due(start, rule.limits())
                 if kind == ReportKind.FIRST and sequence == 1 else None)
    report = InfoReport.objects.create(
        incident=incident, kind=kind, sequence=sequence, due_at=start + timedelta(minutes=minutes),
        report_to=rule.report_to, reason=reason[:200], phone_due_at=phone_due)
    label = str(report).split("·", 1)[1]
    assert report.due_at is not None
    if phone_due is not None:
        deadlines.set_deadline(
            incident, kind=_phone_kind(report), title=f"{incident.title}电话报告", due_at=phone_due,
            actor=actor, responsible=incident.received_by,
            remind_before=timedelta(minutes=min(10, max(1, (rule.phone_minutes or 4) // 3))),
            escalate_every=timedelta(minutes=15),
            link=reverse("incident_detail", kwargs={"pk": incident.pk}))
    deadlines.set_deadline(
        incident, kind=_deadline_kind(report), title=f"{incident.title}{label}",
        due_at=report.due_at, actor=actor, responsible=incident.received_by,
        remind_before=timedelta(minutes=min(15, max(1, minutes // 4))),
        escalate_every=timedelta(minutes=30),
        link=reverse("incident_detail", kwargs={"pk": incident.pk}))
    events.emit("report.opened", actor=actor, obj=report,
                summary=f"待报送{label}，时限{timezone.localtime(report.due_at):%m-%d %H:%M}"
                        f"{'（' + reason + '）' if reason else ''}")
    return report


def _phone_kind(report: InfoReport) -> str:
    return f"report-{report.pk}-phone"


@transaction.atomic
def record_phone_report(report: InfoReport, *, actor: Actor, phoned_to: str,
                        at: datetime | None = None) -> InfoReport:
    """电话报告: the officer phoned the 首报 through to ``phoned_to`` (unit and person) at
    ``at``. It has its own limit and late flag (迟报 with the minutes late, accepted,
    never refused); the written 首报 keeps its own limit."""
    check_permission(actor, InfoReport, "change")
    when = moment(at, field="phoned_at")
    locked = InfoReport.objects.select_for_update().select_related("incident").get(pk=report.pk)
    check_scope(actor, locked)
    if locked.kind != ReportKind.FIRST:
        raise ValidationError({"phoned_to": "只有首报需要电话报告"})
    if locked.phoned_at is not None:
        raise ValidationError({"phoned_to": "电话报告已登记"})
    if not phoned_to.strip():
        raise ValidationError({"phoned_to": "请填写电话报告的对象（单位及姓名）"})
    if when < locked.incident.received_at:
        raise ValidationError({"phoned_at": "电话报告时间不能早于接报时间"})
    before = audit.snapshot(locked)
    locked.phoned_at, locked.phoned_by, locked.phoned_to = when, actor.user, phoned_to.strip()[:100]
    locked.phone_late = rules.is_late(locked.phone_due_at, when)
    locked.phone_late_minutes = (int((when - locked.phone_due_at).total_seconds() // 60)
                                 if locked.phone_late and locked.phone_due_at else 0)
    locked.save(update_fields=["phoned_at", "phoned_by", "phoned_to", "phone_late",
                               "phone_late_minutes"])
    deadlines.close_deadline(locked.incident, kind=_phone_kind(locked), actor=actor, at=when)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="电话报告")
    late = f"（迟报{locked.phone_late_minutes}分钟）" if locked.phone_late else "（按时）"
    events.emit("report.phoned", actor=actor, obj=locked,
                summary=f"首报已电话报告{locked.phoned_to}{late}",
                data={"late": locked.phone_late, "late_minutes": locked.phone_late_minutes})
    return locked


def region_chain(region: Region | None) -> list[str]:
    """The names of ``region`` and its parents from the city down (the province left
    out: reports stay inside it), e.g. ["武汉市", "江岸区", "大智街道"]."""
    names: list[str] = []
    while region is not None and region.code[2:] != "0" * (len(region.code) - 2):
        names.append(region.name)
        region = region.parent
    return list(reversed(names))


def reporting_bureau(incident: Incident) -> str:
    """The duty room that reports: the receiving officer's (city or district) bureau,
    else the bureau of the incident's district."""
    user = incident.received_by
    region = getattr(user, "scope_region", None) if user is not None else None
    chain = region_chain(region) if region is not None else []
    return rules.bureau_name(chain or region_chain(incident.region))


def report_text(incident: Incident, report: InfoReport) -> str:
    """The report's text generated from the incident's data (the officer edits it): the
    reporting bureau by name and the place without a region said twice."""
    received = timezone.localtime(incident.received_at)
    occurred = timezone.localtime(incident.occurred_at) if incident.occurred_at else None
    place = rules.place_text(region_chain(incident.region), incident.address)
    parts = [
        f"关于{incident.title}的{report.get_kind_display()}",
        "",
        f"{received:%Y年%m月%d日%H时%M分}，{reporting_bureau(incident)}接到"
        f"{incident.caller_unit or incident.caller or '有关方面'}（{incident.get_source_display()}）报告：",
        f"{occurred:%m月%d日%H时%M分}，" if occurred else "",
        f"{place}发生{incident.get_subtype_display()}。{incident.description}",
        "",
        f"伤亡情况：死亡{incident.deaths}人，失踪{incident.missing}人，重伤{incident.serious_injuries}人，"
        f"轻伤{incident.injuries}人，被困{incident.trapped}人；直接经济损失约{incident.loss_wan:g}万元。",
        f"事件等级：{rules.grade_label(incident.grade or None)}"
        f"（系统按规则研判：{rules.grade_label(incident.suggested_grade or None)}）。",
    ]
    if incident.enterprise_id:
        parts.append(f"涉事企业：{incident.enterprise}。")
    if incident.response_level:
        parts.append(f"已启动{incident.get_response_level_display()}。")
    orders = list(incident.orders.exclude(state="cancelled"))
    if orders:
        parts.append("已调派力量：" + "、".join(
            f"{o.resource_name}（{o.get_resource_kind_display()}，{_state_label(o.state)}）"
            for o in orders) + "。")
    parts += ["", "后续情况将及时续报。" if report.kind != ReportKind.FINAL else "特此终报。"]
    return "\n".join(p for p in parts if p is not None).replace("\n\n\n", "\n\n")


def _state_label(state: str) -> str:
    from yingji.incidents.workflow import DISPATCH_FLOW

    return DISPATCH_FLOW.label(state)


def _figures(incident: Incident) -> dict[str, object]:
    return {"deaths": incident.deaths, "missing": incident.missing,
            "serious_injuries": incident.serious_injuries, "injuries": incident.injuries,
            "trapped": incident.trapped, "loss_wan": str(incident.loss_wan),
            "grade": incident.grade}


def leaders_on_duty(incident: Incident, at: datetime) -> list[User]:
    """The leaders (带班领导) of the shifts on duty at ``at`` whose unit covers the
    incident's place: the district's and the city's duty rooms."""
    from yingji.incidents.models import DutyShift

    codes = []
    region: Region | None = incident.region
    while region is not None:
        codes.append(region.code)
        region = region.parent
    shifts = DutyShift.objects.filter(region_id__in=codes, start__lte=at, end__gt=at)
    through: Any = DutyShift.leaders.through
    ids = through.objects.filter(dutyshift__in=shifts).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def may_sign_off(actor: Actor, incident: Incident, at: datetime) -> bool:
    """Whether ``actor`` may sign off the incident's report at ``at``: a leader of a shift
    on duty over the place; when no shift is on duty there, a duty leader or commander
    whose scope covers it. The system (a job) always may."""
    if actor.is_system:
        return True
    user = actor.user
    if user is None:
        return False
    on_duty = leaders_on_duty(incident, at)
    if on_duty:
        return user in on_duty
    from yingji.core.scope import scope_of

    return bool(set(user.role_codes) & {"duty_leader", "commander"}) and incident.in_scope(
        scope_of(user))


def _signoff_kind(report: InfoReport) -> str:
    return f"report-{report.pk}-signoff"


@transaction.atomic
def submit_report(report: InfoReport, *, actor: Actor, content: str = "",
                  at: datetime | None = None) -> InfoReport:
    """Submit (报送) a pending report. After its due time it is accepted and marked 迟报
    with the minutes late, never refused or hidden. The first version of the text is
    kept; a 首报/续报/补报 of an open incident opens the next 续报. A 首报 goes out only
    signed off by the leader on duty: from anyone else it is handed in for sign-off
    (状态 待领导签发) with its own deadline, and 报送 happens at ``sign_off_report``."""
    check_permission(actor, InfoReport, "change")
    when = moment(at, field="submitted_at")
    locked = InfoReport.objects.select_for_update().select_related("incident").get(pk=report.pk)
    check_scope(actor, locked)
    if locked.status == ReportStatus.REVIEW:
        raise ValidationError({"content": "该报告已提交带班领导签发，请等待签发或由领导退回修改"})
    if locked.status != ReportStatus.PENDING:
        raise ValidationError({"content": f"该报告{locked.get_status_display()}，"
                                          f"修改正文请保存新版本"})
    incident = locked.incident
    if when < incident.received_at:
        raise ValidationError({"submitted_at": "报送时间不能早于接报时间"})
    text = content.strip() or report_text(incident, locked)
    if locked.kind in rules.SIGNOFF_KINDS:
        if not may_sign_off(actor, incident, when):
            return _hand_in(locked, actor=actor, when=when, text=text)
        locked.signed_at, locked.signed_by = when, actor.user
    return _send(locked, actor=actor, when=when, text=text)


def _hand_in(locked: InfoReport, *, actor: Actor, when: datetime, text: str) -> InfoReport:
    """The officer's draft goes to the leader on duty, due within the sign-off limit."""
    from yingji.incidents.models import IncidentSettings

    incident = locked.incident
    before = audit.snapshot(locked)
    locked.status = ReportStatus.REVIEW
    locked.content = text
    locked.drafted_at, locked.drafted_by = when, actor.user
    locked.signoff_due_at = rules.signoff_due(when, locked.due_at,
                                              IncidentSettings.current().signoff_minutes)
    locked.save()
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="提交领导签发")
    leaders = leaders_on_duty(incident, when)
    label = str(locked).split("·", 1)[1]
    deadlines.set_deadline(
        incident, kind=_signoff_kind(locked), title=f"{incident.title}{label}待领导签发",
        due_at=locked.signoff_due_at, actor=actor, responsible=leaders[0] if leaders else None,
        remind_before=timedelta(minutes=5), escalate_every=timedelta(minutes=15),
        link=reverse("incident_detail", kwargs={"pk": incident.pk}))
    events.emit("report.handed_in", actor=actor, obj=locked,
                summary=f"{label}已提交带班领导审核签发，签发时限"
                        f"{timezone.localtime(locked.signoff_due_at):%m-%d %H:%M}")
    return locked


@transaction.atomic
def sign_off_report(report: InfoReport, *, actor: Actor, content: str = "",
                    at: datetime | None = None) -> InfoReport:
    """签发: the leader on duty reviews the handed-in report (editing the text if need
    be) and it is submitted (报送) at once; 迟报 counts against the report's limit."""
    check_permission(actor, InfoReport, "change")
    when = moment(at, field="submitted_at")
    locked = InfoReport.objects.select_for_update().select_related("incident").get(pk=report.pk)
    check_scope(actor, locked)
    if locked.status != ReportStatus.REVIEW:
        raise ValidationError({"content": "该报告不在待签发状态"})
    if not may_sign_off(actor, locked.incident, when):
        raise PermissionDenied("须由当班带班领导审核签发")
    locked.signed_at, locked.signed_by = when, actor.user
    deadlines.close_deadline(locked.incident, kind=_signoff_kind(locked), actor=actor, at=when)
    return _send(locked, actor=actor, when=when, text=content.strip() or locked.content)


@transaction.atomic
def return_report(report: InfoReport, *, actor: Actor, comment: str) -> InfoReport:
    """退回修改: the leader on duty sends a handed-in report back to the officer."""
    check_permission(actor, InfoReport, "change")
    locked = InfoReport.objects.select_for_update().select_related("incident").get(pk=report.pk)
    check_scope(actor, locked)
    if locked.status != ReportStatus.REVIEW:
        raise ValidationError({"content": "该报告不在待签发状态"})
    if not may_sign_off(actor, locked.incident, timezone.now()):
        raise PermissionDenied("须由当班带班领导审核签发")
    if not comment.strip():
        raise ValidationError({"comment": "请填写退回理由"})
    before = audit.snapshot(locked)
    locked.status = ReportStatus.PENDING
    locked.save(update_fields=["status"])
    deadlines.close_deadline(locked.incident, kind=_signoff_kind(locked), actor=actor)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="退回修改")
    events.emit("report.returned", actor=actor, obj=locked,
                summary=f"{str(locked).split('·', 1)[1]}被退回修改：{comment.strip()[:100]}")
    return locked


def _send(locked: InfoReport, *, actor: Actor, when: datetime, text: str) -> InfoReport:
    incident = locked.incident
    before = audit.snapshot(locked)
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_at = when
    locked.submitted_by = actor.user
    locked.content = text
    locked.late = rules.is_late(locked.due_at, when)
    locked.late_minutes = (int((when - locked.due_at).total_seconds() // 60)
                           if locked.late and locked.due_at else 0)
    locked.save()
    ReportVersion.objects.create(report=locked, number=1, content=text,
                                 figures=_figures(incident), created_by=locked.drafted_by or actor.user)
    deadlines.close_deadline(incident, kind=_deadline_kind(locked), actor=actor, at=when)
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, before=before,
                 after=audit.snapshot(locked), detail="报送")
    label = str(locked).split("·", 1)[1]
    late = f"（迟报{locked.late_minutes}分钟）" if locked.late else "（按时）"
    signed = f"，{locked.signed_by.display_name}签发" if locked.signed_by else ""
    events.emit("report.submitted", actor=actor, obj=locked,
                summary=f"{label}已报送{locked.report_to and '至' + locked.report_to}{late}{signed}",
                data={"late": locked.late, "late_minutes": locked.late_minutes})
    if (locked.kind != ReportKind.FINAL and incident.is_open
            and not incident.reports.filter(kind=ReportKind.FOLLOWUP,
                                            status=ReportStatus.PENDING).exists()):
        open_report(incident, ReportKind.FOLLOWUP, actor=actor, start=when, reason="定时续报")
    return locked


@transaction.atomic
def add_report(incident: Incident, kind: str, *, actor: Actor, content: str = "",
               at: datetime | None = None) -> InfoReport:
    """Submit a report of ``kind`` now: fills the earliest pending obligation of that
    kind, or records an extra one (no due time, so never late)."""
    check_permission(actor, InfoReport, "change")
    if kind not in ReportKind.values:
        raise ValidationError({"kind": "报告类型应为首报、续报、补报或终报"})
    pending = incident.reports.filter(kind=kind, status=ReportStatus.PENDING).order_by(
        "due_at", "pk").first()
    if pending is None:
        if incident.reports.filter(kind=kind, status=ReportStatus.REVIEW).exists():
            raise ValidationError({"kind": "该报告已提交带班领导签发，请等待签发"})
        if kind == ReportKind.FIRST and incident.reports.filter(kind=kind).exists():
            raise ValidationError({"kind": "首报已报送，请报送续报"})
        pending = InfoReport.objects.create(
            incident=incident, kind=kind, sequence=incident.reports.filter(kind=kind).count() + 1,
            report_to=rule_for(incident).report_to, reason="主动报送")
    return submit_report(pending, actor=actor, content=content, at=at)


@transaction.atomic
def revise_report(report: InfoReport, content: str, *, actor: Actor) -> ReportVersion:
    """Keep a new version of a submitted report's text (earlier versions stay)."""
    check_permission(actor, InfoReport, "change")
    locked = InfoReport.objects.select_for_update().get(pk=report.pk)
    check_scope(actor, locked)
    if locked.status != ReportStatus.SUBMITTED:
        raise ValidationError({"content": "报告尚未报送，请先报送"})
    if not content.strip():
        raise ValidationError({"content": "正文不能为空"})
    number = locked.versions.count() + 1
    version = ReportVersion.objects.create(report=locked, number=number, content=content.strip(),
                                           figures=_figures(locked.incident), created_by=actor.user)
    locked.content = content.strip()
    locked.save(update_fields=["content"])
    audit.record(audit.AuditAction.UPDATE, actor=actor, obj=locked, detail=f"修订为第{number}版")
    events.emit("report.revised", actor=actor, obj=locked, summary=f"{locked}修订为第{number}版")
    return version


def cancel_pending_followups(incident: Incident, *, actor: Actor) -> int:
    """On closing: pending 续报 are no longer owed (the 终报 takes their place)."""
    count = 0
    for report in incident.reports.filter(kind=ReportKind.FOLLOWUP, status=ReportStatus.PENDING):
        report.status = ReportStatus.CANCELLED
        report.save(update_fields=["status"])
        deadlines.close_deadline(incident, kind=_deadline_kind(report), actor=actor)
        events.emit("report.cancelled", actor=actor, obj=report, summary=f"{report}因事件结束不再续报")
        count += 1
    return count


def docx_bytes(version: ReportVersion) -> bytes:
    """The version as a Word document (python-docx): title, the text, the figures and
    the submission line."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    report = version.report
    incident = report.incident
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    lines = version.content.splitlines()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(lines[0] if lines else str(report))
    run.bold = True
    run.font.size = Pt(18)
    for line in lines[1:]:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "项目", "数值"
    for label, value in (("报告类型", str(report).split("·", 1)[1]), ("版本", f"第{version.number}版"),
                         ("报送对象", report.report_to), ("事件等级", incident.grade_display),
                         ("死亡/失踪", f"{incident.deaths}/{incident.missing}"),
                         ("迟报", f"是，迟{report.late_minutes}分钟" if report.late else "否"),
                         ("报送单位", reporting_bureau(incident)),
                         ("签发", report.signed_by.display_name if report.signed_by else "—")):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    when = timezone.localtime(report.submitted_at or version.created_at)
    footer = document.add_paragraph(f"报送时间：{when:%Y年%m月%d日 %H:%M}")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def report_counts(reports: list[InfoReport], now: datetime) -> dict[str, int]:
    """Submitted, late (迟报), pending and overdue (pending past due) counts."""
    submitted = [r for r in reports if r.status == ReportStatus.SUBMITTED]
    pending = [r for r in reports if r.status in OUTSTANDING]
    return {"submitted": len(submitted), "late": sum(1 for r in submitted if r.late),
            "pending": len(pending),
            "overdue": sum(1 for r in pending if r.due_at is not None and r.due_at < now)}
