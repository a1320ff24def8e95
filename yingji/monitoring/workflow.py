"""The alarm workflow: 产生 → 推送 → 签收 → 处置反馈 → 消警, or 关闭 at any open step.

The system raises and pushes; the enterprise (or any staff member in scope holding the
change permission) acknowledges and reports the handling; 消警 needs the signal back to
normal; staff close an alarm with a reason (for example a false alarm) at any time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yingji.core.actor import Actor
from yingji.core.workflow import Transition, Workflow

CHANGE = "monitoring.change_alarm"
STAFF = ("supervisor", "duty_officer", "duty_leader", "commander")
OPEN_STATES = ("raised", "pushed", "acknowledged", "handled")


def _recovered(alarm: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if alarm.recovered_at is None:
        return "监测数据尚未恢复正常，不能消警"
    return None


ALARM_FLOW = Workflow(
    name="alarm",
    states={"raised": "产生", "pushed": "已推送", "acknowledged": "已签收", "handled": "已反馈",
            "cleared": "已消警", "closed": "已关闭"},
    initial="raised",
    transitions=[
        Transition("push", "推送", ("raised",), "pushed", roles=("system",)),
        Transition("acknowledge", "签收", ("raised", "pushed"), "acknowledged", permission=CHANGE),
        Transition("feedback", "处置反馈", ("acknowledged", "handled"), "handled", permission=CHANGE,
                   comment_required=True),
        Transition("clear", "消警", ("handled",), "cleared", permission=CHANGE, guards=(_recovered,)),
        Transition("close", "关闭", OPEN_STATES, "closed", permission=CHANGE, roles=STAFF,
                   comment_required=True),
    ],
)
