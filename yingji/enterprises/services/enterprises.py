"""Writes of the enterprise registry itself: enterprises and their accounts (企业用户).

Each operation is atomic, takes ``actor`` keyword-only, checks permission and scope
before and after (through ``core.services.objects``), is audited and emits a domain
event. Invalid input raises ``ValidationError`` with a Chinese message per field, and
nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.models import Region
from yingji.core.scope import scope_of
from yingji.core.services.objects import (
    check_permission,
    check_scope,
    create_object,
    delete_object,
    update_object,
)
from yingji.enterprises import rules
from yingji.enterprises.models import Enterprise, EnterpriseMember
from yingji.enterprises.models.enterprises import SUB_INDUSTRY_PARENT
from yingji.enterprises.models.ownership import is_enterprise_user

# The datasets hold district centroids but no polygons: coordinates are checked to lie
# within this radius of the enterprise's district centroid.
DEFAULT_COORDINATE_RADIUS_KM = 50.0
# Fields an enterprise account may not change on its own file (the supervisors own them).
SUPERVISOR_FIELDS = ("credit_code", "industry", "region", "supervision_class",
                     "supervising_department", "supervising_officer", "status")


def coordinate_radius_km() -> float:
    return float(getattr(settings, "ENTERPRISE_COORDINATE_RADIUS_KM", DEFAULT_COORDINATE_RADIUS_KM))


def clean_enterprise(data: dict[str, Any], *, instance: Enterprise | None = None) -> dict[str, Any]:
    """Check the enterprise's own rules; raise one ValidationError naming every field."""
    errors: dict[str, str] = {}
    data = dict(data)
    if "credit_code" in data:
        try:
            data["credit_code"] = rules.normalize_credit_code(data["credit_code"] or "")
        except rules.CreditCodeError as exc:
            errors["credit_code"] = str(exc)
        else:
            clash = Enterprise.objects.filter(credit_code=data["credit_code"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            other = clash.first()
            if other is not None:
                errors["credit_code"] = f"该统一社会信用代码已登记（{other.name}）"
    region = data.get("region", instance.region if instance else None)
    if "region" in data and region is not None and region.level < 4:
        errors["region"] = "所属区划应选择到街道（乡镇）"
    industry = data.get("industry", instance.industry if instance else "")
    sub = data.get("sub_industry", instance.sub_industry if instance else "")
    if sub and SUB_INDUSTRY_PARENT.get(sub) not in (None, industry):
        errors["sub_industry"] = "行业细类与行业类别不一致"
    lon = data.get("longitude", instance.longitude if instance else None)
    lat = data.get("latitude", instance.latitude if instance else None)
    if (lon is None) != (lat is None):
        errors["longitude" if lon is None else "latitude"] = "经度和纬度须同时填写"
    elif lon is not None and lat is not None and region is not None and "region" not in errors:
        try:
            rules.check_coordinates(lon, lat)
            _check_near_district(lon, lat, region)
        except rules.HazardInputError as exc:
            errors[exc.field] = str(exc)
    if errors:
        raise ValidationError(errors)
    return data


def _check_near_district(lon: float, lat: float, region: Region) -> None:
    district = Region.objects.filter(code=region.code[:6] + "000000").first()
    if district is None or district.coordinates is None:
        return
    assert district.longitude is not None and district.latitude is not None
    distance = rules.distance_km(lon, lat, district.longitude, district.latitude)
    radius = coordinate_radius_km()
    if distance > radius:
        raise rules.HazardInputError(
            f"坐标距{district.name}中心约{distance:.0f}公里，超出允许的{radius:.0f}公里，"
            "不在所属区划内，请核对经纬度或所属街道", field="longitude")


@transaction.atomic
def create_enterprise(data: dict[str, Any], *, actor: Actor) -> Enterprise:
    """Register an enterprise (一企一档) inside the actor's scope."""
    check_permission(actor, Enterprise, "add")
    data = clean_enterprise(data)
    return create_object(Enterprise, data, actor=actor)


@transaction.atomic
def update_enterprise(enterprise: Enterprise, data: dict[str, Any], *, actor: Actor) -> Enterprise:
    """Change an enterprise's file; enterprise accounts may not touch supervisor fields."""
    check_permission(actor, Enterprise, "change")
    check_scope(actor, enterprise)
    if actor.user is not None and is_enterprise_user(scope_of(actor.user)):
        touched = [f for f in SUPERVISOR_FIELDS
                   if f in data and _differs(getattr(enterprise, f), data[f])]
        if touched:
            raise ValidationError({f: "企业用户不能修改此项，请联系监管部门" for f in touched})
    data = clean_enterprise(data, instance=enterprise)
    return update_object(enterprise, data, actor=actor)


def _differs(current: Any, new: Any) -> bool:
    if isinstance(current, models.Model) or isinstance(new, models.Model):
        return getattr(current, "pk", current) != getattr(new, "pk", new)
    return bool(current != new)


@transaction.atomic
def upsert_enterprise(data: dict[str, Any], *, actor: Actor) -> tuple[Enterprise, bool]:
    """Create the enterprise, or update the one with the same credit code (imports)."""
    try:
        code = rules.normalize_credit_code(data.get("credit_code") or "")
    except rules.CreditCodeError as exc:
        raise ValidationError({"credit_code": str(exc)}) from exc
    existing = Enterprise.objects.filter(credit_code=code).first()
    if existing is None:
        return create_enterprise({**data, "credit_code": code}, actor=actor), True
    changes = {k: v for k, v in data.items() if k != "credit_code"}
    return update_enterprise(existing, changes, actor=actor), False


@transaction.atomic
def delete_enterprise(enterprise: Enterprise, *, actor: Actor) -> None:
    delete_object(enterprise, actor=actor)


@transaction.atomic
def add_member(enterprise: Enterprise, user: Any, *, actor: Actor) -> EnterpriseMember:
    """Link an enterprise account (a user holding the 企业用户 role whose scope lies
    inside the actor's) to the enterprise (supervisors only)."""
    check_permission(actor, Enterprise, "add")
    check_scope(actor, enterprise)
    if not user.is_active or not user.groups.filter(name="enterprise").exists():
        raise ValidationError({"user": "该用户不存在、已停用或不是企业用户"})
    if actor.user is not None and not user.in_scope(scope_of(actor.user)):
        raise ValidationError({"user": "该用户的数据范围超出您的数据范围"})
    member, created = EnterpriseMember.objects.get_or_create(enterprise=enterprise, user=user)
    if created:
        audit.record(audit.AuditAction.CREATE, actor=actor, obj=member,
                     after=audit.snapshot(member), region_code=enterprise.region_id,
                     object_repr=f"企业账号：{user}→{enterprise}")
    return member


@transaction.atomic
def remove_member(enterprise: Enterprise, user: Any, *, actor: Actor) -> None:
    """Unlink an enterprise account from the enterprise (supervisors only)."""
    check_permission(actor, Enterprise, "add")
    check_scope(actor, enterprise)
    member = EnterpriseMember.objects.filter(enterprise=enterprise, user=user).first()
    if member is None:
        return
    before = audit.snapshot(member)
    member.delete()
    audit.record(audit.AuditAction.DELETE, actor=actor, before=before,
                 object_type=audit.object_type_of(EnterpriseMember), object_id=str(before["id"]),
                 object_repr=f"企业账号：{user}→{enterprise}", region_code=enterprise.region_id)


def member_candidates(actor_user: Any, enterprise: Enterprise) -> models.QuerySet[Any]:
    """Enterprise accounts inside ``actor_user``'s scope not yet linked to ``enterprise``."""
    from yingji.core.models import User

    return (User.objects.within(scope_of(actor_user))
            .filter(groups__name="enterprise", is_active=True)
            .exclude(enterprise_memberships__enterprise=enterprise)
            .order_by("username"))


def members_of(enterprise: Enterprise) -> models.QuerySet[Any]:
    """The enterprise accounts linked to ``enterprise``."""
    from yingji.core.models import User

    return User.objects.filter(enterprise_memberships__enterprise=enterprise).order_by("id")
