"""Forms of the accidents module: the record, and one form per step on the detail page
(the API's ``step`` endpoint validates with the same forms)."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.accidents import rules
from yingji.accidents.models import (
    Accident,
    Disposal,
    DistrictTarget,
    Finding,
    Measure,
    SubjectKind,
    TeamMember,
    TeamRole,
)
from yingji.accidents.services import findings, investigation
from yingji.accidents.services.accidents import change_figures
from yingji.accidents.workflow import ACCIDENT_FLOW
from yingji.core.actor import Actor
from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.steps import Step, StepTable

DATE = forms.DateInput(attrs={"type": "date"})


class AccidentForm(ScopedModelForm):
    """The record's facts (the figures only when it is entered: later they change
    through 核定伤亡损失, which keeps their history)."""

    causes = forms.MultipleChoiceField(label="事故原因分类", choices=rules.CAUSES, required=False,
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Accident
        fields = ["title", "occurred_at", "region", "address", "enterprise", "unit_name",
                  "credit_code", "industry", "subtype", "is_production", "non_production_reason",
                  "non_production_note", "deaths", "missing", "serious_injuries",
                  "minor_injuries", "loss_wan", "victims", "category_6441", "causes",
                  "description"]
        widgets = {"occurred_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                                      format="%Y-%m-%dT%H:%M")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("deaths", "missing", "serious_injuries", "minor_injuries", "loss_wan"):
                self.fields.pop(name, None)
            # The version the person saw (a correction of a stale page is refused). Not
            # named ``version``: the service's refusal on ``version`` shows at the top.
            self.fields["seen_version"] = forms.IntegerField(
                label="版本", widget=forms.HiddenInput, initial=self.instance.version,
                error_messages={"required": "缺少页面的版本号，请刷新页面后重试"})


class FromIncidentForm(forms.Form):
    """转为事故记录: the incident, and what the incident does not say."""

    incident: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="突发事件", queryset=None)
    industry = forms.ChoiceField(label="行业领域（留空按事件推定）", required=False)
    category_6441 = forms.ChoiceField(label="事故类别（GB 6441，留空按事件推定）", required=False)
    unit_name = forms.CharField(label="事故单位名称（事件未关联企业库企业的须填写）", required=False,
                                max_length=120)
    credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    victims = forms.CharField(label="伤亡人员姓名", required=False, max_length=500)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yingji.core.models import Industry
        from yingji.incidents.drill_mode import exclude_drills
        from yingji.incidents.services.handover import accident_incidents

        field: Any = self.fields["incident"]
        field.queryset = exclude_drills(accident_incidents(user))  # a drill is no accident
        field.label_from_instance = lambda i: f"{i.title}（{i.received_at:%Y-%m-%d}）"
        industry: Any = self.fields["industry"]
        industry.choices = [("", "—"), *Industry.choices]
        category: Any = self.fields["category_6441"]
        category.choices = [("", "—"), *rules.CATEGORIES_6441]
        bootstrapify(self)


class DistrictTargetForm(ScopedModelForm):
    class Meta:
        model = DistrictTarget
        fields = ["region", "year", "max_accidents", "max_deaths", "max_major", "note"]


# --- steps -------------------------------------------------------------------------------


class StepForm(forms.Form):
    """A step's inputs; ``accident`` limits the rows a step may name to the accident's;
    ``version`` is the accident's version the person saw, required (a stale one is
    refused with 409, nothing changed)."""

    version = forms.IntegerField(label="版本", min_value=0, widget=forms.HiddenInput,
                                 error_messages={"required": "请提供您看到的记录版本（version），"
                                                             "刷新页面后重试"})

    def __init__(self, *args: Any, accident: Accident | None = None, user: Any = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accident = accident
        bootstrapify(self)


class FiguresForm(StepForm):
    deaths = forms.IntegerField(label="死亡人数", min_value=0)
    missing = forms.IntegerField(label="失踪人数", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤人数（含急性工业中毒）", min_value=0)
    minor_injuries = forms.IntegerField(label="轻伤人数", min_value=0)
    loss_wan = forms.DecimalField(label="直接经济损失（万元）", min_value=0, max_digits=14,
                                  decimal_places=2)
    reason = forms.CharField(label="变更原因", max_length=300)
    correction = forms.BooleanField(label="更正错误数字（核减伤亡或损失，等级可降低）", required=False)

    FIGURES = ("deaths", "missing", "serious_injuries", "minor_injuries", "loss_wan")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The page's form starts from the figures on record: a person changes the one
        # that moved instead of typing all five again.
        if self.accident is not None and not self.is_bound:
            for name in self.FIGURES:
                self.initial.setdefault(name, getattr(self.accident, name))


class EscalateForm(StepForm):
    level = forms.ChoiceField(label="提级后的调查层级", choices=rules.LEVELS)
    reason = forms.CharField(label="提级理由", max_length=300)


class SuperviseForm(StepForm):
    department = forms.CharField(label="督办部门", max_length=100)
    due = forms.DateField(label="督办期限", widget=DATE)


class OnDateForm(StepForm):
    on = forms.DateField(label="日期", widget=DATE)


class TeamForm(StepForm):
    role = forms.ChoiceField(label="组内角色", choices=TeamRole.choices)
    # Not "name": the posted ``name`` says which step it is.
    unit = forms.CharField(label="单位名称", max_length=100, required=False)
    expert: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label="专家库专家", queryset=None,
                                                                 required=False)
    duty = forms.CharField(label="职责分工", max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from yingji.resources.services.experts import investigation_experts

        field: Any = self.fields["expert"]
        code = self.accident.district_code if self.accident else ""
        field.queryset = investigation_experts(code)
        field.label_from_instance = lambda e: f"{e.name}（{e.specialities}）"


class RemoveMemberForm(StepForm):
    member = forms.ModelChoiceField(label="调查组成员", queryset=TeamMember.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["member"]
        field.queryset = self.accident.team.all() if self.accident else TeamMember.objects.none()


class ExtendReportForm(StepForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365)
    approved_by = forms.CharField(label="批准机关", max_length=100)
    reason = forms.CharField(label="延期理由", max_length=300)


class SubmitReportForm(StepForm):
    submitted_on = forms.DateField(label="调查报告提交日期", widget=DATE)
    received_on = forms.DateField(label="政府收到日期（留空同提交日期）", widget=DATE, required=False)


class ExtendReplyForm(StepForm):
    days = forms.IntegerField(label="延长天数", min_value=1, max_value=365)
    reason = forms.CharField(label="延期理由", max_length=300)


class ReplyForm(StepForm):
    replied_on = forms.DateField(label="批复日期", widget=DATE)
    document = forms.CharField(label="批复文号", max_length=100)


class FindingForm(StepForm):
    subject_kind = forms.ChoiceField(label="对象", choices=SubjectKind.choices)
    # Not "name": the posted ``name`` says which step it is (the page's hidden input and
    # the API's body), so a person's name there made the step unknown.
    subject_name = forms.CharField(label="姓名或单位名称", max_length=120)
    position = forms.CharField(label="单位及职务", max_length=160, required=False)
    responsibility = forms.CharField(label="责任认定", max_length=2000)
    disposal = forms.ChoiceField(label="处理建议", choices=Disposal.choices)
    fine_wan = forms.DecimalField(label="建议罚款（万元）", required=False, min_value=0,
                                  max_digits=12, decimal_places=2)


class FindingDoneForm(StepForm):
    finding = forms.ModelChoiceField(label="责任认定", queryset=Finding.objects.none())
    note = forms.CharField(label="落实情况", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["finding"]
        # Only what is still to be carried out (a carried-out one would only be refused, and
        # so would a registered enterprise's penalty not yet transferred to a case).
        pending = (self.accident.findings.filter(carried_out=False) if self.accident
                   else Finding.objects.none())
        if self.accident and self.accident.enterprise_id:
            pending = pending.exclude(disposal=Disposal.PENALTY, enforcement_ref="")
        field.queryset = pending


class CaseForm(StepForm):
    """移交执法立案: the penalty finding, two certified officers, the standard (default by
    the finding's subject: 安全生产法 第一百一十四条 or 第九十五条)."""

    finding = forms.ModelChoiceField(label="责任认定（行政处罚）", queryset=Finding.objects.none())
    officers: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label="承办执法人员（至少两名）", queryset=None)
    standard: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="裁量基准（留空按对象默认）", queryset=None, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from yingji.accidents.services.findings import CASE_STANDARD
        from yingji.enforcement.services import lookups

        field: Any = self.fields["finding"]
        field.queryset = (self.accident.findings.filter(disposal=Disposal.PENALTY, enforcement_ref="")
                          if self.accident else Finding.objects.none())
        officers: Any = self.fields["officers"]
        standards: Any = self.fields["standard"]
        # Enforcement's read service: officers who may handle a case today (certified, in
        # post, not on leave) of the accident's district or above it; the two standards.
        officers.queryset = lookups.case_officers(
            user, region_code=self.accident.district_code if self.accident else "")
        standards.queryset = lookups.standards(user, CASE_STANDARD.values())
        officers.label_from_instance = lambda i: f"{i.name}（{i.certificate_number}）"
        standards.label_from_instance = lambda d: f"{d.code} {d.violation}"


class MeasureForm(StepForm):
    content = forms.CharField(label="整改措施", max_length=300)
    owner_unit = forms.CharField(label="责任单位", max_length=120)
    owner_name = forms.CharField(label="责任人", max_length=40, required=False)
    due = forms.DateField(label="整改期限", widget=DATE)


class MeasureDoneForm(StepForm):
    measure = forms.ModelChoiceField(label="整改措施", queryset=Measure.objects.none())
    done_on = forms.DateField(label="完成日期", widget=DATE)
    result = forms.CharField(label="完成情况", max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["measure"]
        field.queryset = (self.accident.measures.filter(done_on__isnull=True) if self.accident
                          else Measure.objects.none())


class CloseForm(StepForm):
    closed_on = forms.DateField(label="结案日期", widget=DATE)


class ReviewForm(StepForm):
    reviewed_on = forms.DateField(label="评估日期", widget=DATE)
    findings = forms.CharField(label="评估结论", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class TypicalForm(StepForm):
    typical = forms.BooleanField(label="列为典型案例", required=False)
    lessons = forms.CharField(label="警示教育要点", max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


def _figures(a: Accident, d: dict[str, Any], actor: Actor) -> Any:
    values = dict(d)
    return change_figures(a, actor=actor, reason=values.pop("reason"),
                          expected_version=values.pop("version"), **values)


def _row_step(service: Any, row: str, *inputs: str) -> Any:
    """A step on one of the accident's rows (a member, finding or measure chosen in the
    form from the accident's own)."""
    def run(a: Accident, d: dict[str, Any], actor: Actor) -> Any:
        return service(d[row], actor=actor, expected_version=d["version"],
                       **{name: d[name] for name in inputs if name in d})
    return run


def _with_data(service: Any, **renamed: str) -> Any:
    """A step whose service takes the form's data as one dict (a new row); ``renamed``:
    the row's field for a form field named otherwise (``name="subject_name"``)."""
    def run(a: Accident, d: dict[str, Any], actor: Actor) -> Any:
        values = dict(d)
        for field, form_field in renamed.items():
            if form_field in values:
                values[field] = values.pop(form_field)
        version = values.pop("version")
        return service(a, values, actor=actor, expected_version=version)
    return run


def _step_form_kwargs(obj: Any, actor: Actor) -> dict[str, Any]:
    return {"accident": obj, "user": actor.user}


# The investigation's steps, declared once for the detail page's buttons (StepView) and
# the API's ``step``: labels and who may take each come from ``ACCIDENT_FLOW``.
STEPS = StepTable(
    Step("figures", form=FiguresForm, run=_figures),
    Step("escalate", form=EscalateForm, service=investigation.escalate),
    Step("supervise", form=SuperviseForm, service=investigation.supervise),
    Step("close_supervision", form=OnDateForm, service=investigation.close_supervision),
    Step("team", form=TeamForm, run=lambda a, d, actor: investigation.add_team_member(
        a, actor=actor, role=d["role"], name=d.get("unit") or "", expert=d.get("expert"),
        duty=d.get("duty") or "", expected_version=d["version"])),
    Step("remove_member", form=RemoveMemberForm,
         run=_row_step(investigation.remove_team_member, "member")),
    Step("extend_report", form=ExtendReportForm, service=investigation.extend_report),
    Step("submit_report", form=SubmitReportForm, service=investigation.submit_report),
    Step("extend_reply", form=ExtendReplyForm, service=investigation.extend_reply),
    Step("reply", form=ReplyForm, service=investigation.record_reply),
    Step("finding", form=FindingForm, run=_with_data(findings.add_finding, name="subject_name")),
    Step("finding_done", form=FindingDoneForm,
         run=_row_step(findings.carry_out_finding, "finding", "note")),
    Step("open_case", form=CaseForm,
         run=_row_step(findings.open_enforcement_case, "finding", "officers", "standard")),
    Step("measure", form=MeasureForm, run=_with_data(findings.add_measure)),
    Step("measure_done", form=MeasureDoneForm, message="已登记整改完成",
         run=_row_step(findings.complete_measure, "measure", "done_on", "result")),
    Step("close", form=CloseForm, service=investigation.close_case),
    Step("review", form=ReviewForm, service=investigation.record_review),
    Step("typical", form=TypicalForm, service=investigation.mark_typical),
    workflow=ACCIDENT_FLOW, form_kwargs=_step_form_kwargs,
)


class CrossCheckImportForm(forms.Form):
    """导入核查名单: the kind, where it comes from, the Excel file."""

    kind = forms.ChoiceField(label="名单类型", choices=rules.LIST_KINDS)
    source_name = forms.CharField(label="名单来源单位", max_length=100,
                                  help_text="如：武汉市人力资源和社会保障局工伤保险处")
    file = forms.FileField(label="Excel文件（.xlsx）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class VerifyForm(forms.Form):
    """核查结论 of one verification task."""

    verdict = forms.ChoiceField(label="核查结论", choices=[
        ("not_accident", "非生产安全事故"), ("recorded", "已在册事故（补充匹配）"),
        ("late", "漏报，已补录"), ("concealed", "瞒报，已补录")])
    note = forms.CharField(label="核查情况", max_length=300, required=False)
    accident: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="对应事故记录", queryset=Accident.objects.none(), required=False)
    concealed_by = forms.CharField(label="瞒报责任单位和人员", max_length=300, required=False)

    def __init__(self, *args: Any, row: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from datetime import timedelta

        field: Any = self.fields["accident"]
        if row is not None and user is not None:
            from yingji.accidents.services.common import district_code, end_of

            field.queryset = Accident.objects.restrict(user, "view").filter(
                district_code=district_code(row.region), is_production=True,
                occurred_at__gt=end_of(row.day - timedelta(days=61)),
                occurred_at__lte=end_of(row.day + timedelta(days=60))).order_by("-occurred_at")
        field.label_from_instance = lambda a: f"{a.number} {a.title}"
        bootstrapify(self)


class SettingsForm(forms.ModelForm):
    """事故调查处理参数 (national defaults; the bureau adjusts them)."""

    class Meta:
        from yingji.accidents.models import AccidentSettings

        model = AccidentSettings
        fields = ["report_days", "report_max_extension", "reply_days", "reply_days_major",
                  "reply_max_extension", "review_days", "remind_days", "escalate_days",
                  "match_window_days", "verify_days", "statistics_table_no", "statistics_approval_no"]

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in self.Meta.fields:
            value = data.get(name)
            if isinstance(value, int) and value < 1:  # the day counts; the numbers are text
                self.add_error(name, "应为正整数")
        return data
