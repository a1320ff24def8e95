"""The hazard workflow: 登记 → 待整改 → 整改中 → 待验收 → 已销号, and back to 整改中
when verification fails (安监总局令第16号: 排查 → 登记 → 治理 → 报告 → 验收 → 销号).

- 下发整改 needs the responsible person, a future deadline and the measures; a major
  hazard also needs its complete treatment plan (six parts and the 五到位).
- 提交验收 needs the rectification report and at least one evidence file.
- 验收销号 / 验收不通过 of a major hazard are for supervisors, not the enterprise; a
  major hazard under listed supervision (挂牌督办) only for the listing department.
- An enterprise account issues 下发整改 only on what it found itself (企业自查) and
  verifies only its self-found general hazards, where the bureau allows it
  (``HazardSettings.enterprise_self_close``); the rules are in ``rules.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.scope import scope_of
from yingji.core.workflow import Transition, Workflow
from yingji.enterprises.models.ownership import is_enterprise_user
from yingji.hazards import rules

CHANGE = "hazards.change_hazard"


def _deadline_ok(hazard: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    return rules.deadline_problem(data.get("deadline"), timezone.now())


def _plan_complete(hazard: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if not hazard.is_major:
        return None
    from yingji.hazards.models import TreatmentPlan

    plan = TreatmentPlan.objects.filter(hazard=hazard).values().first()
    missing = rules.plan_missing(plan)
    if missing:
        return "重大隐患须先制定完整的治理方案，缺少：" + "、".join(missing)
    return None


def _has_evidence(hazard: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if not data.get("evidence_count"):
        return "提交验收须上传整改证据（整改后照片或验收材料）"
    return None


def is_enterprise_actor(actor: Actor) -> bool:
    """Whether the actor acts for an enterprise (an enterprise account's scope)."""
    return actor.user is not None and is_enterprise_user(scope_of(actor.user))


def _source_label(hazard: Any) -> str:
    return str(hazard.get_source_display())


def _may_assign(hazard: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if not is_enterprise_actor(actor):
        return None
    return rules.enterprise_assign_problem(hazard.source, _source_label(hazard))


def _may_verify(hazard: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    user = actor.user
    if actor.is_system:
        return None
    if user is None:
        return "请先登录"
    if is_enterprise_actor(actor):
        from yingji.hazards.models import HazardSettings

        problem = rules.enterprise_verify_problem(
            source=hazard.source, label=_source_label(hazard), major=hazard.is_major,
            self_close_allowed=HazardSettings.current().enterprise_self_close)
        if problem:
            return problem
    if hazard.is_listed and hazard.listed_department_id is not None \
            and user.department_id != hazard.listed_department_id:
        return f"该重大隐患已挂牌督办，只有督办部门（{hazard.listed_department}）可以验收销号"
    return None


HAZARD_FLOW = Workflow(
    name="hazard",
    states={"registered": "登记", "pending": "待整改", "rectifying": "整改中",
            "verifying": "待验收", "closed": "已销号"},
    initial="registered",
    transitions=[
        Transition("assign", "下发整改", ("registered",), "pending", permission=CHANGE,
                   required=("responsible_name", "deadline", "measures"),
                   guards=(_may_assign, _deadline_ok, _plan_complete)),
        Transition("start", "开始整改", ("pending",), "rectifying", permission=CHANGE),
        Transition("submit", "提交验收", ("rectifying",), "verifying", permission=CHANGE,
                   required=("content",), guards=(_has_evidence,)),
        Transition("close", "验收销号", ("verifying",), "closed", permission=CHANGE,
                   guards=(_may_verify,)),
        Transition("reject", "验收不通过", ("verifying",), "rectifying", permission=CHANGE,
                   guards=(_may_verify,), comment_required=True),
    ],
)


def actor_refusal(hazard: Any, actor: Actor, name: str) -> str | None:
    """Why the actor may not fire step ``name`` whatever it enters (who they are, what
    the hazard is), or None; the detail page hides such buttons."""
    guard = {"assign": _may_assign, "close": _may_verify, "reject": _may_verify}.get(name)
    return guard(hazard, actor, {}) if guard is not None else None
