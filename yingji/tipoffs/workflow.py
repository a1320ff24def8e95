"""The workflows of a report (举报) and of its reward.

Report: 待受理 → 已受理（待交办） → 核查中 → 已核查 → 已办结 (the reporter told), with
不予受理 (with its reason) and 重复举报 (linked to the first report of the same matter)
from triage. Who does which step: triage, assignment and the answer to the reporter are
the duty office's (``tipoffs.triage_tipoff``); verification and its result are the
district's or department's supervisors (``tipoffs.verify_tipoff``).

Reward: 待评议 → 已决定（奖励/不予奖励） → 已发放, decided by the reward committee
(``tipoffs.decide_tipoffreward``) after its members' recorded votes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yingji.core.actor import Actor
from yingji.core.workflow import STAY, Transition, Workflow

TRIAGE = "tipoffs.triage_tipoff"
VERIFY = "tipoffs.verify_tipoff"
DECIDE = "tipoffs.decide_tipoffreward"

STATES = {"received": "待受理", "accepted": "待交办", "verifying": "核查中",
          "verified": "已核查", "closed": "已办结", "rejected": "不予受理",
          "duplicate": "重复举报"}
OPEN = ("received", "accepted", "verifying", "verified")


def _has_department(tipoff: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return None if data.get("department") is not None else "请选择承办单位"


TIPOFF_FLOW = Workflow(
    name="tipoff",
    states=STATES,
    initial="received",
    transitions=[
        Transition("accept", "受理", ("received",), "accepted", permission=TRIAGE),
        Transition("reject", "不予受理", ("received",), "rejected", permission=TRIAGE,
                   required=("reason",)),
        Transition("duplicate", "认定重复举报", ("received", "accepted"), "duplicate",
                   permission=TRIAGE, required=("original",)),
        Transition("assign", "交办核查", ("accepted",), "verifying", permission=TRIAGE,
                   guards=(_has_department,)),
        Transition("reassign", "改派", ("verifying",), STAY, permission=TRIAGE,
                   guards=(_has_department,)),
        Transition("conclude", "登记核查结果", ("verifying",), "verified", permission=VERIFY,
                   required=("outcome", "findings")),
        Transition("reply", "答复举报人", ("verified",), "closed", permission=TRIAGE,
                   required=("reply",)),
    ],
)

REWARD_STATES = {"proposed": "待评议", "approved": "决定奖励", "refused": "不予奖励",
                 "paid": "已发放"}

REWARD_FLOW = Workflow(
    name="tipoffreward",
    states=REWARD_STATES,
    initial="proposed",
    transitions=[
        Transition("vote", "评议表决", ("proposed",), STAY, permission=DECIDE),
        Transition("approve", "决定奖励", ("proposed",), "approved", permission=DECIDE,
                   required=("amount",)),
        Transition("refuse", "决定不予奖励", ("proposed",), "refused", permission=DECIDE,
                   comment_required=True),
        Transition("pay", "登记发放", ("approved",), "paid", permission=DECIDE,
                   required=("voucher",)),
    ],
)
