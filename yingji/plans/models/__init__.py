"""Models of plans and drills, by topic."""

from yingji.plans.models.activation import ActivationTask, PlanActivation
from yingji.plans.models.drills import (
    DRILL_STATES,
    EVALUATOR_ROLE,
    Drill,
    DrillFinding,
    DrillKind,
    DrillScore,
)
from yingji.plans.models.lifecycle import (
    PlanEvaluation,
    PlanReview,
    PlanRevision,
    ReviewConclusion,
    RevisionCause,
)
from yingji.plans.models.plans import (
    KIND_RANK,
    PLAN_STATES,
    Plan,
    PlanKind,
    PlanLevel,
    PlanSettings,
    PlanVersion,
)
from yingji.plans.models.structure import (
    LevelAction,
    LevelResource,
    PlanContact,
    PlanResponseLevel,
    ResourceKind,
    TriggerCondition,
    WorkingGroup,
)

__all__ = [
    "DRILL_STATES", "EVALUATOR_ROLE", "KIND_RANK", "PLAN_STATES", "ActivationTask", "Drill",
    "DrillFinding", "DrillKind", "DrillScore", "LevelAction", "LevelResource", "Plan",
    "PlanActivation", "PlanContact", "PlanEvaluation", "PlanKind", "PlanLevel",
    "PlanResponseLevel", "PlanReview", "PlanRevision", "PlanSettings", "PlanVersion",
    "ResourceKind", "ReviewConclusion", "RevisionCause", "TriggerCondition", "WorkingGroup",
]
