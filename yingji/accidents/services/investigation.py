"""The investigation (493 第十九条 to 第三十二条) as steps on the accident: 提级调查,
挂牌督办, the team, the report's extension and submission, the 批复 and its extension,
结案 and the 回头看. Each step fires its transition of ``workflow.ACCIDENT_FLOW`` (who may
take it, the state it needs, the version the person saw), so it is atomic, checked,
audited and on the timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yingji.accidents import rules
from yingji.accidents.models import Accident, TeamMember, TeamRole
from yingji.accidents.services import deadlines as dl
from yingji.accidents.services.accidents import settings_limits
from yingji.accidents.services.common import fire_step, local_day
from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission


def _not_after_today(day: date | None, field: str) -> None:
    if day is None:
        raise ValidationError({field: "请填写日期"})
    if day > local_day(timezone.now()):
        raise ValidationError({field: "日期不能晚于今天"})


@transaction.atomic
def escalate(accident: Accident, *, actor: Actor, level: str, reason: str,
             expected_version: int) -> Accident:
    """提级调查 (493 第二十条): a higher government takes the investigation."""
    def change(a: Accident) -> str:
        if a.replied_on:
            raise ValidationError("事故调查报告已批复，不能再提级调查")
        problem = rules.escalation_problem(a.grade, level)
        if problem:
            raise ValidationError({"level": problem})
        if not reason.strip():
            raise ValidationError({"reason": "请填写提级调查的理由"})
        a.escalated, a.investigating_level, a.escalation_reason = True, level, reason.strip()[:300]
        return f"由{rules.LEVEL_LABELS[level]}负责调查：{reason.strip()[:60]}"
    return fire_step(accident, "escalate", actor=actor, change=change,
                     expected_version=expected_version)


@transaction.atomic
def supervise(accident: Accident, *, actor: Actor, department: str, due: date,
              expected_version: int) -> Accident:
    """挂牌督办 by a higher level: the supervising department and its own deadline."""
    def change(a: Accident) -> str:
        if a.closed_on:
            raise ValidationError("事故已结案，不能再挂牌督办")
        if not department.strip():
            raise ValidationError({"department": "请填写督办部门"})
        if due is None or due <= local_day(timezone.now()):
            raise ValidationError({"due": "督办期限应晚于今天"})
        a.supervised, a.supervising_department, a.supervision_due = True, department.strip(), due
        a.supervision_closed_at = None
        return f"{department.strip()}督办，期限{due:%Y-%m-%d}"
    locked = fire_step(accident, "supervise", actor=actor, change=change,
                       expected_version=expected_version)
    dl.open_supervision_deadline(locked, actor=actor)
    return locked


@transaction.atomic
def close_supervision(accident: Accident, *, actor: Actor, on: date,
                      expected_version: int) -> Accident:
    """督办销号: the supervising department closes its listing."""
    def change(a: Accident) -> str:
        if not a.supervised or a.supervision_closed_at:
            raise ValidationError("该事故没有在办的挂牌督办")
        _not_after_today(on, "on")
        a.supervision_closed_at = on
        return f"{on:%Y-%m-%d}销号"
    locked = fire_step(accident, "close_supervision", actor=actor, change=change,
                       expected_version=expected_version)
    dl.close(locked, dl.SUPERVISION, actor=actor, on=on)
    return locked


@transaction.atomic
def add_team_member(accident: Accident, *, actor: Actor, role: str, name: str = "",
                    expert: Any = None, duty: str = "",
                    expected_version: int) -> TeamMember:
    """Add a unit or an expert (from the resources module's pool) to the investigation
    team (493 第二十二条); the first lead unit names the team's lead."""
    check_permission(actor, Accident, "change")
    added: list[TeamMember] = []

    def change(a: Accident) -> str:
        unit = name
        if role not in TeamRole.values:
            raise ValidationError({"role": "组内角色应为牵头单位、成员单位或技术专家"})
        if role == TeamRole.EXPERT:
            if expert is None:
                raise ValidationError({"expert": "请从专家库中选择专家"})
            from yingji.resources.services.experts import expert_for_team

            unit = expert_for_team(expert, actor=actor)
        elif not unit.strip():
            raise ValidationError({"name": "请填写单位名称"})
        if a.team.filter(role=role, name=unit.strip(), expert=expert).exists():
            raise ValidationError({"name": "调查组中已有该成员"})
        member = TeamMember.objects.create(accident=a, role=role, name=unit.strip()[:100],
                                           expert=expert if role == TeamRole.EXPERT else None,
                                           duty=duty.strip()[:200])
        if role == TeamRole.LEAD and not a.lead_unit:
            a.lead_unit = member.name
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=member, after=audit.snapshot(member))
        added.append(member)
        return str(member)
    fire_step(accident, "team", actor=actor, change=change, expected_version=expected_version)
    return added[0]


@transaction.atomic
def remove_team_member(member: TeamMember, *, actor: Actor,
                       expected_version: int) -> Accident:
    """Take a member off the team (the next lead unit, if any, becomes the lead)."""
    check_permission(actor, Accident, "change")

    def change(a: Accident) -> str:
        row = a.team.filter(pk=member.pk).first()
        if row is None:
            raise ValidationError({"member": "该成员不在本事故的调查组中"})
        before = audit.snapshot(row)
        text = str(row)
        row.delete()
        if a.lead_unit == before.get("name") and before.get("role") == TeamRole.LEAD:
            nxt = a.team.filter(role=TeamRole.LEAD).first()
            a.lead_unit = nxt.name if nxt else ""
        audit.record(audit.AuditAction.DELETE, actor=actor, obj=row, before=before,
                     detail=f"移出调查组：{text}")
        return text
    return fire_step(member.accident, "remove_member", actor=actor, change=change,
                     expected_version=expected_version)


@transaction.atomic
def extend_report(accident: Accident, *, actor: Actor, days: int, approved_by: str,
                  reason: str,
                  expected_version: int) -> Accident:
    """Extend the report's limit with the investigating government's approval (493
    第二十九条: at most 60 days in all)."""
    limits = settings_limits()

    def change(a: Accident) -> str:
        if a.report_submitted_on:
            raise ValidationError("调查报告已提交，无需延期")
        problem = rules.report_extension_problem(days, a.report_extension_days, limits)
        if problem:
            raise ValidationError({"days": problem})
        if not approved_by.strip():
            raise ValidationError({"approved_by": "延期须经负责事故调查的人民政府批准，请填写批准机关"})
        if not reason.strip():
            raise ValidationError({"reason": "请填写延期理由"})
        a.report_extension_days += days
        return (f"调查报告期限延长{days}日（{approved_by.strip()}批准：{reason.strip()[:60]}），"
                f"累计延长{a.report_extension_days}日")
    locked = fire_step(accident, "extend_report", actor=actor, change=change,
                       expected_version=expected_version)
    dl.open_report_deadline(locked, actor=actor)
    return locked


@transaction.atomic
def submit_report(accident: Accident, *, actor: Actor, submitted_on: date,
                  received_on: date | None = None,
                  expected_version: int) -> Accident:
    """The team submits its report; the government's receipt starts the 批复 limit
    (493 第三十二条: 15 days, 30 for 特别重大)."""
    received = received_on or submitted_on

    def change(a: Accident) -> str:
        if a.report_submitted_on:
            raise ValidationError("调查报告已提交")
        _not_after_today(submitted_on, "submitted_on")
        _not_after_today(received, "received_on")
        if submitted_on < local_day(a.occurred_at):
            raise ValidationError({"submitted_on": "提交日期不能早于事故发生日期"})
        if received < submitted_on:
            raise ValidationError({"received_on": "收到日期不能早于提交日期"})
        if not a.team.filter(role=TeamRole.LEAD).exists():
            raise ValidationError("请先组成事故调查组（至少一个牵头单位）")
        a.report_submitted_on, a.report_received_on = submitted_on, received
        late = a.report_due is not None and submitted_on > a.report_due
        return f"提交事故调查报告（{submitted_on:%Y-%m-%d}）{'，已超期' if late else ''}"
    locked = fire_step(accident, "submit_report", actor=actor, change=change,
                       expected_version=expected_version)
    dl.close(locked, dl.REPORT, actor=actor, on=submitted_on)
    dl.open_reply_deadline(locked, actor=actor)
    return locked


@transaction.atomic
def extend_reply(accident: Accident, *, actor: Actor, days: int, reason: str,
                 expected_version: int) -> Accident:
    """Extend the 批复 of a 特别重大 accident (493 第三十二条: at most 30 days)."""
    limits = settings_limits()

    def change(a: Accident) -> str:
        if not a.report_received_on or a.replied_on:
            raise ValidationError("只有待批复的事故调查报告可以延长批复时间")
        problem = rules.reply_extension_problem(a.grade, days, a.reply_extension_days, limits)
        if problem:
            raise ValidationError({"days": problem})
        if not reason.strip():
            raise ValidationError({"reason": "请填写延期理由"})
        a.reply_extension_days += days
        return f"批复时间延长{days}日（{reason.strip()[:60]}）"
    locked = fire_step(accident, "extend_reply", actor=actor, change=change,
                       expected_version=expected_version)
    dl.open_reply_deadline(locked, actor=actor)
    return locked


@transaction.atomic
def record_reply(accident: Accident, *, actor: Actor, replied_on: date, document: str,
                 expected_version: int) -> Accident:
    """The government's 批复 of the report: responsibility findings and measures follow."""
    def change(a: Accident) -> str:
        if not a.report_received_on or a.replied_on:
            raise ValidationError("只有待批复的事故调查报告可以登记批复")
        _not_after_today(replied_on, "replied_on")
        if replied_on < a.report_received_on:
            raise ValidationError({"replied_on": "批复日期不能早于收到报告日期"})
        if not document.strip():
            raise ValidationError({"document": "请填写批复文号"})
        a.replied_on, a.reply_document = replied_on, document.strip()[:100]
        late = a.reply_due is not None and replied_on > a.reply_due
        return f"调查报告已批复（{document.strip()}）{'，已超期' if late else ''}"
    locked = fire_step(accident, "reply", actor=actor, change=change,
                       expected_version=expected_version)
    dl.close(locked, dl.REPLY, actor=actor, on=replied_on)
    return locked


@transaction.atomic
def close_case(accident: Accident, *, actor: Actor, closed_on: date,
               expected_version: int) -> Accident:
    """结案 after the 批复, every finding carried out and every measure done (四不放过);
    an open 挂牌督办 is closed with it (销号 on the closing day); a 较大 or higher accident
    then owes its 回头看 within the configured window."""
    limits = settings_limits()

    def change(a: Accident) -> str:
        if not a.replied_on or a.closed_on:
            raise ValidationError("只有已批复、未结案的事故可以结案")
        _not_after_today(closed_on, "closed_on")
        if closed_on < a.replied_on:
            raise ValidationError({"closed_on": "结案日期不能早于批复日期"})
        open_measures = a.measures.filter(done_on__isnull=True).count()
        open_findings = a.findings.filter(carried_out=False).count()
        if open_measures or open_findings:
            owed = [f"{n}项{what}" for n, what in ((open_measures, "整改措施未完成"),
                                                    (open_findings, "责任追究未落实")) if n]
            raise ValidationError(f"尚有{'、'.join(owed)}，不能结案")
        a.closed_on = closed_on
        # A 挂牌督办 still open ends with the case (结案销号): no listing of a closed case
        # stays on the 安委办's page, nor its deadline reminding anyone.
        delisted = a.supervised and not a.supervision_closed_at
        if delisted:
            a.supervision_closed_at = closed_on
        text = f"结案（{closed_on:%Y-%m-%d}）" + ("，挂牌督办随结案销号" if delisted else "")
        if rules.needs_review(a.grade):
            a.review_due = rules.review_due(closed_on, limits)
            return f"{text}，须于{a.review_due:%Y-%m-%d}前开展整改评估（回头看）"
        return text
    locked = fire_step(accident, "close", actor=actor, change=change,
                       expected_version=expected_version)
    if locked.supervised:
        dl.close(locked, dl.SUPERVISION, actor=actor, on=closed_on)
    if locked.review_due:
        dl.open_review_deadline(locked, actor=actor)
    return locked


@transaction.atomic
def record_review(accident: Accident, *, actor: Actor, reviewed_on: date, findings: str,
                  expected_version: int) -> Accident:
    """整改评估 (回头看): whether the measures held, with its findings."""
    def change(a: Accident) -> str:
        if not a.review_due or a.reviewed_on:
            raise ValidationError("该事故没有待开展的整改评估（回头看）")
        _not_after_today(reviewed_on, "reviewed_on")
        if a.closed_on and reviewed_on < a.closed_on:
            raise ValidationError({"reviewed_on": "评估日期不能早于结案日期"})
        if len(findings.strip()) < 10:
            raise ValidationError({"findings": "请填写评估结论（不少于10个字）"})
        a.reviewed_on, a.review_findings = reviewed_on, findings.strip()
        return f"完成整改评估（回头看，{reviewed_on:%Y-%m-%d}）"
    locked = fire_step(accident, "review", actor=actor, change=change,
                       expected_version=expected_version)
    dl.close(locked, dl.REVIEW, actor=actor, on=reviewed_on)
    return locked


@transaction.atomic
def mark_typical(accident: Accident, *, actor: Actor, typical: bool, lessons: str = "",
                 expected_version: int) -> Accident:
    """Mark (or unmark) a 典型案例 with its 警示教育 points."""
    def change(a: Accident) -> str:
        if typical and not a.is_production:
            raise ValidationError("非生产安全事故不列为典型案例")
        if typical and len(lessons.strip()) < 10:
            raise ValidationError({"lessons": "请填写警示教育要点（不少于10个字）"})
        a.typical = typical
        a.typical_lessons = lessons.strip() if typical else a.typical_lessons
        return "列为典型案例" if typical else "取消典型案例"
    return fire_step(accident, "typical", actor=actor, change=change,
                     expected_version=expected_version)
