"""Serializers of the forest fire module."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.forestfire.models import FireDanger


class FireDangerSerializer(ModelSerializer):
    region = RegionField()
    level = serializers.IntegerField(min_value=1, max_value=5, required=False,
                                     help_text="录入气象部门等级时必填；按气象要素计算时由系统得出")

    class Meta:
        model = FireDanger
        fields = ["id", "region", "day", "source", "max_temp", "min_humidity", "dry_days",
                  "max_wind", "rain_mm", "correction", "index", "level", "note", "bulletin",
                  "recorded_at"]
        read_only_fields = ["index", "bulletin", "recorded_at"]
