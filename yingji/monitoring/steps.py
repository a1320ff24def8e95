"""The alarm steps people take, declared once for the page and the API: the service
function that performs each and the form that declares and checks its inputs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from yingji.core.actor import Actor
from yingji.monitoring.forms import AlarmStepForm
from yingji.monitoring.models import Alarm
from yingji.monitoring.services import alarms
from yingji.monitoring.workflow import ALARM_FLOW


@dataclass(frozen=True)
class AlarmStep:
    """One step: the workflow transition it fires, its inputs and its service."""

    name: str
    form: type[AlarmStepForm]
    service: Callable[..., Alarm]
    takes_comment: bool

    @property
    def label(self) -> str:
        return ALARM_FLOW.transition(self.name).label

    def run(self, alarm: Alarm, data: Mapping[str, Any], *, actor: Actor) -> Alarm:
        """Call the service with the form's cleaned data."""
        kwargs: dict[str, Any] = {"actor": actor, "expected_version": data.get("version")}
        if self.takes_comment:
            kwargs["comment"] = data.get("comment") or ""
        return self.service(alarm, **kwargs)


STEPS: dict[str, AlarmStep] = {step.name: step for step in (
    AlarmStep("acknowledge", AlarmStepForm, alarms.do_acknowledge, takes_comment=False),
    AlarmStep("feedback", AlarmStepForm, alarms.do_give_feedback, takes_comment=True),
    AlarmStep("clear", AlarmStepForm, alarms.do_clear, takes_comment=True),
    AlarmStep("close", AlarmStepForm, alarms.do_close, takes_comment=True),
)}
