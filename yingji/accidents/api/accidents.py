"""API of accidents: the record (create, correct), the turn from an incident, the
investigation's steps (the page's forms validate the inputs; the services decide)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from yingji.accidents.api.serializers import AccidentSerializer, CrossCheckRowSerializer
from yingji.accidents.filtersets import AccidentFilterSet, CrossCheckRowFilterSet
from yingji.accidents.forms import STEPS, FromIncidentForm, VerifyForm
from yingji.accidents.models import Accident, CrossCheckRow
from yingji.accidents.services import accidents, crosscheck
from yingji.core.api.forms import form_data
from yingji.core.api.viewsets import ScopedGenericViewSet, ServiceViewSet, actor_of
from yingji.core.steps.api import step_action


@extend_schema(tags=["生产安全事故"])
class AccidentViewSet(ServiceViewSet):
    """Accidents in the caller's scope."""

    queryset = Accident.objects.none()
    serializer_class = AccidentSerializer
    filterset_class = AccidentFilterSet
    select_related = ("region", "enterprise")
    prefetch_related = ("grade_changes", "team", "findings", "measures")
    ordering_fields = ["occurred_at", "grade", "number", "id"]
    ordering = ["-occurred_at", "-id"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    # A step needs only to see the accident: its own permission (ACCIDENT_FLOW) decides.
    extra_action_permissions = {"step": "view", "from_incident": "add"}
    create_service = accidents.create_accident

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        """A correction of the record on the version the caller saw (the serializer
        requires it on update; a stale one is a 409)."""
        data, instance = dict(serializer.validated_data), serializer.instance
        assert isinstance(instance, Accident)
        serializer.instance = accidents.update_accident(
            instance, data, actor=actor_of(self.request),
            expected_version=data.pop("version"))

    step = step_action(STEPS, "step", serializer=AccidentSerializer)

    @extend_schema(request=OpenApiTypes.OBJECT, responses=AccidentSerializer,
                   description="incident (id), and optionally industry, category_6441, victims")
    @action(detail=False, methods=["post"], url_path="from-incident")
    def from_incident(self, request: Request) -> Response:
        """Turn a production safety incident into its accident record."""
        data = form_data(FromIncidentForm(data=request.data, user=request.user))
        incident = data.pop("incident")
        created = accidents.accident_from_incident(incident, actor=actor_of(request), data=data)
        return Response(AccidentSerializer(created, context=self.get_serializer_context()).data,
                        status=201)


@extend_schema(tags=["生产安全事故"])
class CrossCheckRowViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedGenericViewSet):
    """瞒报核查 rows in scope (matched, and the districts' verification tasks)."""

    queryset = CrossCheckRow.objects.none()
    serializer_class = CrossCheckRowSerializer
    filterset_class = CrossCheckRowFilterSet
    ordering_fields = ["day", "due", "id"]
    ordering = ["status", "due", "id"]
    extra_action_permissions = {"verify": "change"}

    @extend_schema(request=OpenApiTypes.OBJECT, responses=CrossCheckRowSerializer,
                   description="verdict (not_accident/recorded/late/concealed), note, accident, concealed_by")
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, pk: str | None = None) -> Response:
        row = self.get_object()
        data = form_data(VerifyForm(data=request.data, row=row, user=request.user))
        done = crosscheck.verify_row(row, actor=actor_of(request), **data)
        return Response(CrossCheckRowSerializer(done).data)
