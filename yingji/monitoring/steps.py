"""The alarm steps people take, declared once for the page and the API: the service
function that performs each and the inputs it takes (``AlarmStepInput``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from rest_framework import serializers

from yingji.core.actor import Actor
from yingji.monitoring.models import Alarm
from yingji.monitoring.services import alarms
from yingji.monitoring.workflow import ALARM_FLOW


class AlarmStepInput(serializers.Serializer[Any]):
    """What a step takes: the version the person saw (optimistic lock) and a comment
    (required by 处置反馈 and 关闭: the workflow refuses a blank one with its reason)."""

    version = serializers.IntegerField(required=False, help_text="乐观锁版本号")
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


@dataclass(frozen=True)
class AlarmStep:
    """One step: the workflow transition it fires and the service that fires it."""

    name: str
    service: Callable[..., Alarm]
    takes_comment: bool

    @property
    def label(self) -> str:
        return ALARM_FLOW.transition(self.name).label

    def run(self, alarm: Alarm, data: Mapping[str, Any], *, actor: Actor) -> Alarm:
        """Call the service with the validated ``AlarmStepInput`` data."""
        kwargs: dict[str, Any] = {"actor": actor, "expected_version": data.get("version")}
        if self.takes_comment:
            kwargs["comment"] = data.get("comment", "")
        return self.service(alarm, **kwargs)


STEPS: dict[str, AlarmStep] = {step.name: step for step in (
    AlarmStep("acknowledge", alarms.do_acknowledge, takes_comment=False),
    AlarmStep("feedback", alarms.do_give_feedback, takes_comment=True),
    AlarmStep("clear", alarms.do_clear, takes_comment=True),
    AlarmStep("close", alarms.do_close, takes_comment=True),
)}
