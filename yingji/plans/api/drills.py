"""API of drills: the drill plan, a drill's run and evaluation; thin, writes go through
``yingji.plans.services.drills``."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField, ScopedPrimaryKeyRelatedField
from yingji.core.api.forms import checked
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ServiceViewSet, actor_of
from yingji.plans import filtersets, rules
from yingji.plans.forms import DrillEvaluationForm, FinishDrillForm, StartDrillForm
from yingji.plans.models import Drill, Plan
from yingji.plans.services import drills


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
    extra_action_permissions = {"chain": "view", "evaluate": "view"}

    def _done(self, drill: Drill) -> Response:
        drill.refresh_from_db()
        return Response(DrillSerializer(drill, context={"request": self.request}).data)

    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: str) -> Response:
        data = checked(StartDrillForm, request)
        drill = self.get_object()
        facts = None
        if data["through_intake"]:
            facts = {"category": data["category"], "subtype": data["subtype"],
                     "address": data["address"] or drill.address, "deaths": data["deaths"] or 0,
                     "trapped": data["trapped"] or 0}
        return self._done(drills.start_drill(drill, actor=actor_of(request),
                                             through_intake=data["through_intake"], incident=facts))

    @action(detail=True, methods=["post"])
    def finish(self, request: Request, pk: str) -> Response:
        data = checked(FinishDrillForm, request)
        return self._done(drills.finish_drill(self.get_object(), actor=actor_of(request),
                                              comment=data["comment"]))

    @action(detail=True, methods=["post"])
    def evaluate(self, request: Request, pk: str) -> Response:
        if not request.user.has_perm("plans.evaluate_drill"):
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("您没有评估演练的权限")
        data = checked(DrillEvaluationForm, request)
        findings = drills.parse_findings((data["findings"] or "").splitlines(),
                                         timezone.localdate() + timedelta(days=30))
        return self._done(drills.evaluate_drill(
            self.get_object(), actor=actor_of(request), summary=data["summary"], findings=findings,
            scores={c: Decimal(str(data[f"score_{c}"])) for c, _, _ in rules.AQT9009_ITEMS},
            notes={c: data[f"note_{c}"] for c, _, _ in rules.AQT9009_ITEMS}))

    @action(detail=True, methods=["get"])
    def chain(self, request: Request, pk: str) -> Response:
        return Response([{"step": s.step, "label": s.label, "minutes": s.minutes, "limit": s.limit,
                          "within": s.within} for s in drills.chain(self.get_object())])

