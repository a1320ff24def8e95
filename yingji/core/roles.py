"""Roles (角色) and the permissions each grants.

A role is a Django group named by its code; ``sync_roles`` (run after every migrate)
gives each group the permissions matching its patterns. Modules add their model
permissions here when they arrive. Administrator and auditor are kept apart
(等保 2.0 三权分立): no account may hold both.
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

_STAFF_VIEW = ("core.view_region", "core.view_department", "core.view_domainevent")
# Personal data in clear, one audited value at a time (core.personal.reveal): the roles
# that call reporters, households and responsible persons back.
_REVEAL = ("core.reveal_personal_data",)
# Read access to the registries every staff role works with.
_REGISTRY_VIEW = ("enterprises.view_*", "resources.view_*", "warnings.view_*")
# Duty officers draft and issue warnings; leaders and commanders approve them.
_WARNING_EDIT = ("warnings.add_*", "warnings.change_*", "warnings.delete_*")
# Who keeps the registries: supervisors the enterprises, duty/command the resources.
_ENTERPRISE_EDIT = ("enterprises.add_*", "enterprises.change_*", "enterprises.delete_*")
_RESOURCE_EDIT = ("resources.add_*", "resources.change_*", "resources.delete_*")


@dataclass(frozen=True)
class RoleDef:
    code: str
    name: str
    description: str
    permissions: tuple[str, ...]


ROLES: tuple[RoleDef, ...] = (
    RoleDef("admin", "系统管理员", "管理用户、组织机构和接口令牌；不能查看审计日志",
            (*_STAFF_VIEW, "core.*_department", "core.view_user", "core.add_user",
             "core.change_user", "core.*_apitoken")),
    RoleDef("auditor", "审计员", "查询和导出审计日志；不能修改业务数据和用户",
            ("core.view_region", "core.view_auditlog")),
    RoleDef("duty_officer", "值班员", "接报、报送、值守",
            (*_STAFF_VIEW, *_REGISTRY_VIEW, *_RESOURCE_EDIT, *_WARNING_EDIT, *_REVEAL)),
    RoleDef("duty_leader", "带班领导", "带班值守、审核报送",
            (*_STAFF_VIEW, *_REGISTRY_VIEW, *_RESOURCE_EDIT, *_WARNING_EDIT, *_REVEAL)),
    RoleDef("supervisor", "监管员", "企业档案、隐患闭环、重大危险源监管",
            (*_STAFF_VIEW, *_REGISTRY_VIEW, *_ENTERPRISE_EDIT, *_REVEAL)),
    RoleDef("inspector", "执法员", "执法检查、双随机抽查", (*_STAFF_VIEW, *_REGISTRY_VIEW, *_REVEAL)),
    RoleDef("safety_office", "安委办",
            "安全生产委员会办公室：督促挂牌督办事故的查处、事故结案和整改评估（回头看）",
            (*_STAFF_VIEW, *_REGISTRY_VIEW)),
    RoleDef("legal_reviewer", "法制审核员", "执法案件法制审核、重大执法决定审核",
            (*_STAFF_VIEW, *_REGISTRY_VIEW)),
    RoleDef("relief_section", "救灾科",
            "灾情统计核查上报、受灾群众救助审核发放与公示、12小时保障、冬春救助、救灾捐赠；"
            "救灾物资经储备库出库发放",
            # Households' ID numbers in clear (one audited value at a time) to pay the right
            # person; the reserves' stock to issue goods (the ledger's outbound entry).
            (*_STAFF_VIEW, "resources.view_*", "resources.add_stockmovement", *_REVEAL)),
    RoleDef("informant", "灾害信息员", "报送灾情（初报、续报、核报）、接收预警", ("core.view_region",)),
    RoleDef("commander", "指挥长", "态势研判、响应决策、指挥调度",
            (*_STAFF_VIEW, *_REGISTRY_VIEW, *_RESOURCE_EDIT, *_WARNING_EDIT, "core.view_user",
             *_REVEAL)),
    RoleDef("enterprise", "企业用户", "企业自查、隐患上报整改、报警签收",
            ("core.view_region", "enterprises.view_*", "enterprises.change_enterprise",
             "enterprises.*_majorhazard*", "enterprises.*_riskpoint*", "enterprises.*_licence*")),
    RoleDef("rescue", "救援队伍", "接收调度指令、反馈状态", ("core.view_region", "resources.view_*")),
    RoleDef("evaluator", "演练评估员", "外部评估专家：评估受邀的应急演练", ("core.view_region",)),
    RoleDef("reward_committee", "举报奖励委员会",
            "评议、决定和发放举报奖励；唯一可以查看举报人身份（含内部举报人）的角色",
            ("core.view_region",)),
    RoleDef("public", "公众", "查看公开信息、举报隐患", ()),
)

ROLE_BY_CODE = {role.code: role for role in ROLES}
ROLE_CHOICES = [(role.code, role.name) for role in ROLES]
EXCLUSIVE_ROLE_PAIRS = (("admin", "auditor"),)


# Extra permission patterns per role, contributed by modules through ``grant``.
_GRANTS: dict[str, list[str]] = {}


def grant(role_code: str, *patterns: str) -> None:
    """Give ``role_code`` the permissions matching ``patterns`` (called in ``ready()``).

    Idempotent: granting the same pattern twice keeps one copy.
    """
    if role_code not in ROLE_BY_CODE:
        raise ValueError(f"unknown role {role_code!r}")
    held = _GRANTS.setdefault(role_code, [])
    held.extend(p for p in patterns if p not in held)


def role_patterns(role_code: str) -> tuple[str, ...]:
    """Every permission pattern of a role: its own and those granted by modules."""
    return (*ROLE_BY_CODE[role_code].permissions, *_GRANTS.get(role_code, ()))


def role_name(code: str) -> str:
    role = ROLE_BY_CODE.get(code)
    return role.name if role else code


def conflicting_roles(codes: list[str] | set[str]) -> tuple[str, str] | None:
    """The first pair of roles in ``codes`` that one account may not hold together."""
    chosen = set(codes)
    for a, b in EXCLUSIVE_ROLE_PAIRS:
        if a in chosen and b in chosen:
            return (a, b)
    return None


def matching_permissions(patterns: tuple[str, ...], available: list[str]) -> list[str]:
    """Permission names (``app.codename``) in ``available`` matched by any pattern."""
    return [name for name in available if any(fnmatchcase(name, p) for p in patterns)]


def sync_roles() -> None:
    """Create or update one group per role with exactly its permissions."""
    from django.contrib.auth.models import Group, Permission

    perms = list(Permission.objects.select_related("content_type"))
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in perms}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.code)
        wanted = matching_permissions(role_patterns(role.code), list(by_name))
        group.permissions.set([by_name[name] for name in wanted])
