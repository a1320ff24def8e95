"""Serializers of the governance module (output); a step's inputs are its form in
``yingji.governance.forms``."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.governance.models import Node, ProgressReport, Supervision, WorkItem, WorkPlan


class WorkPlanSerializer(ModelSerializer):
    class Meta:
        model = WorkPlan
        fields = ["id", "year", "title", "issuer", "doc_number", "region", "preamble", "source",
                  "source_name", "item_count", "counts", "imported_at"]
        read_only_fields = fields


class WorkItemSerializer(ModelSerializer):
    class Meta:
        model = WorkItem
        fields = ["id", "plan", "parent", "order", "level", "style", "number", "label", "title",
                  "body", "lead_department", "co_departments", "done_measure", "region"]
        read_only_fields = fields


class NodeSerializer(ModelSerializer):
    status = serializers.SerializerMethodField(help_text="done / on_time / late / not_started")

    class Meta:
        model = Node
        fields = ["id", "item", "title", "due", "owner", "region", "progress", "reported_at",
                  "done_on", "status"]
        read_only_fields = fields

    def get_status(self, obj: Node) -> str:
        from django.utils import timezone

        return obj.status(timezone.localdate())


class ProgressReportSerializer(ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["id", "node", "content", "percent", "done", "reported_by", "reported_at",
                  "evidence_count"]
        read_only_fields = fields


class SupervisionSerializer(ModelSerializer):
    class Meta:
        model = Supervision
        fields = ["id", "item", "number", "requirement", "reply_due", "issued_by", "issued_at"]
        read_only_fields = fields
