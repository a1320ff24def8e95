"""API of 会商研判: the sessions with their reports' parts in the caller's scope (read)
and the steps (``generate``, ``edit``, ``follow_up``, ``issue``) from the same table as
the pages."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet
from yingji.core.steps.api import step_action
from yingji.governance.filtersets import ConsultationFilterSet
from yingji.governance.forms_consultations import CONSULTATION_STEPS
from yingji.governance.models import Consultation


class ConsultationSerializer(ModelSerializer):
    sections = serializers.JSONField(read_only=True)

    class Meta:
        model = Consultation
        fields = ["id", "kind", "title", "region", "period_start", "period_end", "held_on", "host",
                  "participants", "conclusions", "summary", "sections", "generated_at", "auto",
                  "status", "number", "issued_by", "issued_at", "item", "created_at"]
        read_only_fields = fields


@extend_schema(tags=["综合管理"])
class ConsultationViewSet(ScopedReadOnlyViewSet):
    queryset = Consultation.objects.none()
    serializer_class = ConsultationSerializer
    filterset_class = ConsultationFilterSet
    ordering_fields = ["period_end", "held_on", "id"]
    ordering = ["-period_end", "-id"]
    extra_action_permissions = {"step": "view"}  # each step's own permission decides

    step = step_action(CONSULTATION_STEPS, "step", serializer=ConsultationSerializer,
                       component="GovernanceConsultationStep")
