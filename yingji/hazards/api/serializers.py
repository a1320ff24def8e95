"""Serializers of hazards and their records (output, and the hazard's own fields on
create/update); a step's inputs are its form in ``yingji.hazards.forms``."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.enterprises.models import Enterprise
from yingji.hazards.models import (
    ExtensionRequest,
    Hazard,
    RectificationReport,
    TreatmentPlan,
    Verification,
)
from yingji.hazards.services.hazards import PLAN_FIELDS
from yingji.hazards.workflow import HAZARD_FLOW


class HazardSerializer(ModelSerializer):
    """A hazard. ``enterprise`` is an enterprise id in scope, or empty for a public place
    (then ``place_name`` and ``region`` are required). State changes go through
    ``transition``; ``overdue`` is true while the deadline has passed and it is open."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                              allow_null=True)
    region = RegionField(required=False)
    state_display = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    place = serializers.CharField(read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "number", "title", "source", "grade", "category", "enterprise",
                  "place_name", "place", "region", "industry", "address", "longitude", "latitude",
                  "description", "found_at", "finder_name", "reporter_name", "reporter_phone",
                  "stop_production", "state", "state_display", "version", "overdue",
                  "responsible_name", "responsible_phone", "deadline", "measures",
                  "supervising_department", "supervising_officer", "listed_level",
                  "listed_department", "listed_officer", "listed_at", "listing_number",
                  "rectified_at", "closed_at", "closed_on_time", "self_closed", "data",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "number", "industry", "state", "version", "responsible_name",
                            "responsible_phone", "deadline", "measures", "listed_level",
                            "listed_department", "listed_officer", "listed_at",
                            "listing_number", "rectified_at", "closed_at", "closed_on_time",
                            "self_closed", "created_at", "updated_at"]

    def get_state_display(self, obj: Hazard) -> str:
        return HAZARD_FLOW.label(obj.state)


class PlanSerializer(ModelSerializer):
    class Meta:
        ref_name = "TreatmentPlan"  # another module has a PlanSerializer of its own
        model = TreatmentPlan
        fields = list(PLAN_FIELDS)


class ReportSerializer(ModelSerializer):
    class Meta:
        model = RectificationReport
        fields = ["id", "content", "cost", "evidence_ids", "submitted_by", "submitted_at"]


class VerificationSerializer(ModelSerializer):
    class Meta:
        model = Verification
        fields = ["id", "passed", "comment", "verified_by", "verified_at"]


class ExtensionSerializer(ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = ["id", "hazard", "current_deadline", "requested_deadline", "reason", "status",
                  "requested_by", "requested_at", "decided_by", "decided_at",
                  "decision_comment"]
        read_only_fields = fields
