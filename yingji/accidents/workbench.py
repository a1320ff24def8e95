"""Workbench to-dos of the accidents module (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from yingji.accidents.filtersets import due_condition
from yingji.accidents.models import Accident, CrossCheckRow, RowStatus, Stage
from yingji.ui.workbench import Todo


def accident_todos(user: Any) -> list[Todo]:
    """Overdue investigations, reports awaiting 批复 (and those past its limit), replied
    cases awaiting 结案 (for those who close them), 回头看 owed, open 挂牌督办 and 瞒报
    verification tasks in the user's scope (two queries)."""
    if not user.has_perm("accidents.view_accident"):
        return []
    today = timezone.localdate()
    figures = Accident.objects.restrict(user, "view").filter(is_production=True).aggregate(
        report_overdue=Count("id", filter=due_condition("report_overdue", today)),
        investigating=Count("id", filter=Q(state=Stage.INVESTIGATING)),
        reply=Count("id", filter=Q(state=Stage.REPORTED)),
        reply_overdue=Count("id", filter=due_condition("reply_overdue", today)),
        to_close=Count("id", filter=Q(state=Stage.REPLIED)),
        review=Count("id", filter=due_condition("review_due", today)),
        supervised=Count("id", filter=due_condition("supervising", today)))
    url = reverse("accident_list")
    todos = []
    if figures["report_overdue"]:
        todos.append(Todo(f"{figures['report_overdue']}起事故调查报告逾期未提交",
                          figures["report_overdue"], f"{url}?due=report_overdue", "danger"))
    if figures["investigating"]:
        todos.append(Todo(f"{figures['investigating']}起事故调查中", figures["investigating"],
                          f"{url}?stage=investigating", "info"))
    if figures["reply_overdue"]:
        # The ledger marks them 批复逾期 in red: the government side is told too.
        todos.append(Todo(f"{figures['reply_overdue']}起事故调查报告批复逾期",
                          figures["reply_overdue"], f"{url}?due=reply_overdue", "danger"))
    if figures["reply"]:
        todos.append(Todo(f"{figures['reply']}起事故调查报告待批复", figures["reply"],
                          f"{url}?stage=reported", "warning"))
    if figures["to_close"] and user.has_perm("accidents.close_accident"):
        # The 安委办's own work: replied cases to follow to 结案.
        todos.append(Todo(f"{figures['to_close']}起事故已批复待结案", figures["to_close"],
                          f"{url}?stage=replied", "info"))
    if figures["review"]:
        todos.append(Todo(f"{figures['review']}起事故须开展整改评估（回头看）", figures["review"],
                          f"{url}?due=review_due", "warning"))
    if figures["supervised"]:
        todos.append(Todo(f"{figures['supervised']}起事故挂牌督办中", figures["supervised"],
                          f"{url}?due=supervising", "warning"))
    if user.has_perm("accidents.change_crosscheckrow"):
        tasks = CrossCheckRow.objects.restrict(user, "view").filter(status=RowStatus.PENDING).count()
        if tasks:
            todos.append(Todo(f"{tasks}条瞒报核查任务待核实", tasks,
                              reverse("crosscheckrow_list") + "?status=pending", "danger"))
    return todos
