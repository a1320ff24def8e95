"""Forms of the annual assessment: the scheme, a criterion, the self-assessment (with
evidence), the team's score, a 巡查/约谈/问责 record, and the steps."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.actor import Actor
from yingji.core.forms import MultipleFileField, ScopedModelForm, bootstrapify
from yingji.core.steps import NoInputs, Step, StepTable
from yingji.governance.forms import DATE
from yingji.governance.models import AssessmentCriterion, AssessmentScheme, OversightRecord
from yingji.governance.services import assessments


class AssessmentSchemeForm(ScopedModelForm):
    class Meta:
        model = AssessmentScheme
        fields = ["year", "title", "region", "issuer", "veto_code", "veto_limit"]


class AssessmentCriterionForm(ScopedModelForm):
    class Meta:
        model = AssessmentCriterion
        fields = ["scheme", "category", "name", "weight", "rule", "districts", "order"]
        widgets = {"rule": forms.Textarea(attrs={"rows": 3})}


class OversightRecordForm(ScopedModelForm):
    class Meta:
        model = OversightRecord
        fields = ["kind", "region", "subject", "held_on", "reason", "outcome", "scheme"]
        widgets = {"held_on": DATE, "reason": forms.Textarea(attrs={"rows": 3}),
                   "outcome": forms.Textarea(attrs={"rows": 3})}


class SelfAssessForm(forms.Form):
    self_score = forms.DecimalField(label="自评得分", max_digits=5, decimal_places=1, min_value=0)
    self_note = forms.CharField(label="自评说明", max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(label="佐证材料", help_text="文件、照片，可多选；首次自评必须上传")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = False
        bootstrapify(self)


class TeamScoreForm(forms.Form):
    team_score = forms.DecimalField(label="考核组评分", max_digits=5, decimal_places=1, min_value=0)
    team_note = forms.CharField(label="扣分理由", max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


def _run(service: Any) -> Any:
    def run(obj: Any, data: dict[str, Any], actor: Actor) -> Any:
        return service(obj, actor=actor)
    return run


SCHEME_STEPS = StepTable(
    Step("open", "开始自评", NoInputs, run=_run(assessments.open_scheme),
         permission="governance.change_assessmentscheme", message="已开始自评，各区可填报自评"),
    Step("rank", "计算排名", NoInputs, run=_run(assessments.rank_scheme),
         permission=assessments.SCORE_PERMISSION, message="已按考核得分和一票否决计算排名"),
    Step("publish", "通报", NoInputs, run=_run(assessments.publish),
         permission=assessments.SCORE_PERMISSION, message=lambda s: f"考核结果已通报（{s.number}）"),
)
SCORE_STEPS = StepTable(
    Step("self_assess", "自评", SelfAssessForm, service=assessments.self_assess,
         permission="governance.change_criterionscore", message="自评已保存"),
    Step("team_score", "考核组评分", TeamScoreForm, service=assessments.team_score,
         permission=assessments.SCORE_PERMISSION, message="评分已保存"),
)
