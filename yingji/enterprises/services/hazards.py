"""Major hazard sources, their units and substances, graded by GB 18218-2018.

Writes to major hazard inputs recompute the assessment of the unit, its source and the
enterprise's roll-up, in the same transaction; a substance is entered as a 表1 entry,
or by a name that resolves to one, or by a name with its 表2 categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch

from yingji.core import audit
from yingji.core.actor import Actor
from yingji.core.services.objects import create_object, delete_object, update_object
from yingji.enterprises import rules
from yingji.enterprises.models import (
    HazardSubstance,
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
)
from yingji.enterprises.services.rollup import refresh_enterprise, save_derived
from yingji.enterprises.services.tables import Tables, load_tables


def substance_input(item: MajorHazardSubstance, tables: Tables) -> rules.SubstanceInput:
    """Q and β of a stored substance: its chosen 表1 entry, or what its name or CAS
    number resolves to, or its 表2 categories."""
    entry = item.substance.name if item.substance_id and item.substance else None
    codes = [c.code for c in item.categories.all()]
    return rules.lookup_substance(item.name or entry or "", item.quantity, tables.index,
                                  tables.categories, codes, cas=item.cas, entry=entry)


def shown_values(result: rules.HazardAssessment) -> dict[str, Any]:
    """A unit's stored assessment, at the precision it is shown and served."""
    return {"s_value": result.s_shown, "r_value": result.r_shown, "alpha": result.alpha,
            "is_major": result.is_major, "grade": result.grade, "working": result.as_dict()}


def assess_unit(unit: MajorHazardUnit, tables: Tables | None = None) -> rules.HazardAssessment:
    """The unit's GB 18218-2018 assessment from its current substances."""
    tables = tables or load_tables()
    items = unit.substances.select_related("substance").prefetch_related("categories")
    entries = [substance_input(item, tables) for item in items]
    return rules.assess_unit(entries, unit.population, tables.alpha_bands)


def recompute_unit(unit: MajorHazardUnit, *, actor: Actor, tables: Tables | None = None) -> None:
    result = assess_unit(unit, tables)
    save_derived(unit, shown_values(result), actor=actor)


def recompute_source(source: MajorHazard, *, actor: Actor, units: bool = True) -> None:
    """Recompute every unit (when ``units``), then the source: its grade is its most
    severe unit's; then the enterprise's roll-up."""
    tables = load_tables()
    all_units = list(source.units.all())
    if units:
        for unit in all_units:
            unit.source = source
            recompute_unit(unit, actor=actor, tables=tables)
    save_derived(source, _source_values(all_units), actor=actor)
    refresh_enterprise(source.enterprise, actor=actor)


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
    """A substance entry: a 表1 entry chosen, or a name (the entry's own, an alias or
    trade name, or a CAS number) or CAS number that resolves to one, or else a name
    with its 表2 categories; q in tonnes."""
    data = dict(data)
    errors: dict[str, str] = {}
    named = data.get("substance")
    name = (data.get("name") or "").strip()
    cas = (data.get("cas") or "").strip()
    data["name"] = name
    if "cas" in data:
        data["cas"] = cas
    if named is None and not name and not cas:
        errors["substance"] = "请选择表1中的危险化学品，或填写品名（通用名、别名或CAS号）"
    elif named is None:
        found = tables.index.resolve(name, cas)
        if found.row is not None:
            data["substance"] = HazardSubstance.objects.get(name=found.row.name)
        elif found.candidates:
            errors["substance"] = found.reason
        elif not list(data.get("categories") or []):
            field = "cas" if cas and not name else "categories"
            errors[field] = f"{found.reason}，请选择其危险性类别（表2）"
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
    merged = {"substance": item.substance, "name": item.name, "cas": item.cas,
              "categories": list(item.categories.all()), "quantity": item.quantity, **data}
    cleaned = clean_substance(merged, load_tables())
    if merged["substance"] is None and cleaned["substance"] is not None:
        data = {**data, "substance": cleaned["substance"]}  # the name resolved to 表1
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
    cas: str = ""


def grade_substances(entries: list[GradeEntry], population: int) -> rules.HazardAssessment:
    """Grade a list of substances without saving (enterprise self-assessment). Errors
    name the entry: ``substances[2].quantity``."""
    tables = load_tables()
    errors: dict[str, str] = {}
    inputs = []
    for index, entry in enumerate(entries):
        try:
            rules.check_quantity(entry.quantity)
            inputs.append(rules.lookup_substance(entry.name, entry.quantity, tables.index,
                                                 tables.categories, entry.categories,
                                                 cas=entry.cas))
        except rules.HazardInputError as exc:
            errors[f"substances[{index}].{exc.field}"] = str(exc)
    if not entries:
        errors["substances"] = "请至少填写一种危险化学品"
    if population < 0:
        errors["population"] = "500米范围内人数不能为负数"
    if errors:
        raise ValidationError(errors)
    return rules.assess_unit(inputs, population, tables.alpha_bands)


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
        for name, value in shown_values(result).items():
            setattr(unit, name, value)
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
