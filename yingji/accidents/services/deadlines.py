"""The accident's core deadlines (reminders, overdue, escalation by the core minutely
job): 调查报告 (493 第二十九条), 批复 (第三十二条), 挂牌督办, 回头看 and each
rectification measure."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from yingji.accidents import rules
from yingji.core.actor import Actor
from yingji.core.models import User
from yingji.core.services import deadlines

REPORT, REPLY, SUPERVISION, REVIEW = "accident-report", "accident-reply", "accident-supervision", \
    "accident-review"
KINDS = (REPORT, REPLY, SUPERVISION, REVIEW)
TITLES = {REPORT: "事故调查报告提交", REPLY: "事故调查报告批复", SUPERVISION: "事故挂牌督办",
          REVIEW: "事故整改评估（回头看）"}


def _settings() -> Any:
    from yingji.accidents.models import AccidentSettings

    return AccidentSettings.current()


def _set(accident: Any, kind: str, due: date, *, actor: Actor, responsible: User | None = None,
         title: str = "") -> None:
    from yingji.accidents.services.common import accident_link, end_of, escalation_chain

    current = _settings()
    deadlines.set_deadline(
        accident, kind=kind, title=f"{accident.title}{title or TITLES[kind]}", due_at=end_of(due),
        actor=actor, responsible=responsible or accident.created_by,
        escalation_chain=escalation_chain(accident.district_code),
        remind_before=timedelta(days=current.remind_days),
        escalate_every=timedelta(days=current.escalate_days), link=accident_link(accident))


def open_report_deadline(accident: Any, *, actor: Actor) -> None:
    """调查报告 due 60 days after the accident plus any approved extension."""
    from yingji.accidents.services.common import local_day

    due = rules.report_due(local_day(accident.occurred_at), _settings().limits(),
                           accident.report_extension_days)
    if accident.report_due != due:
        accident.report_due = due
        accident.save(update_fields=["report_due"])
    _set(accident, REPORT, due, actor=actor)


def open_reply_deadline(accident: Any, *, actor: Actor) -> None:
    """批复 due 15 days (30 for 特别重大) after the government received the report."""
    assert accident.report_received_on is not None
    due = rules.reply_due(accident.report_received_on, accident.grade, _settings().limits(),
                          accident.reply_extension_days)
    if accident.reply_due != due:
        accident.reply_due = due
        accident.save(update_fields=["reply_due"])
    _set(accident, REPLY, due, actor=actor)


def refresh_reply_deadline(accident: Any, *, actor: Actor) -> None:
    """A regrade changes the 批复 limit of a report still waiting for its reply."""
    if accident.report_received_on is not None and accident.replied_on is None:
        open_reply_deadline(accident, actor=actor)


def open_supervision_deadline(accident: Any, *, actor: Actor) -> None:
    assert accident.supervision_due is not None
    _set(accident, SUPERVISION, accident.supervision_due, actor=actor)


def open_review_deadline(accident: Any, *, actor: Actor) -> None:
    assert accident.review_due is not None
    _set(accident, REVIEW, accident.review_due, actor=actor)


def open_measure_deadline(measure: Any, *, actor: Actor) -> None:
    _set(measure.accident, f"accident-measure-{measure.pk}", measure.due, actor=actor,
         responsible=measure.owner, title=f"整改措施“{measure.content[:30]}”")


def close(accident: Any, kind: str, *, actor: Actor, on: date | None = None) -> None:
    from django.utils import timezone

    from yingji.accidents.services.common import end_of

    at = min(end_of(on), timezone.now()) if on else None
    deadlines.close_deadline(accident, kind=kind, actor=actor, at=at)


def close_all(accident: Any, *, actor: Actor) -> None:
    for kind in KINDS:
        deadlines.close_deadline(accident, kind=kind, actor=actor)
