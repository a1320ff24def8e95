"""Flood response pages (防汛应急响应): the responses and suggestions, one response with
the leader's decision and the duty check of the roster, a leader's start, and the
city's grade rules."""

from __future__ import annotations

from typing import Any

from yingji.core.steps.views import StepView
from yingji.core.views.generic import Column, ObjectDetailView, ObjectEditView, ObjectListView
from yingji.flood import rules
from yingji.flood.filtersets import FloodLevelRuleFilterSet, FloodResponseFilterSet
from yingji.flood.forms import (
    RESPONSE_STEPS,
    DecideForm,
    EndForm,
    FloodLevelRuleForm,
    FloodResponseForm,
)
from yingji.flood.models import FloodLevelRule, FloodResponse, ResponseState
from yingji.flood.services import levels

_BADGES = {ResponseState.SUGGESTED: "warning", ResponseState.ACTIVE: "danger",
           ResponseState.DECLINED: "secondary", ResponseState.ENDED: "secondary"}


def _grade(response: FloodResponse) -> str:
    return rules.GRADE_NAMES.get(response.grade, "")


def _suggested(response: FloodResponse) -> str:
    return rules.GRADE_NAMES.get(response.suggested_grade, "")


class FloodResponseListView(ObjectListView):
    model = FloodResponse
    title = "防汛应急响应"
    filterset_class = FloodResponseFilterSet
    select_related = ("region", "decided_by")
    columns = (Column("region", "响应区域", accessor="region.name", link_to_detail=True),
               Column("suggested_grade", "建议等级", accessor=_suggested),
               Column("reason", "建议理由"),
               Column("suggested_at", "建议时间", sortable=True),
               Column("grade", "决定等级", accessor=_grade, sortable=True),
               Column("decided_by", "决策人", accessor=lambda r: r.decided_by.display_name
                      if r.decided_by else ""),
               Column("decided_at", "决策时间", sortable=True),
               Column("decision_note", "决策说明"),
               Column("state", "状态", accessor="get_state_display",
                      badge=lambda r: _BADGES.get(r.state, "secondary")))


class FloodResponseDetailView(ObjectDetailView):
    model = FloodResponse
    select_related = ("region", "decided_by")
    extra_template = "flood/response_panel.html"
    show_attachments = False
    fields = ("region", "state", Column("suggested_grade", "建议等级", accessor=_suggested),
              "reason", "suggested_at", Column("grade", "决定等级", accessor=_grade),
              "decision_note", "decided_by", "decided_at", "ended_at", "ended_by", "end_note")

    def get_context_data(self, obj: Any) -> dict[str, Any]:
        context = super().get_context_data(obj)
        decider = levels.may_decide(self.request.user)
        waiting = obj.state == ResponseState.SUGGESTED
        context.update(
            decide_form=DecideForm(initial={"grade": obj.suggested_grade})
            if decider and waiting else None,
            end_form=EndForm() if decider and obj.state == ResponseState.ACTIVE else None,
            duty=levels.duty_check(obj) if obj.grade else None,
            now_grade=rules.GRADE_NAMES.get(levels.evaluate(obj.region)[0], "")
            if obj.state == ResponseState.ACTIVE else "",
            edit_url=None, delete_url=None)
        return context


class FloodResponseStepView(StepView):
    model = FloodResponse
    action = "view"  # each step's own permission decides
    steps = RESPONSE_STEPS


class FloodResponseEditView(ObjectEditView):
    """启动响应 by a leader (no suggestion waited for)."""

    model = FloodResponse
    form_class = FloodResponseForm
    create_service = levels.start_response


class FloodLevelRuleListView(ObjectListView):
    model = FloodLevelRule
    title = "防汛响应等级"
    filterset_class = FloodLevelRuleFilterSet
    columns = (Column("grade", "响应等级", accessor="get_grade_display", link_to_detail=True),
               Column("warning", "触发预警", accessor=lambda r: (r.get_warning_level_display()
                      and f"{r.get_warning_level_display()}及以上") or "不按预警"),
               Column("gauge_count", "超阈值站点数", accessor=lambda r: r.gauge_count or "不按监测"),
               Column("leaders", "每班带班领导"),
               Column("officers", "每班值班员"),
               Column("watch_24h", "24小时值守", accessor=lambda r: "是" if r.watch_24h else "否"))


class FloodLevelRuleDetailView(ObjectDetailView):
    model = FloodLevelRule
    show_attachments = False
    fields = ("grade", Column("warning_types", "触发预警类型", accessor=lambda r: _type_names(r)),
              "warning_level", "gauge_count", "leaders", "officers", "watch_24h", "measures")


def _type_names(rule: FloodLevelRule) -> str:
    from yingji.warnings.models import WarningType

    names = dict(WarningType.objects.values_list("code", "name"))
    return "、".join(names.get(c, c) for c in rule.warning_types or [])


class FloodLevelRuleEditView(ObjectEditView):
    model = FloodLevelRule
    form_class = FloodLevelRuleForm
    update_service = levels.update_rule
