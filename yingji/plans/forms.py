"""Page forms: the plan and the rows of its structure, and each lifecycle step's inputs
(declared once: the page and the API validate with them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from yingji.core.filtersets import IdField
from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.incidents import rules as incident_rules
from yingji.plans import rules
from yingji.plans.models import (
    Drill,
    DrillFinding,
    LevelAction,
    LevelResource,
    Plan,
    PlanContact,
    PlanResponseLevel,
    PlanSettings,
    PlanVersion,
    ReviewConclusion,
    RevisionCause,
    TriggerCondition,
    WorkingGroup,
)
from yingji.warnings import rules as warning_rules


class PlanForm(ScopedModelForm):
    class Meta:
        model = Plan
        fields = ["name", "kind", "level", "region", "owner_unit", "enterprise", "parent",
                  "category", "subtypes", "effective_to", "command_name", "commander",
                  "deputy_commanders", "command_office", "summary", "responsible"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


def _id_or_none(raw: Any) -> int | None:
    """A record number read with core's id field, or None when it is not one."""
    try:
        return IdField(required=False).clean(raw)
    except forms.ValidationError:
        return None


def _child_form(model_: type[Any], fields: list[str], parent: str) -> type[ScopedModelForm]:
    widgets = {name: forms.Textarea(attrs={"rows": 3})
               for name in ("duties", "description") if name in fields}
    meta = type("Meta", (), {"model": model_, "fields": fields, "widgets": widgets})

    def __init__(self: Any, *args: Any, user: Any, **kwargs: Any) -> None:
        ScopedModelForm.__init__(self, *args, user=user, **kwargs)
        if self.instance.pk:  # a row stays with its plan / level
            self.fields[parent].disabled = True
        plan_id = self.instance.plan.pk if self.instance.pk else None
        if plan_id is None:
            # From the query or the posted form: a malformed id narrows nothing (the
            # field itself reports it), it never reaches the database.
            raw = _id_or_none(self.initial.get(parent) or self.data.get(parent))
            if raw is not None and parent == "response_level":
                found = PlanResponseLevel.objects.filter(pk=raw).values_list("plan_id", flat=True)
                plan_id = found.first()
            else:
                plan_id = raw
        if "group" in self.fields and plan_id is not None:
            field = self.fields["group"]
            field.queryset = field.queryset.filter(plan_id=plan_id)

    return type(f"{model_.__name__}Form", (ScopedModelForm,), {"Meta": meta, "__init__": __init__})


WorkingGroupForm = _child_form(WorkingGroup, ["plan", "name", "lead_department",
                                              "member_departments", "duties", "order"], "plan")
PlanResponseLevelForm = _child_form(PlanResponseLevel, ["plan", "level", "decided_by",
                                                        "description", "require_all"], "plan")
_BaseTriggerForm = _child_form(TriggerCondition, ["response_level", "fact", "value"], "response_level")

# The non-numeric thresholds chosen by their Chinese names (never typed as codes).
LEVEL_VALUE_CHOICES = [
    ("", "—"),
    ("事件等级", [(f"grade:{code}", label) for code, label in incident_rules.GRADES]),
    ("预警级别", [(f"warning_level:{code}", warning_rules.level_label(code))
              for code in warning_rules.LEVELS]),
    ("监测报警", [(f"alarm_level:{code}", label) for code, label in rules.ALARM_LEVELS]),
]


class TriggerConditionForm(_BaseTriggerForm):  # type: ignore[misc,valid-type]
    """A trigger condition: a number for counts and losses, or a level chosen by name."""

    level_value = forms.ChoiceField(label="等级", choices=LEVEL_VALUE_CHOICES, required=False,
                                    help_text="事件等级、预警级别、监测报警的条件在此选择")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        value = self.fields["value"]
        value.required = False
        value.label = "数值"
        value.help_text = "人数或直接经济损失（万元）填数字"
        if self.instance.pk and self.instance.fact in ("grade", "warning_level", "alarm_level"):
            self.initial["level_value"] = f"{self.instance.fact}:{self.instance.value}"
            self.initial["value"] = ""
        bootstrapify(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fact = data.get("fact")
        if fact in ("grade", "warning_level", "alarm_level"):
            chosen = data.get("level_value") or ""
            kind, _, code = chosen.partition(":")
            if kind != fact:
                self.add_error("level_value", f"请选择{rules.FACT_LABELS[fact].removesuffix('达到')}")
            else:
                data["value"] = code
                self.instance.value = code
        elif not str(data.get("value") or "").strip():
            self.add_error("value", "请填写数值")
        return data
LevelActionForm = _child_form(LevelAction, ["response_level", "group", "title", "minutes",
                                            "order"], "response_level")
LevelResourceForm = _child_form(LevelResource, ["response_level", "kind", "capability",
                                                "quantity", "unit"], "response_level")
PlanContactForm = _child_form(PlanContact, ["plan", "group", "name", "position", "unit", "phone",
                                            "user"], "plan")
PlanVersionForm = _child_form(PlanVersion, ["plan", "label", "doc_number", "issued_on",
                                            "changes"], "plan")


class PlanSettingsForm(ScopedModelForm):
    class Meta:
        model = PlanSettings
        fields = "__all__"


# --- lifecycle steps --------------------------------------------------------------------


class StepForm(forms.Form):
    """Base of a step's form: the version the user saw (stale pages are refused)."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class CommentStepForm(StepForm):
    comment = forms.CharField(label="说明", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class ReasonStepForm(StepForm):
    comment = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(StepForm):
    held_on = forms.DateField(label="评审日期", widget=forms.DateInput(attrs={"type": "date"}))
    experts = forms.CharField(label="评审专家", max_length=300, help_text="不少于3人，用顿号分隔")
    conclusion = forms.ChoiceField(label="评审结论", choices=ReviewConclusion.choices)
    opinions = forms.CharField(label="评审意见", max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))


class SignForm(StepForm):
    signer = forms.CharField(label="签署人", max_length=60)


class IssueForm(StepForm):
    doc_number = forms.CharField(label="印发文号", max_length=60, help_text="如：武政办〔2024〕12号")
    issued_on = forms.DateField(label="印发日期", widget=forms.DateInput(attrs={"type": "date"}))
    effective_from = forms.DateField(label="施行日期", required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    label = forms.CharField(label="版本名称", max_length=60, required=False,
                            help_text="留空为“某年版”")


class FileForm(StepForm):
    filing_body = forms.CharField(label="备案机关", max_length=120)
    filed_on = forms.DateField(label="备案日期", widget=forms.DateInput(attrs={"type": "date"}))
    filing_number = forms.CharField(label="备案编号", max_length=60, required=False)
    materials = forms.MultipleChoiceField(label="备案材料", choices=list(rules.FILING_MATERIALS.items()),
                                          widget=forms.CheckboxSelectMultiple, required=False)


class EvaluateForm(StepForm):
    evaluated_on = forms.DateField(label="评估日期", widget=forms.DateInput(attrs={"type": "date"}))
    evaluator = forms.CharField(label="评估单位或人员", max_length=120)
    conclusion = forms.CharField(label="评估结论", max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    needs_revision = forms.BooleanField(label="需要修订", required=False)


class ReviseForm(StepForm):
    cause = forms.ChoiceField(label="修订原因", choices=RevisionCause.choices)
    detail = forms.CharField(label="具体情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    # A drill's finding marked for revision, when the revision answers it.
    drill_finding = forms.ModelChoiceField(label="来源演练问题", required=False, widget=forms.HiddenInput,
                                           queryset=DrillFinding.objects.filter(opens_revision=True))


class ActivateForm(forms.Form):
    """启动预案 on an incident: a plan of the caller's scope (any other reads as missing;
    the service decides whether it covers the incident), the level and the reason."""

    plan = forms.ModelChoiceField(label="预案", queryset=Plan.objects.none(), widget=forms.HiddenInput,
                                  error_messages={"invalid_choice": "预案不存在或不在您的数据范围内",
                                                  "required": "请选择预案"})
    level = forms.ChoiceField(label="响应级别", choices=list(rules.LEVELS))
    reason = forms.CharField(label="启动依据", max_length=300, required=False)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None:
            field = self.fields["plan"]
            field.queryset = Plan.objects.restrict(user, "view")  # type: ignore[attr-defined]
        bootstrapify(self)


class MatchForm(forms.Form):
    """The incident whose plans are matched (``?incident=``) or started (API body)."""

    incident = IdField(label="事件")


class ChangeLevelForm(forms.Form):
    level = forms.ChoiceField(label="调整为", choices=list(rules.LEVELS))
    reason = forms.CharField(label="调整理由", max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


# --- drills -------------------------------------------------------------------------------


class DrillForm(ScopedModelForm):
    class Meta:
        model = Drill
        fields = ["plan", "title", "kind", "region", "address", "organiser", "participants",
                  "participant_count", "scenario", "planned_on", "evaluator"]
        widgets = {"scenario": forms.Textarea(attrs={"rows": 3}),
                   "planned_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from yingji.plans.services.drills import evaluator_accounts

        field = self.fields["evaluator"]
        field.queryset = evaluator_accounts()  # type: ignore[attr-defined]
        field.help_text = "外部评估专家（演练评估员账号），仅能查看和评估分配给自己的演练"
        plan_field = self.fields["plan"]
        plan_field.queryset = plan_field.queryset.exclude(state="abolished")  # type: ignore[attr-defined]


class StartDrillForm(forms.Form):
    """开始演练: optionally through the real intake in drill mode, with the scenario's facts."""

    through_intake = forms.BooleanField(label="通过接报系统以演练模式接报（双盲演练检验真实链条）",
                                        required=False)
    category = forms.ChoiceField(label="事件类别", required=False,
                                 choices=[("", "—"), *incident_rules.CATEGORIES])
    subtype = forms.ChoiceField(label="事件子类", required=False,
                                choices=[("", "—"), *[(s.code, s.label) for s in incident_rules.SUBTYPES]])
    address = forms.CharField(label="演练事件地点", max_length=200, required=False)
    deaths = forms.IntegerField(label="设定死亡人数", min_value=0, required=False)
    trapped = forms.IntegerField(label="设定被困人数", min_value=0, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class FinishDrillForm(StepForm):
    comment = forms.CharField(label="演练小结", max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))


class DrillEvaluationForm(forms.Form):
    """The AQ/T 9009 scored form: one score and note per item, the conclusion and the
    findings (one a line)."""

    version = forms.IntegerField(label="版本", required=False, widget=forms.HiddenInput)
    summary = forms.CharField(label="评估结论", max_length=3000, widget=forms.Textarea(attrs={"rows": 3}))
    findings = forms.CharField(label="发现问题", required=False, max_length=5000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               help_text="每行一项：问题｜责任单位｜整改期限（年-月-日）｜修订（需修订预案时填写）")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields([*(n for c, _, _ in rules.AQT9009_ITEMS for n in (f"score_{c}", f"note_{c}")),
                           "summary", "findings", "version"])
        bootstrapify(self)

    def clean_findings(self) -> list[Any]:
        """The findings typed one a line, read into rows (a bad deadline is this field's
        error); a finding without a deadline is due in 30 days."""
        from yingji.plans.services.drills import parse_findings

        text = self.cleaned_data.get("findings") or ""
        try:
            return parse_findings(text.splitlines(), timezone.localdate() + timedelta(days=30))
        except forms.ValidationError as exc:
            raise forms.ValidationError(exc.messages) from exc


# One score and note per AQ/T 9009 item, declared on the class so the API's schema
# documents them too.
for _code, _label, _top in rules.AQT9009_ITEMS:
    DrillEvaluationForm.base_fields[f"score_{_code}"] = forms.DecimalField(
        label=f"{_label}（满分{_top}）", min_value=0, max_value=_top, decimal_places=1)
    DrillEvaluationForm.base_fields[f"note_{_code}"] = forms.CharField(
        label=f"{_label}扣分说明", max_length=300, required=False)


class CloseFindingForm(StepForm):
    rectification = forms.CharField(label="整改情况", max_length=2000,
                                    widget=forms.Textarea(attrs={"rows": 2}))
