"""Pages of the monitoring app, by topic: alarms, points and objects, data sources and
dead letters, the cockpit and the access-rate report. Thin: writes go through the
services."""

from yingji.monitoring.views.alarms import (
    AlarmDetailView,
    AlarmListView,
    AlarmToHazardView,
    AlarmTransitionView,
)
from yingji.monitoring.views.cockpit import COLOUR_HEX, AccessRateView, CockpitView, cockpit_geojson
from yingji.monitoring.views.points import (
    ObjectDetailPage,
    ObjectEditPage,
    ObjectListPage,
    PointDetailView,
    PointEditView,
    PointListView,
    rule_overrides_text,
)
from yingji.monitoring.views.settings import MonitoringSettingsView
from yingji.monitoring.views.sources import (
    DataSourceDetailView,
    DataSourceListView,
    DeadLetterDetailView,
    DeadLetterListView,
)

__all__ = [
    "COLOUR_HEX", "AccessRateView", "AlarmDetailView", "AlarmListView", "AlarmToHazardView",
    "AlarmTransitionView", "CockpitView", "DataSourceDetailView", "DataSourceListView",
    "DeadLetterDetailView", "DeadLetterListView", "MonitoringSettingsView", "ObjectDetailPage",
    "ObjectEditPage", "ObjectListPage",
    "PointDetailView", "PointEditView", "PointListView", "cockpit_geojson", "rule_overrides_text",
]
