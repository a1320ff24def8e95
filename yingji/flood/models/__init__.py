"""Models of the flood and typhoon module (防汛防台)."""

from yingji.flood.models.levels import FloodLevelRule, FloodResponse, Grade, ResponseState
from yingji.flood.models.points import FloodPoint, GaugeLink, Household, PointKind
from yingji.flood.models.settings import FloodSettings
from yingji.flood.models.transfers import (
    EntryStatus,
    TaskState,
    TransferEntry,
    TransferReport,
    TransferTask,
    TriggerKind,
)

__all__ = [
    "EntryStatus",
    "FloodLevelRule",
    "FloodPoint",
    "FloodResponse",
    "FloodSettings",
    "GaugeLink",
    "Grade",
    "Household",
    "PointKind",
    "ResponseState",
    "TaskState",
    "TransferEntry",
    "TransferReport",
    "TransferTask",
    "TriggerKind",
]
