"""API of the self-inspections: check lists (read) and 企业自查 (run one, coverage)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedGenericViewSet, actor_of
from yingji.enterprises.models import Enterprise
from yingji.hazards.filtersets import ChecklistFilterSet, SelfInspectionFilterSet
from yingji.hazards.models import Checklist, ChecklistItem, SelfInspection
from yingji.hazards.services import inspections


class ChecklistItemSerializer(ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "content", "basis", "category", "major_if_failed"]


class ChecklistSerializer(ModelSerializer):
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Checklist
        fields = ["id", "name", "industry", "description", "active", "items"]


@extend_schema(tags=["隐患排查治理"])
class ChecklistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """排查清单 with their items (reference data; edited in the pages by city staff)."""

    queryset = Checklist.objects.none()
    serializer_class = ChecklistSerializer
    filterset_class = ChecklistFilterSet
    prefetch_related = ("items",)
    ordering_fields = ["name", "id"]
    ordering = ["industry", "name"]


class AnswerSerializer(serializers.Serializer):
    item = serializers.IntegerField()
    passed = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class SelfInspectionSerializer(ModelSerializer):
    """A self-inspection; on create, ``answers`` lists every item of the check list."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    checklist = serializers.PrimaryKeyRelatedField(queryset=Checklist.objects.filter(active=True))
    answers = AnswerSerializer(many=True, write_only=True)
    hazards = serializers.SerializerMethodField()

    class Meta:
        model = SelfInspection
        fields = ["id", "enterprise", "checklist", "inspected_at", "inspector_name", "notes",
                  "item_count", "failed_count", "answers", "hazards"]
        read_only_fields = ["id", "item_count", "failed_count", "hazards"]
        extra_kwargs = {"inspected_at": {"required": False}}

    def get_hazards(self, obj: SelfInspection) -> list[int]:
        return [r.hazard_id for r in obj.results.all() if r.hazard_id]


@extend_schema(tags=["隐患排查治理"])
class SelfInspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            mixins.CreateModelMixin, ScopedGenericViewSet):
    """企业自查 in scope; POST runs one (failed items become hazards)."""

    queryset = SelfInspection.objects.none()
    serializer_class = SelfInspectionSerializer
    filterset_class = SelfInspectionFilterSet
    prefetch_related = ("results",)
    ordering_fields = ["inspected_at", "id"]
    ordering = ["-inspected_at", "-id"]
    extra_action_permissions = {"coverage": "view"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        answers = [inspections.Answer(a["item"], a["passed"], a.get("note", ""))
                   for a in data["answers"]]
        serializer.instance = inspections.run_self_inspection(
            data["enterprise"], data["checklist"], answers, actor=actor_of(self.request),
            inspector_name=data["inspector_name"], inspected_at=data.get("inspected_at"),
            notes=data.get("notes", ""))

    @extend_schema(responses=OpenApiTypes.OBJECT)
    @action(detail=False, methods=["get"])
    def coverage(self, request: Request) -> Response:
        """Self-inspection coverage of the enterprises in scope over ``days`` (default 90)."""
        try:
            days = max(7, min(int(request.query_params.get("days", "90")), 730))
        except ValueError:
            days = 90
        rows, covered, total = inspections.coverage(request.user, days)
        return Response({"days": days, "covered": covered, "total": total, "enterprises": [
            {"id": r.enterprise_id, "name": r.name, "region": r.region, "industry": r.industry,
             "last_inspected_at": r.last_inspected_at, "inspections": r.inspections,
             "hazards_found": r.hazards_found} for r in rows]})


