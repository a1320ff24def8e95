"""Page forms of the shared models, and the pieces every module's forms reuse:
scope-limited choices, the region picker, Bootstrap classes, service-error mapping."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Model, QuerySet, TextField
from django.urls import NoReverseMatch, reverse

from yingji.core.fieldchecks import TEXT_MAX_LENGTH
from yingji.core.models import Department, Industry, Region, User
from yingji.core.roles import ROLE_CHOICES
from yingji.core.scope import may, scope_of

# --- scope ------------------------------------------------------------------------------


def scoped_regions(user: Any) -> QuerySet[Region]:
    """Regions ``user`` may see and pick: the subtree of their scope (all for a
    nationwide scope), nothing without the region view permission."""
    if not may(user, Region, "view"):
        return Region.objects.none()
    prefix = scope_of(user).region_prefix
    regions = Region.objects.all()
    return regions.subtree(prefix) if prefix is not None else regions


# --- widgets and fields -----------------------------------------------------------------


class RegionSelect(forms.Select):
    """A ``<select>`` holding only the chosen region, plus a search box that fills it
    from the region autocomplete endpoint (``static/ui/region-select.js``): the full
    list can hold hundreds of thousands of regions."""

    template_name = "ui/widgets/region_select.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, compact: bool = False,
                 empty_label: str = "请选择区划") -> None:
        super().__init__(attrs)
        self.compact = compact
        self.empty_label = empty_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["compact"] = self.compact
        try:
            context["widget"]["search_url"] = reverse("region_autocomplete")
        except NoReverseMatch:
            context["widget"]["search_url"] = ""
        return context

    def optgroups(self, name: str, value: list[str], attrs: dict[str, Any] | None = None) -> Any:
        codes = [v for v in value if v]
        options = [self.create_option(name, "", self.empty_label, not codes, 0)]
        for index, region in enumerate(Region.objects.filter(code__in=codes), start=1):
            options.append(self.create_option(name, region.code, region_label(region), True, index))
        return [(None, options, 0)]


def region_label(region: Region) -> str:
    return f"{region.full_name or region.name}（{region.code}）"


class RegionChoiceField(forms.ModelChoiceField):
    """A region inside the user's scope; anything else is refused with a Chinese message."""

    widget = RegionSelect
    default_error_messages = {"invalid_choice": "所选区划不存在或超出您的数据范围"}

    def __init__(self, *, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", "请选择区划")
        super().__init__(queryset=scoped_regions(user), **kwargs)

    def label_from_instance(self, obj: Model) -> str:
        return region_label(obj)  # type: ignore[arg-type]


def bootstrapify(form: forms.BaseForm, *, filter_form: bool = False) -> None:
    """Give every widget its Tabler/Bootstrap class; filter forms say 全部 for "any"."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        _label_blank_choice(field, "全部" if filter_form else "请选择")
        if filter_form and isinstance(widget, forms.TextInput) and not widget.attrs.get(
                "placeholder"):
            widget.attrs["placeholder"] = str(field.label or "")


def _label_blank_choice(field: forms.Field, label: str) -> None:
    """Replace Django's "---------" with ``label`` (全部 in filters, 请选择 in forms)."""
    widget = field.widget
    if isinstance(widget, forms.NullBooleanSelect):
        if label == "全部":
            widget.choices = [("unknown", "全部"), ("true", "是"), ("false", "否")]
        return
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == "---------":
            field.empty_label = label
        return
    if getattr(field, "empty_label", None) is not None:
        field.empty_label = label  # type: ignore[attr-defined]  # django-filter's ChoiceField
        # The widget holds a copy of the choice iterator bound to the class-level field.
        field.widget.choices = field.choices  # type: ignore[attr-defined]
        return
    if isinstance(field, forms.ChoiceField):
        choices: list[Any] = list(field.choices)  # type: ignore[arg-type]
        if choices and choices[0][0] == "" and str(choices[0][1]).startswith("---"):
            field.choices = [("", label), *choices[1:]]


def mark_invalid(form: forms.BaseForm) -> None:
    """Add Bootstrap's ``is-invalid`` to the widgets of fields with errors."""
    for name in form.errors:
        field = form.fields.get(name)
        if field is not None and "is-invalid" not in field.widget.attrs.get("class", ""):
            field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} is-invalid".strip()


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where the form has the
    field, otherwise at the top prefixed with the field's label."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    model = getattr(getattr(form, "_meta", None), "model", None)
    for name, errors in error.error_dict.items():
        if name in form.fields:
            for item in errors:
                form.add_error(name, item)
            continue
        label = _field_label(model, name) if name != NON_FIELD_ERRORS else ""
        for item in errors:
            for message in item.messages:
                form.add_error(None, f"{label}：{message}" if label else message)


def _field_label(model: type[Model] | None, name: str) -> str:
    if model is None:
        return name
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return name


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose choices stay inside ``user``'s scope: region fields become the
    region picker over the scope subtree; links to scoped models list only rows the
    user may view."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        for name, field in list(self.fields.items()):
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            if field.queryset.model is Region and not isinstance(field, RegionChoiceField):
                self.fields[name] = RegionChoiceField(
                    user=user, required=field.required, label=field.label,
                    help_text=field.help_text, initial=field.initial, disabled=field.disabled,
                )
            elif hasattr(field.queryset, "restrict"):
                field.queryset = field.queryset.restrict(user, "view")
        limit_free_text(self)
        bootstrapify(self)


def limit_free_text(form: forms.ModelForm) -> None:
    """Give the form's free-text fields (model TextFields) the shared length limit."""
    model = form._meta.model
    for name, field in form.fields.items():
        try:
            model_field = model._meta.get_field(name)
        except Exception:
            continue
        if isinstance(model_field, TextField) and isinstance(field, forms.CharField) \
                and field.max_length is None:
            field.max_length = TEXT_MAX_LENGTH
            field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))


# --- the shared models' forms -----------------------------------------------------------


class DepartmentForm(ScopedModelForm):
    """组织机构 create/edit."""

    class Meta:
        model = Department
        fields = ["name", "short_name", "kind", "parent", "region", "sector", "phone",
                  "address", "sort_order", "is_active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField) and parent.queryset is not None
        parent.empty_label = "（无上级单位）"
        if self.instance.pk:
            parent.queryset = parent.queryset.exclude(pk=self.instance.pk)


def password_help_text() -> str:
    return "；".join(password_validators_help_texts())


class UserForm(ScopedModelForm):
    """用户 create/edit: account fields, roles as checkboxes, scope region and industries,
    and on creation an initial password (the user must change it at first login)."""

    roles = forms.MultipleChoiceField(
        label="角色", choices=ROLE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text="系统管理员与审计员不能由同一账号兼任",
        error_messages={"required": "请至少选择一个角色"},
    )
    scope_industries = forms.MultipleChoiceField(
        label="行业范围", choices=Industry.choices, widget=forms.CheckboxSelectMultiple,
        required=False, help_text="不选表示不限行业",
    )
    password = forms.CharField(
        label="初始密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label="确认初始密码", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ["username", "real_name", "phone", "email", "department", "position",
                  "scope_region", "scope_industries", "is_active"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["password"].help_text = password_help_text() + "。用户首次登录时须修改密码"
        self.fields["real_name"].required = True
        self.fields["username"].help_text = "登录账号：字母、数字和 @ . + - _，不超过150个字符"
        self.fields["is_active"].label = "启用"
        self.fields["is_active"].help_text = "停用后该账号不能登录，数据和审计记录保留"
        self.fields["email"].label = "电子邮箱"
        if getattr(user, "scope_region_id", None):
            self.fields["scope_region"].required = True
            self.fields["scope_region"].help_text = "可查看和处理的行政区划范围，不能超出您自己的范围"
        if self.instance.pk:
            self.fields["username"].disabled = True
            self.fields["username"].help_text = "账号创建后不能修改"
            del self.fields["password"], self.fields["password_confirm"]
            self.initial["roles"] = self.instance.role_codes

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password"), cleaned.get("password_confirm")
        if first and second and first != second:
            self.add_error("password_confirm", "两次输入的密码不一致")
        return cleaned


# --- files -------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that takes several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (each is checked by the service)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []
