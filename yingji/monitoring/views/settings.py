"""监测预警设置: the module's one settings row."""

from __future__ import annotations

from yingji.core.views.generic import SettingsEditView
from yingji.monitoring.forms import MonitoringSettingsForm
from yingji.monitoring.models import MonitoringSettings


class MonitoringSettingsView(SettingsEditView):
    """The 在线率 target, acknowledgement and escalation times, retention and the ingest
    limits; read without writing, the first save creates the row."""

    model = MonitoringSettings
    form_class = MonitoringSettingsForm
    title = "监测预警设置"
