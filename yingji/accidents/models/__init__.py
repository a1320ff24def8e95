"""Models of the accidents module, by topic."""

from yingji.accidents.models.accidents import (
    Accident,
    AccidentSource,
    GradeChange,
    Stage,
)
from yingji.accidents.models.crosscheck import CrossCheckBatch, CrossCheckRow, RowStatus, Verdict
from yingji.accidents.models.investigation import (
    Disposal,
    Finding,
    Measure,
    SubjectKind,
    TeamMember,
    TeamRole,
)
from yingji.accidents.models.settings import AccidentSettings, DistrictTarget

__all__ = [
    "Accident", "AccidentSettings", "AccidentSource", "CrossCheckBatch", "CrossCheckRow",
    "Disposal", "DistrictTarget", "Finding", "GradeChange", "Measure", "RowStatus", "Stage",
    "SubjectKind", "TeamMember", "TeamRole", "Verdict",
]
