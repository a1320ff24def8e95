"""API of the annual assessment: schemes, criteria, results, scores and the 巡查/约谈/问责
records in the caller's scope (read), and the steps of a scheme (``open``, ``rank``,
``publish``) and of a score (``self_assess`` multipart with ``evidence``, ``team_score``)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps.api import step_action
from yingji.governance.filtersets_assessments import (
    AssessmentResultFilterSet,
    AssessmentSchemeFilterSet,
    CriterionScoreFilterSet,
    OversightRecordFilterSet,
)
from yingji.governance.forms_assessments import SCHEME_STEPS, SCORE_STEPS
from yingji.governance.models import (
    AssessmentResult,
    AssessmentScheme,
    CriterionScore,
    OversightRecord,
)


class AssessmentSchemeSerializer(ModelSerializer):
    class Meta:
        model = AssessmentScheme
        fields = ["id", "year", "title", "region", "issuer", "veto_code", "veto_limit", "state",
                  "number", "published_at"]
        read_only_fields = fields


class AssessmentResultSerializer(ModelSerializer):
    class Meta:
        model = AssessmentResult
        fields = ["id", "scheme", "region", "self_total", "team_total", "veto_value", "vetoed",
                  "grade", "rank"]
        read_only_fields = fields


class CriterionScoreSerializer(ModelSerializer):
    class Meta:
        model = CriterionScore
        fields = ["id", "result", "criterion", "self_score", "self_note", "evidence_count",
                  "team_score", "team_note", "scored_by"]
        read_only_fields = fields


class OversightRecordSerializer(ModelSerializer):
    class Meta:
        model = OversightRecord
        fields = ["id", "kind", "region", "subject", "held_on", "reason", "outcome", "scheme"]
        read_only_fields = fields


@extend_schema(tags=["综合管理"])
class AssessmentSchemeViewSet(ScopedReadOnlyViewSet):
    queryset = AssessmentScheme.objects.none()
    serializer_class = AssessmentSchemeSerializer
    filterset_class = AssessmentSchemeFilterSet
    ordering_fields = ["year", "id"]
    ordering = ["-year", "-id"]
    extra_action_permissions = {"step": "view"}

    step = step_action(SCHEME_STEPS, "step", serializer=AssessmentSchemeSerializer,
                       component="GovernanceSchemeStep")


@extend_schema(tags=["综合管理"])
class AssessmentResultViewSet(ScopedReadOnlyViewSet):
    queryset = AssessmentResult.objects.none()
    serializer_class = AssessmentResultSerializer
    filterset_class = AssessmentResultFilterSet
    ordering_fields = ["rank", "team_total", "id"]
    ordering = ["scheme", "rank", "region"]


@extend_schema(tags=["综合管理"])
class CriterionScoreViewSet(ScopedReadOnlyViewSet):
    queryset = CriterionScore.objects.none()
    serializer_class = CriterionScoreSerializer
    filterset_class = CriterionScoreFilterSet
    ordering_fields = ["id"]
    ordering = ["result", "id"]
    extra_action_permissions = {"step": "view"}

    step = step_action(SCORE_STEPS, "step", serializer=CriterionScoreSerializer,
                       component="GovernanceScoreStep")


@extend_schema(tags=["综合管理"])
class OversightRecordViewSet(ScopedReadOnlyViewSet):
    queryset = OversightRecord.objects.none()
    serializer_class = OversightRecordSerializer
    filterset_class = OversightRecordFilterSet
    ordering_fields = ["held_on", "id"]
    ordering = ["-held_on", "-id"]
