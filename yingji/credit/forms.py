"""Forms of the credit module: records, the list's proposal and its steps, the early
removal application, commitments and their plans, the grounds and the settings."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.steps import NoInputs, Step, StepTable
from yingji.credit.models import (
    CommitmentKind,
    CommitmentPlan,
    CreditEvent,
    CreditSettings,
    DishonestyEntry,
    EventKind,
    ListingGround,
    RemovalApplication,
    SafetyCommitment,
)
from yingji.credit.services import listing
from yingji.credit.workflow import ENTRY_FLOW, REPAIR_FLOW


class CreditEventForm(ScopedModelForm):
    class Meta:
        model = CreditEvent
        fields = ["kind", "subject_type", "enterprise", "subject_name", "credit_code",
                  "person_name", "region", "occurred_on", "summary", "department", "source_ref"]
        widgets = {"occurred_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = [("", "请选择"), *((k, EventKind(k).label) for k in ("false_report",
                                                                            "refused_rectify"))]
        self.fields["subject_name"].required = False
        self.fields["region"].required = False
        self.fields["source_ref"].label = "文书编号"


class DishonestyEntryForm(ScopedModelForm):
    """拟列入: the subject (an enterprise, or from a case / a record), the ground, the facts."""

    class Meta:
        model = DishonestyEntry
        fields = ["subject_type", "case", "event", "enterprise", "subject_name", "credit_code",
                  "person_name", "region", "department", "ground", "facts"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        ground = cast(forms.ModelChoiceField, self.fields["ground"])
        ground.queryset = ListingGround.objects.filter(active=True)
        for name in ("subject_name", "region", "department"):
            self.fields[name].required = False
        self.fields["department"].help_text = "留空则为本人所在部门；须为作出行政处罚的部门"
        if user.department_id and not self.instance.pk:
            self.fields["department"].initial = user.department_id


class RemovalApplicationForm(ScopedModelForm):
    """申请提前移出 (the enterprise, or staff recording a paper application)."""

    class Meta:
        model = RemovalApplication
        fields = ["entry", "penalty_paid", "rectified", "statement"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        entry = cast(forms.ModelChoiceField, self.fields["entry"])
        entry.queryset = cast(Any, entry.queryset).filter(state="listed")


class SafetyCommitmentForm(ScopedModelForm):
    """签署承诺 in the enterprise interface (the enterprise's own account)."""

    class Meta:
        model = SafetyCommitment
        fields = ["enterprise", "kind", "shift", "risks_controlled", "special_work", "text", "signer"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["text"].required = False
        self.fields["shift"].required = False
        self.fields["text"].help_text = "安全承诺留空则使用规定的承诺内容；信用修复承诺须填写"
        self.fields["kind"].initial = CommitmentKind.PERIODIC
        enterprise = cast(forms.ModelChoiceField, self.fields["enterprise"])
        if enterprise.queryset is not None and enterprise.queryset.count() == 1:
            enterprise.initial = enterprise.queryset.first()


class CommitmentPlanForm(ScopedModelForm):
    class Meta:
        model = CommitmentPlan
        fields = ["enterprise", "frequency", "shifts", "text", "active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.instance.pk:
            self.fields["enterprise"].disabled = True


class ListingGroundForm(ScopedModelForm):
    class Meta:
        model = ListingGround
        fields = ["code", "title", "article", "active", "note"]


class CreditSettingsForm(ScopedModelForm):
    class Meta:
        model = CreditSettings
        fields = ["management_years", "early_removal_months", "statement_workdays",
                  "publish_on_decision", "commitment_text", "commitment_due_hour",
                  "inspection_multiplier", "inspection_minimum"]

    def clean_management_years(self) -> int:
        value = int(self.cleaned_data["management_years"])
        if not 1 <= value <= 10:
            raise forms.ValidationError("管理期限须在1—10年之间")
        return value

    def clean_commitment_due_hour(self) -> int:
        value = int(self.cleaned_data["commitment_due_hour"])
        if not 0 <= value <= 23:
            raise forms.ValidationError("截止时刻须在0—23之间")
        return value


class StatementForm(NoInputs):
    statement = forms.CharField(label="陈述申辩意见", max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class DecideForm(NoInputs):
    reply = forms.CharField(label="陈述申辩采纳情况及理由", max_length=2000, required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class CommentForm(NoInputs):
    comment = forms.CharField(label="理由", max_length=1000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


ENTRY_STEPS = StepTable(
    Step("notify", form=NoInputs, service=listing.notify_entry,
         message="已告知当事人，陈述申辩期开始计算"),
    Step("state", form=StatementForm, service=listing.state_case, message="陈述申辩已提交"),
    Step("decide", form=DecideForm, service=listing.decide_entry,
         message=lambda e: f"已作出列入决定：{e.number}"),
    Step("withdraw", form=CommentForm, service=listing.withdraw_entry, message="已决定不予列入"),
    workflow=ENTRY_FLOW,
)

REPAIR_STEPS = StepTable(
    Step("approve", form=CommentForm, service=listing.approve_application,
         message="已批准，主体已提前移出名单"),
    Step("reject", form=CommentForm, service=listing.reject_application, message="已不予批准"),
    Step("revoke", form=CommentForm, service=listing.revoke_application,
         message="已撤销提前移出，主体恢复列入"),
    workflow=REPAIR_FLOW,
)
