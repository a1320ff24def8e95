"""Page forms of the disasters module; each step's inputs are declared once and shared
with the API."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from yingji.core.forms import RegionChoiceField, ScopedModelForm, bootstrapify
from yingji.core.models import RegionLevel
from yingji.core.steps import Step, StepTable
from yingji.disasters import rules
from yingji.disasters.models import (
    CasualtyRecord,
    DamagedHouse,
    DisasterEvent,
    DisasterSettings,
    Donation,
    ReliefCase,
    ResponseLevel,
    ResponseThreshold,
    WinterSpringPlan,
)
from yingji.disasters.services import events as event_services
from yingji.disasters.services import relief as relief_services
from yingji.disasters.services import reports as report_services
from yingji.disasters.workflow import RELIEF_FLOW, REPORT_FLOW

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(ScopedModelForm):
    """登记 / 修改 a disaster event."""

    class Meta:
        model = DisasterEvent
        fields = [
            "title",
            "kind",
            "grade",
            "region",
            "affected_regions",
            "started_at",
            "ended_at",
            "description",
            "bulletins",
            "incidents",
        ]
        widgets = {"started_at": DATETIME, "ended_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yingji.core.forms import scoped_regions

        streets = scoped_regions(self.user).filter(level=RegionLevel.TOWN).order_by("code")
        self.fields["affected_regions"] = forms.ModelMultipleChoiceField(
            queryset=streets,
            label="受灾街道（乡镇）",
            required=False,
            help_text="按住Ctrl可多选受灾街道（乡镇）",
            widget=forms.SelectMultiple(attrs={"class": "form-select", "size": 8}),
        )
        for name in ("started_at", "ended_at"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        self.fields["bulletins"] = bulletin_choices(self.instance if self.instance.pk else None, self.user)


def bulletin_label(bulletin: Any) -> str:
    from yingji.warnings.services.for_events import choice_label

    return choice_label(bulletin)


def bulletin_choices(event: DisasterEvent | None, user: Any) -> forms.ModelMultipleChoiceField:
    """The warnings an event may be linked to: the bulletins issued over its regions from
    48 hours before its start to its end (a new event: over the user's area in the last
    seven days), and those already linked."""
    from yingji.core.models import Region
    from yingji.core.scope import scope_of
    from yingji.warnings.services.for_events import bulletins_for, offered

    if event is not None:
        regions = [event.region, *event.affected_regions.all()]
        found = bulletins_for(regions, event.started_at, event.ended_at, user=user)
        queryset = offered(found, event.bulletins.values("pk"))
    else:
        prefix = scope_of(user).region_prefix or ""
        area = (
            Region.objects.filter(prefix=prefix).order_by("level")[:1]
            if prefix
            else Region.objects.filter(level=RegionLevel.PROVINCE)
        )
        queryset = offered(bulletins_for(list(area), timezone.now() - timedelta(days=7), user=user))
    field = forms.ModelMultipleChoiceField(
        queryset=queryset,
        label="关联预警",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="列出受灾区域内、灾害发生前48小时至今发布的预警信息",
    )
    field.label_from_instance = bulletin_label  # type: ignore[method-assign,assignment]
    return field


class FiguresForm(forms.Form):
    """The indicators of one report (a phone form: one number per line, grouped)."""

    def __init__(self, *args: Any, initial_figures: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label, unit in rules.INDICATORS:
            if name in rules.DECIMAL_FIELDS:
                field: forms.Field = forms.DecimalField(
                    label=f"{label}（{unit}）", min_value=0, max_digits=14, decimal_places=2, required=False
                )
            else:
                field = forms.IntegerField(label=f"{label}（{unit}）", min_value=0, required=False)
            field.widget.attrs.update({"inputmode": "decimal" if name in rules.DECIMAL_FIELDS else "numeric"})
            if initial_figures:
                field.initial = initial_figures.get(name)
            self.fields[name] = field
        self.fields["correction_reason"] = forms.CharField(
            label="核减/更正原因", max_length=300, required=False, help_text="任一数据低于上次报送时必填"
        )
        self.fields["note"] = forms.CharField(
            label="灾情描述", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
        )
        bootstrapify(self)

    def groups(self) -> list[tuple[str, list[Any]]]:
        sections = (
            ("人员受灾", rules.PEOPLE),
            ("农作物受灾", rules.CROPS),
            ("房屋倒损", rules.HOUSES),
            ("直接经济损失", rules.LOSSES),
        )
        return [(title, [self[name] for name, _, _ in rows]) for title, rows in sections]

    def figures(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in rules.FIELDS}


class ReportForm(FiguresForm):
    """The informant's report: the event, the village, the figures."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        events = DisasterEvent.objects.restrict(user, "view").filter(state__in=("active", "stable"))
        self.fields = {
            "event": forms.ModelChoiceField(label="灾害事件", queryset=events, empty_label="请选择灾害"),
            "region": RegionChoiceField(user=user, label="填报村（社区）"),
            **self.fields,
        }
        region_field = self.fields["region"]
        assert isinstance(region_field, forms.ModelChoiceField) and region_field.queryset is not None
        region_field.queryset = region_field.queryset.filter(level=RegionLevel.VILLAGE)
        if region_field.queryset.count() <= 300:  # an informant's few villages: a plain list
            region_field.label_from_instance = lambda region: region.name  # type: ignore[method-assign,assignment]
            region_field.widget = forms.Select()
            region_field.widget.choices = region_field.choices
        bootstrapify(self)


class StepForm(forms.Form):
    """A report's review step: the opinion (a return's reason, which the workflow
    requires) and the version the reviewer saw."""

    comment = forms.CharField(label="审核意见", max_length=300, required=False)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class CorrectionForm(FiguresForm):
    """核报后更正: new figures and the reason."""

    reason = forms.CharField(label="更正原因", max_length=300)


class ResponseForm(forms.Form):
    """启动救助应急响应: the level, the leader's comment and the plan to activate."""

    level = forms.ChoiceField(label="启动级别", choices=ResponseLevel.choices)
    comment = forms.CharField(
        label="决定意见", max_length=300, required=False, help_text="与测算级别不同时须说明理由"
    )
    plan: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="同时启动预案", required=False, queryset=None, empty_label="不启动预案（仅记录响应决定）"
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yingji.plans.models import Plan

        field = self.fields["plan"]
        assert isinstance(field, forms.ModelChoiceField)
        plans = Plan.objects.restrict(user, "view") if user is not None else Plan.objects.none()
        field.queryset = plans.filter(state__in=("in_force", "revising"))
        bootstrapify(self)


class IdNumberMixin(forms.Form):
    id_number = forms.CharField(
        label="身份证号",
        max_length=18,
        required=False,
        help_text="加密保存，页面只显示脱敏号码；修改时留空则不变",
    )
    correction_reason = forms.CharField(
        label="更正原因",
        max_length=300,
        required=False,
        help_text="灾害已核报的，修改名单、台账须填写更正原因",
    )

    def clean_id_number(self) -> str:
        number = str(self.cleaned_data.get("id_number") or "").strip().upper()
        problem = rules.id_number_problem(number) if number else None
        if problem:
            raise forms.ValidationError(problem)
        return number


class CasualtyForm(ScopedModelForm, IdNumberMixin):
    class Meta:
        model = CasualtyRecord
        fields = ["event", "region", "name", "gender", "age", "status", "cause", "occurred_at", "place"]
        widgets = {"occurred_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["occurred_at"]
        assert isinstance(field, forms.DateTimeField)
        field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class HouseForm(ScopedModelForm, IdNumberMixin):
    class Meta:
        model = DamagedHouse
        fields = ["event", "region", "head_name", "address", "degree", "rooms", "structure"]

    def clean_rooms(self) -> int:
        rooms = int(self.cleaned_data.get("rooms") or 0)
        if rooms < 1:
            raise forms.ValidationError("倒损房屋间数至少为1间")
        return rooms


class ReliefCaseForm(ScopedModelForm):
    """申请/排查 of a household."""

    id_number = forms.CharField(
        label="户主身份证号",
        max_length=18,
        help_text="加密保存，页面只显示脱敏号码；用于同一灾害同类救助查重",
    )

    class Meta:
        model = ReliefCase
        fields = [
            "event",
            "region",
            "category",
            "head_name",
            "phone",
            "members",
            "member_names",
            "address",
            "situation",
            "amount",
            "goods",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # The ID number is taken once, at registration (its blind index keys the
            # no-duplicate rule); a change of household is a new application.
            del self.fields["id_number"]


class OpinionForm(forms.Form):
    """A relief review step: the opinion (必填) and the version the reviewer saw."""

    comment = forms.CharField(label="意见", max_length=300)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class ApproveForm(OpinionForm):
    """县级审批: the opinion and the approved amount (the proposed one when blank)."""

    approved_amount = forms.DecimalField(
        label="核定金额（元）", min_value=0, max_digits=12, decimal_places=2, required=False
    )


class FinishIssueForm(forms.Form):
    """发放完毕: the reason when part of the approved money or goods is not issued."""

    comment = forms.CharField(label="未足额发放原因", max_length=300, required=False)
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


# The relief procedure's steps, declared once for the case page's buttons and the API's
# ``step``: each form's ``version`` reaches the service as ``expected_version``.
RELIEF_STEPS = StepTable(
    Step("village_review", form=OpinionForm, service=relief_services.village_review),
    Step("town_audit", form=OpinionForm, service=relief_services.town_audit),
    Step("approve", form=ApproveForm, service=relief_services.approve),
    Step("issue", form=FinishIssueForm, service=relief_services.finish_issue),
    Step("publish", service=relief_services.publish),
    Step("return", form=OpinionForm, service=relief_services.return_case),
    Step("reapply", service=relief_services.reapply),
    workflow=RELIEF_FLOW,
)


class EventStepForm(forms.Form):
    """灾情稳定 and 完成核报 take no inputs: the event's state and the figures decide."""


# The event's own steps (not a workflow: its state follows the reports): the page's
# buttons and the API's ``step``.
EVENT_STEPS = StepTable(
    Step(
        "stable",
        label="标记灾情稳定",
        form=EventStepForm,
        service=event_services.mark_stable,
        message="已标记灾情稳定，进入核报",
    ),
    Step(
        "verify",
        label="完成核报",
        form=EventStepForm,
        service=report_services.verify_event,
        message="核报完成，灾情数据已锁定",
    ),
)

# The report chain's review steps (the street's, the county's, the return): resubmitting
# with corrected figures is the figures page, not a button.
REPORT_STEPS = StepTable(
    Step("review", form=StepForm, service=report_services.review_report),
    Step("accept", form=StepForm, service=report_services.accept_report),
    Step("return", form=StepForm, service=report_services.return_report),
    workflow=REPORT_FLOW,
)


class MoneyForm(forms.Form):
    amount = forms.DecimalField(label="发放金额（元）", min_value=0, max_digits=12, decimal_places=2)
    signed_by_name = forms.CharField(label="签领人", max_length=40)


class GoodsForm(forms.Form):
    batch = forms.IntegerField(label="物资批次", widget=forms.Select)
    quantity = forms.DecimalField(label="数量", min_value=0, max_digits=12, decimal_places=2)
    signed_by_name = forms.CharField(label="签领人", max_length=40)


class ConfirmForm(forms.Form):
    item = forms.ChoiceField(label="保障事项", choices=list(rules.GUARANTEES))
    evidence = forms.CharField(label="落实情况（证据）", max_length=300)


class ThresholdForm(ScopedModelForm):
    class Meta:
        model = ResponseThreshold
        fields = ["tier", "level", "indicator", "minimum", "text"]


class SettingsForm(ScopedModelForm):
    class Meta:
        model = DisasterSettings
        fields = [
            "initial_hours",
            "followup_hour",
            "final_days",
            "remind_before_minutes",
            "ack_within_minutes",
            "twelve_hours",
            "response_plan",
            "winter_survey_start",
            "winter_survey_end",
            "statistics_approval_no",
        ]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WinterSpringPlanForm(ScopedModelForm):
    class Meta:
        model = WinterSpringPlan
        fields = [
            "region",
            "event",
            "season",
            "survey_start",
            "survey_end",
            "relief_start",
            "relief_end",
            "standard",
            "note",
        ]
        widgets = {"survey_start": DATE, "survey_end": DATE, "relief_start": DATE, "relief_end": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("survey_start", "survey_end"):
            self.fields[name].required = False
            self.fields[name].help_text = "不填则按灾情报送设置中的冬春救助调查日期"


class FundsForm(forms.Form):
    amount = forms.DecimalField(label="下达金额（元）", min_value=0, max_digits=14, decimal_places=2)
    note = forms.CharField(label="资金文号", max_length=120, required=False)


class DonationForm(ScopedModelForm):
    class Meta:
        model = Donation
        fields = [
            "region",
            "event",
            "donor",
            "kind",
            "amount",
            "goods",
            "quantity",
            "unit",
            "received_at",
            "receipt_no",
            "note",
        ]
        widgets = {"received_at": DATETIME}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["received_at"]
        assert isinstance(field, forms.DateTimeField)
        field.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class DonationUseForm(forms.Form):
    quantity = forms.DecimalField(label="使用金额/数量", min_value=0, max_digits=14, decimal_places=2)
    purpose = forms.CharField(label="用途", max_length=200)
    case = forms.IntegerField(label="救助对象编号", required=False)
