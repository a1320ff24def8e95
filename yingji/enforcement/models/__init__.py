"""Models of administrative enforcement."""

from yingji.enforcement.models.arrangements import (
    ArrangementKind,
    ArrangementState,
    Instalment,
    PaymentArrangement,
)
from yingji.enforcement.models.campaigns import Campaign, CampaignQuota
from yingji.enforcement.models.cases import (
    Case,
    CaseRecord,
    CaseReview,
    Ending,
    Measure,
    RecordKind,
    ReviewKind,
)
from yingji.enforcement.models.catalogue import (
    DiscretionBand,
    DiscretionStandard,
    EnforcementItem,
    StandardKind,
)
from yingji.enforcement.models.documents import (
    Document,
    DocumentCounter,
    DocumentKind,
    DocumentPrefix,
)
from yingji.enforcement.models.inspections import (
    Finding,
    FindingKind,
    Inspection,
    InspectionMethod,
    InspectionSource,
)
from yingji.enforcement.models.people import Conflict, Inspector, Team
from yingji.enforcement.models.plans import AnnualPlan, Draw, DrawPick, PlanTarget
from yingji.enforcement.models.settings import EnforcementSettings

__all__ = [
    "AnnualPlan",
    "ArrangementKind",
    "ArrangementState",
    "Campaign",
    "CampaignQuota",
    "Case",
    "CaseRecord",
    "CaseReview",
    "Conflict",
    "DiscretionBand",
    "DiscretionStandard",
    "Document",
    "DocumentCounter",
    "DocumentKind",
    "DocumentPrefix",
    "Draw",
    "DrawPick",
    "Ending",
    "EnforcementItem",
    "EnforcementSettings",
    "Finding",
    "FindingKind",
    "Inspection",
    "InspectionMethod",
    "InspectionSource",
    "Inspector",
    "Instalment",
    "Measure",
    "PaymentArrangement",
    "PlanTarget",
    "RecordKind",
    "ReviewKind",
    "StandardKind",
    "Team",
]
