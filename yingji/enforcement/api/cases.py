"""API of cases, inspections, documents. Thin: each step's inputs are checked by the
page's form and the step's service decides; a refused step is a 409 (core's handler)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import checked
from yingji.core.api.viewsets import ScopedGenericViewSet, ServiceViewSet, actor_of
from yingji.core.steps.api import step_action
from yingji.enforcement.api.serializers import CaseSerializer, DocumentSerializer, InspectionSerializer
from yingji.enforcement.filtersets import CaseFilterSet, DocumentFilterSet, InspectionFilterSet
from yingji.enforcement.forms import (
    APPLICATION_STEPS,
    INSPECTION_STEPS,
    STEPS,
    ExtensionForm,
    FindingForm,
)
from yingji.enforcement.models import Case, Document, Inspection
from yingji.enforcement.services import cases, documents, inspections


@extend_schema(tags=["安全生产执法"])
class CaseViewSet(ServiceViewSet):
    """Cases in the caller's scope; created by 立案, changed by their steps."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    select_related = ("enterprise", "region")
    prefetch_related = ("officers", "arrangements__instalments")
    ordering_fields = ["filed_at", "decision_due", "state", "number", "id"]
    ordering = ["-filed_at", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    extra_action_permissions = {"transition": "view", "arrangement_application": "view",
                                "extension": "view", "document": "view"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        officers = list(data.pop("officers", []))
        serializer.instance = cases.open_case(data, actor=actor_of(self.request), officers=officers)

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        officers = data.pop("officers", None)
        data.pop("enterprise", None)
        assert serializer.instance is not None
        serializer.instance = cases.update_case(serializer.instance, data, actor=actor_of(self.request),
                                                officers=list(officers) if officers is not None else None)

    def _case(self, case: Case) -> Response:
        return Response(CaseSerializer(case, context=self.get_serializer_context()).data)

    transition = step_action(STEPS, "transition", serializer=CaseSerializer)
    # 分期/延期缴纳申请 with its evidence file (multipart): kind, reason, proposal,
    # applied_on, evidence, version.
    arrangement_application = step_action(APPLICATION_STEPS, "arrangement_application",
                                          fixed="apply_arrangement", serializer=CaseSerializer)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=CaseSerializer, description="days, reason")
    @action(detail=True, methods=["post"])
    def extension(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        return self._case(cases.extend_decision(case, actor=actor_of(request),
                                                **checked(ExtensionForm, request)))

    @extend_schema(request=OpenApiTypes.OBJECT, responses=DocumentSerializer, description="kind")
    @action(detail=True, methods=["post"])
    def document(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        doc = documents.issue_document(case, str(request.data.get("kind", "")), actor=actor_of(request))
        return Response(DocumentSerializer(doc).data, status=201)


@extend_schema(tags=["安全生产执法"])
class InspectionViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                        mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """On-site inspections in scope; findings as an action, 责令整改, 复查 and 检查结束 as
    the steps of ``forms.INSPECTION_STEPS`` (``POST …/{id}/step/``)."""

    queryset = Inspection.objects.none()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    select_related = ("enterprise", "region")
    ordering_fields = ["inspected_on", "state", "number", "id"]
    ordering = ["-inspected_on", "-id"]
    extra_action_permissions = {"finding": "change", "step": "change"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = dict(serializer.validated_data)
        people = list(data.pop("inspectors", []))
        items = list(data.pop("items", []))
        serializer.instance = inspections.record_inspection(
            data, actor=actor_of(self.request), inspectors=people, items=items)

    def _inspection(self, inspection: Inspection) -> Response:
        return Response(InspectionSerializer(inspection, context=self.get_serializer_context()).data)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=InspectionSerializer,
                   description="kind (hazard/violation/note), item, standard, description")
    @action(detail=True, methods=["post"])
    def finding(self, request: Request, pk: str | None = None) -> Response:
        inspection = self.get_object()
        inspections.add_finding(inspection, checked(FindingForm, request), actor=actor_of(request))
        return self._inspection(inspection)

    step = step_action(INSPECTION_STEPS, "step", serializer=InspectionSerializer)


@extend_schema(tags=["安全生产执法"])
class DocumentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """Issued documents in scope (the Word file: the page's download link)."""

    queryset = Document.objects.none()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    ordering_fields = ["issued_at", "number", "id"]
    ordering = ["-issued_at", "-id"]
