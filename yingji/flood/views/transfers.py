"""Transfer pages: the list, the task with its households and steps, the phone page of
the responsible person, and the city board."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from yingji.core.steps.views import StepView
from yingji.core.views.base import TemplatePageView
from yingji.core.views.generic import Column, ObjectDetailView, ObjectListView
from yingji.flood import rules
from yingji.flood.filtersets import TransferTaskFilterSet
from yingji.flood.forms import TASK_STEPS, ChecklistForm, CloseForm, ReportForm
from yingji.flood.models import Household, TaskState, TransferEntry, TransferTask
from yingji.flood.services import board, transfers


def _progress(task: TransferTask) -> str:
    t = rules.tally((e.status, e.members, e.moved_people, e.vulnerable) for e in task.entries.all())
    return f"{t.moved_households}/{t.households}户，{t.moved_people}/{t.people}人"


class TransferTaskListView(ObjectListView):
    model = TransferTask
    title = "转移任务"
    filterset_class = TransferTaskFilterSet
    select_related = ("point", "point__region")
    prefetch_related = ("entries",)
    columns = (Column("point", "风险点", accessor="point.name", link_to_detail=True),
               Column("region", "所在区域", accessor="point.region.name"),
               Column("trigger", "启动方式", accessor="get_trigger_display"),
               Column("reason", "启动原因"),
               Column("opened_at", "启动时间", sortable=True),
               Column("progress", "已转移", accessor=_progress),
               Column("state", "状态", accessor="get_state_display",
                      badge=lambda t: "danger" if t.state == TaskState.OPEN else "secondary"))


def _entries(user: Any, task: TransferTask) -> list[TransferEntry]:
    entries = list(TransferEntry.objects.restrict(user, "view").filter(task=task)
                   .select_related("household", "shelter", "reported_by"))
    for entry in entries:
        entry.badge = rules.STATUS_BADGES[entry.status]
    return entries


def _checklist(task: TransferTask, entries: list[TransferEntry]) -> list[dict[str, Any]]:
    """The 八个必转 categories with the households of each and whether confirmed."""
    rows = []
    for code, label in rules.EIGHT_MUST:
        found = [e for e in entries if code in (e.household.categories or [])]
        rows.append({"code": code, "label": label, "households": len(found),
                     "remaining": sum(e.status != rules.MOVED for e in found),
                     "checked": code in (task.checked or [])})
    return rows


class TransferTaskDetailView(ObjectDetailView):
    model = TransferTask
    select_related = ("point", "point__region", "bulletin", "gauge")
    extra_template = "flood/task_panel.html"
    show_attachments = False
    fields = ("point", Column("region", "所在区域", accessor="point.region.name"), "state",
              "trigger", "reason", "bulletin", "opened_at", "opened_by", "closed_at", "closed_by",
              "close_note")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        user = self.request.user
        entries = _entries(user, obj)
        is_open = obj.state == TaskState.OPEN
        reporter = is_open and user.has_perm(transfers.REPORT_PERMISSION)
        context.update(
            entries=entries,
            tally=rules.tally((e.status, e.members, e.moved_people, e.vulnerable) for e in entries),
            checklist=_checklist(obj, entries),
            checklist_form=ChecklistForm(initial={"categories": obj.checked}) if reporter else None,
            close_form=CloseForm() if is_open and user.has_perm("flood.change_transfertask") else None,
            field_url=reverse("transfertask_field", args=[obj.pk]) if reporter else None,
            edit_url=None, delete_url=None)
        return context


class TransferTaskStepView(StepView):
    model = TransferTask
    action = "view"  # each step's own permission decides
    steps = TASK_STEPS


class TransferFieldView(ObjectDetailView):
    """The responsible person's phone page: the households still to report first, one
    card each with the three answers and the shelter."""

    model = TransferTask
    select_related = ("point", "point__shelter")
    template_name = "flood/field.html"

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        user = self.request.user
        entries = _entries(user, obj)
        entries.sort(key=lambda e: (e.status == rules.MOVED, not e.vulnerable, e.pk))
        reporter = obj.state == TaskState.OPEN and user.has_perm(transfers.REPORT_PERMISSION)
        return {"object": obj, "title": f"{obj.point.name}转移报送", "entries": entries,
                "form": ReportForm() if reporter else None,
                "tally": rules.tally((e.status, e.members, e.moved_people, e.vulnerable)
                                     for e in entries),
                "view": self}


class BoardView(TemplatePageView):
    """转移避险看板: per point and street, planned, moved, remaining; shelter occupancy."""

    model = TransferTask
    title = "转移避险看板"
    template_name = "flood/board.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from yingji.ui.views.map import map_settings

        user = self.request.user
        return {"board": board.build(user), "map": map_settings(user),
                "households": Household.objects.restrict(user, "view").count(),
                "map_layers": [{"name": "风险点", "url": reverse("floodpoint_geojson"),
                                "color": "#206bc4", "visible": True}]}
