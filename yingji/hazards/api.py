"""API of the hazards app: hazards (with workflow steps, plan, extension requests and
挂牌督办), extension approvals, check lists and self-inspections. Thin: writes go
through ``yingji.hazards.services``. A refused workflow step answers 409 with the
Chinese reason (wrong state, not for this user, stale version, guard)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.errors import field_errors
from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedGenericViewSet, ScopedModelViewSet, actor_of
from yingji.core.models import Department, User
from yingji.core.workflow import StaleObject, TransitionRefused
from yingji.enterprises.models import Enterprise
from yingji.hazards.filtersets import ExtensionRequestFilterSet, HazardFilterSet
from yingji.hazards.models import (
    ExtensionRequest,
    Hazard,
    ListingLevel,
    RectificationReport,
    TreatmentPlan,
    Verification,
)
from yingji.hazards.services import extensions, hazards
from yingji.hazards.services.hazards import PLAN_FIELDS
from yingji.hazards.workflow import HAZARD_FLOW


def conflict(exc: Exception) -> Response:
    """409 with the Chinese reason and, for field problems, the fields."""
    if isinstance(exc, ValidationError):
        fields = field_errors(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
        messages = [m for ms in fields.values() for m in ms]
        body = {"code": "stale" if isinstance(exc, StaleObject) else "conflict",
                "message": messages[0] if len(messages) == 1 else "；".join(messages),
                "fields": fields}
    else:
        body = {"code": "conflict", "message": str(exc) or "您无权执行此操作"}
    return Response({"error": body}, status=409)


class HazardSerializer(ModelSerializer):
    """A hazard. ``enterprise`` is an enterprise id in scope, or empty for a public place
    (then ``place_name`` and ``region`` are required). State changes go through
    ``transition``; ``overdue`` is true while the deadline has passed and it is open."""

    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                              allow_null=True)
    region = RegionField(required=False)
    state_display = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    place = serializers.CharField(read_only=True)

    class Meta:
        model = Hazard
        fields = ["id", "number", "title", "source", "grade", "category", "enterprise",
                  "place_name", "place", "region", "industry", "address", "longitude", "latitude",
                  "description", "found_at", "finder_name", "reporter_name", "reporter_phone",
                  "stop_production", "state", "state_display", "version", "overdue",
                  "responsible_name", "responsible_phone", "deadline", "measures",
                  "supervising_department", "supervising_officer", "listed_level",
                  "listed_department", "listed_officer", "listed_at", "listing_number",
                  "rectified_at", "closed_at", "closed_on_time", "data", "created_at",
                  "updated_at"]
        read_only_fields = ["id", "number", "industry", "state", "version", "responsible_name",
                            "responsible_phone", "deadline", "measures", "listed_level",
                            "listed_department", "listed_officer", "listed_at",
                            "listing_number", "rectified_at", "closed_at", "closed_on_time",
                            "created_at", "updated_at"]

    def get_state_display(self, obj: Hazard) -> str:
        return HAZARD_FLOW.label(obj.state)


class TransitionSerializer(serializers.Serializer):
    """One workflow step: its name, the version the caller saw, and the step's fields
    (assign: responsible_name, responsible_phone, deadline or workdays, measures; submit: content,
    cost and evidence ``files`` as multipart; reject: comment)."""

    name = serializers.ChoiceField(choices=[(t.name, t.label) for t in HAZARD_FLOW.transitions],
                                   error_messages={"invalid_choice": "未知的操作：{input}"})
    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    responsible_name = serializers.CharField(required=False, allow_blank=True, max_length=40)
    responsible_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    deadline = serializers.DateTimeField(required=False)
    workdays = serializers.IntegerField(required=False, min_value=1, max_value=365)
    measures = serializers.CharField(required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    cost = serializers.DecimalField(required=False, max_digits=12, decimal_places=2)


class PlanSerializer(ModelSerializer):
    class Meta:
        model = TreatmentPlan
        fields = list(PLAN_FIELDS)


class ReportSerializer(ModelSerializer):
    class Meta:
        model = RectificationReport
        fields = ["id", "content", "cost", "evidence_ids", "submitted_by", "submitted_at"]


class VerificationSerializer(ModelSerializer):
    class Meta:
        model = Verification
        fields = ["id", "passed", "comment", "verified_by", "verified_at"]


class ExtensionSerializer(ModelSerializer):
    class Meta:
        model = ExtensionRequest
        fields = ["id", "hazard", "current_deadline", "requested_deadline", "reason", "status",
                  "requested_by", "requested_at", "decided_by", "decided_at",
                  "decision_comment"]
        read_only_fields = fields


class ExtensionCreateSerializer(serializers.Serializer):
    requested_deadline = serializers.DateTimeField()
    reason = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ListingSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=[c for c in ListingLevel.choices if c[0]])
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    officer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                                 allow_null=True)
    listing_number = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False)


@extend_schema(tags=["隐患排查治理"])
class HazardViewSet(ScopedModelViewSet):
    """Hidden hazards in the caller's scope (an enterprise account: its own)."""

    queryset = Hazard.objects.none()
    serializer_class = HazardSerializer
    filterset_class = HazardFilterSet
    select_related = ("enterprise", "region")
    ordering_fields = ["found_at", "deadline", "grade", "state", "number", "id"]
    ordering = ["-found_at", "-id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    extra_action_permissions = {"transition": "change", "plan": "view", "extension": "change",
                                "listing": "change", "history": "view"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        photos = self.request.FILES.getlist("photos") if hasattr(self.request, "FILES") else []
        serializer.instance = hazards.create_hazard(dict(serializer.validated_data),
                                                    actor=actor_of(self.request), photos=photos)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, Hazard)
        serializer.instance = hazards.update_hazard(
            serializer.instance, dict(serializer.validated_data), actor=actor_of(self.request))

    @extend_schema(request=TransitionSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Fire a workflow step (assign, start, submit, close, reject); 409 with the
        reason when it is not allowed now or for this user, or the version is stale."""
        hazard = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = {k: v for k, v in step.validated_data.items() if v not in ("", None)}
        name = data.pop("name")
        expected = data.pop("version", None)
        try:
            updated = hazards.fire(hazard, name, actor=actor_of(request), data=data,
                                   expected_version=expected,
                                   files=request.FILES.getlist("files"))
        except (TransitionRefused, StaleObject, PermissionDenied) as exc:
            return conflict(exc)
        return Response(HazardSerializer(updated, context=self.get_serializer_context()).data)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["get", "put"])
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """The treatment plan (治理方案) of a major hazard."""
        hazard = self.get_object()
        if request.method == "GET":
            plan = TreatmentPlan.objects.filter(hazard=hazard).first()
            return Response(PlanSerializer(plan).data if plan else {})
        if not self.request.user.has_perm("hazards.change_hazard"):
            raise PermissionDenied("您没有执行此操作的权限")
        body = PlanSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        plan = hazards.save_plan(hazard, dict(body.validated_data), actor=actor_of(request))
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=ExtensionCreateSerializer, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str | None = None) -> Response:
        """Request a later deadline (延期申请)."""
        hazard = self.get_object()
        body = ExtensionCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        created = extensions.request_extension(hazard, actor=actor_of(request),
                                               **body.validated_data)
        return Response(ExtensionSerializer(created).data, status=201)

    @extend_schema(request=ListingSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def listing(self, request: Request, pk: str | None = None) -> Response:
        """挂牌督办 a major hazard at city or district level."""
        hazard = self.get_object()
        body = ListingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        try:
            updated = hazards.list_for_supervision(
                hazard, actor=actor_of(request), level=data["level"],
                department=data["department"], officer=data.get("officer"),
                listing_number=data.get("listing_number", ""),
                expected_version=data.get("version"))
        except PermissionDenied as exc:
            return conflict(exc)
        return Response(HazardSerializer(updated, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        """Rectification reports, verifications and extension requests of the hazard."""
        hazard = self.get_object()
        return Response({
            "reports": ReportSerializer(hazard.reports.all(), many=True).data,
            "verifications": VerificationSerializer(hazard.verifications.all(), many=True).data,
            "extensions": ExtensionSerializer(hazard.extensions.all(), many=True).data,
        })


@extend_schema(tags=["隐患排查治理"])
class ExtensionRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              ScopedGenericViewSet):
    """Extension requests in scope; ``decide`` approves or rejects one."""

    queryset = ExtensionRequest.objects.none()
    serializer_class = ExtensionSerializer
    filterset_class = ExtensionRequestFilterSet
    ordering_fields = ["requested_at", "status", "id"]
    ordering = ["-requested_at", "-id"]
    extra_action_permissions = {"decide": "change"}

    @extend_schema(request=DecisionSerializer, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        ext = self.get_object()
        body = DecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            done = extensions.decide_extension(ext, actor=actor_of(request),
                                               **body.validated_data)
        except PermissionDenied as exc:
            return conflict(exc)
        except ValidationError as exc:
            if "status" in getattr(exc, "message_dict", {}):
                return conflict(exc)
            raise ApiValidationError(field_errors(exc.message_dict)) from exc
        return Response(ExtensionSerializer(done).data)
