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

__all__ = ["STYLE_CHOICES", "Node", "PlanSource", "ProgressReport", "Supervision", "WorkItem",
           "WorkPlan", "covering_codes"]
