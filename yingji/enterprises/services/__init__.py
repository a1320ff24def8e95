"""Every write of the enterprise registry, by topic: ``enterprises`` (the file and its
accounts), ``licences``, ``hazards`` (major hazard sources graded by GB 18218-2018),
``risks`` (risk points), ``reference`` (the editable tables, which regrade what depends
on them), ``bulk`` (demo and benchmark loads); ``tables`` and ``rollup`` are what they
share.

Each operation is atomic, takes ``actor`` keyword-only, checks permission and scope,
is audited and emits a domain event; invalid input raises ``ValidationError`` with a
Chinese message per field, and nothing is saved. The names below are the module's
public face (``from yingji.enterprises import services; services.create_enterprise``).
"""

from yingji.enterprises.services.bulk import bulk_create_rows
from yingji.enterprises.services.enterprises import (
    DEFAULT_COORDINATE_RADIUS_KM,
    SUPERVISOR_FIELDS,
    add_member,
    clean_enterprise,
    coordinate_radius_km,
    create_enterprise,
    delete_enterprise,
    member_candidates,
    members_of,
    remove_member,
    update_enterprise,
    upsert_enterprise,
)
from yingji.enterprises.services.hazards import (
    GradeEntry,
    assess_unit,
    clean_substance,
    create_major_hazard,
    create_substance,
    create_unit,
    delete_major_hazard,
    delete_substance,
    delete_unit,
    grade_all,
    grade_substances,
    recompute_source,
    recompute_unit,
    substance_input,
    update_major_hazard,
    update_substance,
    update_unit,
)
from yingji.enterprises.services.licences import (
    create_licence,
    delete_object_service,
    update_licence,
)
from yingji.enterprises.services.risks import (
    create_risk_point,
    delete_risk_point,
    score_risk_point,
    update_risk_point,
)
from yingji.enterprises.services.rollup import refresh_enterprise, roll_up_all, save_derived
from yingji.enterprises.services.selection import Pool, PoolRow, inspection_pool
from yingji.enterprises.services.tables import Tables, load_tables, risk_bands

__all__ = [
    "DEFAULT_COORDINATE_RADIUS_KM",
    "SUPERVISOR_FIELDS",
    "GradeEntry",
    "Pool",
    "PoolRow",
    "Tables",
    "add_member",
    "assess_unit",
    "bulk_create_rows",
    "clean_enterprise",
    "clean_substance",
    "coordinate_radius_km",
    "create_enterprise",
    "create_licence",
    "create_major_hazard",
    "create_risk_point",
    "create_substance",
    "create_unit",
    "delete_enterprise",
    "delete_major_hazard",
    "delete_object_service",
    "delete_risk_point",
    "delete_substance",
    "delete_unit",
    "grade_all",
    "grade_substances",
    "inspection_pool",
    "load_tables",
    "member_candidates",
    "members_of",
    "recompute_source",
    "recompute_unit",
    "refresh_enterprise",
    "remove_member",
    "risk_bands",
    "roll_up_all",
    "save_derived",
    "score_risk_point",
    "substance_input",
    "update_enterprise",
    "update_licence",
    "update_major_hazard",
    "update_risk_point",
    "update_substance",
    "update_unit",
    "upsert_enterprise",
]
