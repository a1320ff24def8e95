"""Forms of the governance module: the import, the edits of plans, items and nodes, and
the inputs of the steps (a progress report with its evidence, a 督办)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from yingji.core.forms import MultipleFileField, RegionChoiceField, ScopedModelForm, bootstrapify
from yingji.core.models import User
from yingji.core.scope import region_range_q, scope_of
from yingji.core.steps import Step, StepTable
from yingji.governance.models import Node, WorkItem, WorkPlan
from yingji.governance.services import plans

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STAFF_ROLES = ("safety_office", "supervisor", "inspector", "duty_officer", "duty_leader",
               "commander", "legal_reviewer")


class PlanImportForm(forms.Form):
    """导入工作计划: the plan's particulars and its text (a file, or pasted)."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="计划名称", max_length=200, required=False,
                            help_text="留空则使用从文件识别的标题")
    issuer = forms.CharField(label="印发单位", max_length=120)
    doc_number = forms.CharField(label="文号", max_length=60, required=False)
    file = forms.FileField(label="计划文件", required=False,
                           help_text="Word（.docx）、Excel（.xlsx）或文本（.txt），20MB以内")
    text = forms.CharField(label="或粘贴计划全文", required=False, max_length=300_000,
                           widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionChoiceField(user=user, label="适用区域")
        self.order_fields(["year", "title", "issuer", "doc_number", "region", "file", "text"])
        if not self.is_bound:
            self.initial.setdefault("year", timezone.localdate().year)
            if user.scope_region_id:
                self.initial.setdefault("region", user.scope_region_id)
        bootstrapify(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not (data.get("text") or "").strip():
            raise forms.ValidationError("请上传计划文件或粘贴计划全文")
        if data.get("file") and (data.get("text") or "").strip():
            raise forms.ValidationError("请只选择一种方式：上传文件或粘贴全文")
        return data


class ConfirmImportForm(PlanImportForm):
    """The review screen's confirmation: the particulars and the recognised text again
    (hidden), no file."""

    source = forms.CharField(required=False, widget=forms.HiddenInput)
    source_name = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["file"]


class WorkPlanForm(ScopedModelForm):
    class Meta:
        model = WorkPlan
        fields = ["year", "title", "issuer", "doc_number", "preamble"]


class WorkItemForm(ScopedModelForm):
    class Meta:
        model = WorkItem
        fields = ["title", "body", "lead_department", "co_departments", "done_measure", "region"]


def owner_choices(user: Any) -> Any:
    """Staff accounts inside the user's scope who may report progress."""
    scope = scope_of(user)
    users = User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
    if scope.region_prefix is not None:
        users = users.filter(region_range_q("scope_region", scope.region_prefix))
    return users.distinct().order_by("scope_region_id", "username")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        place = obj.scope_region.name if obj.scope_region_id else "全国"
        return f"{obj.real_name or obj.username}（{place}）"


class NodeForm(ScopedModelForm):
    class Meta:
        model = Node
        fields = ["item", "title", "due", "owner", "region"]
        widgets = {"due": DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["owner"] = OwnerChoiceField(queryset=owner_choices(user).select_related("scope_region"),
                                                label="责任人")
        self.fields["region"].required = False
        self.fields["region"].help_text = "留空则为事项的责任区域"
        if self.instance.pk:
            self.fields["item"].disabled = True
        bootstrapify(self)


class ProgressForm(forms.Form):
    """报送进展: what was done, the share done, done or not, and the evidence."""

    content = forms.CharField(label="进展情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    percent = forms.IntegerField(label="完成进度（%）", min_value=0, max_value=100)
    done = forms.BooleanField(label="节点已完成", required=False)
    evidence = MultipleFileField(label="佐证材料", help_text="文件、照片，可多选；报送完成须上传")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class SuperviseForm(forms.Form):
    """督办: the office's requirement and the date the lead department answers by."""

    requirement = forms.CharField(label="督办要求", max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    reply_due = forms.DateField(label="反馈时限", widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


NODE_STEPS = StepTable(
    Step("report", "报送进展", ProgressForm, service=plans.report_progress,
         permission="governance.add_progressreport",
         message=lambda r: "已报送完成" if r.done else f"进展已报送（{r.percent}%）"),
)
ITEM_STEPS = StepTable(
    Step("supervise", "督办", SuperviseForm, service=plans.supervise_item,
         permission="governance.supervise_workitem",
         message=lambda s: f"已督办（{s.number}），可下载督办通知"),
)
