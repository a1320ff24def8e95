"""Forms of the monitoring pages (choices stay inside the user's scope)."""

from __future__ import annotations

from django import forms

from yingji.core.forms import ScopedModelForm
from yingji.monitoring.models import MeasurementPoint, MonitoredObject


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

