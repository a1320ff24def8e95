"""Excel import of every resource type on the generic mechanism ``yingji.core.imports``.

Located resources (teams, experts, warehouses, shelters, equipment, producers) are
keyed by name and region code: an existing row is updated, a new one created, so an
import can be repeated. Stock arrives as receipts (入库) through the ledger service,
so an imported stock is a ledger entry like any other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportSpec
from yingji.core.models import Region
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.core.services.objects import create_object, update_object
from yingji.resources.models import (
    CommunityProfile,
    Equipment,
    Expert,
    RescueTeam,
    Shelter,
    StockMovement,
    SupplyItem,
    SupplyProducer,
    Warehouse,
)
from yingji.resources.services import stock

LOCATED: dict[str, type[models.Model]] = {
    "rescueteam": RescueTeam, "expert": Expert, "warehouse": Warehouse, "shelter": Shelter,
    "equipment": Equipment, "supplyproducer": SupplyProducer,
}
_SKIP = {"id", "name", "region", "address", "longitude", "latitude", "created_at", "updated_at",
         "team", "warehouse", "last_reviewed_on"}


def _column(field: models.Field[Any, Any]) -> ImportColumn:
    label = str(field.verbose_name)
    required = not (field.blank or field.null or field.has_default())
    if field.choices:
        return ImportColumn(field.name, label, kind="choice", required=required,
                            choices=tuple((str(k), str(v)) for k, v in field.flatchoices))
    if isinstance(field, models.BooleanField):
        return ImportColumn(field.name, label, kind="bool")
    if isinstance(field, models.DateField):
        return ImportColumn(field.name, label, kind="date", required=required)
    if isinstance(field, models.IntegerField):
        return ImportColumn(field.name, label, kind="int", required=required, minimum=0)
    if isinstance(field, models.DecimalField | models.FloatField):
        return ImportColumn(field.name, label, kind="float", required=required, minimum=0)
    return ImportColumn(field.name, label, required=required,
                        max_length=getattr(field, "max_length", None))


def located_spec(key: str) -> ImportSpec:
    """The template of a located resource type: place columns, then its own fields."""
    model = LOCATED[key]
    columns = [
        ImportColumn("name", "名称", required=True, max_length=120),
        ImportColumn("region", "区划代码", required=True,
                     help="12位统计用区划代码，如420102000000（江岸区）"),
        ImportColumn("address", "地址", max_length=200),
        ImportColumn("longitude", "经度", kind="float", minimum=73, maximum=136),
        ImportColumn("latitude", "纬度", kind="float", minimum=3, maximum=54),
    ]
    columns += [_column(f) for f in model._meta.concrete_fields
                if f.name not in _SKIP and f.editable and not f.auto_created]

    def save(values: dict[str, Any], actor: Actor) -> bool:
        return _save_located(model, values, actor)

    return ImportSpec(title=str(model._meta.verbose_name_plural), columns=tuple(columns),
                      save_row=save, object_type=f"resources.{key}")


def _region(value: Any, field: str = "region") -> Region:
    try:
        code = normalize_region_code(str(value))
    except RegionCodeError as exc:
        raise ValidationError({field: str(exc)}) from exc
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: f"区划代码{code}不存在"})
    return region


def _save_located(model: type[models.Model], values: dict[str, Any], actor: Actor) -> bool:
    data = dict(values)
    data["region"] = _region(data["region"])
    for name, value in list(data.items()):
        field: Any = model._meta.get_field(name)
        if isinstance(field, models.DecimalField) and value is not None:
            data[name] = Decimal(str(value))
        if value is None and not field.null and field.has_default():
            data.pop(name)
        elif value is None and not field.null and isinstance(field, models.CharField):
            data[name] = ""
    manager: Any = model._default_manager
    existing = manager.filter(name=data["name"], region=data["region"]).first()
    if existing is not None:
        update_object(existing, data, actor=actor)
        return False
    create_object(model, data, actor=actor)
    return True


def community_spec() -> ImportSpec:
    """社区人口: keyed by the community's region code."""

    def save(values: dict[str, Any], actor: Actor) -> bool:
        region = _region(values.pop("region"))
        if region.level != 5:
            raise ValidationError({"region": f"{region.name}不是社区（村）级区划"})
        existing = CommunityProfile.objects.filter(region=region).first()
        if existing is not None:
            update_object(existing, values, actor=actor)
            return False
        create_object(CommunityProfile, {"region": region, **values}, actor=actor)
        return True

    return ImportSpec(title="社区人口", object_type="resources.communityprofile", save_row=save,
                      columns=(
                          ImportColumn("region", "社区区划代码", required=True),
                          ImportColumn("population", "常住人口", kind="int", required=True, minimum=0),
                          ImportColumn("households", "户数", kind="int", minimum=0),
                          ImportColumn("longitude", "经度", kind="float", minimum=73, maximum=136),
                          ImportColumn("latitude", "纬度", kind="float", minimum=3, maximum=54),
                      ))


def receipt_spec() -> ImportSpec:
    """物资入库: each row is one receipt into a named warehouse (a ledger entry)."""

    def save(values: dict[str, Any], actor: Actor) -> bool:
        houses = Warehouse.objects.filter(name=values["warehouse"])
        if actor.user is not None:
            houses = houses.restrict(actor.user, "view")
        house = houses.first()
        if house is None:
            raise ValidationError({"warehouse": f"储备库“{values['warehouse']}”不存在或超出您的数据范围"})
        item = SupplyItem.objects.filter(code=values["item"]).first()
        if item is None:
            raise ValidationError({"item": f"物资编码{values['item']}不在物资目录中"})
        stock.receive(warehouse=house, item=item, batch_no=values["batch_no"],
                      quantity=values["quantity"], production_date=values.get("production_date"),
                      expiry_date=values.get("expiry_date"), reason=values.get("reason") or "导入入库",
                      actor=actor)
        return True

    return ImportSpec(title="物资入库", object_type="resources.stockmovement", save_row=save,
                      columns=(
                          ImportColumn("warehouse", "储备库名称", required=True),
                          ImportColumn("item", "物资编码", required=True, example="WZ-0102"),
                          ImportColumn("batch_no", "批次号", required=True),
                          ImportColumn("quantity", "数量", kind="float", required=True, minimum=0),
                          ImportColumn("production_date", "生产日期", kind="date"),
                          ImportColumn("expiry_date", "有效期至", kind="date"),
                          ImportColumn("reason", "来源/事由"),
                      ))


def spec_for(kind: str) -> ImportSpec:
    """The import spec of ``kind`` (a key of MODELS)."""
    if kind in LOCATED:
        return located_spec(kind)
    if kind == "communityprofile":
        return community_spec()
    return receipt_spec()
MODELS: dict[str, type[models.Model]] = {**LOCATED, "communityprofile": CommunityProfile,
                                          "stockmovement": StockMovement}
