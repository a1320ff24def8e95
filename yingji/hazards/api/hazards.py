"""API of hazards: registration and correction, the workflow steps, the treatment plan,
extension requests and their approval, 挂牌督办. Thin: each step's inputs are checked
by the same form as on the page and the step's service decides; a refused step (wrong
state, guard, stale version) is a 409 from core's error handler, a missing permission
a 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.datastructures import MultiValueDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import checked
from yingji.core.api.viewsets import ScopedGenericViewSet, ServiceViewSet, actor_of
from yingji.core.steps.api import step_action
from yingji.hazards.api.serializers import (
    ExtensionSerializer,
    HazardSerializer,
    PlanSerializer,
    ReportSerializer,
    VerificationSerializer,
)
from yingji.hazards.filtersets import ExtensionRequestFilterSet, HazardFilterSet
from yingji.hazards.forms import STEPS, DecisionForm, ExtensionForm, ListingForm, PlanForm
from yingji.hazards.models import ExtensionRequest, Hazard, TreatmentPlan
from yingji.hazards.services import extensions, hazards


def _evidence(request: Request) -> MultiValueDict[str, Any]:
    """The evidence of 提交验收, sent as ``files`` (or ``evidence``) in a multipart body."""
    return MultiValueDict({"evidence": request.FILES.getlist("files") or request.FILES.getlist("evidence")})


STEP_DOC = ("One workflow step: ``name`` (assign, start, submit, close, reject), the "
            "``version`` the caller saw, and the step's fields: assign: responsible_name, "
            "responsible_phone, deadline or workdays, measures; submit: content, cost and "
            "evidence ``files`` as multipart; close/reject: comment.")


@extend_schema(tags=["隐患排查治理"])
class HazardViewSet(ServiceViewSet):
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
    update_service = hazards.update_hazard

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        photos = self.request.FILES.getlist("photos") if hasattr(self.request, "FILES") else []
        serializer.instance = hazards.create_hazard(dict(serializer.validated_data),
                                                    actor=actor_of(self.request), photos=photos)

    def _hazard(self, hazard: Hazard) -> Response:
        return Response(HazardSerializer(hazard, context=self.get_serializer_context()).data)

    transition = step_action(STEPS, "transition", serializer=HazardSerializer, files=_evidence,
                             description=STEP_DOC)

    @extend_schema(request=PlanSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["get", "put"])
    def plan(self, request: Request, pk: str | None = None) -> Response:
        """The treatment plan (治理方案) of a major hazard; PUT changes the fields given."""
        hazard = self.get_object()
        if request.method == "GET":
            plan = TreatmentPlan.objects.filter(hazard=hazard).first()
            return Response(PlanSerializer(plan).data if plan else {})
        if not request.user.has_perm("hazards.change_hazard"):
            raise PermissionDenied("您没有执行此操作的权限")
        given = checked(PlanForm, request)
        data = {key: value for key, value in given.items() if key in request.data}
        plan = hazards.save_plan(hazard, data, actor=actor_of(request))
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ExtensionSerializer,
                   description="requested_deadline, reason")
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str | None = None) -> Response:
        """Request a later deadline (延期申请)."""
        hazard = self.get_object()
        created = extensions.request_extension(hazard, actor=actor_of(request),
                                               **checked(ExtensionForm, request))
        return Response(ExtensionSerializer(created).data, status=201)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=HazardSerializer,
                   description="level (city/district), department, officer, listing_number, version")
    @action(detail=True, methods=["post"])
    def listing(self, request: Request, pk: str | None = None) -> Response:
        """挂牌督办 a major hazard at city or district level."""
        hazard = self.get_object()
        data = checked(ListingForm, request, user=request.user)
        return self._hazard(hazards.list_for_supervision(
            hazard, actor=actor_of(request), expected_version=data.pop("version"), **data))

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

    @extend_schema(request=OpenApiTypes.OBJECT, responses=ExtensionSerializer,
                   description="approve (true/false), comment (required to reject)")
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        ext = self.get_object()
        done = extensions.decide_extension(ext, actor=actor_of(request),
                                           **checked(DecisionForm, request))
        return Response(ExtensionSerializer(done).data)
