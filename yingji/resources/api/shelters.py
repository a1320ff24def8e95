"""API of shelters and communities' population figures."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet
from yingji.resources import filtersets as fs
from yingji.resources.api.common import LOCATED_FIELDS, LocatedSerializer
from yingji.resources.models import CommunityProfile, Shelter


class ShelterSerializer(LocatedSerializer):
    """A shelter with its served communities (region codes)."""

    communities = RegionField(many=True, required=False)

    class Meta:
        model = Shelter
        fields = [*LOCATED_FIELDS, "shelter_class", "shelter_type", "area_m2", "effective_area_m2",
                  "capacity", "facilities", "equipment", "status", "manager", "phone",
                  "communities"]
        read_only_fields = ["id", "created_at", "updated_at"]


class CommunityProfileSerializer(ModelSerializer):
    """Population (and point) of a community."""

    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = CommunityProfile
        fields = ["id", "region", "region_name", "population", "households", "longitude",
                  "latitude"]
        read_only_fields = ["id"]


class ShelterViewSet(ScopedModelViewSet):
    """应急避难场所."""

    queryset = Shelter.objects.none()
    serializer_class = ShelterSerializer
    filterset_class = fs.ShelterFilterSet
    select_related = ("region",)
    prefetch_related = ("communities",)
    ordering_fields = ["name", "capacity"]
    ordering = ["region", "name", "id"]


class CommunityProfileViewSet(ScopedModelViewSet):
    """社区人口."""

    queryset = CommunityProfile.objects.none()
    serializer_class = CommunityProfileSerializer
    filterset_class = fs.CommunityProfileFilterSet
    select_related = ("region",)
    ordering = ["region"]
