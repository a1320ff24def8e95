"""Serializers of the disasters API (read shapes; writes are validated by the pages'
forms and applied by the services, ``core.api.forms``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.disasters import rules
from yingji.disasters.models import (
    CasualtyRecord,
    DamagedHouse,
    DisasterEvent,
    DisasterReport,
    ReliefCase,
    TwelveHourCheck,
)


class EventSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    grade_display = serializers.CharField(source="get_grade_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = DisasterEvent
        fields = [
            "id",
            "title",
            "kind",
            "kind_display",
            "grade",
            "grade_display",
            "region",
            "affected_regions",
            "bulletins",
            "incidents",
            "started_at",
            "ended_at",
            "stabilised_at",
            "state",
            "state_display",
            "description",
            "frozen_at",
            "response_level",
            "response_started_at",
        ]
        read_only_fields = fields


class ReportSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_label", read_only=True)
    direct_loss = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = DisasterReport
        fields = [
            "id",
            "event",
            "region",
            "kind",
            "kind_display",
            "sequence",
            "reported_at",
            "state",
            "state_display",
            "version",
            "late",
            "flags",
            "correction_reason",
            "note",
            *rules.FIELDS,
            "direct_loss",
            "submitted_at",
            "reviewed_at",
            "checked_at",
        ]
        read_only_fields = fields


class ReliefCaseSerializer(ModelSerializer):
    state_display = serializers.CharField(source="get_state_label", read_only=True)

    class Meta:
        model = ReliefCase
        fields = [
            "id",
            "event",
            "region",
            "category",
            "head_name",
            "id_number",
            "members",
            "address",
            "situation",
            "amount",
            "approved_amount",
            "state",
            "state_display",
            "version",
        ]
        read_only_fields = fields


class CheckSerializer(ModelSerializer):
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = TwelveHourCheck
        fields = ["id", "event", "region", "due_at", "completed_at", "escalated_at", "confirmed"]
        read_only_fields = fields

    def get_confirmed(self, obj: TwelveHourCheck) -> list[str]:
        return [c.item for c in obj.confirmations.all()]


def rollup_payload(rows: list[Any]) -> list[dict[str, Any]]:
    return [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "reported": r.reported,
            "reviewed": r.reviewed,
            "accepted": r.accepted,
            "pending": r.pending,
        }
        for r in rows
    ]


class WinterSpringPlanSerializer(ModelSerializer):
    class Meta:
        from yingji.disasters.models import WinterSpringPlan

        model = WinterSpringPlan
        fields = [
            "id",
            "region",
            "event",
            "season",
            "survey_start",
            "survey_end",
            "relief_start",
            "relief_end",
            "standard",
            "allocated_funds",
            "funds_note",
            "note",
        ]
        read_only_fields = fields


class DonationSerializer(ModelSerializer):
    class Meta:
        from yingji.disasters.models import Donation

        model = Donation
        fields = [
            "id",
            "region",
            "event",
            "donor",
            "kind",
            "amount",
            "goods",
            "quantity",
            "unit",
            "received_at",
            "receipt_no",
            "note",
        ]
        read_only_fields = fields


class CasualtySerializer(ModelSerializer):
    class Meta:
        model = CasualtyRecord
        fields = [
            "id",
            "event",
            "region",
            "name",
            "gender",
            "age",
            "id_number",
            "status",
            "cause",
            "occurred_at",
            "place",
        ]
        read_only_fields = fields


class HouseSerializer(ModelSerializer):
    degree_display = serializers.CharField(source="get_degree_display", read_only=True)

    class Meta:
        model = DamagedHouse
        fields = [
            "id",
            "event",
            "region",
            "head_name",
            "id_number",
            "address",
            "degree",
            "degree_display",
            "rooms",
            "structure",
        ]
        read_only_fields = fields
