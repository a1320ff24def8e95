"""Page forms of the hazards app; the services do the business checking."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import MultipleFileField, ScopedModelForm, bootstrapify
from yingji.core.models import Department, User
from yingji.core.scope import scope_of
from yingji.core.steps import Step, StepTable
from yingji.enterprises.models import Enterprise
from yingji.enterprises.models.ownership import is_enterprise_user
from yingji.hazards import rules
from yingji.hazards.models import (
    Checklist,
    ChecklistItem,
    Hazard,
    HazardSettings,
    HazardSource,
    ListingLevel,
    TreatmentPlan,
)
from yingji.hazards.services import steps
from yingji.hazards.workflow import HAZARD_FLOW

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HazardForm(ScopedModelForm):
    """登记隐患: an enterprise in scope, or a public place with its street."""

    photos = MultipleFileField(label="隐患照片", help_text="jpg、png、gif、webp格式，可多选")

    class Meta:
        model = Hazard
        fields = ["enterprise", "place_name", "region", "title", "source", "grade", "category",
                  "address", "longitude", "latitude", "description", "found_at", "finder_name",
                  "reporter_name", "reporter_phone", "stop_production"]
        widgets = {"found_at": DATETIME, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["region"].required = False
        self.fields["region"].help_text = "选择企业时自动取企业所在街道"
        enterprise = self.fields["enterprise"]
        assert isinstance(enterprise, forms.ModelChoiceField)
        enterprise.queryset = Enterprise.objects.restrict(user, "view").order_by("name")
        if self.instance.pk:
            for name in ("enterprise", "region"):
                self.fields[name].disabled = True
            del self.fields["photos"]
        if is_enterprise_user(scope_of(user)):
            self._limit_sources_for_enterprise()
        bootstrapify(self)

    def _limit_sources_for_enterprise(self) -> None:
        # The service refuses the same (rules.enterprise_source_problem); the form does
        # not offer what would be refused.
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        if self.instance.pk and rules.government_found(self.instance.source):
            source.disabled = True
            source.help_text = "监管部门发现的隐患，企业不能修改其来源"
        else:
            source.choices = [("", "---------"), *[
                c for c in HazardSource.choices if c[0] not in rules.GOVERNMENT_ONLY_SOURCES]]


class StepForm(forms.Form):
    """The inputs of one workflow step, used by the detail page's buttons and by the
    API's ``transition`` endpoint alike; ``version`` is the version the user saw (a
    stale one is refused). What a step requires is checked by the workflow, so that a
    missing field is refused with the step's own reason."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class AssignForm(StepForm):
    """下发整改."""

    responsible_name = forms.CharField(label="整改责任人", required=False, max_length=40)
    responsible_phone = forms.CharField(label="责任人电话", required=False, max_length=20)
    deadline = forms.DateTimeField(label="整改期限", required=False, widget=DATETIME)
    workdays = forms.IntegerField(label="N个工作日内", required=False, min_value=1, max_value=365)
    measures = forms.CharField(label="整改措施", required=False)


class SubmitForm(StepForm):
    """提交验收: the report and its evidence files."""

    content = forms.CharField(label="整改情况", required=False)
    cost = forms.DecimalField(label="整改资金（万元）", required=False, max_digits=12,
                              decimal_places=2)
    evidence = MultipleFileField(label="整改证据")


class VerifyForm(StepForm):
    """验收销号 / 验收不通过."""

    comment = forms.CharField(label="验收意见", required=False)


# The workflow steps, declared once for the detail page's buttons and the API's
# ``transition``: each form's ``version`` goes to the service as ``expected_version``.
STEPS = StepTable(
    Step("assign", form=AssignForm, service=steps.assign_rectification),
    Step("start", form=StepForm, service=steps.start_rectification),
    Step("submit", form=SubmitForm, service=steps.submit_for_verification),
    Step("close", form=VerifyForm, service=steps.close_hazard),
    Step("reject", form=VerifyForm, service=steps.reject_verification),
    workflow=HAZARD_FLOW,
)


class PlanForm(forms.ModelForm):
    """治理方案 of a major hazard."""

    class Meta:
        model = TreatmentPlan
        fields = ["status_and_cause", "harm_analysis", "goal", "methods", "funds_and_materials",
                  "funds_amount", "organisation", "time_limit", "safety_measures",
                  "in_place_measures", "in_place_responsibility", "in_place_funds",
                  "in_place_time", "in_place_plan"]
        widgets = {name: forms.Textarea(attrs={"rows": 2}) for name in (
            "status_and_cause", "harm_analysis", "goal", "methods", "funds_and_materials",
            "organisation", "time_limit", "safety_measures")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ExtensionForm(forms.Form):
    """延期申请."""

    requested_deadline = forms.DateTimeField(label="申请延期至", widget=DATETIME)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class DecisionForm(forms.Form):
    """审批延期申请: 批准 or 驳回 (the buttons post 1/0, the API true/false)."""

    approve = forms.NullBooleanField(label="审批", widget=forms.HiddenInput)
    comment = forms.CharField(label="审批意见", required=False)

    def clean_approve(self) -> bool:
        value = self.cleaned_data.get("approve")
        if value is None:
            raise forms.ValidationError("请选择批准或驳回")
        return bool(value)


class ListingForm(forms.Form):
    """挂牌督办: level, department and officer in the user's scope."""

    level = forms.ChoiceField(label="督办级别", choices=[c for c in ListingLevel.choices if c[0]])
    department = forms.ModelChoiceField(label="督办部门", queryset=Department.objects.none())
    officer = forms.ModelChoiceField(label="督办责任人", queryset=User.objects.none(),
                                     required=False)
    listing_number = forms.CharField(label="督办文号", required=False, max_length=60)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(is_active=True)
        region = getattr(user, "scope_region", None)
        if region is not None:
            # A district may be listed by the city above it too: departments on the
            # scope's path upwards and inside it.
            prefixes = {region.prefix[:n] for n in (2, 4, 6) if len(region.prefix) >= n}
            codes = [p.ljust(12, "0") for p in prefixes]
            departments = departments.filter(region_id__in=codes) | departments.within(scope_of(user))
        self.fields["department"].queryset = departments.order_by("region_id", "id")  # type: ignore[attr-defined]
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            is_active=True, department__in=departments).order_by("username")
        bootstrapify(self)


class ChecklistForm(forms.ModelForm):
    class Meta:
        model = Checklist
        fields = ["name", "industry", "description", "active"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ChecklistItemForm(forms.ModelForm):
    class Meta:
        model = ChecklistItem
        fields = ["checklist", "order", "content", "basis", "category", "major_if_failed"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class SelfInspectionForm(forms.Form):
    """A self-inspection: who and when, then one pass/fail (and note) per item; the
    item fields are added per check list."""

    inspector_name = forms.CharField(label="排查人", max_length=60)
    inspected_at = forms.DateTimeField(label="排查时间", widget=DATETIME)
    notes = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, items: list[ChecklistItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.pk}"] = forms.ChoiceField(
                label=f"{item.order}. {item.content}", widget=forms.RadioSelect,
                choices=[("1", "符合"), ("0", "不符合")])
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="情况说明", required=False, max_length=300)
        bootstrapify(self)

    def rows(self) -> list[tuple[ChecklistItem, Any, Any]]:
        return [(item, self[f"item_{item.pk}"], self[f"note_{item.pk}"]) for item in self.items]


class SettingsForm(forms.ModelForm):
    """隐患模块设置."""

    class Meta:
        model = HazardSettings
        fields = ["remind_before_hours", "escalate_every_hours", "photo_max_mb",
                  "enterprise_self_close", "public_enabled",
                  "public_show_enterprise", "public_show_address", "public_show_description",
                  "public_show_measures", "public_show_deadline", "public_show_department",
                  "public_show_responsible", "public_show_closed_days", "public_notice"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)
