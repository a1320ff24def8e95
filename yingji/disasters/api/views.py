"""API of the disasters module: events with their roll-up and response assessment,
reports (submit with the phone form's fields; the chain's steps), relief cases and the
12-hour checks. Thin: the pages' forms validate, the services decide; a refused step is
a 409 by core's error handler."""

from __future__ import annotations

from typing import Any

from django import forms
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.core.scope import scope_of
from yingji.disasters.api.serializers import (
    CheckSerializer,
    DonationSerializer,
    EventSerializer,
    ReliefCaseSerializer,
    ReportSerializer,
    WinterSpringPlanSerializer,
    rollup_payload,
)
from yingji.disasters.filtersets import (
    DisasterEventFilterSet,
    DisasterReportFilterSet,
    DonationFilterSet,
    ReliefCaseFilterSet,
    TwelveHourCheckFilterSet,
    WinterSpringPlanFilterSet,
)
from yingji.disasters.forms import ReliefStepForm, ReportForm, StepForm
from yingji.disasters.models import (
    DisasterEvent,
    DisasterReport,
    Donation,
    ReliefCase,
    TwelveHourCheck,
    WinterSpringPlan,
)
from yingji.disasters.services import outputs, relief, reports, response


def form_data(form: forms.BaseForm) -> dict[str, Any]:
    if not form.is_valid():
        raise ApiValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
    return dict(form.cleaned_data)


@extend_schema(tags=["救灾救助"])
class EventViewSet(ScopedReadOnlyViewSet):
    """Disaster events in the caller's scope."""

    queryset = DisasterEvent.objects.none()
    serializer_class = EventSerializer
    filterset_class = DisasterEventFilterSet
    ordering = ["-started_at", "-id"]
    prefetch_related = ("affected_regions",)

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

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        """``name``: review, accept or return; ``comment``; ``version``."""
        report = self.get_object()
        data = form_data(StepForm(data=request.data))
        name = request.data.get("name")
        actor, comment, version = actor_of(request), data.get("comment") or "", data.get("version")
        if name == "review":
            done = reports.review_report(report, actor=actor, comment=comment, expected_version=version)
        elif name == "accept":
            done = reports.accept_report(report, actor=actor, comment=comment, expected_version=version)
        elif name == "return":
            done = reports.return_report(report, actor=actor, comment=comment, expected_version=version)
        else:
            raise ApiValidationError({"name": ["请选择review、accept或return"]})
        return Response(ReportSerializer(done).data)


@extend_schema(tags=["救灾救助"])
class ReliefCaseViewSet(ScopedReadOnlyViewSet):
    """Relief cases in the caller's scope (ID numbers masked)."""

    queryset = ReliefCase.objects.none()
    serializer_class = ReliefCaseSerializer
    filterset_class = ReliefCaseFilterSet
    ordering = ["-created_at", "-id"]
    extra_action_permissions = {"step": "view"}

    @action(detail=True, methods=["post"])
    def step(self, request: Request, pk: str | None = None) -> Response:
        """One step of the procedure: ``name`` (village_review, town_audit, approve, issue,
        publish, return, reapply), ``comment``, ``approved_amount``, ``version``."""
        data = form_data(ReliefStepForm(data=request.data))
        done = relief.step(
            self.get_object(),
            data["name"],
            actor=actor_of(request),
            comment=data.get("comment") or "",
            approved_amount=data.get("approved_amount"),
            expected_version=data.get("version"),
        )
        return Response(ReliefCaseSerializer(done).data)


@extend_schema(tags=["救灾救助"])
class WinterSpringPlanViewSet(ScopedReadOnlyViewSet):
    """Winter-spring relief of the counties in the caller's scope."""

    queryset = WinterSpringPlan.objects.none()
    serializer_class = WinterSpringPlanSerializer
    filterset_class = WinterSpringPlanFilterSet
    ordering = ["-survey_start", "id"]


@extend_schema(tags=["救灾救助"])
class DonationViewSet(ScopedReadOnlyViewSet):
    """Donations received in the caller's scope."""

    queryset = Donation.objects.none()
    serializer_class = DonationSerializer
    filterset_class = DonationFilterSet
    ordering = ["-received_at", "-id"]


@extend_schema(tags=["救灾救助"])
class CheckViewSet(ScopedReadOnlyViewSet):
    """The 12-hour checks of the affected streets in the caller's scope."""

    queryset = TwelveHourCheck.objects.none()
    serializer_class = CheckSerializer
    filterset_class = TwelveHourCheckFilterSet
    prefetch_related = ("confirmations",)
    ordering = ["due_at", "id"]
