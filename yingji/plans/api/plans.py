"""API of plans: the registry with its structure, lifecycle steps, matching an incident
and activations. Thin: writes go through ``yingji.plans.services``; a step's inputs are
the page's own form."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.forms import checked, form_data, form_errors
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, ServiceViewSet, actor_of
from yingji.core.models import User
from yingji.core.steps.api import step_action
from yingji.enterprises.models import Enterprise
from yingji.incidents.models import Incident
from yingji.plans import filtersets
from yingji.plans.forms import MatchForm
from yingji.plans.models import Plan, PlanActivation
from yingji.plans.services import matching, plans
from yingji.plans.steps import ACTIVATION_STEPS, INCIDENT_STEPS, PLAN_STEPS


class PlanSerializer(ModelSerializer):
    """A plan of the registry; the state changes only through ``step``."""

    region = RegionField()
    # Related rows only from the caller's scope (an id outside it reads as missing).
    enterprise = ScopedPrimaryKeyRelatedField(queryset=Enterprise.objects.all(), required=False,
                                              allow_null=True)
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=Plan.objects.all(), required=False, allow_null=True)
    responsible = ScopedPrimaryKeyRelatedField(queryset=User.objects.all(), required=False,
                                               allow_null=True)
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "name", "kind", "level", "region", "owner_unit", "enterprise", "parent",
                  "category", "subtypes", "doc_number", "effective_from", "effective_to",
                  "issued_on", "filed_on", "filing_body", "filing_number", "last_evaluated_on",
                  "command_name", "commander", "deputy_commanders", "command_office", "summary",
                  "responsible", "current_version", "state", "state_display", "version"]
        read_only_fields = ["doc_number", "effective_from", "issued_on", "filed_on", "filing_body",
                            "filing_number", "last_evaluated_on", "current_version", "state",
                            "version"]


class PlanViewSet(ServiceViewSet):
    """Plans in the caller's scope; ``structure`` the digital plan; ``step`` one
    lifecycle step (``{"step": "issue", "doc_number": …}``)."""

    queryset = Plan.objects.none()
    serializer_class = PlanSerializer
    filterset_class = filtersets.PlanFilterSet
    select_related = ("region",)
    ordering_fields = ["name", "kind", "issued_on", "state"]
    ordering = ["region_id", "kind", "name"]
    create_service = plans.create_plan
    update_service = plans.update_plan
    delete_service = plans.delete_plan
    extra_action_permissions = {"structure": "view", "step": "change"}

    @action(detail=True, methods=["get"])
    def structure(self, request: Request, pk: str) -> Response:
        return Response(plans.structure_of(self.get_object()))

    # One lifecycle step (``{"step": "issue", "doc_number": …}``), the page's PLAN_STEPS.
    step = step_action(PLAN_STEPS, "step", serializer=PlanSerializer, name_field="step")


class PlanActivationSerializer(ModelSerializer):
    class Meta:
        model = PlanActivation
        fields = ["id", "incident", "plan", "version", "version_label", "level", "reason",
                  "started_at", "started_by", "active"]
        read_only_fields = fields


class PlanActivationViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Activations in scope. POST ``{"incident", "plan", "level", "reason"}`` starts a
    response from a plan; ``level`` changes it; ``match`` (``?incident=``) lists the
    matching plans and levels with the reason."""

    queryset = PlanActivation.objects.none()
    serializer_class = PlanActivationSerializer
    filterset_class = filtersets.PlanActivationFilterSet
    ordering_fields = ["started_at"]
    ordering = ["-started_at"]
    extra_action_permissions = {"match": "view", "level": "change"}

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """启动预案: the incident's ``start_plan`` step (``INCIDENT_STEPS``, as on its page)."""
        incident = get_object_or_404(Incident.objects.restrict(request.user, "view"),
                                     pk=checked(MatchForm, request)["incident"])
        step = INCIDENT_STEPS["start_plan"]
        actor = actor_of(request)
        form = INCIDENT_STEPS.bind(step, incident, actor, request.data)
        if not form.is_valid():
            raise serializers.ValidationError(form_errors(form))
        started = step.perform(incident, form.cleaned_data, actor)
        return Response(PlanActivationSerializer(started).data, status=201)

    level = step_action(ACTIVATION_STEPS, "level", fixed="level", serializer=PlanActivationSerializer,
                        component="PlanActivationLevel")

    @action(detail=False, methods=["get"])
    def match(self, request: Request) -> Response:
        incident = get_object_or_404(Incident.objects.restrict(request.user, "view"),
                                     pk=form_data(MatchForm(request.query_params))["incident"])
        return Response([{"plan": m.plan.pk, "plan_name": m.plan.name, "level": m.level,
                          "level_display": m.level_label, "reason": m.reason}
                         for m in matching.match_incident(incident)])
