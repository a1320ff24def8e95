"""Serializers of the governance module (output); a step's inputs are its form in
``yingji.governance.forms``."""

from __future__ import annotations

from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.governance.models import (
    Indicator,
    IndicatorEntry,
    IndicatorTarget,
    Node,
    ProgressReport,
    Supervision,
    WorkItem,
    WorkPlan,
)


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


class IndicatorSerializer(ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "kind", "unit", "higher_is_better", "definition", "order",
                  "active"]
        read_only_fields = fields


class IndicatorTargetSerializer(ModelSerializer):
    class Meta:
        model = IndicatorTarget
        fields = ["id", "indicator", "year", "region", "value", "note"]
        read_only_fields = fields


class IndicatorEntrySerializer(ModelSerializer):
    class Meta:
        model = IndicatorEntry
        fields = ["id", "indicator", "region", "month", "value", "note", "evidence_count",
                  "entered_by", "entered_at"]
        read_only_fields = fields


class KpiRowSerializer(serializers.Serializer):
    """One district's figure for the year against its target."""

    region = serializers.CharField(help_text="区县代码")
    name = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="比率为百分数，计数为起数或人数")
    part = serializers.IntegerField(help_text="比率的分子（计数指标为数值本身）")
    whole = serializers.IntegerField(allow_null=True, help_text="比率的分母（计数指标为空）")
    target = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True, help_text="达标；无目标或无数据为空")
    data_url = serializers.CharField(help_text="该数值依据数据的列表页（筛选后）")


class KpiMonthSerializer(serializers.Serializer):
    month = serializers.IntegerField()
    value = serializers.FloatField(allow_null=True)


class KpiValuesSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    rows = KpiRowSerializer(many=True)
    trend_region = serializers.CharField(allow_null=True)
    trend = KpiMonthSerializer(many=True)
