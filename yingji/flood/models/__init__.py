"""Models of the flood and typhoon module (防汛防台)."""

from yingji.flood.models.points import GaugeLink, Household, PointKind, RiskPoint
from yingji.flood.models.settings import FloodSettings
from yingji.flood.models.transfers import (
    EntryStatus,
    TaskState,
    TransferEntry,
    TransferReport,
    TransferTask,
    TriggerKind,
)

__all__ = ["EntryStatus", "FloodSettings", "GaugeLink", "Household", "PointKind", "RiskPoint",
           "TaskState", "TransferEntry", "TransferReport", "TransferTask", "TriggerKind"]
