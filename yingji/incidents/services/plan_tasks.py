"""Response tasks from a digital plan: a response started from a plan opens the plan's
actions as tasks (instead of the checklist template, which stays for incidents without
a plan); a change of level adds the new level's tasks or closes those of the level left.
Called by the plans module; the tasks are ordinary response tasks with deadlines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from yingji.core.actor import Actor
from yingji.core.services.objects import check_permission, check_scope
from yingji.incidents.models import Incident, ResponseTask
from yingji.incidents.services import response


@dataclass(frozen=True)
class PlannedTask:
    """One task to open: what, the responsible department's name, minutes from the
    start of the response."""

    title: str
    department_name: str
    minutes: int


@transaction.atomic
def start_response_with_tasks(incident: Incident, level: str, tasks: Sequence[PlannedTask], *,
                              actor: Actor, at: datetime | None = None
                              ) -> tuple[Incident, list[ResponseTask]]:
    """Start (or change) the response at ``level`` and open ``tasks`` with their
    deadlines counted from the start; the checklist template is not opened."""
    started = response.start_response(incident, level, actor=actor, at=at, open_checklist=False)
    start = started.response_started_at or at
    assert start is not None
    return started, add_tasks(started, tasks, actor=actor, start=start)


@transaction.atomic
def add_tasks(incident: Incident, tasks: Sequence[PlannedTask], *, actor: Actor,
              start: datetime) -> list[ResponseTask]:
    """Open ``tasks`` on the incident, each due ``minutes`` after ``start``."""
    check_permission(actor, ResponseTask, "add")
    check_scope(actor, incident)
    return [response._create_task(incident, title=t.title, department_name=t.department_name,
                                  due_at=start + timedelta(minutes=t.minutes), actor=actor)
            for t in tasks]


@transaction.atomic
def close_tasks(tasks: Sequence[ResponseTask], *, actor: Actor, reason: str) -> int:
    """Close the open ones of ``tasks`` with ``reason`` as their result (a lowered level
    no longer needs them); returns how many were closed."""
    closed = 0
    for task in tasks:
        if task.state != "done":
            response.finish_task(task, actor=actor, result=reason)
            closed += 1
    return closed


def set_level(incident: Incident, level: str, *, actor: Actor) -> Incident:
    """Change the incident's response level without opening any checklist."""
    return response.start_response(incident, level, actor=actor, open_checklist=False)
