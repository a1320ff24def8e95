"""Page forms of the incidents app; the services do the checking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.models import Department, User
from yingji.incidents import rules
from yingji.incidents.models import (
    Contact,
    DutyShift,
    Incident,
    ReportKind,
    ResourceKind,
    ResponseLevel,
)
from yingji.incidents.services import dispatch, duty, response
from yingji.incidents.workflow import DISPATCH_FLOW, TASK_FLOW

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(ScopedModelForm):
    """The duty officer's fast intake form; leave 事件等级 empty to take the rule's grade."""

    class Meta:
        model = Incident
        fields = ["received_at", "source", "caller", "caller_phone", "caller_unit", "title",
                  "category", "subtype", "region", "address", "longitude", "latitude",
                  "occurred_at", "deaths", "missing", "serious_injuries", "injuries", "trapped",
                  "loss_wan", "affected", "relocated", "description", "grade", "enterprise"]
        widgets = {"received_at": _DATETIME, "occurred_at": _DATETIME,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["grade"].required = False
        self.fields["grade"].help_text = "留空则采用系统按规则研判的等级"
        self.fields["enterprise"].help_text = "留空则按地点自动匹配"
        self.fields["subtype"].widget.attrs["data-subtypes"] = "1"
        for name in ("longitude", "latitude"):
            self.fields[name].widget.attrs["step"] = "any"
        bootstrapify(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = rules.check_classification(str(data.get("category") or ""),
                                            str(data.get("subtype") or ""))
        if reason and data.get("category") and data.get("subtype"):
            self.add_error("subtype", reason)
        return data


class DetailsForm(forms.ModelForm):
    """Corrections of the facts recorded at intake."""

    class Meta:
        model = Incident
        fields = ["title", "source", "caller", "caller_phone", "caller_unit", "address",
                  "longitude", "latitude", "occurred_at", "description"]
        widgets = {"occurred_at": _DATETIME, "description": forms.Textarea(attrs={"rows": 2})}


# --- the inputs of each step, declared once: the page's action views and the API validate
# with the same form (the API passes its JSON body as the form's data) ---------------------


class GradeForm(forms.Form):
    """定级: the grade chosen (a contradiction with the rule's grade is warned, not refused)."""

    grade = forms.ChoiceField(label="事件等级", choices=rules.GRADES, error_messages={
        "invalid_choice": "事件等级应为I（特别重大）、II（重大）、III（较大）或IV（一般）",
        "required": "请选择事件等级"})
    comment = forms.CharField(label="说明", required=False)


class FiguresForm(forms.Form):
    """伤亡与损失: the figures given are updated, the others stay (the API may send a few)."""

    deaths = forms.IntegerField(label="死亡", min_value=0, required=False)
    missing = forms.IntegerField(label="失踪", min_value=0, required=False)
    serious_injuries = forms.IntegerField(label="重伤", min_value=0, required=False)
    injuries = forms.IntegerField(label="轻伤", min_value=0, required=False)
    trapped = forms.IntegerField(label="被困", min_value=0, required=False)
    loss_wan = forms.DecimalField(label="直接经济损失（万元）", min_value=0, decimal_places=2,
                                  max_digits=14, required=False)
    affected = forms.IntegerField(label="受影响人数", min_value=0, required=False,
                                  widget=forms.HiddenInput)
    relocated = forms.IntegerField(label="转移安置人数", min_value=0, required=False,
                                   widget=forms.HiddenInput)
    at = forms.DateTimeField(label="时间", required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        return {name: value for name, value in data.items() if value is not None}


class ReportSubmitForm(forms.Form):
    """报送 a report of a kind (the earliest pending one of that kind, or an extra one)."""

    kind = forms.ChoiceField(label="报告类型", choices=ReportKind.choices)
    content = forms.CharField(label="报告正文（留空按事件信息自动生成）", required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))
    submitted_at = forms.DateTimeField(label="报送时间（留空为当前）", required=False,
                                       widget=_DATETIME)


class SignOffForm(forms.Form):
    """签发 a handed-in report (the leader may correct the text first)."""

    content = forms.CharField(label="报告正文（留空按提交稿）", required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))


class PhoneReportForm(forms.Form):
    """电话报告 of the 首报: whom the officer phoned, and when (default now)."""

    phoned_to = forms.CharField(label="电话报告对象（单位及姓名）", max_length=100)
    phoned_at = forms.DateTimeField(label="电话报告时间（留空为现在）", required=False,
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class ReviseForm(forms.Form):
    """修订 a submitted report: a new version of its text."""

    content = forms.CharField(label="报告正文", required=False, strip=False)


class DispatchForm(forms.Form):
    """调派 a resource to the incident (an unavailable one needs a reason)."""

    resource_kind = forms.ChoiceField(label="资源类型", choices=ResourceKind.choices)
    resource_id = forms.IntegerField(label="资源编号", min_value=1)
    task = forms.CharField(label="任务", required=False, max_length=200)
    override_reason = forms.CharField(label="强制调派理由", required=False, max_length=200)
    estimated_minutes = forms.FloatField(required=False, widget=forms.HiddenInput)
    estimate_method = forms.CharField(required=False, max_length=60, widget=forms.HiddenInput)


class StepForm(forms.Form):
    """A dispatch order's step (接收, 出发, 到达, 处置中, 完成, 返回归队, 撤回) at a time,
    with the position reported with it and the version the actor saw (a stale one is
    refused)."""

    step = forms.ChoiceField(label="环节", choices=[(t.name, t.label) for t in DISPATCH_FLOW.transitions])
    at = forms.DateTimeField(label="时间", required=False, widget=_DATETIME)
    comment = forms.CharField(label="说明", required=False, max_length=200)
    version = forms.IntegerField(label="版本", min_value=0, required=False,
                                 widget=forms.HiddenInput)
    longitude = forms.FloatField(label="当前位置经度", required=False)
    latitude = forms.FloatField(label="当前位置纬度", required=False)


class TeamStatusForm(forms.Form):
    """A team account's report of its team: status, people on duty and their names."""

    status = forms.ChoiceField(label="队伍状态", choices=[("standby", "待命"), ("deployed", "出动"),
                                                      ("resting", "休整")])
    headcount = forms.IntegerField(label="在岗人数", min_value=0, required=False)
    members = forms.CharField(label="队员名单", required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class RespondForm(forms.Form):
    """启动或调整响应级别."""

    level = forms.ChoiceField(label="响应级别", choices=ResponseLevel.choices, error_messages={
        "invalid_choice": "响应级别应为I、II、III或IV", "required": "响应级别应为I、II、III或IV"})


class TaskForm(forms.Form):
    """下达处置任务 to a department (or one named) or a person, with a deadline."""

    title = forms.CharField(label="处置行动", max_length=200)
    due_at = forms.DateTimeField(label="完成时限", widget=_DATETIME)
    department = forms.ModelChoiceField(label="责任部门", queryset=Department.objects.none(),
                                        required=False)
    department_name = forms.CharField(label="责任部门名称", required=False, max_length=100)
    assignee = forms.ModelChoiceField(label="责任人", queryset=User.objects.none(),
                                      required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        assert isinstance(department, forms.ModelChoiceField)
        department.queryset = Department.objects.restrict(user, "view")
        department.error_messages["invalid_choice"] = "该部门不在您的数据范围内"
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ModelChoiceField)
        assignee.queryset = User.objects.filter(is_active=True)
        assignee.error_messages["invalid_choice"] = "责任人不存在"


class TaskStepForm(forms.Form):
    """A response task's step: 开始办理, 办结 (with the result) or 退回重办 (with the reason)."""

    step = forms.ChoiceField(label="环节", choices=[(t.name, t.label) for t in TASK_FLOW.transitions])
    result = forms.CharField(label="办理结果", required=False)
    comment = forms.CharField(label="说明", required=False)


class CommentForm(forms.Form):
    """A step whose only input is the reason (结束事件, 重新打开)."""

    comment = forms.CharField(label="说明", required=False)


class ReviewForm(forms.Form):
    """复盘: the summary, lessons and the findings to follow to closure. The page sends the
    findings as parallel lists (problem, responsible_unit, due_date), the API as a list of
    objects; both arrive as ``findings``."""

    summary = forms.CharField(label="复盘总结", required=False)
    lessons = forms.CharField(label="经验教训", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rows: list[dict[str, Any]]
        if hasattr(self.data, "getlist"):
            rows = [{"problem": p, "responsible_unit": u, "due_date": d} for p, u, d in zip(
                self.data.getlist("problem"), self.data.getlist("responsible_unit"),
                self.data.getlist("due_date"), strict=False)]
        else:
            given = self.data.get("findings") or []
            rows = [dict(r) for r in given if isinstance(r, dict)] if isinstance(given, list) else []
        findings = []
        for row in rows:
            problem = str(row.get("problem") or "")
            unit = str(row.get("responsible_unit") or "")
            if not problem.strip() and not unit.strip():
                continue
            try:
                due_date = date.fromisoformat(str(row.get("due_date") or ""))
            except ValueError:
                raise forms.ValidationError(
                    f"问题“{problem[:20]}”的整改时限格式不正确") from None
            findings.append({"problem": problem, "responsible_unit": unit, "due_date": due_date})
        data["findings"] = findings
        return data


class RectificationForm(forms.Form):
    """整改销号 of a finding (the rectification is required by the workflow)."""

    rectification = forms.CharField(label="整改情况", required=False)


class LogForm(forms.Form):
    """A duty-log entry."""

    content = forms.CharField(label="值班日志", required=False)


class SwapForm(forms.Form):
    """换班申请: who hands the shift to whom, and why."""

    from_user = forms.ModelChoiceField(label="换出人员", queryset=User.objects.filter(
        is_active=True), error_messages={"required": "请选择人员", "invalid_choice": "请选择人员"})
    to_user = forms.ModelChoiceField(label="换入人员", queryset=User.objects.filter(
        is_active=True), error_messages={"required": "请选择人员", "invalid_choice": "请选择人员"})
    reason = forms.CharField(label="理由", required=False)


class DecisionForm(forms.Form):
    """批准或驳回 a swap request (a rejection needs the reason)."""

    decision = forms.ChoiceField(label="审批", choices=[("approve", "批准换班"), ("reject", "驳回")])
    comment = forms.CharField(label="说明", required=False)


class HandoverForm(forms.Form):
    """交班 to a following shift with notes."""

    notes = forms.CharField(label="交班说明", required=False)


class ShiftForm(ScopedModelForm):
    class Meta:
        model = DutyShift
        fields = ["region", "pattern", "start", "end", "leaders", "officers", "phone", "note"]
        widgets = {"start": _DATETIME, "end": _DATETIME}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        for name in ("leaders", "officers"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = User.objects.filter(is_active=True).order_by("real_name")
            field.widget.attrs["size"] = 6
        bootstrapify(self)


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["region", "name", "organisation", "position", "category", "phone", "mobile",
                  "note"]


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    bootstrapify(form)
    return form


# --- steps by name: the page's action and the API's step endpoint look a step up here
# (name -> service); the inputs are StepForm, TaskStepForm and DecisionForm above ---------

Step = Callable[..., Any]

# Dispatch order steps: every one takes the same inputs (StepForm).
ORDER_STEPS: dict[str, Step] = {
    name: lambda order, data, *, actor, service=service: service(
        order, actor=actor, at=data.get("at"), comment=data.get("comment") or "",
        expected_version=data.get("version"), longitude=data.get("longitude"),
        latitude=data.get("latitude"))
    for name, service in dispatch.ORDER_STEPS.items()
}

# Response task steps (TaskStepForm).
TASK_STEPS: dict[str, Step] = {
    "start": lambda task, data, *, actor: response.start_task(
        task, actor=actor, comment=data.get("comment") or ""),
    "finish": lambda task, data, *, actor: response.finish_task(
        task, actor=actor, result=data.get("result") or "", comment=data.get("comment") or ""),
    "reopen": lambda task, data, *, actor: response.reopen_task(
        task, actor=actor, comment=data.get("comment") or ""),
}

# Swap decisions (DecisionForm).
SWAP_DECISIONS: dict[str, Step] = {
    "approve": lambda swap, data, *, actor: duty.approve_swap(
        swap, actor=actor, comment=data.get("comment") or ""),
    "reject": lambda swap, data, *, actor: duty.reject_swap(
        swap, actor=actor, comment=data.get("comment") or ""),
}
