"""Serializers of the credit module (the writes go through the services)."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.credit.models import (
    CommitmentPlan,
    CreditEvent,
    DishonestyEntry,
    ListingGround,
    RemovalApplication,
    SafetyCommitment,
)


class CreditEventSerializer(ModelSerializer):
    class Meta:
        model = CreditEvent
        fields = ["id", "subject_type", "enterprise", "subject_name", "credit_code", "person_name",
                  "region", "kind", "occurred_on", "summary", "department", "source", "source_id",
                  "source_ref", "created_at"]
        read_only_fields = ["source", "source_id", "created_at"]


class DishonestyEntrySerializer(ModelSerializer):
    state_label = serializers.CharField(source="get_state_label", read_only=True)

    class Meta:
        model = DishonestyEntry
        fields = ["id", "number", "subject_type", "enterprise", "subject_name", "credit_code",
                  "person_name", "region", "department", "case", "event", "ground", "facts",
                  "state", "state_label", "version", "noticed_at", "statement_due", "statement",
                  "statement_reply", "decided_at", "listed_on", "remove_on", "published_at",
                  "removed_on", "removal_kind", "created_at"]
        read_only_fields = ["number", "state", "version", "noticed_at", "statement_due",
                            "statement", "statement_reply", "decided_at", "listed_on", "remove_on",
                            "published_at", "removed_on", "removal_kind", "created_at"]


class RemovalApplicationSerializer(ModelSerializer):
    state_label = serializers.CharField(source="get_state_label", read_only=True)

    class Meta:
        model = RemovalApplication
        fields = ["id", "entry", "penalty_paid", "rectified", "commitment", "statement", "state",
                  "state_label", "version", "review_comment", "applied_at"]
        read_only_fields = ["commitment", "state", "version", "review_comment", "applied_at"]


class SafetyCommitmentSerializer(ModelSerializer):
    class Meta:
        model = SafetyCommitment
        fields = ["id", "enterprise", "kind", "day", "shift", "risks_controlled", "special_work",
                  "text", "signer", "signed_at"]
        read_only_fields = ["day", "signed_at"]
        extra_kwargs = {"text": {"required": False}}


class CommitmentPlanSerializer(ModelSerializer):
    class Meta:
        model = CommitmentPlan
        fields = ["id", "enterprise", "frequency", "shifts", "text", "active", "created_at"]
        read_only_fields = ["created_at"]


class ListingGroundSerializer(ModelSerializer):
    class Meta:
        model = ListingGround
        fields = ["id", "code", "title", "article", "active", "note"]
