"""Models of the incidents app."""

from yingji.incidents.models.config import (
    ChecklistTemplate,
    GradeCriterion,
    IncidentSettings,
    ReportRule,
)
from yingji.incidents.models.dispatch import DispatchOrder, ResourceKind, TeamAccount
from yingji.incidents.models.duty import (
    Contact,
    DutyLog,
    DutyPattern,
    DutyShift,
    Handover,
    SwapRequest,
)
from yingji.incidents.models.incidents import Incident, ResponseLevel, Source
from yingji.incidents.models.reports import (
    OUTSTANDING,
    InfoReport,
    ReportKind,
    ReportStatus,
    ReportVersion,
)
from yingji.incidents.models.response import ResponseTask
from yingji.incidents.models.review import Finding, Review

__all__ = [
    "OUTSTANDING", "ChecklistTemplate", "Contact", "DispatchOrder", "DutyLog", "DutyPattern", "DutyShift",
    "Finding", "GradeCriterion", "Handover", "Incident", "IncidentSettings", "InfoReport",
    "ReportKind", "ReportRule", "ReportStatus", "ReportVersion", "ResourceKind", "ResponseLevel",
    "ResponseTask", "Review", "Source", "SwapRequest", "TeamAccount",
]
