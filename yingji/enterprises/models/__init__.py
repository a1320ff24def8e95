"""Models of the enterprise registry, major hazard sources and risk points."""

from yingji.enterprises.models.enterprises import (
    Enterprise,
    EnterpriseMember,
    EnterpriseStatus,
    InsuranceStatus,
    Licence,
    LicenceKind,
    StandardisationLevel,
    SubIndustry,
)
from yingji.enterprises.models.hazards import (
    MajorHazard,
    MajorHazardSubstance,
    MajorHazardUnit,
    UnitKind,
)
from yingji.enterprises.models.reference import (
    AlphaBand,
    AssessmentMethod,
    HazardCategory,
    HazardSubstance,
    RiskBand,
    RiskColour,
    SupervisionClass,
)
from yingji.enterprises.models.risks import RiskPoint

__all__ = [
    "AlphaBand", "AssessmentMethod", "Enterprise", "EnterpriseMember", "EnterpriseStatus",
    "HazardCategory", "HazardSubstance", "InsuranceStatus", "Licence", "LicenceKind",
    "MajorHazard", "MajorHazardSubstance", "MajorHazardUnit", "RiskBand", "RiskColour",
    "RiskPoint", "StandardisationLevel", "SubIndustry", "SupervisionClass", "UnitKind",
]
