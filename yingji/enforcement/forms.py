"""Page forms; a workflow step's inputs are declared once here, for the page and the API."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.steps import Step, StepTable
from yingji.enforcement.models import (
    AnnualPlan,
    ArrangementKind,
    Campaign,
    CampaignQuota,
    Case,
    Conflict,
    DiscretionBand,
    DiscretionStandard,
    DocumentPrefix,
    EnforcementItem,
    EnforcementSettings,
    Inspection,
    Inspector,
    Measure,
    RecordKind,
    Team,
)
from yingji.enforcement.rules import NO_PENALTY_GROUNDS
from yingji.enforcement.services import arrangements, inspections, steps
from yingji.enforcement.workflow import CASE_FLOW, INSPECTION_FLOW


def _date() -> forms.DateInput:
    """A date picker: the value in ISO form, which the browser's date input needs
    whatever the locale's date format (2026/12/03 would show empty)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InspectorForm(ScopedModelForm):
    class Meta:
        model = Inspector
        fields = ["name", "user", "certificate_number", "issuing_body", "certificate_expires_on",
                  "department", "region", "phone", "on_leave_from", "on_leave_until", "is_active"]
        widgets = {f: _date() for f in (
            "certificate_expires_on", "on_leave_from", "on_leave_until")}


class TeamForm(ScopedModelForm):
    class Meta:
        model = Team
        fields = ["name", "department", "region", "members", "leader"]


class ConflictForm(ScopedModelForm):
    class Meta:
        model = Conflict
        fields = ["inspector", "enterprise", "reason", "declared_on"]
        widgets = {"declared_on": _date()}


class EnforcementItemForm(ScopedModelForm):
    class Meta:
        model = EnforcementItem
        fields = ["code", "name", "legal_basis", "department", "sort_order"]


class DiscretionStandardForm(ScopedModelForm):
    class Meta:
        model = DiscretionStandard
        fields = ["code", "violation", "violated_basis", "penalty_basis", "kind",
                  "person_liable", "item"]


class DiscretionBandForm(ScopedModelForm):
    class Meta:
        model = DiscretionBand
        fields = ["standard", "band", "circumstances", "fine_min", "fine_max", "share_min",
                  "share_max"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("fine_min") is not None and data.get("fine_max") is not None \
                and data["fine_max"] < data["fine_min"]:
            self.add_error("fine_max", "罚款上限不能低于下限")
        return data


class DocumentPrefixForm(ScopedModelForm):
    class Meta:
        model = DocumentPrefix
        fields = ["department", "prefix", "note"]


class SettingsForm(ScopedModelForm):
    class Meta:
        model = EnforcementSettings
        exclude = ["updated_at"]


class CampaignForm(ScopedModelForm):
    class Meta:
        model = Campaign
        fields = ["plan", "name", "starts_on", "ends_on", "industry", "description"]
        widgets = {f: _date() for f in ("starts_on", "ends_on")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["plan"].disabled = True


class CampaignQuotaForm(ScopedModelForm):
    class Meta:
        model = CampaignQuota
        fields = ["campaign", "region", "team", "planned"]


class AnnualPlanForm(ScopedModelForm):
    class Meta:
        model = AnnualPlan
        fields = ["year", "title", "department", "region", "random_share", "approved"]


MEASURE_CHOICES = [(m.value, m.label) for m in Measure]


class CaseForm(ScopedModelForm):
    """立案 and the facts while investigating; the officers are the case's 承办人."""

    officers = forms.ModelMultipleChoiceField(label="承办人（两名以上）", queryset=Inspector.objects.all())
    measures = forms.MultipleChoiceField(label="其他处罚种类", choices=MEASURE_CHOICES,
                                         required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Case
        fields = ["enterprise", "title", "standard", "facts", "violation_on", "officers",
                  "first_offence", "corrected", "harm", "refused_to_correct", "repeated",
                  "accident_grade", "especially_serious", "unit_fine", "person_name",
                  "person_position", "person_id_number", "person_income", "person_fine",
                  "measures", "outside_range_reason", "major_flagged"]
        widgets = {"violation_on": _date()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["enterprise"].disabled = True
            self.initial["officers"] = list(self.instance.officers.all())


class InspectionForm(ScopedModelForm):
    inspectors = forms.ModelMultipleChoiceField(label="检查人员（两名以上）",
                                                queryset=Inspector.objects.all())
    items = forms.ModelMultipleChoiceField(label="检查事项", queryset=EnforcementItem.objects.all(),
                                           required=False)

    class Meta:
        model = Inspection
        fields = ["enterprise", "source", "method", "joint_departments", "plan", "campaign",
                  "pick", "team", "inspected_on", "inspectors", "items", "site_contact", "summary"]
        # The draw's pick comes from its row (``?pick=``), never chosen from a list.
        widgets = {"inspected_on": _date(),
                   "pick": forms.HiddenInput}


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=[("hazard", "事故隐患"), ("violation", "违法行为"),
                                                   ("note", "其他问题")])
    item = forms.ModelChoiceField(label="检查事项", queryset=EnforcementItem.objects.all(),
                                  required=False)
    standard = forms.ModelChoiceField(label="违法行为（裁量基准）",
                                      queryset=DiscretionStandard.objects.all(), required=False)
    description = forms.CharField(label="问题描述", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("item", "standard"):
            field: Any = self.fields[name]
            field.empty_label = "请选择"
        bootstrapify(self)


class RecordForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RecordKind.choices)
    title = forms.CharField(label="标题", max_length=120)
    interviewee = forms.CharField(label="被询问人", max_length=40, required=False)
    content = forms.CharField(label="内容", max_length=20000, widget=forms.Textarea)
    signers = forms.ModelMultipleChoiceField(label="执法人员签名", queryset=Inspector.objects.all())


class ExtensionForm(forms.Form):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365)
    reason = forms.CharField(label="延期理由", max_length=500)


class StatementForm(forms.Form):
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)
    statement = forms.CharField(label="陈述申辩意见", max_length=5000, required=False)
    waived = forms.BooleanField(label="当事人书面放弃陈述申辩和听证", required=False)


class OrderForm(forms.Form):
    """责令限期整改: the date and what is to be rectified."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)
    due = forms.DateField(label="整改期限", widget=_date())
    content = forms.CharField(label="责令整改内容", max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class RecheckForm(forms.Form):
    """整改复查: the result and the opinion."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)
    passed = forms.BooleanField(label="整改合格", required=False)
    comment = forms.CharField(label="复查意见", max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class FinishForm(forms.Form):
    """检查结束 without an order: no inputs but the version shown."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


# The inspection's workflow steps, declared once for the detail page's buttons
# (``InspectionStepView``) and the API's ``step`` (``step_action``).
INSPECTION_STEPS = StepTable(
    Step("order", form=OrderForm, service=inspections.order_rectification,
         message="已责令限期整改，复查任务已生成"),
    Step("recheck", "整改复查", RecheckForm, inspections.recheck,
         transitions=("recheck_pass", "recheck_fail"), message="已记录整改复查"),
    Step("finish", "检查结束（无需整改）", FinishForm, inspections.finish_inspection,
         message="检查已结束"),
    workflow=INSPECTION_FLOW,
)


# --- case steps -----------------------------------------------------------------------


class StepForm(forms.Form):
    """The inputs of one case step (page buttons and the API's ``transition``)."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class OpinionForm(StepForm):
    passed = forms.BooleanField(label="同意", required=False)
    comment = forms.CharField(label="意见", max_length=2000, required=False)


class CommentForm(StepForm):
    comment = forms.CharField(label="意见或记录", max_length=5000, required=False)


class HearingNoticeForm(StepForm):
    hearing_at = forms.DateTimeField(label="听证时间", required=False,
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label="听证地点", max_length=120, required=False)


class DecideForm(StepForm):
    unit_fine = forms.DecimalField(label="决定单位罚款（元）", min_value=0, max_digits=14,
                                   decimal_places=2, required=False,
                                   help_text="不填按告知的罚款；可以低于告知的罚款，不能高于")
    person_fine = forms.DecimalField(label="决定个人罚款（元）", min_value=0, max_digits=14,
                                     decimal_places=2, required=False)
    waived = forms.BooleanField(label="当事人已书面放弃陈述申辩和听证", required=False)
    comment = forms.CharField(label="决定意见", max_length=2000, required=False)


class ServeForm(StepForm):
    service_method = forms.ChoiceField(label="送达方式", choices=[
        ("直接送达", "直接送达"), ("留置送达", "留置送达"), ("邮寄送达", "邮寄送达"),
        ("电子送达", "电子送达"), ("公告送达", "公告送达")], required=False)


class PayForm(StepForm):
    amount = forms.DecimalField(label="缴款金额（元）", min_value=0, max_digits=14, decimal_places=2)


class NoPenaltyForm(StepForm):
    ground = forms.ChoiceField(label="不予处罚理由", choices=[("", "—"), *NO_PENALTY_GROUNDS.items()],
                               required=False)
    comment = forms.CharField(label="说明", max_length=2000, required=False)


class TransferForm(StepForm):
    organ = forms.CharField(label="移送公安机关", max_length=80, required=False)
    comment = forms.CharField(label="涉嫌犯罪事实", max_length=5000, required=False)


class ScheduleField(forms.CharField):
    """An instalment schedule: one instalment a line, "金额 缴纳期限" (5000 2026-12-31;
    a comma also separates), or from the API a list of {"amount", "due_on"}. Cleans to
    [(Decimal amount, date due_on), …] in order; a bad line is named."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "每行一期：金额 缴纳期限，如\n5000 2026-12-31"})

    def to_python(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            lines = [f"{row.get('amount', '')} {row.get('due_on', '')}" if isinstance(row, dict)
                     else " ".join(str(part) for part in row) if isinstance(row, (list, tuple))
                     else str(row) for row in value]
            value = "\n".join(lines)
        return super().to_python(value)

    def clean(self, value: Any) -> list[tuple[Decimal, date]]:
        text = super().clean(value)
        rows: list[tuple[Decimal, date]] = []
        for n, line in enumerate((x.strip() for x in str(text or "").splitlines()), 1):
            if not line:
                continue
            parts = re.split(r"[\s,，;；]+", line)
            try:
                amount = Decimal(parts[0].replace("元", ""))
                due = date.fromisoformat(parts[1])
                if len(parts) != 2 or not amount.is_finite():
                    raise ValueError(line)
            except (IndexError, ValueError, InvalidOperation):
                raise forms.ValidationError(
                    f"第{n}行格式不正确：请按“金额 缴纳期限（YYYY-MM-DD）”每行填写一期") from None
            rows.append((amount, due))
        return rows


class ArrangementApplicationForm(StepForm):
    """The party's application to pay in instalments or later (行政处罚法 第六十六条)."""

    kind = forms.ChoiceField(label="申请事项", choices=[("", "请选择"), *ArrangementKind.choices])
    reason = forms.CharField(label="确有经济困难的情况", max_length=2000, widget=forms.Textarea(
        attrs={"rows": 2}))
    proposal = forms.CharField(label="当事人申请的方案", max_length=500, required=False,
                               help_text="如：分三期，每月底前缴纳；或申请延期至某日")
    applied_on = forms.DateField(label="申请日期", required=False,
                                 widget=_date())
    evidence = forms.FileField(label="经济困难证明材料",
                               help_text="财务报表、银行流水等（pdf、jpg、png、docx）")


class ArrangementApproveForm(StepForm):
    """批准分期 (the schedule) or 延期 (the new date)."""

    schedule = ScheduleField(label="分期计划（分期缴纳）", required=False)
    new_due = forms.DateField(label="延期后的缴纳期限（延期缴纳）", required=False,
                              widget=_date())
    comment = forms.CharField(label="审批意见", max_length=2000, required=False)


# The party's application carries a file: its own table, so the case's ``transition``
# stays a JSON body (``api.cases``: ``POST …/cases/{id}/arrangement-application/``, multipart).
APPLICATION_STEPS = StepTable(
    Step("apply_arrangement", form=ArrangementApplicationForm,
         service=arrangements.apply_arrangement, message="已登记分期（延期）缴纳申请，待法制审核"),
    workflow=CASE_FLOW,
)


# The case's workflow steps, declared once for the detail page's buttons (``StepView``)
# and the API's ``transition`` (``step_action``): each form's ``version`` goes to the
# service as ``expected_version``, the other fields by name.
STEPS = StepTable(
    Step("investigate", form=StepForm, service=steps.start_investigation),
    Step("submit_review", form=StepForm, service=steps.submit_review),
    Step("review", "案件审核", OpinionForm, steps.review_case,
         transitions=("review_pass", "review_legal", "review_return")),
    Step("legal", "法制审核", OpinionForm, steps.legal_review,
         transitions=("legal_pass", "legal_collective", "legal_return", "heard_pass")),
    Step("collective", "集体讨论", OpinionForm, steps.collective_discussion,
         transitions=("collective_pass", "collective_return")),
    Step("notify", form=StepForm, service=steps.notify_party),
    Step("record_statement", form=StatementForm, service=steps.record_statement),
    Step("request_hearing", form=StepForm, service=steps.request_hearing),
    Step("schedule_hearing", form=HearingNoticeForm, service=steps.schedule_hearing),
    Step("hold_hearing", form=CommentForm, service=steps.hold_hearing),
    Step("decide", form=DecideForm, service=steps.decide),
    Step("renotify", form=CommentForm, service=steps.renotify),
    Step("serve", form=ServeForm, service=steps.serve_decision),
    Step("pay", form=PayForm, service=steps.record_payment),
    Step("pay_instalment", form=PayForm, service=arrangements.pay_instalment),
    Step("arrangement_legal", "分期/延期缴纳法制审核", OpinionForm, arrangements.review_arrangement,
         transitions=("arrangement_legal_pass", "arrangement_legal_return")),
    Step("approve_arrangement", form=ArrangementApproveForm,
         service=arrangements.approve_arrangement),
    Step("refuse_arrangement", form=CommentForm, service=arrangements.refuse_arrangement),
    Step("urge", form=StepForm, service=steps.urge_party),
    Step("court", form=CommentForm, service=steps.apply_to_court),
    Step("close", form=StepForm, service=steps.close_case),
    Step("no_penalty", form=NoPenaltyForm, service=steps.decide_no_penalty),
    Step("transfer", form=TransferForm, service=steps.transfer_to_police),
    workflow=CASE_FLOW,
)
