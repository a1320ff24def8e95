"""API of the incidents app: incidents (intake, grade, figures, reports, dispatch
recommendations and orders, response, closing, review), reports with versions and Word
documents, dispatch steps, tasks, duty (shifts, swaps, handovers, log, contacts),
findings and statistics. Thin: writes go through ``yingji.incidents.services``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import (
    ScopedModelViewSet,
    ScopedReadOnlyViewSet,
    actor_of,
)
from yingji.core.models import Department, User
from yingji.incidents import filtersets, rules
from yingji.incidents.models import (
    ChecklistTemplate,
    Contact,
    DispatchOrder,
    DutyLog,
    DutyPattern,
    DutyShift,
    Finding,
    GradeCriterion,
    Incident,
    IncidentSettings,
    InfoReport,
    ReportKind,
    ReportRule,
    ReportVersion,
    ResourceKind,
    ResponseLevel,
    ResponseTask,
    SwapRequest,
)
from yingji.incidents.services import dispatch, duty, intake, reports, response, review, stats
from yingji.incidents.workflow import DISPATCH_FLOW, INCIDENT_FLOW, SWAP_FLOW, TASK_FLOW


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


class ReportVersionSerializer(ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["id", "number", "content", "figures", "created_at"]


class InfoReportSerializer(ModelSerializer):
    versions = ReportVersionSerializer(many=True, read_only=True)

    class Meta:
        model = InfoReport
        fields = ["id", "incident", "kind", "sequence", "status", "due_at", "submitted_at",
                  "late", "late_minutes", "report_to", "content", "reason", "versions"]
        read_only_fields = fields


class DispatchOrderSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()
    arrival_minutes = serializers.SerializerMethodField()

    class Meta:
        model = DispatchOrder
        fields = ["id", "incident", "resource_kind", "resource_id", "resource_name", "task",
                  "estimated_minutes", "estimate_method", "override_reason", "issued_at",
                  "accepted_at", "departed_at", "arrived_at", "completed_at", "returned_at",
                  "state", "state_display", "version", "arrival_minutes"]
        read_only_fields = fields

    def get_state_display(self, obj: DispatchOrder) -> str:
        return DISPATCH_FLOW.label(obj.state)

    def get_arrival_minutes(self, obj: DispatchOrder) -> float | None:
        return obj.arrival_minutes()


class ResponseTaskSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()

    class Meta:
        model = ResponseTask
        fields = ["id", "incident", "title", "department", "department_name", "assignee",
                  "due_at", "done_at", "result", "state", "state_display", "version"]
        read_only_fields = fields

    def get_state_display(self, obj: ResponseTask) -> str:
        return TASK_FLOW.label(obj.state)


class GradeInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=rules.GRADES, error_messages={
        "invalid_choice": "事件等级应为I（特别重大）、II（重大）、III（较大）或IV（一般）"})
    comment = serializers.CharField(required=False, allow_blank=True)


class FiguresInput(serializers.Serializer):
    deaths = serializers.IntegerField(min_value=0, required=False)
    missing = serializers.IntegerField(min_value=0, required=False)
    serious_injuries = serializers.IntegerField(min_value=0, required=False)
    injuries = serializers.IntegerField(min_value=0, required=False)
    trapped = serializers.IntegerField(min_value=0, required=False)
    loss_wan = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0,
                                        required=False)
    affected = serializers.IntegerField(min_value=0, required=False)
    relocated = serializers.IntegerField(min_value=0, required=False)
    at = serializers.DateTimeField(required=False)


class ReportInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    content = serializers.CharField(required=False, allow_blank=True)
    submitted_at = serializers.DateTimeField(required=False)


class DispatchInput(serializers.Serializer):
    resource_kind = serializers.ChoiceField(choices=ResourceKind.choices)
    resource_id = serializers.IntegerField(min_value=1)
    task = serializers.CharField(required=False, allow_blank=True, max_length=200)
    override_reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
    estimated_minutes = serializers.FloatField(required=False)


class StepInput(serializers.Serializer):
    step = serializers.ChoiceField(choices=[(t.name, t.label) for t in DISPATCH_FLOW.transitions])
    at = serializers.DateTimeField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    version = serializers.IntegerField(required=False)


class TaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_at = serializers.DateTimeField()
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(),
                                                    required=False, allow_null=True)
    department_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    assignee = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True),
                                                  required=False, allow_null=True)

    def validate_department(self, value: Department | None) -> Department | None:
        request = self.context.get("request")
        if value is not None and request is not None and not Department.objects.restrict(
                request.user, "view").filter(pk=value.pk).exists():
            raise serializers.ValidationError("该部门不在您的数据范围内")
        return value


class CloseInput(serializers.Serializer):
    comment = serializers.CharField()


class FindingInput(serializers.Serializer):
    problem = serializers.CharField()
    responsible_unit = serializers.CharField()
    due_date = serializers.DateField()


class ReviewInput(serializers.Serializer):
    summary = serializers.CharField()
    lessons = serializers.CharField(required=False, allow_blank=True)
    findings = FindingInput(many=True, required=False)


def _valid(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


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
        data = _valid(GradeInput, request)
        return self._done(intake.set_grade(self.get_object(), data["grade"],
                                           actor=actor_of(request), comment=data.get("comment", "")))

    @action(detail=True, methods=["post"])
    def figures(self, request: Request, pk: str) -> Response:
        data = _valid(FiguresInput, request)
        at = data.pop("at", None)
        return self._done(intake.update_figures(self.get_object(), data, actor=actor_of(request),
                                                at=at))

    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        data = _valid(ReportInput, request)
        report = reports.add_report(self.get_object(), data["kind"], actor=actor_of(request),
                                    content=data.get("content", ""), at=data.get("submitted_at"))
        return Response(InfoReportSerializer(report).data, status=201)

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

    @action(detail=True, methods=["post"], url_path="dispatch")
    def dispatch_resource(self, request: Request, pk: str) -> Response:
        data = _valid(DispatchInput, request)
        order = dispatch.dispatch(self.get_object(), data["resource_kind"], data["resource_id"],
                                  actor=actor_of(request), task=data.get("task", ""),
                                  override_reason=data.get("override_reason", ""),
                                  estimated_minutes=data.get("estimated_minutes"))
        return Response(DispatchOrderSerializer(order).data, status=201)

    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str) -> Response:
        level = str(request.data.get("level", ""))
        if level not in ResponseLevel.values:
            raise serializers.ValidationError({"level": ["响应级别应为I、II、III或IV"]})
        return self._done(response.start_response(self.get_object(), level,
                                                  actor=actor_of(request)))

    @action(detail=True, methods=["post"], url_path="tasks")
    def add_task(self, request: Request, pk: str) -> Response:
        serializer = TaskInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        task = response.add_task(self.get_object(), dict(serializer.validated_data),
                                 actor=actor_of(request))
        return Response(ResponseTaskSerializer(task).data, status=201)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        data = _valid(CloseInput, request)
        return self._done(response.close_incident(self.get_object(), actor=actor_of(request),
                                                  comment=data["comment"]))

    @action(detail=True, methods=["post"], url_path="review")
    def write_review(self, request: Request, pk: str) -> Response:
        data = _valid(ReviewInput, request)
        created = review.create_review(self.get_object(), {"summary": data["summary"],
                                                           "lessons": data.get("lessons", "")},
                                       actor=actor_of(request),
                                       findings=[dict(f) for f in data.get("findings", [])])
        return Response({"id": created.pk, "findings": created.findings.count()}, status=201)

    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str) -> Response:
        from yingji.incidents.services.common import incident_timeline

        return Response([{"time": e.time, "type": e.event_type, "summary": e.summary,
                          "actor": e.actor_label} for e in incident_timeline(self.get_object())])

    @action(detail=True, methods=["get"])
    def arrival(self, request: Request, pk: str) -> Response:
        rate = dispatch.arrival_rate(list(self.get_object().orders.all()))
        return Response({"orders": rate.orders, "on_time": rate.on_time, "rate": rate.rate,
                         "target_minutes": rate.target_minutes})

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


class InfoReportViewSet(ScopedReadOnlyViewSet):
    """Reports (obligations and submitted ones) with versions; revise and Word."""

    queryset = InfoReport.objects.none()
    serializer_class = InfoReportSerializer
    filterset_class = filtersets.InfoReportFilterSet
    select_related = ("incident",)
    prefetch_related = ("versions",)
    ordering_fields = ["due_at", "submitted_at"]
    ordering = ["due_at"]

    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        data = _valid(ReportInput, request) if "kind" in request.data else {
            "content": request.data.get("content", "")}
        report = reports.submit_report(self.get_object(), actor=actor_of(request),
                                       content=data.get("content", "") or "",
                                       at=data.get("submitted_at"))
        return Response(InfoReportSerializer(report).data)

    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str) -> Response:
        version = reports.revise_report(self.get_object(), str(request.data.get("content", "")),
                                        actor=actor_of(request))
        return Response(ReportVersionSerializer(version).data, status=201)

    @action(detail=True, methods=["get"], url_path=r"versions/(?P<number>\d+)/docx")
    def docx(self, request: Request, pk: str, number: str) -> HttpResponse:
        report = self.get_object()
        version = report.versions.filter(number=int(number)).first()
        if version is None:
            raise serializers.ValidationError({"number": ["没有该版本"]})
        return HttpResponse(reports.docx_bytes(version), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))


class DispatchOrderViewSet(ScopedReadOnlyViewSet):
    queryset = DispatchOrder.objects.none()
    serializer_class = DispatchOrderSerializer
    filterset_class = filtersets.DispatchOrderFilterSet
    ordering_fields = ["issued_at"]
    ordering = ["issued_at"]

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str) -> Response:
        data = _valid(StepInput, request)
        order = dispatch.advance(self.get_object(), data["step"], actor=actor_of(request),
                                 at=data.get("at"), comment=data.get("comment", ""),
                                 expected_version=data.get("version"))
        return Response(DispatchOrderSerializer(order).data)


class ResponseTaskViewSet(ScopedReadOnlyViewSet):
    queryset = ResponseTask.objects.none()
    serializer_class = ResponseTaskSerializer
    filterset_class = filtersets.ResponseTaskFilterSet
    ordering_fields = ["due_at"]
    ordering = ["due_at"]

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str) -> Response:
        task = response.task_step(self.get_object(), str(request.data.get("step", "")),
                                  actor=actor_of(request),
                                  result=str(request.data.get("result", "")),
                                  comment=str(request.data.get("comment", "")))
        return Response(ResponseTaskSerializer(task).data)


class DutyShiftSerializer(ModelSerializer):
    region = RegionField()
    leaders = serializers.PrimaryKeyRelatedField(many=True, queryset=User.objects.filter(
        is_active=True))
    officers = serializers.PrimaryKeyRelatedField(many=True, required=False,
                                                  queryset=User.objects.filter(is_active=True))

    class Meta:
        model = DutyShift
        fields = ["id", "region", "pattern", "start", "end", "leaders", "officers", "phone", "note"]


class DutyShiftViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    """Shifts; creating one refuses overlaps (400 with the people and times)."""

    queryset = DutyShift.objects.none()
    serializer_class = DutyShiftSerializer
    filterset_class = filtersets.DutyShiftFilterSet
    prefetch_related = ("leaders", "officers")
    ordering_fields = ["start"]
    ordering = ["-start"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = duty.create_shift(dict(serializer.validated_data),
                                                actor=actor_of(self.request)).shift

    @action(detail=True, methods=["post"])
    def log(self, request: Request, pk: str) -> Response:
        entry = duty.add_log(self.get_object(), str(request.data.get("content", "")),
                             actor=actor_of(request))
        return Response({"id": entry.pk}, status=201)


class SwapRequestSerializer(ModelSerializer):
    state_display = serializers.SerializerMethodField()

    class Meta:
        model = SwapRequest
        fields = ["id", "shift", "from_user", "to_user", "reason", "state", "state_display",
                  "version", "created_at"]
        read_only_fields = ["id", "state", "version", "created_at"]

    def get_state_display(self, obj: SwapRequest) -> str:
        return SWAP_FLOW.label(obj.state)


class SwapRequestViewSet(mixins.CreateModelMixin, ScopedReadOnlyViewSet):
    queryset = SwapRequest.objects.none()
    serializer_class = SwapRequestSerializer
    filterset_class = filtersets.SwapRequestFilterSet
    ordering = ["-created_at"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        data = serializer.validated_data
        serializer.instance = duty.request_swap(data["shift"], from_user=data["from_user"],
                                                to_user=data["to_user"], reason=data["reason"],
                                                actor=actor_of(self.request))

    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        swap = duty.decide_swap(self.get_object(), approve=request.data.get("approve") in (
            True, "true", "1", 1), actor=actor_of(request), comment=str(request.data.get(
                "comment", "")))
        return Response(SwapRequestSerializer(swap).data)


class DutyLogSerializer(ModelSerializer):
    class Meta:
        model = DutyLog
        fields = ["id", "shift", "time", "content", "incident", "author"]
        read_only_fields = fields


class DutyLogViewSet(ScopedReadOnlyViewSet):
    queryset = DutyLog.objects.none()
    serializer_class = DutyLogSerializer
    filterset_class = filtersets.DutyLogFilterSet
    ordering = ["-time"]


class ContactSerializer(ModelSerializer):
    region = RegionField()

    class Meta:
        model = Contact
        fields = ["id", "region", "name", "organisation", "position", "category", "phone",
                  "mobile", "note"]


class ContactViewSet(ScopedModelViewSet):
    queryset = Contact.objects.none()
    serializer_class = ContactSerializer
    filterset_class = filtersets.ContactFilterSet
    ordering_fields = ["name"]
    ordering = ["name"]


class FindingSerializer(ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "review", "problem", "responsible_unit", "due_date", "rectification",
                  "closed_at", "state", "version"]
        read_only_fields = fields


class FindingViewSet(ScopedReadOnlyViewSet):
    queryset = Finding.objects.none()
    serializer_class = FindingSerializer
    filterset_class = filtersets.FindingFilterSet
    ordering = ["due_date"]

    @action(detail=True, methods=["post"], url_path="tasks")
    def add_task(self, request: Request, pk: str) -> Response:
        serializer = TaskInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        task = response.add_task(self.get_object(), dict(serializer.validated_data),
                                 actor=actor_of(request))
        return Response(ResponseTaskSerializer(task).data, status=201)

    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        finding = review.close_finding(self.get_object(), actor=actor_of(request),
                                       rectification=str(request.data.get("rectification", "")))
        return Response(FindingSerializer(finding).data)




def _config_viewset(model_: type[Any], order: list[str]) -> type[ScopedModelViewSet]:
    """CRUD of a configuration table (changes from city-wide scope only)."""
    meta = type("Meta", (), {"model": model_, "fields": "__all__"})
    serializer = type(f"{model_.__name__}Serializer", (ModelSerializer,), {"Meta": meta})
    return type(f"{model_.__name__}ViewSet", (ScopedModelViewSet,), {
        "queryset": model_.objects.none(), "serializer_class": serializer, "ordering": order,
        "__doc__": f"{model_._meta.verbose_name}（可配置）"})


GradeCriterionViewSet = _config_viewset(GradeCriterion, ["category", "subtype", "grade"])
ReportRuleViewSet = _config_viewset(ReportRule, ["grade", "category"])
ChecklistTemplateViewSet = _config_viewset(ChecklistTemplate, ["category", "name"])
DutyPatternViewSet = _config_viewset(DutyPattern, ["name"])
IncidentSettingsViewSet = _config_viewset(IncidentSettings, ["pk"])
