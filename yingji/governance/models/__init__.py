from yingji.governance.models.assessments import (
    AssessmentCriterion,
    AssessmentResult,
    AssessmentScheme,
    CriterionCategory,
    CriterionScore,
    OversightKind,
    OversightRecord,
    SchemeState,
)
from yingji.governance.models.consultations import Consultation, ConsultationKind, ConsultationStatus
from yingji.governance.models.kpis import Indicator, IndicatorEntry, IndicatorKind, IndicatorTarget
from yingji.governance.models.plans import (
    STYLE_CHOICES,
    Node,
    PlanSource,
    ProgressReport,
    Supervision,
    WorkItem,
    WorkPlan,
    covering_codes,
)

__all__ = [
    "STYLE_CHOICES",
    "AssessmentCriterion",
    "AssessmentResult",
    "AssessmentScheme",
    "Consultation",
    "ConsultationKind",
    "ConsultationStatus",
    "CriterionCategory",
    "CriterionScore",
    "Indicator",
    "IndicatorEntry",
    "IndicatorKind",
    "IndicatorTarget",
    "Node",
    "OversightKind",
    "OversightRecord",
    "PlanSource",
    "ProgressReport",
    "SchemeState",
    "Supervision",
    "WorkItem",
    "WorkPlan",
    "covering_codes",
]
