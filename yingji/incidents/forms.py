"""Page forms of the incidents app; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.incidents import rules
from yingji.incidents.models import Contact, DutyShift, Incident, ReportKind, ResourceKind

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class IncidentForm(ScopedModelForm):
    """The duty officer's fast intake form; leave 事件等级 empty to take the rule's grade."""

    class Meta:
        model = Incident
        fields = ["received_at", "source", "caller", "caller_phone", "caller_unit", "title",
                  "category", "subtype", "region", "address", "longitude", "latitude",
                  "occurred_at", "deaths", "missing", "serious_injuries", "injuries", "trapped",
                  "loss_wan", "affected", "relocated", "description", "grade", "enterprise"]
        widgets = {"received_at": _DATETIME, "occurred_at": _DATETIME,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["grade"].required = False
        self.fields["grade"].help_text = "留空则采用系统按规则研判的等级"
        self.fields["enterprise"].help_text = "留空则按地点自动匹配"
        self.fields["subtype"].widget.attrs["data-subtypes"] = "1"
        for name in ("longitude", "latitude"):
            self.fields[name].widget.attrs["step"] = "any"
        bootstrapify(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reason = rules.check_classification(str(data.get("category") or ""),
                                            str(data.get("subtype") or ""))
        if reason and data.get("category") and data.get("subtype"):
            self.add_error("subtype", reason)
        return data


class DetailsForm(forms.ModelForm):
    """Corrections of the facts recorded at intake."""

    class Meta:
        model = Incident
        fields = ["title", "source", "caller", "caller_phone", "caller_unit", "address",
                  "longitude", "latitude", "occurred_at", "description"]
        widgets = {"occurred_at": _DATETIME, "description": forms.Textarea(attrs={"rows": 2})}


class FiguresForm(forms.Form):
    deaths = forms.IntegerField(label="死亡", min_value=0)
    missing = forms.IntegerField(label="失踪", min_value=0)
    serious_injuries = forms.IntegerField(label="重伤", min_value=0)
    injuries = forms.IntegerField(label="轻伤", min_value=0)
    trapped = forms.IntegerField(label="被困", min_value=0)
    loss_wan = forms.DecimalField(label="直接经济损失（万元）", min_value=0, decimal_places=2)


class ReportSubmitForm(forms.Form):
    kind = forms.ChoiceField(label="报告类型", choices=ReportKind.choices)
    content = forms.CharField(label="报告正文（留空按事件信息自动生成）", required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))
    submitted_at = forms.DateTimeField(label="报送时间（留空为当前）", required=False,
                                       widget=_DATETIME)


class DispatchForm(forms.Form):
    resource_kind = forms.ChoiceField(label="资源类型", choices=ResourceKind.choices)
    resource_id = forms.IntegerField(label="资源编号", min_value=1)
    task = forms.CharField(label="任务", required=False, max_length=200)
    override_reason = forms.CharField(label="强制调派理由", required=False, max_length=200)
    estimated_minutes = forms.FloatField(required=False, widget=forms.HiddenInput)
    estimate_method = forms.CharField(required=False, widget=forms.HiddenInput)


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[(s, s) for s in ("accept", "depart", "arrive", "complete",
                                                       "return", "cancel")])
    at = forms.DateTimeField(label="时间", required=False, widget=_DATETIME)
    comment = forms.CharField(required=False, max_length=200)
    version = forms.IntegerField(min_value=0)


class ShiftForm(ScopedModelForm):
    class Meta:
        model = DutyShift
        fields = ["region", "pattern", "start", "end", "leaders", "officers", "phone", "note"]
        widgets = {"start": _DATETIME, "end": _DATETIME}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        from yingji.core.models import User

        for name in ("leaders", "officers"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = User.objects.filter(is_active=True).order_by("real_name")
            field.widget.attrs["size"] = 6
        bootstrapify(self)


class ContactForm(ScopedModelForm):
    class Meta:
        model = Contact
        fields = ["region", "name", "organisation", "position", "category", "phone", "mobile",
                  "note"]


def bootstrap(form: forms.BaseForm) -> forms.BaseForm:
    bootstrapify(form)
    return form
