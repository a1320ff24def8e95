"""Excel import of enterprises (idempotent by credit code) on the generic mechanism
``yingji.core.imports``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportSpec
from yingji.core.models import Industry, Region
from yingji.core.rules import RegionCodeError, normalize_region_code
from yingji.enterprises import services
from yingji.enterprises.models import (
    EnterpriseStatus,
    InsuranceStatus,
    StandardisationLevel,
    SubIndustry,
    SupervisionClass,
)

# Choice columns that must keep their current (or default) value when left empty.
_KEEP_WHEN_EMPTY = ("standardisation_level", "insurance_status", "status")


def enterprise_import_spec() -> ImportSpec:
    """The columns of the enterprise template (supervision classes from the reference
    table, so a configured class list is importable)."""
    classes = tuple((c.code, c.name) for c in SupervisionClass.objects.order_by("sort_order"))
    return ImportSpec(
        title="企业档案", object_type="enterprises.enterprise", save_row=save_enterprise_row,
        columns=(
            ImportColumn("name", "企业名称", required=True, max_length=120,
                         example="武汉长江化工有限公司"),
            ImportColumn("credit_code", "统一社会信用代码", required=True,
                         help="18位，按GB 32100-2015校验；已存在的代码更新该企业",
                         example="91350100M000100Y43"),
            ImportColumn("industry", "行业类别", kind="choice", required=True,
                         choices=tuple(Industry.choices)),
            ImportColumn("sub_industry", "行业细类", kind="choice",
                         choices=tuple(SubIndustry.choices)),
            ImportColumn("region", "所属街道代码", required=True,
                         help="9位或12位街道（乡镇）统计用区划代码", example="420102002000"),
            ImportColumn("address", "详细地址", required=True, max_length=200),
            ImportColumn("longitude", "经度", kind="float", minimum=73, maximum=136,
                         help="CGCS2000/WGS84，须在所属区县范围内", example=114.2985),
            ImportColumn("latitude", "纬度", kind="float", minimum=3, maximum=54, example=30.5927),
            ImportColumn("legal_representative", "法定代表人", max_length=40),
            ImportColumn("legal_representative_phone", "法定代表人电话", max_length=20),
            ImportColumn("principal", "主要负责人", max_length=40),
            ImportColumn("principal_phone", "主要负责人电话", max_length=20),
            ImportColumn("safety_manager", "安全管理负责人", max_length=40),
            ImportColumn("safety_manager_phone", "安全管理负责人电话", max_length=20),
            ImportColumn("employee_count", "从业人员数", kind="int", minimum=0, maximum=1_000_000),
            ImportColumn("standardisation_level", "安全生产标准化等级", kind="choice",
                         choices=tuple(StandardisationLevel.choices)),
            ImportColumn("supervision_class", "监管类别", kind="choice", choices=classes),
            ImportColumn("insurance_status", "安责险", kind="choice",
                         choices=tuple(InsuranceStatus.choices)),
            ImportColumn("insurance_expires_on", "安责险到期日", kind="date"),
            ImportColumn("status", "经营状态", kind="choice", choices=tuple(EnterpriseStatus.choices)),
            ImportColumn("dust_explosion", "粉尘涉爆", kind="bool"),
            ImportColumn("ammonia_refrigeration", "涉氨制冷", kind="bool"),
            ImportColumn("confined_space", "有限空间作业", kind="bool"),
            ImportColumn("molten_metal", "高温熔融金属", kind="bool"),
        ),
    )


def save_enterprise_row(values: dict[str, Any], actor: Actor) -> bool:
    """Create or update (by credit code) one enterprise from an imported row."""
    data = dict(values)
    try:
        code = normalize_region_code(str(data["region"]))
    except RegionCodeError as exc:
        raise ValidationError({"region": str(exc)}) from exc
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": f"行政区划不存在：{code}"})
    data["region"] = region
    if "supervision_class" in data:
        data["supervision_class"] = SupervisionClass.objects.filter(
            code=data["supervision_class"]).first() if data["supervision_class"] else None
    for key in _KEEP_WHEN_EMPTY:
        if data.get(key) == "":
            del data[key]
    if data.get("employee_count") is None:
        data.pop("employee_count", None)
    _, created = services.upsert_enterprise(data, actor=actor)
    return created
