"""API of the expert pool: registry, periodic review, evaluations."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, ScopedReadOnlyViewSet, actor_of
from yingji.resources import filtersets as fs
from yingji.resources.api.common import LOCATED_FIELDS, DecisionSerializer, LocatedSerializer
from yingji.resources.models import Expert, ExpertEvaluation
from yingji.resources.services import experts


class ExpertSerializer(LocatedSerializer):
    """An expert of the pool."""

    class Meta:
        model = Expert
        fields = [*LOCATED_FIELDS, "specialities", "title", "organisation", "phone", "available",
                  "is_active", "joined_on", "last_reviewed_on", "next_review_on"]
        read_only_fields = ["id", "created_at", "updated_at", "last_reviewed_on"]


class ExpertEvaluationSerializer(ModelSerializer):
    """An evaluation after one use of an expert."""

    expert = ScopedPrimaryKeyRelatedField(queryset=Expert.objects.all())

    class Meta:
        model = ExpertEvaluation
        fields = ["id", "expert", "used_on", "occasion", "score", "comment", "evaluator",
                  "created_at"]
        read_only_fields = ["id", "created_at"]


class ExpertViewSet(ScopedModelViewSet):
    """专家库; POST …/{id}/review/ records the periodic review."""

    queryset = Expert.objects.none()
    serializer_class = ExpertSerializer
    filterset_class = fs.ExpertFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "next_review_on"]
    ordering = ["region", "name", "id"]
    extra_action_permissions = {"review": "change"}

    @extend_schema(request=DecisionSerializer, responses=ExpertSerializer, summary="专家复核")
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        expert = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = experts.review_expert(expert, keep=data.validated_data["approve"],
                                     note=data.validated_data["note"], actor=actor_of(request))
        return Response(ExpertSerializer(done).data)


class ExpertEvaluationViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """专家评价 (append only)."""

    queryset = ExpertEvaluation.objects.none()
    serializer_class = ExpertEvaluationSerializer
    filterset_class = fs.ExpertEvaluationFilterSet
    select_related = ("expert",)
    ordering = ["-used_on", "-id"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        expert = data.pop("expert")
        serializer.instance = experts.evaluate_expert(expert, data, actor=actor_of(self.request))
