"""Models of the monitoring app (安全风险监测预警)."""

from yingji.monitoring.models.alarms import Alarm, AlarmKind, AlarmLevel, AlarmSeverity
from yingji.monitoring.models.config import MonitoringSettings, RuleConfig
from yingji.monitoring.models.members import IngestMember
from yingji.monitoring.models.objects import (
    DataSource,
    Device,
    MeasurementPoint,
    MonitoredObject,
    ObjectKind,
    PointType,
)
from yingji.monitoring.models.readings import (
    DeadLetter,
    MinuteAggregate,
    PointState,
    Reading,
)

__all__ = [
    "Alarm", "AlarmKind", "AlarmLevel", "AlarmSeverity", "DataSource", "DeadLetter", "Device",
    "IngestMember",
    "MeasurementPoint", "MinuteAggregate", "MonitoredObject", "MonitoringSettings", "ObjectKind",
    "PointState", "PointType", "Reading", "RuleConfig",
]
