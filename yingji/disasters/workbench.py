"""Workbench to-dos of the disasters module (a fixed number of queries)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from yingji.core.models import Deadline
from yingji.disasters.models import DisasterEvent, DisasterReport, ReliefCase, TwelveHourCheck
from yingji.disasters.services import response, rounds
from yingji.ui.workbench import Todo


def disaster_todos(user: Any) -> list[Todo]:
    """Reports to review or check, returned reports, open events to report on, late
    12-hour checks, relief cases at the user's step, responses to decide."""
    todos: list[Todo] = []
    reports = DisasterReport.objects.restrict(user, "view")
    url = reverse("disasterreport_list")
    if user.has_perm("disasters.add_disasterreport"):
        returned = reports.filter(state="returned", submitted_by_id=user.pk).count()
        if returned:
            todos.append(
                Todo(
                    f"{returned}份灾情报告被退回待修改", returned, f"{url}?state=returned&mine=true", "danger"
                )
            )
        open_events = (
            DisasterEvent.objects.restrict(user, "view").filter(state__in=("active", "stable")).count()
        )
        if open_events and user.has_role("informant"):
            todos.append(
                Todo(
                    f"{open_events}场灾害正在报灾，请及时续报",
                    open_events,
                    reverse("disaster_report_form"),
                    "warning",
                )
            )
    if user.has_perm("disasters.review_disasterreport"):
        waiting = reports.filter(state="submitted").count()
        if waiting:
            todos.append(Todo(f"{waiting}份灾情报告待街道审核", waiting, f"{url}?state=submitted", "warning"))
    if (
        user.has_perm("disasters.check_disasterreport")
        and len(user.scope_region.prefix if user.scope_region else "") <= 6
    ):
        waiting = reports.filter(state="reviewed").count()
        if waiting:
            todos.append(
                Todo(f"{waiting}份灾情报告待区县审核上报", waiting, f"{url}?state=reviewed", "warning")
            )
    late = (
        TwelveHourCheck.objects.restrict(user, "view")
        .filter(completed_at=None, due_at__lt=timezone.now())
        .count()
    )
    if late:
        todos.append(
            Todo(
                f"{late}个街道12小时保障超时未落实",
                late,
                reverse("twelvehourcheck_list") + "?done=false",
                "danger",
            )
        )
    cases = ReliefCase.objects.restrict(user, "view")
    prefix = user.scope_region.prefix if user.scope_region else ""
    if user.has_perm("disasters.approve_reliefcase") and len(prefix) <= 6:
        waiting = cases.filter(state="town_audited").count()
        if waiting:
            todos.append(
                Todo(
                    f"{waiting}户救助待县级审批",
                    waiting,
                    reverse("reliefcase_list") + "?state=town_audited",
                    "info",
                )
            )
    elif user.has_perm("disasters.change_reliefcase") and len(prefix) == 9 and not user.has_role("informant"):
        waiting = cases.filter(state="village_reviewed").count()
        if waiting:
            todos.append(
                Todo(
                    f"{waiting}户救助待乡镇审核",
                    waiting,
                    reverse("reliefcase_list") + "?state=village_reviewed",
                    "info",
                )
            )
    if user.has_role("relief_section") and user.has_perm("disasters.add_reliefissue"):
        waiting = cases.filter(state="approved").count()
        if waiting:
            todos.append(
                Todo(
                    f"{waiting}户救助已审批待发放",
                    waiting,
                    reverse("reliefcase_list") + "?state=approved",
                    "info",
                )
            )
    followup = _followup_todo(user)
    if followup is not None:
        todos.append(followup)
    if user.has_perm("disasters.decide_response"):
        # The figures reach a response level (the event page's 综合测算) and nobody has
        # decided yet: the same assessment the board and the event page show.
        open_ = DisasterEvent.objects.restrict(user, "view").filter(state="active", response_level="")
        undecided = sum(1 for a in response.assess_many(open_[:50]).values() if a.level)
        if undecided:
            todos.append(
                Todo(
                    f"{undecided}场灾害测算达到救助应急响应启动条件，尚未决定",
                    undecided,
                    reverse("disaster_board"),
                    "danger",
                )
            )
    return todos


def _followup_todo(user: Any) -> Todo | None:
    """The open daily 续报 rounds of the streets in the user's scope (a 重大 and above
    disaster, 自然灾害情况统计调查制度): the duty officers and leaders who answer for them.
    The round's kind names its street, so the scope is a prefix of the kind."""
    if not (user.has_perm("disasters.view_disasterevent") and user.has_role(*rounds.FOLLOWUP_ROLES)):
        return None
    prefix = user.scope_region.prefix if user.scope_region else ""
    rows = list(
        Deadline.objects.filter(kind__startswith=f"{rounds.FOLLOWUP}:{prefix}", closed_at=None)
        .order_by("due_at")
        .values_list("due_at", "object_id")[:500]
    )
    if not rows:
        return None
    due, event_id = rows[0]
    when = timezone.localtime(due)
    return Todo(
        f"{len(rows)}个街道{when:%m月%d日}续报未报齐（{when:%H:%M}前报送）",
        len(rows),
        reverse("disasterevent_detail", args=[event_id]),
        "danger" if due < timezone.now() else "warning",
    )
