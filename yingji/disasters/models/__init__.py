"""Models of natural disaster reporting and relief."""

from yingji.disasters.models.checks import GuaranteeConfirmation, TwelveHourCheck
from yingji.disasters.models.events import (
    DisasterEvent,
    DisasterGrade,
    DisasterKind,
    DisasterSettings,
    EventState,
)
from yingji.disasters.models.relief import IssueKind, ReliefCase, ReliefCategory, ReliefIssue
from yingji.disasters.models.reports import (
    CasualtyRecord,
    CasualtyStatus,
    Correction,
    DamageDegree,
    DamagedHouse,
    DisasterReport,
    ReportKind,
    ReportPointer,
    RollupTotal,
    Stage,
)
from yingji.disasters.models.response import PlanTier, ResponseDecision, ResponseLevel, ResponseThreshold
from yingji.disasters.models.support import Donation, DonationKind, DonationUse, WinterSpringPlan

__all__ = [
    "CasualtyRecord",
    "CasualtyStatus",
    "Correction",
    "DamageDegree",
    "DamagedHouse",
    "DisasterEvent",
    "DisasterGrade",
    "DisasterKind",
    "DisasterReport",
    "DisasterSettings",
    "Donation",
    "DonationKind",
    "DonationUse",
    "EventState",
    "GuaranteeConfirmation",
    "IssueKind",
    "PlanTier",
    "ReliefCase",
    "ReliefCategory",
    "ReliefIssue",
    "ReportKind",
    "ReportPointer",
    "ResponseDecision",
    "ResponseLevel",
    "ResponseThreshold",
    "RollupTotal",
    "Stage",
    "TwelveHourCheck",
    "WinterSpringPlan",
]
