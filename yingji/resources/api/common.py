"""Serializers the resource endpoints share."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer

LOCATED_FIELDS = ["id", "name", "region", "region_name", "address", "longitude", "latitude",
            "created_at", "updated_at"]


class LocatedSerializer(ModelSerializer):
    """Shared fields of located resources; ``region`` is a division code in scope."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)


class DecisionSerializer(serializers.Serializer):
    """Approve or reject a transfer."""

    approve = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
