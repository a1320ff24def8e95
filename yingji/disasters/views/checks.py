"""The 12-hour board (who is done, who is late) and a street's check with its five
guarantees; the response criteria tables and the settings."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from yingji.core.views.generic import (
    Column,
    ObjectActionView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    SettingsEditView,
)
from yingji.core.views.pages import RegionFilterWidgetMixin
from yingji.disasters import rules
from yingji.disasters.filtersets import ResponseThresholdFilterSet, TwelveHourCheckFilterSet
from yingji.disasters.forms import ConfirmForm, SettingsForm, ThresholdForm
from yingji.disasters.models import DisasterSettings, ResponseThreshold, TwelveHourCheck
from yingji.disasters.services import checks

STATUS = {
    "done": ("按时落实", "green"),
    "late_done": ("超时落实", "orange"),
    "overdue": ("已超时", "red"),
    "open": ("落实中", "azure"),
}


def status_of(check: TwelveHourCheck) -> str:
    return rules.twelve_hour_status(
        check.due_at, timezone.now(), len(check.confirmations.all()), check.completed_at
    )


def countdown(check: TwelveHourCheck) -> str:
    if check.completed_at is not None:
        return "—"
    left = check.due_at - timezone.now()
    minutes = int(left.total_seconds() // 60)
    if minutes < 0:
        return f"超时{-minutes // 60}小时{-minutes % 60}分"
    return f"剩余{minutes // 60}小时{minutes % 60}分"


class CheckListView(RegionFilterWidgetMixin, ObjectListView):
    """12小时保障看板: every affected street, its countdown and the guarantees done."""

    model = TwelveHourCheck
    title = "12小时基本生活保障看板"
    filterset_class = TwelveHourCheckFilterSet
    select_related = ("region", "event")
    prefetch_related = ("confirmations",)
    columns = (
        Column("region", "街道（乡镇）", accessor="region.name", link_to_detail=True),
        Column("event", "灾害", accessor="event.title"),
        Column("due_at", "时限", sortable=True),
        Column("countdown", "倒计时", accessor=countdown),
        Column("done", "已落实", accessor=lambda c: f"{len(c.confirmations.all())}/5"),
        Column(
            "missing",
            "未落实事项",
            accessor=lambda c: "、".join(
                label for key, label in rules.GUARANTEES if key not in {x.item for x in c.confirmations.all()}
            ),
        ),
        Column(
            "status",
            "状态",
            accessor=lambda c: STATUS[status_of(c)][0],
            badge=lambda c: STATUS[status_of(c)][1],
        ),
    )


class CheckDetailView(ObjectDetailView):
    model = TwelveHourCheck
    select_related = ("region", "event")
    extra_template = "disasters/check_panel.html"
    fields = (
        "event",
        "region",
        "due_at",
        Column("countdown", "倒计时", accessor=countdown),
        Column("status", "状态", accessor=lambda c: STATUS[status_of(c)][0]),
        "completed_at",
        "escalated_at",
    )

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        done = {c.item: c for c in obj.confirmations.select_related("confirmed_by")}
        context["items"] = [(key, label, done.get(key)) for key, label in rules.GUARANTEES]
        context["can_confirm"] = self.request.user.has_perm("disasters.add_guaranteeconfirmation")
        context["edit_url"] = context["delete_url"] = None
        return context


class CheckConfirmView(ObjectActionView):
    model = TwelveHourCheck
    action = "view"
    form_class = ConfirmForm
    success_message = "已确认"

    def perform(self, obj: Any, data: dict[str, Any]) -> Any:
        checks.confirm_guarantee(obj, item=data["item"], evidence=data["evidence"], actor=self.actor)
        return obj


class ThresholdListView(ObjectListView):
    model = ResponseThreshold
    title = "救助应急响应启动条件"
    filterset_class = ResponseThresholdFilterSet
    columns = (
        Column("tier", "预案", accessor="get_tier_display", link_to_detail=True),
        Column("level", "级别", accessor="get_level_display", sortable=True),
        Column("indicator", "指标", accessor="get_indicator_display"),
        Column("minimum", "启动条件（达到或超过）"),
        Column("text", "条款原文"),
    )


class ThresholdDetailView(ObjectDetailView):
    model = ResponseThreshold


class ThresholdEditView(ObjectEditView):
    model = ResponseThreshold
    form_class = ThresholdForm


class SettingsView(SettingsEditView):
    model = DisasterSettings
    form_class = SettingsForm
