"""Forms of the resource pages; choices stay inside the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms

from yingji.core.forms import ScopedModelForm, bootstrapify, scoped_regions
from yingji.resources.models import (
    AnalysisSettings,
    CommunityProfile,
    Equipment,
    Expert,
    RescueTeam,
    ReserveStandard,
    RoadSpeed,
    Shelter,
    SupplyItem,
    SupplyProducer,
    Warehouse,
)

_PLACE = ["name", "region", "address", "longitude", "latitude"]


class RescueTeamForm(ScopedModelForm):
    """救援队伍."""

    class Meta:
        model = RescueTeam
        fields = [*_PLACE, "kind", "leader", "headcount", "members", "capabilities",
                  "equipment_summary", "vehicle_count", "status", "contact", "phone", "duty_phone"]


class EquipmentForm(ScopedModelForm):
    """应急装备."""

    class Meta:
        model = Equipment
        fields = [*_PLACE, "category", "model_spec", "quantity", "unit", "status", "team",
                  "warehouse"]


class ExpertForm(ScopedModelForm):
    """专家."""

    class Meta:
        model = Expert
        fields = [*_PLACE, "specialities", "title", "organisation", "phone", "available",
                  "is_active", "joined_on", "next_review_on"]
        widgets = {"joined_on": forms.DateInput(attrs={"type": "date"}),
                   "next_review_on": forms.DateInput(attrs={"type": "date"})}


class WarehouseForm(ScopedModelForm):
    """储备库."""

    class Meta:
        model = Warehouse
        fields = [*_PLACE, "level", "capacity_m3", "area_m2", "manager", "phone",
                  "contract_enterprise", "contract_until"]
        widgets = {"contract_until": forms.DateInput(attrs={"type": "date"})}


class SupplyItemForm(ScopedModelForm):
    """物资品目."""

    class Meta:
        model = SupplyItem
        fields = ["code", "name", "category", "unit", "spec", "shelf_life_days"]


class SupplyProducerForm(ScopedModelForm):
    """物资生产企业."""

    class Meta:
        model = SupplyProducer
        fields = [*_PLACE, "credit_code", "products", "capacity_note", "contact", "phone",
                  "contracted", "contract_until"]
        widgets = {"contract_until": forms.DateInput(attrs={"type": "date"})}


class ShelterForm(ScopedModelForm):
    """避难场所; served communities are picked among the communities in scope."""

    class Meta:
        model = Shelter
        fields = [*_PLACE, "shelter_class", "shelter_type", "area_m2", "effective_area_m2",
                  "capacity", "facilities", "equipment", "status", "manager", "phone"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["communities"] = forms.ModelMultipleChoiceField(
            label="服务社区", required=False,
            queryset=scoped_regions(user).filter(level=5).order_by("code"),
            initial=list(self.instance.communities.all()) if self.instance.pk else [])
        bootstrapify(self)


class CommunityProfileForm(ScopedModelForm):
    """社区人口."""

    class Meta:
        model = CommunityProfile
        fields = ["region", "population", "households", "longitude", "latitude"]


class MovementForm(forms.Form):
    """One ledger movement on a batch (出库 / 盘点 / 报损)."""

    kind = forms.ChoiceField(label="类型", choices=[("outbound", "出库"), ("stocktake", "盘点"),
                                                   ("loss", "报损")])
    quantity = forms.CharField(label="数量（盘点填实存数）")
    reason = forms.CharField(label="事由", required=False)
    confirm_expired = forms.BooleanField(label="确认发放过期物资", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ReceiveForm(forms.Form):
    """入库 into a warehouse."""

    item = forms.ModelChoiceField(label="物资", queryset=SupplyItem.objects.all())
    batch_no = forms.CharField(label="批次号")
    quantity = forms.CharField(label="数量")
    production_date = forms.DateField(label="生产日期", required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))
    expiry_date = forms.DateField(label="有效期至", required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="来源/事由", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class ReserveStandardForm(ScopedModelForm):
    """储备标准."""

    class Meta:
        model = ReserveStandard
        fields = ["item", "level", "minimum"]


class RoadSpeedForm(ScopedModelForm):
    """道路通行速度 (applies to the next road import)."""

    class Meta:
        model = RoadSpeed
        fields = ["highway", "label", "speed_kmh"]


class AnalysisSettingsForm(ScopedModelForm):
    """分析参数."""

    class Meta:
        model = AnalysisSettings
        fields = ["detour_factor", "estimate_speed_kmh", "rescue_minutes", "max_snap_m",
                  "expiry_warning_days", "shelter_radius_m", "expert_review_months"]


class TransferRequestForm(forms.Form):
    """调拨申请 from a batch."""

    target = forms.ModelChoiceField(label="调入储备库", queryset=Warehouse.objects.none())
    quantity = forms.CharField(label="调拨数量")
    reason = forms.CharField(label="调拨事由")

    def __init__(self, *args: Any, user: Any, exclude: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        houses = Warehouse.objects.restrict(user, "view").order_by("region_id", "name")
        field = self.fields["target"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = houses.exclude(pk=exclude) if exclude else houses
        bootstrapify(self)


class EvaluationForm(forms.Form):
    """专家使用评价."""

    used_on = forms.DateField(label="参与日期", widget=forms.DateInput(attrs={"type": "date"}))
    occasion = forms.CharField(label="参与事项", max_length=200)
    score = forms.TypedChoiceField(label="评分", coerce=int,
                                   choices=[(5, "5分"), (4, "4分"), (3, "3分"), (2, "2分"), (1, "1分")])
    comment = forms.CharField(label="评价意见", required=False)
    evaluator = forms.CharField(label="评价人", required=False, max_length=60)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrapify(self)


class TransferDecisionForm(forms.Form):
    """审批调拨: ``approve=1`` approves, anything else rejects."""

    approve = forms.CharField(label="审批结果", required=False)
    note = forms.CharField(label="审批意见", required=False)


class ExpertReviewForm(forms.Form):
    """专家复核: ``keep=1`` keeps the expert in the pool, anything else takes them out."""

    keep = forms.CharField(label="复核结果", required=False)
    note = forms.CharField(label="复核意见", required=False)
