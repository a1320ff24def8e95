"""Forms of the annual plan and the 双随机 draw."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import RegionChoiceField, bootstrapify
from yingji.core.models import Department, Industry
from yingji.enforcement.models import AnnualPlan


class DrawForm(forms.Form):
    """The inputs of a draw (the page and the API)."""

    title = forms.CharField(label="抽查名称", max_length=120)
    department = forms.ModelChoiceField(label="执法部门", queryset=Department.objects.all())
    plan = forms.ModelChoiceField(label="年度计划", queryset=AnnualPlan.objects.all(), required=False)
    industry = forms.ChoiceField(label="行业", choices=[("", "全部行业"), *Industry.choices],
                                 required=False)
    supervision_class = forms.ChoiceField(label="监管类别", required=False, choices=[
        ("", "全部类别"), ("A", "A类"), ("B", "B类"), ("C", "C类"), ("D", "D类")])
    count = forms.IntegerField(label="抽取企业数", min_value=1, max_value=100000)
    team_size = forms.IntegerField(label="每组人数", min_value=2, max_value=10, initial=2)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"] = RegionChoiceField(user=user, label="抽查区域")
        dept: Any = self.fields["department"]
        dept.queryset = Department.objects.restrict(user, "view")
        plan: Any = self.fields["plan"]
        plan.queryset = AnnualPlan.objects.restrict(user, "view")
        bootstrapify(self)
