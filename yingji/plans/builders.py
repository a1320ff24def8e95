"""Builders of whole plans (groups, levels, conditions, actions, resources, contacts) and of
the lifecycle up to 施行, through the services: used by the demo, the benchmark and tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.plans.models import (
    LevelAction,
    LevelResource,
    Plan,
    PlanContact,
    PlanResponseLevel,
    TriggerCondition,
    WorkingGroup,
)
from yingji.plans.services import lifecycle, plans

# (level, [(fact, value)], [(group index, action, minutes)])
FIRE_LEVELS: tuple[tuple[str, list[tuple[str, str]], list[tuple[int, str, int]]], ...] = (
    ("IV", [("trapped", "1"), ("deaths", "1")], [(0, "组织先期处置，划定警戒区", 30),
                                                (1, "调派就近消防救援力量", 15)]),
    ("III", [("deaths", "3"), ("serious_injuries", "10"), ("grade", "III")],
     [(0, "成立现场指挥部", 60), (2, "组织医疗救护", 30)]),
    ("II", [("deaths", "10"), ("grade", "II")], [(0, "请求市级增援", 60)]),
)
GROUPS = (("综合协调组", "区应急管理局", "区政府办、区公安分局"),
          ("抢险救援组", "区消防救援大队", "区应急管理局、区城管执法局"),
          ("医疗救护组", "区卫生健康局", "区红十字会"))


def government_of(region: Region) -> str:
    """The government body of a region: a street's 办事处, else the 人民政府."""
    if region.name.endswith("街道"):
        return f"{region.name}办事处"
    return f"{region.name}人民政府"


def build_plan(actor: Actor, region: Region, *, name: str, kind: str = "special",
               level: str = "district", category: str = "accident", subtypes: str = "fire",
               groups: Sequence[tuple[str, str, str]] = GROUPS,
               levels: Sequence[tuple[str, list[tuple[str, str]], list[tuple[int, str, int]]]] = FIRE_LEVELS,
               enterprise: Any = None, parent: Plan | None = None, contacts: Sequence[Any] = (),
               resources: Sequence[tuple[str, str, str, int]] = (), command: str = "",
               ) -> Plan:
    """A plan with its groups, levels, conditions and actions (起草中). Its owning unit
    is the enterprise for an enterprise plan, else the region's government."""
    owner_unit = enterprise.name if enterprise is not None else government_of(region)
    plan = plans.create_plan({"name": name, "kind": kind, "level": level, "region": region,
                              "owner_unit": owner_unit, "category": category,
                              "subtypes": subtypes, "enterprise": enterprise, "parent": parent,
                              "command_name": command or f"{name.removesuffix('应急预案')}指挥部",
                              "commander": {"city": "分管副市长", "district": "分管副区长",
                                            "street": "街道办事处主任",
                                            "enterprise": "企业主要负责人"}.get(level, "分管负责人")},
                             actor=actor)
    made = [plans.create_part(WorkingGroup, {"plan": plan, "name": g, "lead_department": lead,
                                             "member_departments": members,
                                             "duties": f"负责{g.removesuffix('组')}工作", "order": i},
                              actor=actor) for i, (g, lead, members) in enumerate(groups)]
    for code, conditions, actions in levels:
        lv = plans.create_part(PlanResponseLevel, {"plan": plan, "level": code,
                                                   "decided_by": "总指挥决定"}, actor=actor)
        for fact, value in conditions:
            plans.create_part(TriggerCondition, {"response_level": lv, "fact": fact, "value": value},
                              actor=actor)
        for order, (index, title, minutes) in enumerate(actions):
            plans.create_part(LevelAction, {"response_level": lv, "group": made[index % len(made)],
                                            "title": title, "minutes": minutes, "order": order},
                              actor=actor)
        for res_level, kind_, capability, quantity in resources:
            if res_level == code:
                plans.create_part(LevelResource, {"response_level": lv, "kind": kind_,
                                                  "capability": capability, "quantity": quantity,
                                                  "unit": "支" if kind_ == "team" else "名"},
                                  actor=actor)
    for index, user in enumerate(contacts):
        plans.create_part(PlanContact, {"plan": plan, "group": made[index % len(made)],
                                        "name": user.real_name or user.username, "position": "联络员",
                                        "phone": "027-82800000", "user": user}, actor=actor)
    return plan


def bring_in_force(plan: Plan, actor: Actor, *, issued_on: date, filed_on: date | None = None,
                   doc_number: str = "江政办〔2024〕1号") -> Plan:
    """Review, sign, issue and file ``plan``."""
    plan = lifecycle.submit_review(plan, actor=actor)
    plan = lifecycle.record_review(plan, actor=actor, held_on=issued_on, experts="张华、李强、王敏",
                                   conclusion="passed", opinions="结构完整，职责清晰，同意通过")
    signer = {"city": "市长", "district": "区长", "street": "街道办事处主任",
              "enterprise": "企业主要负责人"}.get(plan.level, "主要负责人")
    plan = lifecycle.sign_plan(plan, actor=actor, signer=signer)
    plan = lifecycle.issue_plan(plan, actor=actor, doc_number=doc_number, issued_on=issued_on)
    return lifecycle.file_plan(plan, actor=actor, filing_body="武汉市人民政府",
                               filed_on=filed_on or issued_on,
                               materials=["issue_document", "plan_text", "drafting_note",
                                          "review_opinion", "risk_assessment", "resource_survey"])
