"""Page forms of the warnings app; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from yingji.core.forms import ScopedModelForm, bootstrapify
from yingji.core.models import Region
from yingji.core.scope import scope_of
from yingji.warnings import rules
from yingji.warnings.models import Bulletin, Level, ResponsiblePerson, WarningType

_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PolygonField(forms.JSONField):
    """GeoJSON in a text box; an empty area shows as an empty box, not "null"."""

    def prepare_value(self, value: Any) -> Any:
        return "" if value is None else super().prepare_value(value)


class BulletinForm(ScopedModelForm):
    """A draft bulletin; target regions are typed as division codes (a street or
    community list is too long for a picker)."""

    target_codes = forms.CharField(
        label="预警区域代码", required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="行政区划代码，多个用逗号或空格分隔，如 420102002000, 420102003000")
    polygon = PolygonField(
        label="预警范围（多边形）", required=False,
        widget=forms.Textarea(attrs={"rows": 2, "data-polygon-input": "1", "spellcheck": "false"}),
        help_text="在下方地图上依次点击绘制预警范围（至少3个点，自动闭合）；也可粘贴GeoJSON多边形",
        error_messages={"invalid": "预警范围应为GeoJSON格式的多边形"})

    class Meta:
        model = Bulletin
        fields = ["warning_type", "level", "region", "effective_at", "expires_at", "title",
                  "content", "measures", "issuer", "ack_within_minutes", "polygon"]
        widgets = {"effective_at": _DATETIME, "expires_at": _DATETIME}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = "留空则按区域、类型和级别自动生成"
        kinds = self.fields["warning_type"]
        assert isinstance(kinds, forms.ModelChoiceField)
        kinds.queryset = WarningType.objects.filter(active=True)
        if self.instance.pk:
            self.initial["target_codes"] = ", ".join(
                self.instance.target_regions.values_list("code", flat=True))
        bootstrapify(self)

    def clean_polygon(self) -> Any:
        value = self.cleaned_data.get("polygon")
        if value in (None, "", {}):
            return None
        problem = rules.polygon_problem(value)
        if problem:
            raise ValidationError(problem)
        return value

    def clean_target_codes(self) -> list[Region]:
        raw = self.cleaned_data.get("target_codes") or ""
        codes = [c for c in raw.replace("，", ",").replace(",", " ").split() if c]
        bad = [c for c in codes if not c.isdigit() or len(c) != 12]
        if bad:
            raise ValidationError(f"区划代码应为12位数字：{'、'.join(bad[:5])}")
        regions = list(Region.objects.filter(code__in=codes))
        missing = set(codes) - {r.code for r in regions}
        if missing:
            raise ValidationError(f"区划不存在：{'、'.join(sorted(missing)[:5])}")
        scope = scope_of(self.user)
        outside = [r.name for r in regions if not scope.covers_region(r.code)]
        if outside:
            raise ValidationError(f"超出您的数据范围：{'、'.join(outside[:5])}")
        return regions


# --- the inputs of each workflow step, declared once for the page and the API -------
# Requirements that depend on the workflow (a comment to reject or update, a level to
# upgrade) are the workflow's own: it refuses with the reason, as a conflict in the API.

LEVEL_ERRORS = {"invalid_choice": "预警级别“%(value)s”不在蓝色、黄色、橙色、红色四级之内"}


class CommentStepForm(forms.Form):
    """A step whose only input is the actor's comment (提交审核, 退回修改, 审核发布, 解除)."""

    comment = forms.CharField(label="意见", required=False)


class UpdateStepForm(CommentStepForm):
    """更新: new content, measures or expiry (blank keeps the published one)."""

    content = forms.CharField(label="预警内容", required=False)
    measures = forms.CharField(label="防御措施", required=False)
    expires_at = forms.DateTimeField(label="失效时间", required=False)


class LevelStepForm(UpdateStepForm):
    """升级 / 降级: the new level, and what else changes with it."""

    level = forms.ChoiceField(label="新的级别", choices=[("", "—"), *Level.choices],
                              required=False, error_messages=LEVEL_ERRORS)


class NoInputStepForm(forms.Form):
    """A step without inputs (到期失效, fired by the system)."""


class PhoneAckForm(forms.Form):
    """电话叫应登记 on the board: which call (a silent recipient) and when the person
    answered on the telephone (blank: now)."""

    notification = forms.IntegerField(label="叫应通知", widget=forms.HiddenInput)
    answered_at = forms.DateTimeField(label="确认时间", required=False, widget=_DATETIME,
                                      help_text="留空为当前时间")


class ResponsiblePersonForm(ScopedModelForm):
    class Meta:
        model = ResponsiblePerson
        fields = ["name", "phone", "email", "region", "role", "tier", "hazard_types", "position",
                  "organisation", "published", "active"]
        widgets = {"hazard_types": forms.CheckboxSelectMultiple}
