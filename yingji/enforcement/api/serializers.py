"""Serializers of the enforcement module (output, and the own fields on create/update);
a step's inputs are its form in ``yingji.enforcement.forms``. Every relation a caller
writes is a ``ScopedPrimaryKeyRelatedField``: a row outside the caller's scope (武昌区's
inspector, plan or inspection for a 江岸区 inspector) reads as "does not exist" (400)."""


from __future__ import annotations

from typing import Any

from django.db.models import Model
from rest_framework import serializers

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.models import Department
from yingji.enforcement.models import (
    AnnualPlan,
    Campaign,
    CampaignQuota,
    Case,
    Conflict,
    DiscretionBand,
    DiscretionStandard,
    Document,
    DocumentPrefix,
    Draw,
    DrawPick,
    EnforcementItem,
    Inspection,
    Inspector,
    Instalment,
    PaymentArrangement,
    Team,
)
from yingji.enterprises.models import Enterprise


def _scoped(model: type[Model], **kwargs: Any) -> Any:
    """A writable relation to ``model`` limited to the caller's scope."""
    return ScopedPrimaryKeyRelatedField(queryset=model._default_manager.all(), **kwargs)


class InspectorSerializer(ModelSerializer):
    region = RegionField()
    certificate_valid = serializers.SerializerMethodField()

    class Meta:
        model = Inspector
        fields = ["id", "name", "user", "certificate_number", "issuing_body",
                  "certificate_expires_on", "certificate_valid", "department", "region", "phone",
                  "on_leave_from", "on_leave_until", "is_active"]

    def get_certificate_valid(self, obj: Inspector) -> bool:
        return obj.certificate_valid()


class TeamSerializer(ModelSerializer):
    region = RegionField()
    department = _scoped(Department)
    leader = _scoped(Inspector, required=False, allow_null=True)
    members = _scoped(Inspector, many=True)

    class Meta:
        model = Team
        fields = ["id", "name", "department", "region", "leader", "members"]


class ConflictSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    inspector = _scoped(Inspector)

    class Meta:
        model = Conflict
        fields = ["id", "inspector", "enterprise", "reason", "declared_on"]


class DocumentPrefixSerializer(ModelSerializer):
    class Meta:
        model = DocumentPrefix
        fields = ["id", "department", "prefix", "note"]


class EnforcementItemSerializer(ModelSerializer):
    class Meta:
        model = EnforcementItem
        fields = ["id", "code", "name", "legal_basis", "department", "industries", "sort_order"]


class DiscretionBandSerializer(ModelSerializer):
    class Meta:
        model = DiscretionBand
        fields = ["id", "band", "circumstances", "fine_min", "fine_max", "share_min", "share_max"]


class DiscretionStandardSerializer(ModelSerializer):
    bands = DiscretionBandSerializer(many=True, read_only=True)

    class Meta:
        model = DiscretionStandard
        fields = ["id", "code", "violation", "violated_basis", "penalty_basis", "kind",
                  "person_liable", "item", "bands"]


class InspectionSerializer(ModelSerializer):
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    department = _scoped(Department, required=False)
    plan = _scoped(AnnualPlan, required=False, allow_null=True)
    campaign = _scoped(Campaign, required=False, allow_null=True)
    pick = _scoped(DrawPick, required=False, allow_null=True)
    team = _scoped(Team, required=False, allow_null=True)
    inspectors = _scoped(Inspector, many=True)
    items = _scoped(EnforcementItem, many=True, required=False)
    state_display = serializers.CharField(source="get_state_label", read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "number", "enterprise", "region", "industry", "department", "source",
                  "method", "joint_departments", "plan", "campaign", "pick", "team", "inspectors",
                  "items",
                  "inspected_on", "site_contact", "summary", "state", "state_display", "version",
                  "rectification_due", "rectification_order", "recheck_on", "recheck_passed",
                  "recheck_opinion"]
        read_only_fields = ["number", "region", "industry", "state", "version",
                            "rectification_due", "rectification_order", "recheck_on",
                            "recheck_passed", "recheck_opinion"]


class InstalmentSerializer(ModelSerializer):
    class Meta:
        model = Instalment
        fields = ["seq", "amount", "due_on", "paid_at", "paid_amount", "surcharge"]
        read_only_fields = fields


class PaymentArrangementSerializer(ModelSerializer):
    """A 分期/延期 application (行政处罚法 第六十六条) with its schedule once approved."""

    instalments = InstalmentSerializer(many=True, read_only=True)

    class Meta:
        model = PaymentArrangement
        fields = ["id", "kind", "reason", "proposal", "applied_on", "state", "legal_opinion",
                  "opinion", "decided_at", "instalments"]
        read_only_fields = fields


class CaseSerializer(ModelSerializer):
    """A case; create with ``officers`` (two certified inspectors); steps through
    ``transition``."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    department = _scoped(Department, required=False)
    inspection = _scoped(Inspection, required=False, allow_null=True)
    officers = _scoped(Inspector, many=True)
    standard = _scoped(DiscretionStandard)
    state_display = serializers.CharField(source="get_state_label", read_only=True)
    total_fine = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    arrangements = PaymentArrangementSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = ["id", "number", "title", "enterprise", "region", "industry", "department",
                  "inspection", "standard", "facts", "violation_on", "officers", "person_name",
                  "person_position", "person_income", "first_offence", "corrected", "harm",
                  "refused_to_correct", "repeated", "accident_grade", "especially_serious",
                  "band", "proposed_min", "proposed_max", "unit_fine", "person_fine",
                  "total_fine", "measures", "outside_range_reason", "major_flagged", "is_major",
                  "hearing_required", "hearing_requested", "state", "state_display", "version",
                  "filed_at", "decision_due", "extension_days", "notified_at", "statement_due",
                  "hearing_request_due", "decided_at", "served_at", "payment_due", "paid_at",
                  "paid_amount", "surcharge", "arrangements", "closed_at", "ending",
                  "no_penalty_ground", "transfer_organ"]
        read_only_fields = ["number", "region", "industry", "band", "proposed_min",
                            "proposed_max", "is_major", "hearing_required", "hearing_requested",
                            "state", "version", "filed_at", "decision_due", "extension_days",
                            "notified_at", "statement_due", "hearing_request_due", "decided_at",
                            "served_at", "payment_due", "paid_at", "paid_amount", "surcharge",
                            "closed_at", "ending", "no_penalty_ground", "transfer_organ"]



class DocumentSerializer(ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "kind", "number", "year", "seq", "department", "case", "inspection",
                  "issued_at", "issued_by"]


class CampaignQuotaSerializer(ModelSerializer):
    region = RegionField()
    campaign = _scoped(Campaign)
    team = _scoped(Team, required=False, allow_null=True)

    class Meta:
        model = CampaignQuota
        fields = ["id", "campaign", "region", "team", "planned"]


class CampaignSerializer(ModelSerializer):
    plan = _scoped(AnnualPlan)
    quotas = CampaignQuotaSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "plan", "name", "starts_on", "ends_on", "industry", "description", "quotas"]


class AnnualPlanSerializer(ModelSerializer):
    region = RegionField()
    department = _scoped(Department)

    class Meta:
        model = AnnualPlan
        fields = ["id", "year", "title", "department", "region", "random_share", "approved"]


class DrawSerializer(ModelSerializer):
    class Meta:
        model = Draw
        fields = ["id", "title", "department", "region", "plan", "industry", "supervision_class",
                  "count", "team_size", "seed", "drawn_at", "publish_due", "published_at",
                  "result", "exclusions"]
        read_only_fields = fields
