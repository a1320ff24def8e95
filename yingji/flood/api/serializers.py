"""Serializers of the flood module; a step's inputs are its form in ``yingji.flood.forms``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.flood import rules
from yingji.flood.models import (
    FloodLevelRule,
    FloodPoint,
    FloodResponse,
    GaugeLink,
    Household,
    TransferEntry,
    TransferTask,
)
from yingji.warnings.models import ResponsiblePerson


class FloodPointSerializer(ModelSerializer):
    region = RegionField()
    responsible = ScopedPrimaryKeyRelatedField(queryset=ResponsiblePerson.objects.all(), many=True,
                                               required=False)

    class Meta:
        model = FloodPoint
        fields = ["id", "code", "name", "kind", "region", "address", "longitude", "latitude",
                  "people_threatened", "houses_threatened", "threat", "trigger_level",
                  "responsible", "shelter", "route", "signal", "disposal", "active",
                  "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class FloodGaugeSerializer(ModelSerializer):
    class Meta:
        model = GaugeLink
        fields = ["id", "point", "gauge", "threshold", "note"]
        read_only_fields = fields


class FloodHouseholdSerializer(ModelSerializer):
    point = ScopedPrimaryKeyRelatedField(queryset=FloodPoint.objects.all())
    categories = serializers.ListField(child=serializers.ChoiceField(choices=rules.EIGHT_MUST),
                                       required=False, help_text="八个必转类别代码")

    class Meta:
        model = Household
        fields = ["id", "point", "head_name", "phone", "address", "members", "categories",
                  "vulnerable", "vulnerable_note", "created_at"]
        read_only_fields = ["created_at"]

    def validate_point(self, value: Any) -> Any:
        if self.instance is not None and value.pk != self.instance.point_id:
            raise serializers.ValidationError("转移户不能移到其他风险点")
        return value


class FloodTransferSerializer(ModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = TransferTask
        fields = ["id", "point", "state", "state_display", "trigger", "reason", "bulletin", "gauge",
                  "opened_at", "opened_by", "checked", "closed_at", "closed_by", "close_note"]
        read_only_fields = fields


class FloodTransferEntrySerializer(ModelSerializer):
    class Meta:
        model = TransferEntry
        fields = ["id", "task", "household", "members", "vulnerable", "status", "moved_people",
                  "shelter", "reported_at", "reported_by", "note"]
        read_only_fields = fields


class FloodResponseSerializer(ModelSerializer):
    region = RegionField()
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = FloodResponse
        fields = ["id", "region", "state", "state_display", "suggested_grade", "reason",
                  "suggested_at", "grade", "decision_note", "decided_by", "decided_at",
                  "ended_at", "ended_by", "end_note"]
        read_only_fields = ["state", "suggested_grade", "reason", "suggested_at", "decided_by",
                            "decided_at", "ended_at", "ended_by", "end_note"]


class FloodLevelRuleSerializer(ModelSerializer):
    warning_types = serializers.ListField(child=serializers.SlugField(max_length=30), required=False,
                                          help_text="预警类型代码")

    class Meta:
        model = FloodLevelRule
        fields = ["id", "grade", "warning_types", "warning_level", "gauge_count", "leaders",
                  "officers", "watch_24h", "measures"]
        read_only_fields = ["grade"]
