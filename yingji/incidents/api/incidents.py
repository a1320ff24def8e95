"""Incidents: intake, grade, figures, reports, dispatch recommendations and orders,
response, closing, review, timeline and statistics. Thin: every write goes through
``yingji.incidents.services``; each step's inputs are the page's own form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField
from yingji.core.api.forms import checked
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.incidents import filtersets, rules
from yingji.incidents.api.dispatch import DispatchOrderSerializer, ResponseTaskSerializer
from yingji.incidents.api.reports import InfoReportSerializer
from yingji.incidents.forms import (
    CommentForm,
    DispatchForm,
    FiguresForm,
    GradeForm,
    ReportSubmitForm,
    RespondForm,
    ReviewForm,
    TaskForm,
)
from yingji.incidents.models import Incident
from yingji.incidents.services import dispatch, intake, reports, response, review, stats
from yingji.incidents.workflow import INCIDENT_FLOW


class IncidentSerializer(ModelSerializer):
    """An incident. ``grade`` may be left empty to take the rule's grade;
    ``suggested_grade`` and ``grade_warning`` are computed. Changes after intake go
    through the actions (grade, figures, respond, close)."""

    region = RegionField()
    state_display = serializers.SerializerMethodField()
    received_at = serializers.DateTimeField(required=False)

    class Meta:
        model = Incident
        fields = ["id", "title", "received_at", "occurred_at", "source", "caller", "caller_phone",
                  "caller_unit", "region", "address", "longitude", "latitude", "category",
                  "subtype", "deaths", "missing", "serious_injuries", "injuries", "trapped",
                  "loss_wan", "affected", "relocated", "description", "grade", "suggested_grade",
                  "grade_warning", "enterprise", "response_level", "response_started_at",
                  "closed_at", "state", "state_display", "version"]
        read_only_fields = ["id", "suggested_grade", "grade_warning", "response_level",
                            "response_started_at", "closed_at", "state", "version"]

    def get_state_display(self, obj: Incident) -> str:
        return INCIDENT_FLOW.label(obj.state)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        reason = rules.check_classification(str(attrs.get("category", "")),
                                            str(attrs.get("subtype", "")))
        if reason:
            raise serializers.ValidationError({"subtype": reason})
        return attrs


ARRIVAL_SCHEMA = inline_serializer("ArrivalRate", {
    "orders": serializers.IntegerField(), "on_time": serializers.IntegerField(),
    "rate": serializers.FloatField(allow_null=True), "target_minutes": serializers.IntegerField()})
_RECOMMENDED = inline_serializer("RecommendedResource", {
    "type": serializers.CharField(), "id": serializers.IntegerField(), "name": serializers.CharField(),
    "minutes": serializers.FloatField(allow_null=True), "distance_m": serializers.IntegerField(),
    "detail": serializers.JSONField()}, many=True)
RECOMMEND_SCHEMA = inline_serializer("DispatchRecommendation", {
    "exact": serializers.BooleanField(), "estimated": serializers.BooleanField(allow_null=True),
    "method": serializers.CharField(allow_null=True),
    "items": serializers.DictField(child=_RECOMMENDED,
                                   help_text="按资源类型（team、expert、warehouse…）的推荐列表")})
TIMELINE_SCHEMA = inline_serializer("IncidentTimelineEntry", {
    "time": serializers.DateTimeField(), "type": serializers.CharField(),
    "summary": serializers.CharField(), "actor": serializers.CharField()}, many=True)
_COUNTED = inline_serializer("NamedCount", {"name": serializers.CharField(),
                                            "value": serializers.IntegerField()}, many=True)
STATISTICS_SCHEMA = inline_serializer("IncidentStatistics", {
    "total": serializers.IntegerField(), "by_category": _COUNTED, "by_grade": _COUNTED,
    "by_district": _COUNTED, "by_month": _COUNTED,
    "reports_submitted": serializers.IntegerField(), "reports_late": serializers.IntegerField(),
    "reports_overdue": serializers.IntegerField(),
    "on_time_rate": serializers.FloatField(allow_null=True), "arrival": ARRIVAL_SCHEMA,
    "period": inline_serializer("StatisticsPeriod", {"start": serializers.DateField(),
                                                     "end": serializers.DateField()})})
REVIEW_CREATED_SCHEMA = inline_serializer("IncidentReviewCreated", {
    "id": serializers.IntegerField(), "findings": serializers.IntegerField()})


class IncidentViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Incidents in the caller's scope; intake by POST; actions for everything after."""

    queryset = Incident.objects.none()
    serializer_class = IncidentSerializer
    filterset_class = filtersets.IncidentFilterSet
    select_related = ("region",)
    ordering_fields = ["received_at", "grade", "state"]
    ordering = ["-received_at"]
    extra_action_permissions = {"recommend": "view", "timeline": "view", "arrival": "view"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = intake.receive_incident(dict(serializer.validated_data),
                                                      actor=actor_of(self.request))

    def _done(self, incident: Incident) -> Response:
        incident.refresh_from_db()
        return Response(IncidentSerializer(incident, context={"request": self.request}).data)

    @action(detail=True, methods=["post"])
    def grade(self, request: Request, pk: str) -> Response:
        data = checked(GradeForm, request)
        return self._done(intake.set_grade(self.get_object(), data["grade"],
                                           actor=actor_of(request), comment=data.get("comment", "")))

    @action(detail=True, methods=["post"])
    def figures(self, request: Request, pk: str) -> Response:
        data = checked(FiguresForm, request)
        at = data.pop("at", None)
        return self._done(intake.update_figures(self.get_object(), data, actor=actor_of(request),
                                                at=at))

    @extend_schema(responses={201: InfoReportSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        data = checked(ReportSubmitForm, request)
        report = reports.add_report(self.get_object(), data["kind"], actor=actor_of(request),
                                    content=data.get("content", ""), at=data.get("submitted_at"))
        return Response(InfoReportSerializer(report).data, status=201)

    @extend_schema(responses=RECOMMEND_SCHEMA, parameters=[OpenApiParameter(
        "capability", str, description="所需能力（可选）")])
    @action(detail=True, methods=["get"])
    def recommend(self, request: Request, pk: str) -> Response:
        result = dispatch.recommend(self.get_object(), request.user,
                                    capability=request.query_params.get("capability", ""))
        return Response({
            "exact": result["exact"], "estimated": result.get("estimated"),
            "method": result.get("method"),
            "items": {kind: [{"type": r.resource.type, "id": r.resource.id,
                              "name": r.resource.name, "minutes": r.minutes,
                              "distance_m": round(r.distance_m), "detail": r.resource.detail}
                             for r in items] for kind, items in result["by_type"].items()},
        })

    @extend_schema(responses={201: DispatchOrderSerializer})
    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_resource(self, request: Request, pk: str) -> Response:
        data = checked(DispatchForm, request)
        order = dispatch.dispatch(self.get_object(), data["resource_kind"], data["resource_id"],
                                  actor=actor_of(request), task=data.get("task", ""),
                                  override_reason=data.get("override_reason", ""),
                                  estimated_minutes=data.get("estimated_minutes"))
        return Response(DispatchOrderSerializer(order).data, status=201)

    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        level = checked(RespondForm, request)["level"]
        return self._done(response.start_response(self.get_object(), level,
                                                  actor=actor_of(request)))

    @extend_schema(responses={201: ResponseTaskSerializer})
    @action(detail=True, methods=["post"], url_path="tasks")
    def add_task(self, request: Request, pk: str) -> Response:
        data = checked(TaskForm, request, user=request.user)
        task = response.add_task(self.get_object(), data, actor=actor_of(request))
        return Response(ResponseTaskSerializer(task).data, status=201)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = checked(CommentForm, request)
        return self._done(response.close_incident(self.get_object(), actor=actor_of(request),
                                                  comment=data["comment"]))

    @extend_schema(responses={201: REVIEW_CREATED_SCHEMA})
    @action(detail=True, methods=["post"], url_path="review")
    def write_review(self, request: Request, pk: str) -> Response:
        data = checked(ReviewForm, request)
        created = review.create_review(self.get_object(), {"summary": data["summary"],
                                                           "lessons": data["lessons"]},
                                       actor=actor_of(request), findings=data["findings"])
        return Response({"id": created.pk, "findings": created.findings.count()}, status=201)

    @extend_schema(responses=TIMELINE_SCHEMA)
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str) -> Response:
        from yingji.incidents.services.common import incident_timeline

        return Response([{"time": e.time, "type": e.event_type, "summary": e.summary,
                          "actor": e.actor_label} for e in incident_timeline(self.get_object())])

    @extend_schema(responses=ARRIVAL_SCHEMA)
    @action(detail=True, methods=["get"])
    def arrival(self, request: Request, pk: str) -> Response:
        rate = dispatch.arrival_rate(list(self.get_object().orders.all()))
        return Response({"orders": rate.orders, "on_time": rate.on_time, "rate": rate.rate,
                         "target_minutes": rate.target_minutes})

    @extend_schema(responses=STATISTICS_SCHEMA, parameters=[
        OpenApiParameter("start", OpenApiTypes.DATE, description="起始日期（默认90天前）"),
        OpenApiParameter("end", OpenApiTypes.DATE, description="截止日期（默认今天）")])
    @action(detail=False, methods=["get"])
    def statistics(self, request: Request) -> Response:
        today = timezone.localdate()
        try:
            start = date.fromisoformat(request.query_params.get("start") or "")
        except ValueError:
            start = today - timedelta(days=89)
        try:
            end = date.fromisoformat(request.query_params.get("end") or "")
        except ValueError:
            end = today
        data = stats.summary(request.user, stats.Period(start, end))
        arrival = data.pop("arrival")
        data["arrival"] = {"orders": arrival.orders, "on_time": arrival.on_time,
                           "rate": arrival.rate, "target_minutes": arrival.target_minutes}
        data["period"] = {"start": start, "end": end}
        return Response(data)
