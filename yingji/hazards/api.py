"""API of the hazards app: hazards (with workflow steps, plan, extension requests and
挂牌督办), extension approvals, check lists and self-inspections. Thin: writes go
through ``yingji.hazards.services``. A refused workflow step answers 409 with the
Chinese reason (wrong state, not for this user, stale version, guard)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from drf_spectacular.types import OpenApiTypes
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
from yingji.hazards.filtersets import (
    ChecklistFilterSet,
    ExtensionRequestFilterSet,
    HazardFilterSet,
    SelfInspectionFilterSet,
)
from yingji.hazards.models import (
    Checklist,
    ChecklistItem,
    ExtensionRequest,
    Hazard,
    ListingLevel,
    RectificationReport,
    SelfInspection,
    TreatmentPlan,
    Verification,
)
from yingji.hazards.services import analysis, extensions, hazards, inspections
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


class HazardTransitionSerializer(serializers.Serializer):
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


class ExtensionDecisionSerializer(serializers.Serializer):
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

    @extend_schema(request=HazardTransitionSerializer, responses=HazardSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Fire a workflow step (assign, start, submit, close, reject); 409 with the
        reason when it is not allowed now or for this user, or the version is stale."""
        hazard = self.get_object()
        step = HazardTransitionSerializer(data=request.data)
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

    @extend_schema(responses=OpenApiTypes.OBJECT)
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

    @extend_schema(request=ExtensionDecisionSerializer, responses=ExtensionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        ext = self.get_object()
        body = ExtensionDecisionSerializer(data=request.data)
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


@extend_schema(tags=["隐患排查治理"])
class AnalysisViewSet(ScopedGenericViewSet):
    """隐患统计分析 in the caller's scope, with the hazard list's filters."""

    queryset = Hazard.objects.none()
    filterset_class = HazardFilterSet
    serializer_class = serializers.Serializer

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        figures = analysis.summary(queryset)
        return Response({
            "summary": {"total": figures.total, "closed": figures.closed, "major": figures.major,
                        "listed": figures.listed, "overdue": figures.overdue,
                        "rectification_rate": figures.rectification_rate,
                        "on_time_rate": figures.on_time_rate,
                        "avg_days_to_close": figures.avg_days_to_close},
            **analysis.by_dimensions(queryset),
            "by_month": analysis.by_month(queryset),
            "overdue": [{"id": h.pk, "number": h.number, "title": h.title, "place": h.place,
                         "deadline": h.deadline} for h in analysis.overdue_list(queryset)],
            "repeats": analysis.repeat_hazards(queryset),
        })
