"""The module's business steps, declared once (``core.steps``) for the pages' buttons
and the API's actions: a report's triage, assignment, verification and answer, and a
reward's vote, decision and payment. Labels and who may act come from ``workflow.py``;
the services decide and refuse."""

from __future__ import annotations

from typing import Any

from yingji.core.actor import Actor
from yingji.core.steps import Step, StepTable
from yingji.tipoffs.forms import (
    ApproveForm,
    AssignForm,
    CommentForm,
    ConcludeForm,
    DuplicateForm,
    PayForm,
    RefuseForm,
    RejectForm,
    ReplyForm,
    VoteForm,
)
from yingji.tipoffs.services import handling, rewards
from yingji.tipoffs.workflow import REWARD_FLOW, TIPOFF_FLOW


def _kwargs(obj: Any, actor: Actor) -> dict[str, Any]:
    return {"user": actor.user, "tipoff": obj}


TIPOFF_STEPS = StepTable(
    Step("accept", form=CommentForm, service=handling.accept, message="已受理，请交办核查"),
    Step("reject", form=RejectForm, service=handling.reject, message="已决定不予受理"),
    Step("duplicate", form=DuplicateForm, service=handling.mark_duplicate, form_kwargs=_kwargs,
         message="已认定为重复举报并关联首次举报"),
    Step("assign", form=AssignForm, service=handling.assign, form_kwargs=_kwargs,
         message="已交办核查"),
    Step("reassign", form=AssignForm, service=handling.reassign, form_kwargs=_kwargs,
         message="已改派"),
    Step("conclude", form=ConcludeForm, service=handling.conclude, form_kwargs=_kwargs,
         message="已登记核查结果"),
    Step("reply", form=ReplyForm, service=handling.answer, message="已答复举报人，举报办结"),
    workflow=TIPOFF_FLOW,
)

REWARD_STEPS = StepTable(
    Step("vote", form=VoteForm, service=rewards.vote, message="已记录您的表决"),
    Step("approve", form=ApproveForm, service=rewards.approve, message="已决定奖励"),
    Step("refuse", form=RefuseForm, service=rewards.refuse, message="已决定不予奖励"),
    Step("pay", form=PayForm, service=rewards.pay, message="已登记发放"),
    workflow=REWARD_FLOW,
)
