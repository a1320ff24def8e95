"""API of the bulletins: CRUD of drafts, the workflow steps, versions, the 叫应 board,
CAP export and import. Thin: writes go through ``yingji.warnings.services``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ServiceViewSet, actor_of
from yingji.warnings import cap, rules, steps
from yingji.warnings.filtersets import BulletinFilterSet
from yingji.warnings.forms import PhoneAckForm
from yingji.warnings.models import Bulletin, BulletinVersion, Level, WarningType
from yingji.warnings.services import board, bulletins
from yingji.warnings.steps import StepForm
from yingji.warnings.workflow import BULLETIN_FLOW


class BulletinSerializer(ModelSerializer):
    """A bulletin; ``region`` is the issuing region, ``target_regions`` region codes
    inside it, ``polygon`` a GeoJSON Polygon. State changes go through ``transition``."""

    region = RegionField()
    target_regions = RegionField(many=True, required=False)
    warning_type = serializers.SlugRelatedField(slug_field="code",
                                                queryset=WarningType.objects.filter(active=True))
    level = serializers.ChoiceField(choices=Level.choices, error_messages={
        "invalid_choice": "预警级别“{input}”不在蓝色、黄色、橙色、红色四级之内"})
    state_display = serializers.SerializerMethodField()
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)

    class Meta:
        model = Bulletin
        fields = ["id", "identifier", "title", "warning_type", "level", "region", "target_regions",
                  "polygon", "effective_at", "expires_at", "content", "measures", "issuer",
                  "ack_within_minutes", "source", "state", "state_display", "version",
                  "published_at", "created_at", "updated_at"]
        read_only_fields = ["id", "identifier", "source", "state", "version", "published_at",
                            "created_at", "updated_at"]

    def get_state_display(self, obj: Bulletin) -> str:
        return BULLETIN_FLOW.label(obj.state)

    def validate_polygon(self, value: Any) -> Any:
        if value in (None, {}):
            return None
        problem = rules.polygon_problem(value)
        if problem:
            raise serializers.ValidationError(problem)
        return value


class VersionSerializer(ModelSerializer):
    """What one published version of a bulletin said."""

    class Meta:
        model = BulletinVersion
        fields = ["number", "action", "level", "title", "content", "measures", "effective_at",
                  "expires_at", "target_codes", "polygon", "created_at"]


def _counts() -> dict[str, serializers.Field]:
    return {name: serializers.IntegerField() for name in
            ("total", "delivered", "failed", "acknowledged", "late", "escalated")}


_SILENT = inline_serializer("BoardSilent", {
    "name": serializers.CharField(), "role": serializers.CharField(), "phone": serializers.CharField(),
    "region": serializers.CharField(), "escalated": serializers.IntegerField(),
    "failed": serializers.BooleanField(), "notification": serializers.IntegerField()})
_ANSWERED = inline_serializer("BoardAnswered", {
    "name": serializers.CharField(), "role": serializers.CharField(), "region": serializers.CharField(),
    "at": serializers.DateTimeField(), "via": serializers.CharField(), "late": serializers.BooleanField(),
    "recorded_by": serializers.CharField()})
BOARD_SCHEMA = inline_serializer("Board", {
    **_counts(),
    "regions": inline_serializer("BoardRegion", {
        "code": serializers.CharField(), "name": serializers.CharField(), **_counts(),
        "silent": type(_SILENT)(many=True), "answered": type(_ANSWERED)(many=True)}, many=True)})
PHONE_ACK_SCHEMA = inline_serializer("PhoneAck", {
    "notification": serializers.IntegerField(), "acked_at": serializers.DateTimeField(),
    "ack_via": serializers.CharField(), "recorded_by": serializers.IntegerField(allow_null=True)})


@extend_schema(tags=["预警发布"])
class BulletinViewSet(ServiceViewSet):
    """Warning bulletins in the caller's scope."""

    queryset = Bulletin.objects.none()
    serializer_class = BulletinSerializer
    filterset_class = BulletinFilterSet
    select_related = ("warning_type",)
    prefetch_related = ("target_regions",)
    ordering_fields = ["created_at", "expires_at", "level", "id"]
    ordering = ["-created_at", "-id"]
    extra_action_permissions = {"transition": "change", "board": "view", "versions": "view",
                                "cap": "view", "import_cap": "add", "phone_ack": "change"}

    create_service = staticmethod(bulletins.create_bulletin)
    update_service = staticmethod(bulletins.update_bulletin)
    delete_service = staticmethod(bulletins.delete_bulletin)

    @extend_schema(request=dict, responses=BulletinSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Fire a workflow step: ``name`` (submit, reject, publish, update, upgrade,
        downgrade, lift), optionally ``version`` (the one the caller saw), and the
        step's inputs: ``comment``; for update, upgrade and downgrade also ``content``,
        ``measures``, ``expires_at``; for upgrade and downgrade ``level``."""
        bulletin = self.get_object()
        form = StepForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        updated = steps.run(bulletin, form.cleaned_data, actor=actor_of(request))
        return Response(BulletinSerializer(updated, context=self.get_serializer_context()).data)

    @extend_schema(responses=VersionSerializer(many=True))
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        """Every published version of the bulletin."""
        bulletin = self.get_object()
        return Response(VersionSerializer(bulletin.versions.all(), many=True).data)

    @extend_schema(responses=BOARD_SCHEMA)
    @action(detail=True, methods=["get"])
    def board(self, request: Request, pk: str | None = None) -> Response:
        """The 叫应 board: per street delivered / acknowledged / escalated / failed."""
        figures = board.board(self.get_object())
        return Response({
            "total": figures.total, "delivered": figures.delivered, "failed": figures.failed,
            "acknowledged": figures.acknowledged, "late": figures.late,
            "escalated": figures.escalated,
            "regions": [{"code": r.code, "name": r.name, "total": r.total,
                         "delivered": r.delivered, "failed": r.failed,
                         "acknowledged": r.acknowledged, "late": r.late, "escalated": r.escalated,
                         "silent": [vars(s) for s in r.silent],
                         "answered": [vars(a) for a in r.answered]} for r in figures.rows]})

    @extend_schema(request=inline_serializer("PhoneAckRequest", {
        "notification": serializers.IntegerField(),
        "answered_at": serializers.DateTimeField(required=False)}), responses=PHONE_ACK_SCHEMA)
    @action(detail=True, methods=["post"], url_path="phone-ack")
    def phone_ack(self, request: Request, pk: str | None = None) -> Response:
        """Record that a recipient of the latest call answered by telephone:
        ``notification`` (a silent recipient's id on the board), ``answered_at``
        (optional, default now)."""
        bulletin = self.get_object()
        form = PhoneAckForm(request.data)
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        note = board.record_phone_ack(bulletin, actor=actor_of(request), **form.cleaned_data)
        return Response({"notification": note.pk, "acked_at": note.acked_at,
                         "ack_via": note.ack_via, "recorded_by": note.ack_recorded_by_id})

    @extend_schema(responses={(200, "application/cap+xml"): OpenApiTypes.STR})
    @action(detail=True, methods=["get"])
    def cap(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The bulletin as an OASIS CAP 1.2 alert."""
        return HttpResponse(cap.to_cap(self.get_object()),
                            content_type="application/cap+xml; charset=utf-8")

    @extend_schema(request={"application/xml": str}, responses={201: BulletinSerializer})
    @action(detail=False, methods=["post"], url_path="import-cap")
    def import_cap(self, request: Request) -> Response:
        """A draft bulletin from a CAP 1.2 alert in the request body."""
        try:
            bulletin = bulletins.import_cap(request.body, actor=actor_of(request))
        except cap.CapError as exc:
            raise ApiValidationError({"cap": [str(exc)]}) from exc
        return Response(BulletinSerializer(bulletin, context=self.get_serializer_context()).data,
                        status=201)
