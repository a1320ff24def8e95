"""Models of the hidden-hazard closed loop."""

from yingji.hazards.models.checklists import (
    Checklist,
    ChecklistItem,
    SelfInspection,
    SelfInspectionResult,
)
from yingji.hazards.models.hazards import (
    Hazard,
    HazardCategory,
    HazardGrade,
    HazardSource,
    ListingLevel,
    TreatmentPlan,
)
from yingji.hazards.models.records import (
    ExtensionRequest,
    ExtensionStatus,
    RectificationReport,
    Verification,
)
from yingji.hazards.models.settings import HazardSettings

__all__ = [
    "Checklist", "ChecklistItem", "ExtensionRequest", "ExtensionStatus", "Hazard",
    "HazardCategory", "HazardGrade", "HazardSettings", "HazardSource", "ListingLevel",
    "RectificationReport", "SelfInspection", "SelfInspectionResult", "TreatmentPlan",
    "Verification",
]
