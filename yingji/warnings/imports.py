"""Excel import of the responsible-person directory (core ``run_import``): one row per
person; a row whose phone, region and duty role match an entry updates it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from yingji.core.actor import Actor
from yingji.core.imports import ImportColumn, ImportSpec
from yingji.core.models import Region
from yingji.core.personal.fields import matches
from yingji.warnings.models import DutyRole, ResponsiblePerson, Tier, WarningType
from yingji.warnings.services import directory


def _hazards(text: str) -> list[WarningType]:
    names = [n.strip() for n in text.replace("，", "、").replace(",", "、").split("、") if n.strip()]
    kinds = {t.name: t for t in WarningType.objects.filter(name__in=names)}
    unknown = [n for n in names if n not in kinds]
    if unknown:
        raise ValidationError({"hazard_types": f"未知的灾种：{'、'.join(unknown)}"})
    return [kinds[n] for n in names]


def save_row(values: dict[str, Any], actor: Actor) -> bool:
    region = Region.objects.filter(code=str(values.get("region") or "")).first()
    if region is None:
        raise ValidationError({"region": f"行政区划不存在：{values.get('region')}"})
    phone = str(values.get("phone") or "")
    if not phone.isdigit() or len(phone) != 11 or not phone.startswith("1"):
        raise ValidationError({"phone": "请填写11位手机号"})
    data: dict[str, Any] = {k: v for k, v in values.items()
                            if k in ("name", "role", "tier", "position", "organisation", "email")
                            and v not in (None, "")}
    data.update(phone=phone, region=region)
    if values.get("published") is True:  # an empty cell reads as False: keep the role default
        data["published"] = True
    if "hazard_types" in values:
        data["hazard_types"] = _hazards(str(values.get("hazard_types") or ""))
    existing = ResponsiblePerson.objects.filter(matches(ResponsiblePerson, "phone", phone),
                                                region=region, role=values.get("role")).first()
    if existing is not None:
        directory.update_person(existing, data, actor=actor)
        return False
    directory.create_person(data, actor=actor)
    return True


def person_import_spec() -> ImportSpec:
    return ImportSpec(
        title="责任人名录",
        object_type="warnings.responsibleperson",
        save_row=save_row,
        columns=(
            ImportColumn("name", "姓名", required=True, max_length=40, example="孙建国"),
            ImportColumn("phone", "手机号", required=True, max_length=20, example="13900000003"),
            ImportColumn("region", "区划代码", required=True, max_length=12,
                         help="12位行政区划代码（街道或社区）", example="420102002001"),
            ImportColumn("role", "责任类别", kind="choice", required=True,
                         choices=DutyRole.choices, example="村（社区）三防责任人"),
            ImportColumn("tier", "层级", kind="choice", choices=Tier.choices,
                         help="为空时按责任类别或区划层级确定"),
            ImportColumn("hazard_types", "负责灾种", help="用顿号分隔，如 暴雨、洪水；为空表示全部"),
            ImportColumn("position", "职务", max_length=60),
            ImportColumn("organisation", "单位", max_length=100),
            ImportColumn("email", "电子邮箱", max_length=254),
            ImportColumn("published", "向社会公布", kind="bool",
                         help="填“是”则公布；为空时三防责任人默认公布"),
        ),
    )
