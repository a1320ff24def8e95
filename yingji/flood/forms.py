"""Forms of the flood module: risk points, their gauges and households, the settings,
and the inputs of the steps (启动转移, a household's report, the 八个必转 checklist, 结束转移)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.shortcuts import get_object_or_404

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.steps import Step, StepTable
from yingji.flood import rules
from yingji.flood.models import (
    FloodLevelRule,
    FloodPoint,
    FloodResponse,
    FloodSettings,
    GaugeLink,
    Household,
    TransferTask,
)
from yingji.flood.services import levels, transfers
from yingji.resources.models import Shelter


class PersonChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name}（{obj.region.name}·{obj.get_role_display()}）"


class FloodPointForm(ScopedModelForm):
    class Meta:
        model = FloodPoint
        fields = ["code", "name", "kind", "region", "address", "longitude", "latitude",
                  "people_threatened", "houses_threatened", "threat", "trigger_level",
                  "responsible", "shelter", "route", "signal", "disposal", "active"]
        widgets = {"disposal": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["responsible"])
        persons = cast(Any, field.queryset)  # already restricted to the user's scope
        self.fields["responsible"] = PersonChoices(
            queryset=persons.filter(active=True).select_related("region"), required=False,
            label=field.label, help_text=field.help_text)
        bootstrapify(self)


class GaugeLinkForm(ScopedModelForm):
    class Meta:
        model = GaugeLink
        fields = ["point", "gauge", "threshold", "note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        gauge = cast(forms.ModelChoiceField, self.fields["gauge"])
        gauge.queryset = cast(Any, gauge.queryset).filter(point_type__in=("rainfall", "water_level"))
        if self.instance.pk:
            self.fields["point"].disabled = True


class HouseholdForm(ScopedModelForm):
    categories = forms.MultipleChoiceField(label="必转类别（八个必转）", choices=rules.EIGHT_MUST,
                                           required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Household
        fields = ["point", "head_name", "phone", "address", "members", "categories", "vulnerable",
                  "vulnerable_note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["point"].disabled = True
        bootstrapify(self)


class FloodSettingsForm(ScopedModelForm):
    """防汛防台设置 (one row for the installation)."""

    class Meta:
        model = FloodSettings
        fields = ["open_from_warnings", "open_from_gauges", "gauge_stale_minutes", "ack_minutes",
                  "suggest_levels", "declined_quiet_hours", "duty_check_hours"]


class OpenForm(forms.Form):
    """启动转移 by hand: why (the point's level is not reached by any warning yet)."""

    reason = forms.CharField(label="启动原因", max_length=200, required=False,
                             help_text="如：现场积水已达警戒深度")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ReportForm(forms.Form):
    """One household's report from the field."""

    entry = forms.IntegerField(label="转移户", widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label="转移结果", choices=rules.OUTCOMES)
    people = forms.IntegerField(label="转移人数", min_value=1, max_value=100, required=False)
    shelter = forms.ModelChoiceField(label="安置场所", queryset=Shelter.objects.none(), required=False,
                                     help_text="留空则为风险点的避险安置场所")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shelters = Shelter.objects.filter(status__in=("available", "open")).order_by("region_id", "name")
        cast(forms.ModelChoiceField, self.fields["shelter"]).queryset = shelters
        bootstrapify(self)


class ChecklistForm(forms.Form):
    categories = forms.MultipleChoiceField(label="已排查清零的必转类别", choices=rules.EIGHT_MUST,
                                           required=False, widget=forms.CheckboxSelectMultiple)


class CloseForm(forms.Form):
    note = forms.CharField(label="结束说明", max_length=200, required=False,
                           help_text="如：预警解除，积水消退，人员已返回")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


def _entry_of(task: TransferTask, data: Any) -> Any:
    """The household entry posted, 404 unless it is one of ``task``'s."""
    value = str(data.get("entry") or "")
    return get_object_or_404(task.entries.select_related("task"), pk=int(value) if value.isdigit() else 0)


POINT_STEPS = StepTable(
    Step("open", "启动转移", OpenForm, service=transfers.open_manually,
         permission="flood.add_transfertask", message="转移任务已启动，已通知责任人"),
)

TASK_STEPS = StepTable(
    Step("report", "报送转移情况", ReportForm, service=transfers.report_household,
         inputs=("outcome", "people", "shelter", "note"), target=_entry_of,
         permission=transfers.REPORT_PERMISSION,
         message=lambda e: f"{e.household.head_name}户：{e.get_status_display()}"),
    Step("checklist", "八个必转排查", ChecklistForm, service=transfers.check_categories,
         permission=transfers.REPORT_PERMISSION, message="排查情况已保存"),
    Step("close", "结束转移", CloseForm, service=transfers.close_task,
         permission="flood.change_transfertask", message="转移任务已结束"),
)


class FloodLevelRuleForm(ScopedModelForm):
    """A grade's triggers and duty rules (防汛响应等级, city-wide)."""

    warning_types = forms.MultipleChoiceField(label="触发预警类型", choices=(), required=False,
                                              widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = FloodLevelRule
        fields = ["warning_types", "warning_level", "gauge_count", "leaders", "officers",
                  "watch_24h", "measures"]
        widgets = {"measures": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        from yingji.warnings.models import WarningType

        super().__init__(*args, user=user, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["warning_types"]).choices = list(
            WarningType.objects.filter(active=True).values_list("code", "name"))
        bootstrapify(self)


class FloodResponseForm(ScopedModelForm):
    """A leader starts a response without waiting for a suggestion."""

    class Meta:
        model = FloodResponse
        fields = ["region", "grade", "decision_note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["grade"].required = True
        region = cast(forms.ModelChoiceField, self.fields["region"])
        region.queryset = cast(Any, region.queryset).filter(level__lte=3)
        bootstrapify(self)


class DecideForm(forms.Form):
    """The leader's decision on a suggestion: a grade, or none (不启动) with the reason."""

    grade = forms.ChoiceField(label="决定", required=False,
                              choices=[("", "不启动")] + [(g, f"启动{n}响应")
                                                          for g, n in rules.GRADE_NAMES.items()])
    note = forms.CharField(label="决策说明", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class EndForm(forms.Form):
    note = forms.CharField(label="结束说明", max_length=300, required=False,
                           help_text="如：降雨过程结束，主要河湖水位回落至警戒水位以下")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


RESPONSE_STEPS = StepTable(
    Step("decide", "响应决策", DecideForm, service=levels.decide,
         permission=levels.DECIDE_PERMISSION, message="决策已记录"),
    Step("end", "结束响应", EndForm, service=levels.end_response,
         permission=levels.DECIDE_PERMISSION, message="响应已结束"),
)
