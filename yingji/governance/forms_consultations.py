"""Forms of 会商研判: the session, the analyst's edit of the report's draft, a follow-up
task, and the steps (重新生成数据, 编辑报告, 议定事项, 印发)."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.actor import Actor
from yingji.core.forms import RegionChoiceField, ScopedModelForm, bootstrapify
from yingji.core.steps import NoInputs, Step, StepTable
from yingji.governance.forms import DATE, OwnerChoiceField, owner_choices
from yingji.governance.models import Consultation
from yingji.governance.services import consultations


class ConsultationForm(ScopedModelForm):
    class Meta:
        model = Consultation
        fields = ["kind", "title", "region", "period_start", "period_end", "held_on", "host",
                  "participants", "conclusions"]
        widgets = {"period_start": DATE, "period_end": DATE, "held_on": DATE,
                   "participants": forms.Textarea(attrs={"rows": 2}),
                   "conclusions": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound and not self.instance.pk and user.scope_region_id:
            self.initial.setdefault("region", user.scope_region_id)
        bootstrapify(self)


class ReportEditForm(forms.Form):
    """编辑报告: the overall judgement and one text per part of the report."""

    summary = forms.CharField(label="综合研判", max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, consultation: Consultation | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if consultation is not None:
            self.initial.setdefault("summary", consultation.summary)
            for part in consultation.sections:
                name = f"text_{part['key']}"
                self.fields[name] = forms.CharField(label=part["title"], max_length=5000,
                                                    widget=forms.Textarea(attrs={"rows": 3}))
                self.initial.setdefault(name, part["text"])
        bootstrapify(self)


class FollowUpForm(forms.Form):
    """议定事项: what, by when, who (and where, when it is one district's)."""

    title = forms.CharField(label="议定事项", max_length=200)
    due = forms.DateField(label="完成时限", widget=DATE)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerChoiceField(
            queryset=owner_choices(user).select_related("scope_region"), label="责任人")
        self.fields["region"] = RegionChoiceField(user=user, label="责任区域", required=False)
        self.fields["region"].help_text = "留空则为会商的研判区域"
        bootstrapify(self)


def _edit(obj: Consultation, data: dict[str, Any], actor: Actor) -> Consultation:
    texts = {key[5:]: value for key, value in data.items() if key.startswith("text_")}
    return consultations.edit_report(obj, actor=actor, summary=data.get("summary", ""), texts=texts)


def _generate(obj: Consultation, data: dict[str, Any], actor: Actor) -> Consultation:
    return consultations.generate(obj, actor=actor)


def _issue(obj: Consultation, data: dict[str, Any], actor: Actor) -> Consultation:
    return consultations.issue(obj, actor=actor)


def _follow_up(obj: Consultation, data: dict[str, Any], actor: Actor) -> Any:
    return consultations.add_follow_up(obj, actor=actor, title=data["title"], due=data["due"],
                                       owner=data["owner"], region=data.get("region"))


CONSULTATION_STEPS = StepTable(
    Step("generate", "重新生成数据", NoInputs, run=_generate,
         permission="governance.change_consultation", message="已按平台最新数据重新生成"),
    Step("edit", "编辑报告", ReportEditForm, run=_edit, permission="governance.change_consultation",
         form_kwargs=lambda obj, actor: {"consultation": obj}, message="报告草稿已保存"),
    Step("follow_up", "添加议定事项", FollowUpForm, run=_follow_up,
         permission="governance.change_consultation",
         form_kwargs=lambda obj, actor: {"user": actor.user},
         message=lambda n: f"已添加议定事项：{n.title}"),
    Step("issue", "印发报告", NoInputs, run=_issue, permission="governance.issue_consultation",
         message=lambda c: f"报告已印发（{c.number}）"),
)
