"""The bulletin workflow: 草稿 → 审核 → 发布 → 更新 / 升级 / 降级 → 解除 / 过期.

Duty officers draft and submit; the duty leader or commander approves (publishes),
upgrades, downgrades and lifts; only the system (the expiry job) expires. Publishing
an expired or area-less bulletin, or a level outside the scheme, is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from yingji.core.actor import Actor
from yingji.core.workflow import Transition, Workflow
from yingji.warnings import rules

APPROVERS = ("duty_leader", "commander")
CHANGE = "warnings.change_bulletin"


def _level_valid(bulletin: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    level = str(data.get("level") or bulletin.level)
    if not rules.is_level(level):
        return f"预警级别“{level}”不在蓝色、黄色、橙色、红色四级之内"
    return None


def _not_expired(bulletin: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    expires = data.get("expires_at") or bulletin.expires_at
    if expires is None or expires <= timezone.now():
        return "预警已过失效时间，不能发布；请修改失效时间"
    return None


def _has_area(bulletin: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    if bulletin.polygon or bulletin.target_regions.exists():
        return None
    return "未指定预警区域（行政区划或地图范围），不能发布"


def _higher(bulletin: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    level = str(data.get("level") or "")
    if rules.is_level(level) and not rules.is_higher(level, bulletin.level):
        return f"升级后的级别须高于当前的{rules.level_label(bulletin.level)}"
    return None


def _lower(bulletin: Any, actor: Actor, data: Mapping[str, Any]) -> str | None:
    level = str(data.get("level") or "")
    if rules.is_level(level) and not rules.is_higher(bulletin.level, level):
        return f"降级后的级别须低于当前的{rules.level_label(bulletin.level)}"
    return None


BULLETIN_FLOW = Workflow(
    name="bulletin",
    states={"draft": "草稿", "review": "待审核", "published": "已发布", "lifted": "已解除",
            "expired": "已过期"},
    initial="draft",
    transitions=[
        Transition("submit", "提交审核", ("draft",), "review", permission=CHANGE,
                   guards=(_level_valid, _has_area)),
        Transition("reject", "退回修改", ("review",), "draft", permission=CHANGE, roles=APPROVERS,
                   comment_required=True),
        Transition("publish", "审核发布", ("review",), "published", permission=CHANGE,
                   roles=APPROVERS, guards=(_level_valid, _not_expired, _has_area)),
        Transition("update", "更新", ("published",), "published", permission=CHANGE,
                   guards=(_not_expired,), comment_required=True),
        Transition("upgrade", "升级", ("published",), "published", permission=CHANGE,
                   roles=APPROVERS, required=("level",),
                   guards=(_level_valid, _higher, _not_expired)),
        Transition("downgrade", "降级", ("published",), "published", permission=CHANGE,
                   roles=APPROVERS, required=("level",), guards=(_level_valid, _lower)),
        Transition("lift", "解除", ("published",), "lifted", permission=CHANGE, roles=APPROVERS),
        Transition("expire", "到期失效", ("published",), "expired", roles=("system",)),
    ],
)

# Transitions that write a version and notify the target area.
VERSIONED = {"publish", "update", "upgrade", "downgrade", "lift", "expire"}
# Of those, the ones every recipient must answer (叫应).
ACK_REQUIRED = {"publish", "upgrade", "update"}
