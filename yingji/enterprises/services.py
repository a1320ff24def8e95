"""Every write of the enterprise registry: enterprises, members, licences, major hazard
sources, units, substances and risk points.

Each operation is atomic, takes ``actor`` keyword-only, checks permission and scope
before and after (through ``core.services.objects``), is audited and emits a domain
event. Writes to major hazard inputs recompute the GB 18218-2018 assessment of the
unit, its source and the enterprise; writes to risk points recompute their score and
the enterprise's roll-up colour. Invalid input raises ``ValidationError`` with a
Chinese message per field, and nothing is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Prefetch

from yingji.core import audit, events
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
from yingji.enterprises.models import (
    AlphaBand,
    Enterprise,
    EnterpriseMember,
    HazardCategory,
    HazardSubstance,
    Licence,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    RiskBand,
    RiskPoint,
)
from yingji.enterprises.models.enterprises import SUB_INDUSTRY_PARENT
from yingji.enterprises.models.ownership import is_enterprise_user

M = TypeVar("M", bound=models.Model)

# The datasets hold district centroids but no polygons: coordinates are checked to lie
# within this radius of the enterprise's district centroid.
DEFAULT_COORDINATE_RADIUS_KM = 50.0
# Fields an enterprise account may not change on its own file (the supervisors own them).
SUPERVISOR_FIELDS = ("credit_code", "industry", "region", "supervision_class",
                     "supervising_department", "supervising_officer", "status")


def coordinate_radius_km() -> float:
    return float(getattr(settings, "ENTERPRISE_COORDINATE_RADIUS_KM", DEFAULT_COORDINATE_RADIUS_KM))


# --- reference tables -----------------------------------------------------------------


@dataclass(frozen=True)
class Tables:
    """The GB 18218-2018 tables as loaded from the reference data."""

    named: dict[str, rules.NamedRow]
    categories: dict[str, rules.CategoryRow]
    alpha_bands: tuple[tuple[int, float], ...]


def load_tables() -> Tables:
    """Tables 1–5 from the editable reference models (three queries)."""
    categories = {c.code: rules.CategoryRow(c.code, c.critical_quantity, c.beta)
                  for c in HazardCategory.objects.all()}
    named = {s.name: rules.NamedRow(s.name, s.critical_quantity, s.toxic_beta,
                                    s.category.code if s.category else None)
             for s in HazardSubstance.objects.select_related("category")}
    alpha = tuple(AlphaBand.objects.values_list("min_population", "alpha"))
    return Tables(named, categories, alpha or rules.DEFAULT_ALPHA_BANDS)


def risk_bands(method: str) -> tuple[rules.ScoreBand, ...]:
    rows = RiskBand.objects.filter(method=method)
    bands = tuple(rules.ScoreBand(b.minimum, b.inclusive, b.level, b.colour) for b in rows)
    if bands:
        return bands
    return rules.DEFAULT_LEC_BANDS if method == "lec" else rules.DEFAULT_LS_BANDS


# --- enterprises ----------------------------------------------------------------------


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


# --- bulk loads (demo data, benchmarks) ----------------------------------------------


@transaction.atomic
def bulk_create_rows(model: type[M], rows: list[M], *, actor: Actor, summary: str) -> list[M]:
    """Insert many prepared rows at once (demo data and benchmarks): permission and scope
    are checked per row, and the load is audited as one entry with its count."""
    check_permission(actor, model, "add")
    if actor.user is not None:
        for row in rows:
            check_scope(actor, row)
    created = model._default_manager.bulk_create(rows, batch_size=1000)
    audit.record(audit.AuditAction.CREATE, actor=actor, object_type=audit.object_type_of(model),
                 object_repr=f"批量新增{model._meta.verbose_name}{len(created)}条",
                 detail=f"{summary}：批量新增{len(created)}条")
    events.emit(f"{model._meta.model_name}.bulk_created", actor=actor, push=False,
                summary=f"批量新增{model._meta.verbose_name}{len(created)}条（{summary}）")
    return created


def roll_up_all(queryset: models.QuerySet[Enterprise]) -> None:
    """``refresh_enterprise`` for many enterprises in eight UPDATEs (bulk loads): the
    highest major hazard grade, then each colour from the least to the most severe, so
    the most severe of risk points and grade wins (``rules.enterprise_colour``)."""
    queryset.update(major_hazard_grade=None, risk_colour="")
    for grade in (4, 3, 2, 1):
        queryset.filter(pk__in=MajorHazard.objects.filter(is_major=True, grade=grade)
                        .values("enterprise_id")).update(major_hazard_grade=grade)
    for colour in reversed(rules.COLOURS):
        grades = [g for g, c in rules.DEFAULT_GRADE_COLOURS.items() if c == colour]
        has_point = models.Q(pk__in=RiskPoint.objects.filter(colour=colour).values("enterprise_id"))
        queryset.filter(has_point | models.Q(major_hazard_grade__in=grades)).update(
            risk_colour=colour)


@transaction.atomic
def grade_all(sources: list[MajorHazard], *, actor: Actor) -> None:
    """Grade many sources at once with one load of the tables (bulk loads); audited as
    one entry. Enterprises' roll-up is left to the caller."""
    tables = load_tables()
    substances: Any = Prefetch("substances", queryset=MajorHazardSubstance.objects
                               .select_related("substance").prefetch_related("categories"))
    source_ids = [s.pk for s in sources]
    units = list(MajorHazardUnit.objects.filter(source_id__in=source_ids)
                 .select_related("source").prefetch_related(substances))
    by_source: dict[int, list[MajorHazardUnit]] = {}
    for unit in units:
        entries = [substance_input(item, tables) for item in unit.substances.all()]
        result = rules.assess_unit(entries, unit.population, tables.alpha_bands)
        unit.s_value, unit.r_value, unit.alpha = round(result.s, 6), round(result.r, 6), result.alpha
        unit.is_major, unit.grade, unit.working = result.is_major, result.grade, result.as_dict()
        by_source.setdefault(unit.source_id, []).append(unit)
    MajorHazardUnit.objects.bulk_update(
        units, ["s_value", "r_value", "alpha", "is_major", "grade", "working"], batch_size=500)
    for source in sources:
        values = _source_values(by_source.get(source.pk, []))
        for name, value in values.items():
            setattr(source, name, value)
    MajorHazard.objects.bulk_update(sources, list(_source_values([])), batch_size=500)
    audit.record(audit.AuditAction.UPDATE, actor=actor,
                 object_type=audit.object_type_of(MajorHazard),
                 object_repr=f"重大危险源分级{len(sources)}处",
                 detail=f"按GB 18218-2018批量计算{len(sources)}处重大危险源、{len(units)}个单元")


def _source_values(units: list[MajorHazardUnit]) -> dict[str, Any]:
    """A source's stored assessment: its most severe unit's grade and α, the largest S
    and R, and a summary of every unit."""
    majors = [u for u in units if u.is_major and u.grade]
    worst = min(majors, key=lambda u: (u.grade, -u.r_value)) if majors else None
    return {
        "s_value": max((u.s_value for u in units), default=0),
        "r_value": max((u.r_value for u in units), default=0),
        "alpha": worst.alpha if worst else 0,
        "is_major": bool(majors), "grade": worst.grade if worst else None,
        "working": {"units": [{"id": u.pk, "name": u.name, "s": u.s_value, "r": u.r_value,
                               "grade": u.grade} for u in units]},
    }


# --- licences -------------------------------------------------------------------------


def _clean_licence(data: dict[str, Any], instance: Licence | None = None) -> None:
    issued = data.get("issued_on", instance.issued_on if instance else None)
    expires = data.get("expires_on", instance.expires_on if instance else None)
    if issued and expires and expires < issued:
        raise ValidationError({"expires_on": "有效期至不能早于发证日期"})


@transaction.atomic
def create_licence(data: dict[str, Any], *, actor: Actor) -> Licence:
    _clean_licence(data)
    return create_object(Licence, data, actor=actor)


@transaction.atomic
def update_licence(licence: Licence, data: dict[str, Any], *, actor: Actor) -> Licence:
    _clean_licence(data, licence)
    if "enterprise" in data and data["enterprise"].pk != licence.enterprise_id:
        raise ValidationError({"enterprise": "许可证不能转到其他企业"})
    return update_object(licence, data, actor=actor)


@transaction.atomic
def delete_object_service(obj: models.Model, *, actor: Actor) -> None:
    """Delete a row with no derived data (licences)."""
    delete_object(obj, actor=actor)


# --- major hazards --------------------------------------------------------------------


def _save_derived(obj: models.Model, values: dict[str, Any], *, actor: Actor) -> None:
    """Store recomputed values on ``obj`` and audit the change when there is one."""
    before = audit.snapshot(obj)
    for name, value in values.items():
        setattr(obj, name, value)
    after = audit.snapshot(obj)
    if audit.changed_fields(before, after):
        obj.save(update_fields=[*values, "updated_at"] if hasattr(obj, "updated_at") else list(values))
        audit.record(audit.AuditAction.UPDATE, actor=actor, obj=obj, before=before, after=after,
                     detail="重新计算")


def substance_input(item: MajorHazardSubstance, tables: Tables) -> rules.SubstanceInput:
    name = item.display_name
    codes = [c.code for c in item.categories.all()]
    return rules.lookup_substance(name, item.quantity, tables.named, tables.categories, codes)


def assess_unit(unit: MajorHazardUnit, tables: Tables | None = None) -> rules.HazardAssessment:
    """The unit's GB 18218-2018 assessment from its current substances."""
    tables = tables or load_tables()
    items = unit.substances.select_related("substance").prefetch_related("categories")
    entries = [substance_input(item, tables) for item in items]
    return rules.assess_unit(entries, unit.population, tables.alpha_bands)


def recompute_unit(unit: MajorHazardUnit, *, actor: Actor, tables: Tables | None = None) -> None:
    result = assess_unit(unit, tables)
    _save_derived(unit, {
        "s_value": round(result.s, 6), "r_value": round(result.r, 6), "alpha": result.alpha,
        "is_major": result.is_major, "grade": result.grade, "working": result.as_dict(),
    }, actor=actor)


def recompute_source(source: MajorHazard, *, actor: Actor, units: bool = True) -> None:
    """Recompute every unit (when ``units``), then the source: its grade is its most
    severe unit's; then the enterprise's roll-up."""
    tables = load_tables()
    all_units = list(source.units.all())
    if units:
        for unit in all_units:
            unit.source = source
            recompute_unit(unit, actor=actor, tables=tables)
    _save_derived(source, _source_values(all_units), actor=actor)
    refresh_enterprise(source.enterprise, actor=actor)


def refresh_enterprise(enterprise: Enterprise, *, actor: Actor) -> None:
    """Roll the enterprise's colour up from its risk points and major hazard grade."""
    grades = [g for g in MajorHazard.objects.filter(enterprise=enterprise, is_major=True)
              .values_list("grade", flat=True) if g]
    grade = min(grades) if grades else None
    colours = RiskPoint.objects.filter(enterprise=enterprise).values_list("colour", flat=True)
    colour = rules.enterprise_colour(colours, grade)
    _save_derived(enterprise, {"major_hazard_grade": grade, "risk_colour": colour}, actor=actor)


@transaction.atomic
def create_major_hazard(data: dict[str, Any], *, actor: Actor) -> MajorHazard:
    source = create_object(MajorHazard, data, actor=actor)
    recompute_source(source, actor=actor)
    return source


@transaction.atomic
def update_major_hazard(source: MajorHazard, data: dict[str, Any], *, actor: Actor) -> MajorHazard:
    if "enterprise" in data and data["enterprise"].pk != source.enterprise_id:
        raise ValidationError({"enterprise": "重大危险源不能转到其他企业"})
    source = update_object(source, data, actor=actor)
    recompute_source(source, actor=actor)
    return source


@transaction.atomic
def delete_major_hazard(source: MajorHazard, *, actor: Actor) -> None:
    enterprise = source.enterprise
    delete_object(source, actor=actor)
    refresh_enterprise(enterprise, actor=actor)


@transaction.atomic
def create_unit(data: dict[str, Any], *, actor: Actor) -> MajorHazardUnit:
    unit = create_object(MajorHazardUnit, data, actor=actor)
    recompute_source(unit.source, actor=actor)
    unit.refresh_from_db()
    return unit


@transaction.atomic
def update_unit(unit: MajorHazardUnit, data: dict[str, Any], *, actor: Actor) -> MajorHazardUnit:
    if "source" in data and data["source"].pk != unit.source_id:
        raise ValidationError({"source": "单元不能转到其他重大危险源"})
    unit = update_object(unit, data, actor=actor)
    recompute_source(unit.source, actor=actor)
    unit.refresh_from_db()
    return unit


@transaction.atomic
def delete_unit(unit: MajorHazardUnit, *, actor: Actor) -> None:
    source = unit.source
    delete_object(unit, actor=actor)
    recompute_source(source, actor=actor, units=False)


def clean_substance(data: dict[str, Any], tables: Tables) -> dict[str, Any]:
    """A substance entry: 表1 substance, or a name with categories; q in tonnes."""
    data = dict(data)
    errors: dict[str, str] = {}
    named = data.get("substance")
    name = (data.get("name") or "").strip()
    data["name"] = name
    if named is None and not name:
        errors["substance"] = "请选择表1中的危险化学品，或填写品名并选择危险性类别"
    elif named is None and name in tables.named:
        data["substance"] = HazardSubstance.objects.get(name=name)
    elif named is None and not list(data.get("categories") or []):
        errors["categories"] = f"“{name}”不在GB 18218-2018表1中，请选择其危险性类别（表2）"
    try:
        data["quantity"] = rules.check_quantity(data.get("quantity"))  # type: ignore[arg-type]
    except rules.HazardInputError as exc:
        errors["quantity"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def create_substance(data: dict[str, Any], *, actor: Actor) -> MajorHazardSubstance:
    data = clean_substance(data, load_tables())
    item = create_object(MajorHazardSubstance, data, actor=actor)
    recompute_source(item.unit.source, actor=actor)
    return item


@transaction.atomic
def update_substance(item: MajorHazardSubstance, data: dict[str, Any], *,
                     actor: Actor) -> MajorHazardSubstance:
    if "unit" in data and data["unit"].pk != item.unit_id:
        raise ValidationError({"unit": "危险化学品不能转到其他单元"})
    merged = {"substance": item.substance, "name": item.name,
              "categories": list(item.categories.all()), "quantity": item.quantity, **data}
    clean_substance(merged, load_tables())
    item = update_object(item, data, actor=actor)
    recompute_source(item.unit.source, actor=actor)
    return item


@transaction.atomic
def delete_substance(item: MajorHazardSubstance, *, actor: Actor) -> None:
    source = item.unit.source
    delete_object(item, actor=actor)
    recompute_source(source, actor=actor)


@dataclass(frozen=True)
class GradeEntry:
    """One posted substance for self-assessment (not saved)."""

    name: str
    quantity: float
    categories: tuple[str, ...] = ()


def grade_substances(entries: list[GradeEntry], population: int) -> rules.HazardAssessment:
    """Grade a list of substances without saving (enterprise self-assessment). Errors
    name the entry: ``substances[2].quantity``."""
    tables = load_tables()
    errors: dict[str, str] = {}
    inputs = []
    for index, entry in enumerate(entries):
        try:
            rules.check_quantity(entry.quantity)
            inputs.append(rules.lookup_substance(entry.name, entry.quantity, tables.named,
                                                 tables.categories, entry.categories))
        except rules.HazardInputError as exc:
            errors[f"substances[{index}].{exc.field}"] = str(exc)
    if not entries:
        errors["substances"] = "请至少填写一种危险化学品"
    if population < 0:
        errors["population"] = "500米范围内人数不能为负数"
    if errors:
        raise ValidationError(errors)
    return rules.assess_unit(inputs, population, tables.alpha_bands)


# --- risk points ----------------------------------------------------------------------


def score_risk_point(data: dict[str, Any]) -> dict[str, Any]:
    """Score, level and colour from the method's inputs (LEC or LS)."""
    method = data.get("method") or "lec"
    try:
        if method == "ls":
            if data.get("ls_l") is None or data.get("ls_s") is None:
                raise ValidationError({"ls_l": "LS法须填写L（可能性）和S（严重性）"})
            result = rules.ls_matrix(data["ls_l"], data["ls_s"], risk_bands("ls"))
        else:
            missing = [k for k in ("lec_l", "lec_e", "lec_c") if data.get(k) is None]
            if missing:
                raise ValidationError({missing[0]: "LEC法须填写L、E、C三项分值"})
            result = rules.lec(data["lec_l"], data["lec_e"], data["lec_c"], risk_bands("lec"))
    except rules.HazardInputError as exc:
        field = {"l": "lec_l", "e": "lec_e", "c": "lec_c"}.get(exc.field, exc.field)
        raise ValidationError({field: str(exc)}) from exc
    return {"score": result.score, "level": result.level, "colour": result.colour}


_RISK_INPUTS = ("method", "lec_l", "lec_e", "lec_c", "ls_l", "ls_s")


@transaction.atomic
def create_risk_point(data: dict[str, Any], *, actor: Actor) -> RiskPoint:
    scored = score_risk_point(data)
    point = create_object(RiskPoint, data, actor=actor)
    _save_derived(point, scored, actor=actor)
    refresh_enterprise(point.enterprise, actor=actor)
    return point


@transaction.atomic
def update_risk_point(point: RiskPoint, data: dict[str, Any], *, actor: Actor) -> RiskPoint:
    if "enterprise" in data and data["enterprise"].pk != point.enterprise_id:
        raise ValidationError({"enterprise": "风险点不能转到其他企业"})
    inputs = {k: getattr(point, k) for k in _RISK_INPUTS}
    inputs.update({k: v for k, v in data.items() if k in _RISK_INPUTS})
    scored = score_risk_point(inputs)
    point = update_object(point, data, actor=actor)
    _save_derived(point, scored, actor=actor)
    refresh_enterprise(point.enterprise, actor=actor)
    return point


@transaction.atomic
def delete_risk_point(point: RiskPoint, *, actor: Actor) -> None:
    enterprise = point.enterprise
    delete_object(point, actor=actor)
    refresh_enterprise(enterprise, actor=actor)
