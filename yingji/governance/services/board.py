"""The plan's board: every item's status from its nodes (``rules.item_status``), counted
by lead department and by district, and the node totals; what the user's scope holds
only. Three queries whatever the plan's size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from yingji.core.models import Region
from yingji.governance import rules
from yingji.governance.models import Node, WorkItem, WorkPlan

NO_DEPARTMENT = "未明确牵头单位"


@dataclass
class Board:
    plan: WorkPlan
    day: date
    items: rules.Tally
    nodes: rules.Tally
    by_department: list[rules.Tally]
    by_district: list[rules.Tally]
    statuses: dict[int, str]  # item id -> status

    def chart(self, tallies: list[rules.Tally], title: str) -> dict[str, Any]:
        """The stacked bar chart's data: one bar per heading, one series per status."""
        return {"title": title, "categories": [t.name for t in tallies],
                "series": [{"name": label, "code": code, "data": [t.counts[code] for t in tallies]}
                           for code, label in rules.STATUSES]}


def item_statuses(items: Any, day: date) -> dict[int, str]:
    """Status of each of ``items`` (a queryset) from its nodes, in one query."""
    by_item: dict[int, list[str]] = defaultdict(list)
    for item_id, due, done_on, reported_at in Node.objects.filter(item__in=items).values_list(
            "item_id", "due", "done_on", "reported_at"):
        by_item[item_id].append(rules.node_status(due, done_on, reported_at is not None, day))
    return {pk: rules.item_status(by_item.get(pk, [])) for pk in items.values_list("pk", flat=True)}


def board(plan: WorkPlan, user: Any, day: date | None = None) -> Board:
    """The board of ``plan`` as ``user`` may see it: the items with nodes (the tasks
    being carried out; headings without nodes are the document's structure) in scope."""
    day = day or timezone.localdate()
    items = WorkItem.objects.restrict(user, "view").filter(plan=plan)
    rows = list(items.values_list("pk", "lead_department", "region_id"))
    nodes = list(Node.objects.restrict(user, "view").filter(item__plan=plan)
                 .values_list("item_id", "due", "done_on", "reported_at"))
    node_status: dict[int, list[str]] = defaultdict(list)
    node_tally = rules.Tally("节点")
    for item_id, due, done_on, reported_at in nodes:
        status = rules.node_status(due, done_on, reported_at is not None, day)
        node_status[item_id].append(status)
        node_tally.counts[status] += 1
    tracked = [(pk, dept, region) for pk, dept, region in rows if pk in node_status]
    statuses = {pk: rules.item_status(node_status[pk]) for pk, _, _ in tracked}
    districts = {code[:6].ljust(12, "0") for _, _, code in tracked}
    names = dict(Region.objects.filter(code__in=districts).values_list("code", "name"))
    item_tally = rules.Tally("事项")
    for status in statuses.values():
        item_tally.counts[status] += 1
    by_department = rules.tally((dept or NO_DEPARTMENT, statuses[pk]) for pk, dept, _ in tracked)
    by_district = rules.tally((_district_name(code, plan, names), statuses[pk])
                              for pk, _, code in tracked)
    return Board(plan, day, item_tally, node_tally, by_department, by_district, statuses)


def _district_name(code: str, plan: WorkPlan, names: dict[str, str]) -> str:
    if code == plan.region_id:
        return f"{plan.region.name}本级"
    return names.get(code[:6].ljust(12, "0"), code)
