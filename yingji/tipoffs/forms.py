"""Forms of the public reporting module: the public portal's report, the staff's entry
of a 12350 call, the steps of handling and of the reward, and the settings."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import MultipleFileField, ScopedModelForm, bootstrapify
from yingji.core.models import Department, Region, RegionLevel
from yingji.enforcement.models import Inspector
from yingji.enterprises.models import Enterprise
from yingji.tipoffs.models import (
    AccidentGrade,
    Disposal,
    MatterKind,
    Outcome,
    Tipoff,
    TipoffSettings,
    Vote,
)

IDENTITY = (("anonymous", "匿名举报"), ("real", "实名举报（可获奖励）"))


class _Form(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


def public_districts() -> Any:
    """The districts (区县) the public picks the place from."""
    root = TipoffSettings.current().public_region
    regions = Region.objects.filter(level=RegionLevel.COUNTY)
    if root is not None:
        regions = regions.filter(code__startswith=str(root.code).rstrip("0")[:4])
    return regions.order_by("code")


class PublicReportForm(_Form):
    """我要举报: what, where (map pick or address), which enterprise (picked from the
    public names), photos and videos, anonymous or real-name, inside whistleblower."""

    kind = forms.ChoiceField(label="举报事项", choices=MatterKind.choices)
    description = forms.CharField(label="举报内容", max_length=2000, min_length=10,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text="请写明时间、地点、单位和具体情况（至少10个字）")
    region = forms.ModelChoiceField(label="发生地（区县）", queryset=Region.objects.none(),
                                    empty_label="请选择区县")
    address = forms.CharField(label="详细地点", max_length=200)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    enterprise = forms.IntegerField(required=False, widget=forms.HiddenInput)
    enterprise_name = forms.CharField(label="被举报单位", max_length=120, required=False,
                                      help_text="输入名称可从企业库中选择；不在库中的直接填写")
    identity = forms.ChoiceField(label="举报方式", choices=IDENTITY, initial="anonymous",
                                 widget=forms.RadioSelect)
    name = forms.CharField(label="姓名", max_length=40, required=False)
    phone = forms.CharField(label="手机号码", max_length=20, required=False)
    insider = forms.BooleanField(label="我是被举报单位的从业人员（内部举报，身份仅奖励委员会可见）",
                                 required=False)
    evidence = MultipleFileField(label="照片或视频", help_text="JPG、PNG照片或MP4视频")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, forms.ModelChoiceField)
        region.queryset = public_districts()

    def clean_enterprise(self) -> Enterprise | None:
        pk = self.cleaned_data.get("enterprise")
        if not pk:
            return None
        # Only an operating enterprise of the public registry; anything else is ignored
        # (the name typed stays), so the form never tells which ids exist.
        return Enterprise.objects.filter(pk=pk).exclude(status="closed").first()

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["anonymous"] = data.pop("identity") != "real"
        data.pop("evidence", None)
        return data


class TipoffEntryForm(ScopedModelForm):
    """登记电话举报 (12350, letters, visits) on the same record as the portal's."""

    name = forms.CharField(label="举报人姓名", max_length=40, required=False)
    phone = forms.CharField(label="举报人电话", max_length=20, required=False)
    id_number = forms.CharField(label="身份证号", max_length=18, required=False)
    evidence = MultipleFileField(label="照片或视频")

    class Meta:
        model = Tipoff
        fields = ["channel", "received_at", "kind", "description", "region", "address",
                  "longitude", "latitude", "enterprise", "enterprise_name", "industry",
                  "anonymous", "insider"]
        widgets = {"received_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                     format="%Y-%m-%dT%H:%M"),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].required = True
        self.fields["anonymous"].initial = False


class StepForm(_Form):
    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)


class CommentForm(StepForm):
    comment = forms.CharField(label="说明", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(StepForm):
    reason = forms.CharField(label="不予受理理由", max_length=300,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="将在查询页告知举报人")


class DuplicateForm(StepForm):
    original = forms.ModelChoiceField(label="首次举报", queryset=Tipoff.objects.none(),
                                      help_text="同一事项在先受理的举报")

    def __init__(self, *args: Any, user: Any = None, tipoff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["original"]
        assert isinstance(field, forms.ModelChoiceField)
        rows = Tipoff.objects.restrict(user, "view").exclude(state__in=("rejected", "duplicate"))
        if tipoff is not None:
            rows = rows.exclude(pk=tipoff.pk).filter(received_at__lte=tipoff.received_at)
        field.queryset = rows.order_by("-received_at")


class AssignForm(StepForm):
    department = forms.ModelChoiceField(label="承办单位", queryset=Department.objects.none())
    comment = forms.CharField(label="交办要求", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: Any = None, tipoff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.restrict(user, "view").filter(is_active=True)


class ConcludeForm(StepForm):
    outcome = forms.ChoiceField(label="核查结果", choices=Outcome.choices)
    findings = forms.CharField(label="核查情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    disposal = forms.ChoiceField(label="后续处理", choices=Disposal.choices, required=False)
    inspectors = forms.ModelMultipleChoiceField(label="执法人员（执法检查时）", required=False,
                                                queryset=Inspector.objects.none())
    fine_amount = forms.DecimalField(label="罚没款（元）", required=False, min_value=0,
                                     max_digits=12, decimal_places=2)
    concealed_deaths = forms.IntegerField(label="核实瞒报死亡人数", required=False, min_value=0,
                                          max_value=1000)
    accident_grade = forms.ChoiceField(label="事故等级（瞒报谎报时）", required=False,
                                       choices=[("", "—"), *AccidentGrade.choices])

    def __init__(self, *args: Any, user: Any = None, tipoff: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["inspectors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Inspector.objects.restrict(user, "view")

    def clean_concealed_deaths(self) -> int:
        return self.cleaned_data.get("concealed_deaths") or 0


class ReplyForm(StepForm):
    reply = forms.CharField(label="答复内容", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                            help_text="举报人凭受理编号和查询码查看")


class VoteForm(StepForm):
    vote = forms.ChoiceField(label="表决意见", choices=Vote.choices)
    amount = forms.DecimalField(label="建议金额（元）", required=False, min_value=0,
                                max_digits=12, decimal_places=2)
    comment = forms.CharField(label="意见", max_length=300, required=False)


class ApproveForm(StepForm):
    amount = forms.DecimalField(label="奖励金额（元）", min_value=0, max_digits=12, decimal_places=2)
    comment = forms.CharField(label="决定说明", max_length=300, required=False)


class RefuseForm(StepForm):
    comment = forms.CharField(label="不予奖励理由", max_length=300)


class PayForm(StepForm):
    voucher = forms.CharField(label="发放凭证号", max_length=40)
    paid_on = forms.DateField(label="发放日期", required=False,
                              widget=forms.DateInput(attrs={"type": "date"}))


class TipoffSettingsForm(ScopedModelForm):
    class Meta:
        model = TipoffSettings
        fields = ["fine_share_percent", "reward_minimum", "reward_maximum", "no_fine_minimum",
                  "no_fine_maximum", "death_general", "death_larger", "death_major", "death_severe",
                  "concealment_maximum", "insider_uplift_percent", "partly_percent",
                  "triage_workdays", "verify_days", "photo_max_mb", "video_max_mb", "max_files",
                  "per_address_hour", "per_phone_day", "lookups_per_hour", "public_region"]
