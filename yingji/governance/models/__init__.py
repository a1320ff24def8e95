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

__all__ = ["STYLE_CHOICES", "Consultation", "ConsultationKind", "ConsultationStatus", "Indicator",
           "IndicatorEntry", "IndicatorKind", "IndicatorTarget", "Node", "PlanSource", "ProgressReport",
           "Supervision", "WorkItem", "WorkPlan", "covering_codes"]
