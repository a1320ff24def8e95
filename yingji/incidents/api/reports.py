"""Reports (obligations and submitted ones) with their versions and Word documents."""

from __future__ import annotations

from django.http import HttpResponse
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.forms import checked
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedReadOnlyViewSet, actor_of
from yingji.incidents import filtersets
from yingji.incidents.forms import (
    CommentForm,
    PhoneReportForm,
    ReportSubmitForm,
    ReviseForm,
    SignOffForm,
)
from yingji.incidents.models import InfoReport, ReportVersion
from yingji.incidents.services import reports


class ReportVersionSerializer(ModelSerializer):
    class Meta:
        model = ReportVersion
        fields = ["id", "number", "content", "figures", "created_at"]


class InfoReportSerializer(ModelSerializer):
    versions = ReportVersionSerializer(many=True, read_only=True)

    class Meta:
        model = InfoReport
        fields = ["id", "incident", "kind", "sequence", "status", "due_at", "submitted_at",
                  "late", "late_minutes", "report_to", "content", "reason", "drafted_at",
                  "drafted_by", "signoff_due_at", "signed_at", "signed_by", "phone_due_at",
                  "phoned_at", "phoned_by", "phoned_to", "phone_late", "phone_late_minutes",
                  "versions"]
        read_only_fields = fields


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
        data = checked(ReportSubmitForm, request) if "kind" in request.data else {
            "content": str(request.data.get("content", ""))}
        report = reports.submit_report(self.get_object(), actor=actor_of(request),
                                       content=data.get("content", "") or "",
                                       at=data.get("submitted_at"))
        return Response(InfoReportSerializer(report).data)

    @action(detail=True, methods=["post"], url_path="sign-off")
    def sign_off(self, request: Request, pk: str) -> Response:
        """签发: the leader on duty signs off a handed-in report and it is submitted."""
        data = checked(SignOffForm, request)
        report = reports.sign_off_report(self.get_object(), actor=actor_of(request),
                                         content=data["content"])
        return Response(InfoReportSerializer(report).data)

    @action(detail=True, methods=["post"])
    def phone(self, request: Request, pk: str) -> Response:
        """电话报告 of the 首报: ``phoned_to`` and optionally ``phoned_at``."""
        report = self.get_object()  # out of scope is 404 before the input is looked at
        data = checked(PhoneReportForm, request)
        report = reports.record_phone_report(report, actor=actor_of(request),
                                             phoned_to=data["phoned_to"], at=data.get("phoned_at"))
        return Response(InfoReportSerializer(report).data)

    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request: Request, pk: str) -> Response:
        """退回修改 with the reason."""
        data = checked(CommentForm, request)
        report = reports.return_report(self.get_object(), actor=actor_of(request),
                                       comment=data["comment"])
        return Response(InfoReportSerializer(report).data)

    @action(detail=True, methods=["post"])
    def revise(self, request: Request, pk: str) -> Response:
        data = checked(ReviseForm, request)
        version = reports.revise_report(self.get_object(), data["content"],
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
