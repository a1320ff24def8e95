"""Page forms of the enterprise registry; the services do the checking."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm
from yingji.core.scope import scope_of
from yingji.enterprises.access import own_enterprise
from yingji.enterprises.models import (
    AlphaBand,
    Enterprise,
    HazardCategory,
    HazardSubstance,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskBand,
    RiskPoint,
    SupervisionClass,
)
from yingji.enterprises.models.ownership import is_enterprise_user
from yingji.enterprises.services import SUPERVISOR_FIELDS

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EnterpriseForm(ScopedModelForm):
    """企业 create/edit; enterprise accounts see the supervisors' fields read-only."""

    class Meta:
        model = Enterprise
        fields = ["name", "credit_code", "industry", "sub_industry", "dust_explosion",
                  "ammonia_refrigeration", "confined_space", "molten_metal", "region", "address",
                  "longitude", "latitude", "legal_representative", "legal_representative_phone",
                  "principal", "principal_phone", "safety_manager", "safety_manager_phone",
                  "employee_count", "standardisation_level", "supervision_class",
                  "supervising_department", "supervising_officer", "insurance_status",
                  "insurance_expires_on", "status"]
        widgets = {"insurance_expires_on": _DATE}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        code_field: Any = self.fields["credit_code"]
        code_field.max_length = 40  # the service explains a wrong length
        self.fields["credit_code"].widget.attrs["maxlength"] = "18"
        self.fields["region"].help_text = "选择到街道（乡镇）"
        self.fields["longitude"].help_text = "CGCS2000/WGS84 经度，如 114.30"
        if is_enterprise_user(scope_of(user)):
            for name in SUPERVISOR_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True


class EnterpriseChildForm(ScopedModelForm):
    """A form of a row that belongs to an enterprise (given in the URL query). An
    enterprise account's own enterprise is preselected and cannot be changed."""

    parent_field = "enterprise"

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        if self.parent_field not in self.fields:
            return
        if self.instance.pk:
            self.fields[self.parent_field].disabled = True
        elif self.parent_field == "enterprise" and (own := own_enterprise(user)) is not None:
            field: Any = self.fields["enterprise"]
            field.queryset = Enterprise.objects.filter(pk=own.pk)
            field.empty_label = None
            field.disabled = True
            # Disabled: the posted value is ignored, whatever a query string said.
            self.initial["enterprise"] = own.pk


class LicenceForm(EnterpriseChildForm):
    class Meta:
        model = Licence
        fields = ["enterprise", "kind", "number", "scope_text", "issuer", "issued_on",
                  "expires_on"]
        widgets = {"issued_on": _DATE, "expires_on": _DATE}


class MajorHazardForm(EnterpriseChildForm):
    class Meta:
        model = MajorHazard
        fields = ["enterprise", "name", "record_number", "population_500m", "main_person",
                  "main_person_phone", "technical_person", "technical_person_phone",
                  "operation_person", "operation_person_phone"]


class MajorHazardUnitForm(EnterpriseChildForm):
    parent_field = "source"

    class Meta:
        model = MajorHazardUnit
        fields = ["source", "name", "kind", "population_500m"]


class MajorHazardSubstanceForm(EnterpriseChildForm):
    parent_field = "unit"

    class Meta:
        model = MajorHazardSubstance
        fields = ["unit", "substance", "name", "cas", "categories", "quantity"]
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        substance: Any = self.fields["substance"]
        # Aliases and CAS numbers in the label, so that searching the list finds them.
        substance.label_from_instance = _substance_label
        substance.help_text = ("GB 18218-2018表1中的物质；也可不选，直接填写品名（通用名、别名或"
                               "商品名）或CAS号，系统按表1对应")
        self.fields["name"].help_text = ("如“液氨”“LPG”“7664-41-7”；在表1中找不到的物质"
                                         "请选择危险性类别（表2）")


def _substance_label(row: HazardSubstance) -> str:
    extra = "；".join(part for part in (row.aliases, row.cas) if part)
    return f"{row.name}（{extra}）" if extra else row.name


class RiskPointForm(EnterpriseChildForm):
    class Meta:
        model = RiskPoint
        fields = ["enterprise", "name", "location", "hazard_factors", "method", "lec_l", "lec_e",
                  "lec_c", "ls_l", "ls_s", "control_measures", "responsible_person",
                  "responsible_phone", "assessed_on"]
        widgets = {"assessed_on": _DATE, "hazard_factors": forms.Textarea(attrs={"rows": 2}),
                   "control_measures": forms.Textarea(attrs={"rows": 3})}


# --- reference tables (city-wide staff) -----------------------------------------------


class HazardCategoryForm(ScopedModelForm):
    class Meta:
        model = HazardCategory
        fields = ["code", "name", "critical_quantity", "beta", "sort_order"]


class HazardSubstanceForm(ScopedModelForm):
    class Meta:
        model = HazardSubstance
        fields = ["name", "aliases", "cas", "critical_quantity", "toxic_beta", "category",
                  "sort_order"]


class AlphaBandForm(ScopedModelForm):
    class Meta:
        model = AlphaBand
        fields = ["min_population", "alpha", "label"]


class RiskBandForm(ScopedModelForm):
    class Meta:
        model = RiskBand
        fields = ["method", "minimum", "inclusive", "level", "colour"]


class SupervisionClassForm(ScopedModelForm):
    class Meta:
        model = SupervisionClass
        fields = ["code", "name", "description", "inspections_per_year", "sort_order"]


class MemberForm(forms.Form):
    """关联企业账号: one of the enterprise accounts in the supervisor's scope."""

    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="企业账号", queryset=None, empty_label="选择企业用户",
        error_messages={"invalid_choice": "所选用户不存在、不是企业用户或超出您的数据范围",
                        "required": "请选择企业账号"})

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = candidates
        field.label_from_instance = lambda u: f"{u.real_name or u.username}（{u.username}）"
        field.widget.attrs["class"] = "form-select"


class MemberActionForm(MemberForm):
    """The members action: link ``user`` or unlink ``remove`` (one of the linked accounts)."""

    remove: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label="解除关联的企业账号", queryset=None, required=False,
        error_messages={"invalid_choice": "该用户未关联本企业"})

    def __init__(self, *args: Any, candidates: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, candidates=candidates, **kwargs)
        remove: Any = self.fields["remove"]
        remove.queryset = members
        if self.data.get("remove"):
            self.fields["user"].required = False
