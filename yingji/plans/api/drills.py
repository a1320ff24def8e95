"""API of drills: the drill plan, a drill's run and evaluation; thin, writes go through
``yingji.plans.services.drills``."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, ServiceViewSet
from yingji.core.steps.api import step_action
from yingji.plans import filtersets
from yingji.plans.models import Drill, DrillFinding, Plan
from yingji.plans.services import drills
from yingji.plans.steps import DRILL_STEPS, FINDING_STEPS


class DrillSerializer(ModelSerializer):
    region = RegionField()
    plan = ScopedPrimaryKeyRelatedField(queryset=Plan.objects.exclude(state="abolished"))
    # The page's choice of accounts; the service checks the evaluator's scope holds the
    # drill's place (an external evaluator's scope is not the caller's).
    evaluator = serializers.PrimaryKeyRelatedField(
        queryset=drills.evaluator_accounts(), required=False, allow_null=True,
        error_messages={"does_not_exist": "所选账号不是演练评估员", "incorrect_type": "应为正整数编号"})
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = Drill
        fields = ["id", "plan", "title", "kind", "region", "address", "organiser", "participants",
                  "participant_count", "scenario", "planned_on", "held_on", "evaluator", "incident",
                  "received_at", "first_report_at", "response_at", "dispatch_at", "arrival_at",
                  "score", "grade", "evaluation_summary", "state", "state_display", "version"]
        read_only_fields = ["held_on", "incident", "received_at", "first_report_at", "response_at",
                            "dispatch_at", "arrival_at", "score", "grade", "evaluation_summary",
                            "state", "version"]


class DrillViewSet(ServiceViewSet):
    """Drills in scope (an external evaluator: only theirs); ``start``, ``finish`` and
    ``evaluate`` are the steps; ``chain`` the measured times against the limits."""

    queryset = Drill.objects.none()
    serializer_class = DrillSerializer
    filterset_class = filtersets.DrillFilterSet
    select_related = ("region", "plan")
    ordering_fields = ["planned_on", "score"]
    ordering = ["-planned_on"]
    create_service = drills.create_drill
    update_service = drills.update_drill
    # Each step's own permission decides (DRILL_FLOW): an evaluator sees only its drills
    # and may only evaluate them.
    extra_action_permissions = {"chain": "view", "start": "view", "finish": "view",
                                "evaluate": "view", "cancel": "view"}

    start = step_action(DRILL_STEPS, "start", fixed="start", serializer=DrillSerializer,
                        component="DrillStart")
    finish = step_action(DRILL_STEPS, "finish", fixed="finish", serializer=DrillSerializer,
                         component="DrillFinish")
    evaluate = step_action(DRILL_STEPS, "evaluate", fixed="evaluate", serializer=DrillSerializer,
                           component="DrillEvaluate")
    cancel = step_action(DRILL_STEPS, "cancel", fixed="cancel", serializer=DrillSerializer,
                         component="DrillCancel")

    @action(detail=True, methods=["get"])
    def chain(self, request: Request, pk: str) -> Response:
        return Response([{"step": s.step, "label": s.label, "minutes": s.minutes, "limit": s.limit,
                          "within": s.within} for s in drills.chain(self.get_object())])



class DrillFindingSerializer(ModelSerializer):
    state_display = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = DrillFinding
        fields = ["id", "drill", "problem", "owner", "due_on", "opens_revision", "rectification",
                  "state", "state_display", "version"]
        read_only_fields = fields


class DrillFindingViewSet(ScopedReadOnlyViewSet):
    """Drill findings in scope; ``close`` is 整改销号 (``FINDING_STEPS``, as on the page)."""

    queryset = DrillFinding.objects.none()
    serializer_class = DrillFindingSerializer
    filterset_class = filtersets.DrillFindingFilterSet
    ordering_fields = ["due_on"]
    ordering = ["due_on", "id"]
    extra_action_permissions = {"close": "view"}

    close = step_action(FINDING_STEPS, "close", fixed="close", serializer=DrillFindingSerializer,
                        component="DrillFindingClose")
