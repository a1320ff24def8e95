"""Serializers of the accidents module (output, and the record's own fields on
create/update); a step's inputs are its form in ``yingji.accidents.forms``."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.accidents import rules
from yingji.accidents.models import (
    Accident,
    CrossCheckRow,
    DistrictTarget,
    Finding,
    GradeChange,
    Measure,
    TeamMember,
)
from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.enterprises.models import Enterprise


class GradeChangeSerializer(ModelSerializer):
    class Meta:
        model = GradeChange
        fields = ["id", "changed_at", "old_figures", "new_figures", "old_grade", "new_grade",
                  "reason", "within_follow_up", "correction"]


class TeamMemberSerializer(ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "role", "name", "expert", "duty"]


class FindingSerializer(ModelSerializer):
    class Meta:
        ref_name = "AccidentFinding"  # another module has a FindingSerializer of its own
        model = Finding
        fields = ["id", "subject_kind", "name", "position", "responsibility", "disposal",
                  "fine_wan", "carried_out", "carried_out_note", "enforcement_ref"]


class MeasureSerializer(ModelSerializer):
    class Meta:
        model = Measure
        fields = ["id", "content", "owner_unit", "owner_name", "due", "done_on", "result"]


class AccidentSerializer(ModelSerializer):
    """An accident. Figures are given on create; afterwards they change through the
    ``figures`` step, which regrades and keeps the history. The grade, stage and the
    investigation's dates are read-only (the steps set them)."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                              allow_null=True)
    region = RegionField()
    causes = serializers.ListField(child=serializers.ChoiceField(choices=rules.CAUSES),
                                   required=False)
    grade_display = serializers.CharField(read_only=True)
    grade_changes = GradeChangeSerializer(many=True, read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
    # A correction names the version it was made on (a stale one is a 409); ignored on entry.
    version = serializers.IntegerField(min_value=0, required=False, help_text="修改时必填：您看到的记录版本")

    class Meta:
        model = Accident
        fields = ["id", "number", "title", "occurred_at", "region", "district_code", "address",
                  "source", "incident", "enterprise", "unit_name", "credit_code", "industry",
                  "subtype", "is_production", "non_production_reason", "non_production_note", "deaths",
                  "missing", "serious_injuries", "minor_injuries", "loss_wan", "victims",
                  "grade", "grade_display", "category_6441", "causes", "description", "state", "version",
                  "investigating_level", "escalated", "escalation_reason", "supervised",
                  "supervising_department", "supervision_due", "supervision_closed_at",
                  "lead_unit", "report_due", "report_extension_days", "report_submitted_on",
                  "report_received_on", "reply_due", "reply_extension_days", "replied_on",
                  "reply_document", "closed_on", "review_due", "reviewed_on", "review_findings",
                  "typical", "typical_lessons", "concealed", "concealed_by", "grade_changes",
                  "team", "findings", "measures"]
        read_only_fields = ["number", "district_code", "source", "incident", "grade", "state"]


    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if self.instance is not None and attrs.get("version") is None:
            raise serializers.ValidationError({"version": "请提供您看到的记录版本（version），刷新后重试"})
        return attrs


class DistrictTargetSerializer(ModelSerializer):
    region = RegionField()

    class Meta:
        model = DistrictTarget
        fields = ["id", "region", "year", "max_accidents", "max_deaths", "max_major", "note"]


class CrossCheckRowSerializer(ModelSerializer):
    class Meta:
        model = CrossCheckRow
        fields = ["id", "batch", "line", "day", "unit_name", "credit_code", "person", "region",
                  "address", "summary", "status", "accident", "match_reasons", "due", "verdict",
                  "verdict_note", "concealed_by", "verified_at"]
