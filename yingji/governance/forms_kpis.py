"""Forms of the indicator library: an indicator, a target, and the input of the
entered value step (with its evidence)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from yingji.core import kpis
from yingji.core.forms import MultipleFileField, RegionChoiceField, ScopedModelForm, bootstrapify
from yingji.core.models import Region
from yingji.core.steps import Step, StepTable
from yingji.governance.models import Indicator, IndicatorKind, IndicatorTarget
from yingji.governance.services import kpis as kpi_services


class IndicatorForm(ScopedModelForm):
    """An indicator: a computed one is chosen among the registered providers (its unit
    and direction are the provider's); an entered one is described here."""

    class Meta:
        model = Indicator
        fields = ["kind", "code", "name", "unit", "higher_is_better", "definition", "order", "active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        choices = ", ".join(f"{p.code}（{p.name}）" for p in kpis.providers())
        self.fields["code"].help_text = f"自动计算指标的代码：{choices}"
        if self.instance.pk:
            self.fields["code"].disabled = True
        bootstrapify(self)


class IndicatorTargetForm(ScopedModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["indicator", "year", "region", "value", "note"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ModelChoiceField)
        indicator.queryset = Indicator.objects.filter(active=True)
        bootstrapify(self)


def parse_month(text: str) -> date:
    try:
        year, month = (int(part) for part in str(text).split("-")[:2])
        return date(year, month, 1)
    except (TypeError, ValueError) as exc:
        raise ValidationError("月份应为“年-月”，如2024-06") from exc


class EntryForm(forms.Form):
    """填报: a district's value for a month, the explanation and the evidence."""

    region = forms.ModelChoiceField(queryset=Region.objects.none(), label="区县")  # the scope's, below
    month = forms.CharField(label="月份", widget=forms.DateInput(attrs={"type": "month"}))
    value = forms.DecimalField(label="填报值", max_digits=10, decimal_places=1)
    note = forms.CharField(label="情况说明", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(label="佐证材料", help_text="文件、照片，可多选；必须上传")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionChoiceField(user=user, label="区县")
        bootstrapify(self)

    def clean_month(self) -> date:
        return parse_month(self.cleaned_data["month"])


def _user_kwargs(obj: Any, actor: Any) -> dict[str, Any]:
    return {"user": actor.user}


INDICATOR_STEPS = StepTable(
    Step("enter", "填报指标值", EntryForm, service=kpi_services.enter_value,
         permission="governance.add_indicatorentry", form_kwargs=_user_kwargs,
         message=lambda e: f"已填报{e.region.name}{e.month:%Y年%m月}：{e.value}"),
)

__all__ = ["INDICATOR_STEPS", "EntryForm", "IndicatorForm", "IndicatorKind", "IndicatorTargetForm"]
