"""API of the disasters module: events with their roll-up and response assessment,
reports (submit with the phone form's fields; the chain's steps), relief cases and the
12-hour checks. Thin: the pages' forms validate, the services decide; a refused step is
a 409 by core's error handler."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import FormWriteMixin, form_data
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.core.scope import scope_of
from yingji.core.steps.api import step_action
from yingji.disasters.api.serializers import (
    CasualtySerializer,
    CheckSerializer,
    DonationSerializer,
    EventSerializer,
    HouseSerializer,
    ReliefCaseSerializer,
    ReportSerializer,
    WinterSpringPlanSerializer,
    rollup_payload,
)
from yingji.disasters.filtersets import (
    CasualtyRecordFilterSet,
    DamagedHouseFilterSet,
    DisasterEventFilterSet,
    DisasterReportFilterSet,
    DonationFilterSet,
    ReliefCaseFilterSet,
    TwelveHourCheckFilterSet,
    WinterSpringPlanFilterSet,
)
from yingji.disasters.forms import (
    EVENT_STEPS,
    RELIEF_STEPS,
    REPORT_STEPS,
    CasualtyForm,
    DonationForm,
    EventForm,
    HouseForm,
    ReliefCaseForm,
    ReportForm,
    WinterSpringPlanForm,
)
from yingji.disasters.models import (
    CasualtyRecord,
    DamagedHouse,
    DisasterEvent,
    DisasterReport,
    Donation,
    ReliefCase,
    TwelveHourCheck,
    WinterSpringPlan,
)
from yingji.disasters.services import events, outputs, registers, relief, reports, response, support

WRITES = ["get", "post", "put", "patch", "head", "options"]


@extend_schema(tags=["救灾救助"])
class EventViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """Disaster events in the caller's scope; POST registers one, PUT/PATCH changes it
    (the page form's fields: title, kind, grade, region, affected_regions, started_at,
    ended_at, description, bulletins, incidents); ``{id}/step/`` with ``name`` stable
    (灾情稳定) or verify (完成核报)."""

    queryset = DisasterEvent.objects.none()
    serializer_class = EventSerializer
    filterset_class = DisasterEventFilterSet
    ordering = ["-started_at", "-id"]
    prefetch_related = ("affected_regions", "bulletins", "incidents")
    http_method_names = WRITES
    form_class = EventForm
    create_service = events.create_event
    update_service = events.update_event

    step = step_action(EVENT_STEPS, "step", serializer=EventSerializer, component="DisasterEventStep")

    @extend_schema(responses=inline_serializer("EventRollup", {
        "rows": serializers.ListField(child=serializers.DictField(), help_text="市、区县、街道各级汇总"),
        "response_level": serializers.CharField(allow_null=True, help_text="救助应急响应等级"),
        "response_basis": serializers.JSONField(help_text="响应等级的依据")}))
    @action(detail=True, methods=["get"])
    def rollup(self, request: Request, pk: str | None = None) -> Response:
        """The roll-up city → county → street at each stage, with the differences, and
        the relief response assessment."""
        event = self.get_object()
        rows = outputs.rollup_rows(event, scope_of(request.user).region_prefix)
        assessment = response.assess(event)
        return Response(
            {
                "rows": rollup_payload(rows),
                "response_level": assessment.level,
                "response_basis": assessment.basis(),
            }
        )


@extend_schema(tags=["救灾救助"])
class ReportViewSet(ScopedReadOnlyViewSet):
    """Reports in the caller's scope; POST submits one (the phone form's fields)."""

    queryset = DisasterReport.objects.none()
    serializer_class = ReportSerializer
    filterset_class = DisasterReportFilterSet
    select_related = ("region", "event")
    ordering = ["-reported_at", "-id"]
    extra_action_permissions = {"submit": "add", "step": "view"}

    @action(detail=False, methods=["post"])
    def submit(self, request: Request) -> Response:
        """Submit a report: event, region (a village's code), the indicators,
        correction_reason, note."""
        form = ReportForm(data=request.data, user=request.user)
        data = form_data(form)
        report = reports.submit_report(
            data["event"],
            data["region"],
            form.figures(),
            actor=actor_of(request),
            correction_reason=data.get("correction_reason") or "",
            note=data.get("note") or "",
        )
        return Response(ReportSerializer(report).data, status=201)

    step = step_action(REPORT_STEPS, "step", serializer=ReportSerializer)


@extend_schema(tags=["救灾救助"])
class ReliefCaseViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """Relief cases in the caller's scope (ID numbers masked); POST registers a
    household's application (the page form's fields with ``id_number``), PUT/PATCH
    corrects it while it may still change (not once 县审批 has approved it)."""

    queryset = ReliefCase.objects.none()
    serializer_class = ReliefCaseSerializer
    filterset_class = ReliefCaseFilterSet
    ordering = ["-created_at", "-id"]
    http_method_names = WRITES
    form_class = ReliefCaseForm
    create_service = relief.create_case
    update_service = relief.update_case
    extra_fields = ("id_number",)
    extra_action_permissions = {"step": "view"}

    step = step_action(RELIEF_STEPS, "step", serializer=ReliefCaseSerializer)


@extend_schema(tags=["救灾救助"])
class WinterSpringPlanViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """Winter-spring relief of the counties in the caller's scope; POST registers a
    season's plan, PUT/PATCH changes its dates, standard or note (funds: the page's
    资金下达)."""

    queryset = WinterSpringPlan.objects.none()
    serializer_class = WinterSpringPlanSerializer
    filterset_class = WinterSpringPlanFilterSet
    ordering = ["-survey_start", "id"]
    http_method_names = WRITES
    form_class = WinterSpringPlanForm
    create_service = support.create_plan
    update_service = support.update_plan


@extend_schema(tags=["救灾救助"])
class DonationViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """Donations received in the caller's scope; POST registers one, PUT/PATCH corrects it."""

    queryset = Donation.objects.none()
    serializer_class = DonationSerializer
    filterset_class = DonationFilterSet
    ordering = ["-received_at", "-id"]
    http_method_names = WRITES
    form_class = DonationForm
    create_service = support.receive_donation
    update_service = support.update_donation


@extend_schema(tags=["救灾救助"])
class CasualtyViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """因灾死亡失踪人员名单 in the caller's scope; POST adds a person (``id_number`` is kept
    masked only), PUT/PATCH corrects the entry (after 核报 with ``correction_reason``,
    leaders only)."""

    queryset = CasualtyRecord.objects.none()
    serializer_class = CasualtySerializer
    filterset_class = CasualtyRecordFilterSet
    select_related = ("region", "event")
    ordering = ["-occurred_at", "-id"]
    http_method_names = WRITES
    form_class = CasualtyForm
    create_service = registers.add_casualty
    update_service = registers.update_casualty
    extra_fields = ("id_number", "correction_reason")


@extend_schema(tags=["救灾救助"])
class HouseViewSet(FormWriteMixin, ScopedReadOnlyViewSet):
    """倒损住房户台账 in the caller's scope; POST adds a household's house, PUT/PATCH
    corrects it (after 核报 with ``correction_reason``, leaders only)."""

    queryset = DamagedHouse.objects.none()
    serializer_class = HouseSerializer
    filterset_class = DamagedHouseFilterSet
    select_related = ("region", "event")
    ordering = ["region", "id"]
    http_method_names = WRITES
    form_class = HouseForm
    create_service = registers.add_house
    update_service = registers.update_house
    extra_fields = ("id_number", "correction_reason")


@extend_schema(tags=["救灾救助"])
class CheckViewSet(ScopedReadOnlyViewSet):
    """The 12-hour checks of the affected streets in the caller's scope."""

    queryset = TwelveHourCheck.objects.none()
    serializer_class = CheckSerializer
    filterset_class = TwelveHourCheckFilterSet
    prefetch_related = ("confirmations",)
    ordering = ["due_at", "id"]
