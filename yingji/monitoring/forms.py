"""Forms of the monitoring pages (choices stay inside the user's scope)."""

from __future__ import annotations

from django import forms

from yingji.core.forms import ScopedModelForm
from yingji.monitoring.models import MeasurementPoint, MonitoredObject, MonitoringSettings


class MonitoredObjectForm(ScopedModelForm):
    class Meta:
        model = MonitoredObject
        fields = ["enterprise", "kind", "name", "code", "major_hazard_unit", "longitude", "latitude",
                  "combo_min_points"]


class MeasurementPointForm(ScopedModelForm):
    class Meta:
        model = MeasurementPoint
        fields = ["enterprise", "monitored_object", "device", "code", "name", "point_type", "unit",
                  "range_low", "range_high", "low_low", "low", "high", "high_high", "sampling_seconds",
                  "rule_overrides", "enabled"]
        widgets = {"rule_overrides": forms.Textarea(attrs={"rows": 2})}



class AlarmStepForm(forms.Form):
    """The inputs of an alarm step (page and API): the version the person saw
    (optimistic lock) and a comment, which 处置反馈 and 关闭 require (the workflow refuses
    a blank one with its reason)."""

    version = forms.IntegerField(label="版本号", required=False)
    comment = forms.CharField(label="说明", required=False, max_length=2000)


class MonitoringSettingsForm(ScopedModelForm):
    """监测预警设置 (one row for the installation)."""

    class Meta:
        model = MonitoringSettings
        fields = ["online_target_pct", "ack_minutes", "escalate_every_minutes", "retention_days",
                  "max_future_seconds", "max_past_hours", "max_payload_bytes"]
