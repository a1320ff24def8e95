"""Courses, sessions and attendance; and the enterprise's 三级安全教育 records."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, update_object
from yingji.training.models import Attendance, NewWorkerTraining, TrainingSession


def _check_session(values: dict[str, Any]) -> None:
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts and ends and ends < starts:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    hours = values.get("hours")
    if hours is not None and hours <= 0:
        raise ValidationError({"hours": "学时须大于0"})


@transaction.atomic
def create_session(data: dict[str, Any], *, actor: Actor) -> TrainingSession:
    """A session of a course; its region is the course's unless given."""
    values = dict(data)
    _check_session(values)
    course = values.get("course")
    if course is not None:
        values.setdefault("region", course.region)
        values.setdefault("mode", course.mode)
    return create_object(TrainingSession, values, actor=actor)


@transaction.atomic
def update_session(session: TrainingSession, data: dict[str, Any], *, actor: Actor) -> TrainingSession:
    _check_session({"starts_on": session.starts_on, "ends_on": session.ends_on, **data})
    return update_object(session, data, actor=actor)


def _check_attendance(values: dict[str, Any], session: TrainingSession | None) -> None:
    errors = {}
    hours = values.get("hours")
    if hours is not None and hours < 0:
        errors["hours"] = "参训学时不能为负数"
    if hours is not None and session is not None and hours > session.hours:
        errors["hours"] = f"参训学时不能超过班次学时{session.hours:g}"
    score = values.get("exam_score")
    if score is not None and not 0 <= score <= 100:
        errors["exam_score"] = "考试成绩应在0到100之间"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_attendance(data: dict[str, Any], *, actor: Actor) -> Attendance:
    """A person's attendance and exam result (pass at 80 when no result is given)."""
    values = dict(data)
    _check_attendance(values, values.get("session"))
    if values.get("passed") is None and values.get("exam_score") is not None:
        values["passed"] = values["exam_score"] >= 80
    session, person = values.get("session"), values.get("person")
    if session is not None and person is not None and \
            Attendance.objects.filter(session=session, person=person).exists():
        raise ValidationError({"person": "该学员已登记在本班次"})
    return create_object(Attendance, values, actor=actor)


@transaction.atomic
def update_attendance(row: Attendance, data: dict[str, Any], *, actor: Actor) -> Attendance:
    _check_attendance(data, data.get("session", row.session))
    return update_object(row, data, actor=actor)


def _check_new_worker(values: dict[str, Any]) -> None:
    errors = {}
    for name in ("company_hours", "workshop_hours", "team_hours"):
        if values.get(name) is not None and values[name] < 0:
            errors[name] = "学时不能为负数"
    hired, done = values.get("hired_on"), values.get("completed_on")
    if hired and done and done < hired:
        errors["completed_on"] = "完成日期不能早于入职日期"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_new_worker(data: dict[str, Any], *, actor: Actor) -> NewWorkerTraining:
    """A new worker's 三级安全教育 record kept by the enterprise."""
    _check_new_worker(data)
    return create_object(NewWorkerTraining, dict(data), actor=actor)


@transaction.atomic
def update_new_worker(row: NewWorkerTraining, data: dict[str, Any], *, actor: Actor) -> NewWorkerTraining:
    merged = {f: getattr(row, f) for f in ("hired_on", "completed_on")} | dict(data)
    _check_new_worker(merged)
    return update_object(row, data, actor=actor)
