"""Models of the flood and typhoon module (防汛防台)."""

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
    "FloodPoint",
    "FloodSettings",
    "GaugeLink",
    "Household",
    "PointKind",
    "TaskState",
    "TransferEntry",
    "TransferReport",
    "TransferTask",
    "TriggerKind",
]
