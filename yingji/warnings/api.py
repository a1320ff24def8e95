"""API of the warnings app: bulletins (with workflow steps, versions, board and CAP),
the responsible-person directory, CAP import and the monitoring feed that drafts
bulletins. Thin: writes go through ``yingji.warnings.services``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from yingji.core.api.fields import RegionField
from yingji.core.api.serializers import ModelSerializer
from yingji.core.api.viewsets import ScopedModelViewSet, actor_of
from yingji.warnings import cap, rules
from yingji.warnings.filtersets import BulletinFilterSet, ResponsiblePersonFilterSet
from yingji.warnings.models import Bulletin, BulletinVersion, Level, ResponsiblePerson, WarningType
from yingji.warnings.services import board, bulletins, directory
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
    class Meta:
        model = BulletinVersion
        fields = ["number", "action", "level", "title", "content", "measures", "effective_at",
                  "expires_at", "target_codes", "polygon", "created_at"]


class TransitionSerializer(serializers.Serializer):
    """One workflow step: its name, the version the caller saw, and its fields."""

    name = serializers.ChoiceField(choices=[(t.name, t.label) for t in BULLETIN_FLOW.transitions],
                                   error_messages={"invalid_choice": "未知的操作：{input}"})
    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True)
    level = serializers.ChoiceField(choices=Level.choices, required=False, error_messages={
        "invalid_choice": "预警级别“{input}”不在蓝色、黄色、橙色、红色四级之内"})
    content = serializers.CharField(required=False, allow_blank=True)
    measures = serializers.CharField(required=False, allow_blank=True)
    expires_at = serializers.DateTimeField(required=False)


@extend_schema(tags=["预警发布"])
class BulletinViewSet(ScopedModelViewSet):
    """Warning bulletins in the caller's scope."""

    queryset = Bulletin.objects.none()
    serializer_class = BulletinSerializer
    filterset_class = BulletinFilterSet
    select_related = ("warning_type",)
    prefetch_related = ("target_regions",)
    ordering_fields = ["created_at", "expires_at", "level", "id"]
    ordering = ["-created_at", "-id"]
    extra_action_permissions = {"transition": "change", "board": "view", "versions": "view",
                                "cap": "view", "import_cap": "add"}

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = bulletins.create_bulletin(dict(serializer.validated_data),
                                                        actor=actor_of(self.request))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, Bulletin)
        serializer.instance = bulletins.update_bulletin(
            serializer.instance, dict(serializer.validated_data), actor=actor_of(self.request))

    def perform_destroy(self, instance: Any) -> None:
        if instance.state != "draft":
            raise ValidationError({"state": "只能删除草稿；已发布的预警请解除"})
        from yingji.core.services.objects import delete_object

        delete_object(instance, actor=actor_of(self.request))

    @extend_schema(request=TransitionSerializer, responses=BulletinSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Fire a workflow step (submit, reject, publish, update, upgrade, downgrade, lift)."""
        bulletin = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        name = data.pop("name")
        expected = data.pop("version", None)
        updated = bulletins.fire(bulletin, name, actor=actor_of(request), data=data,
                                 expected_version=expected)
        return Response(BulletinSerializer(updated, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["get"])
    def versions(self, request: Request, pk: str | None = None) -> Response:
        """Every published version of the bulletin."""
        bulletin = self.get_object()
        return Response(VersionSerializer(bulletin.versions.all(), many=True).data)

    @action(detail=True, methods=["get"])
    def board(self, request: Request, pk: str | None = None) -> Response:
        """The 叫应 board: per street delivered / acknowledged / escalated / failed."""
        figures = board.board(self.get_object())
        return Response({
            "total": figures.total, "delivered": figures.delivered, "failed": figures.failed,
            "acknowledged": figures.acknowledged, "escalated": figures.escalated,
            "regions": [{"code": r.code, "name": r.name, "total": r.total,
                         "delivered": r.delivered, "failed": r.failed,
                         "acknowledged": r.acknowledged, "escalated": r.escalated,
                         "silent": [vars(s) for s in r.silent]} for r in figures.rows]})

    @action(detail=True, methods=["get"])
    def cap(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The bulletin as an OASIS CAP 1.2 alert."""
        return HttpResponse(cap.to_cap(self.get_object()),
                            content_type="application/cap+xml; charset=utf-8")

    @extend_schema(request={"application/xml": str}, responses=BulletinSerializer)
    @action(detail=False, methods=["post"], url_path="import-cap")
    def import_cap(self, request: Request) -> Response:
        """A draft bulletin from a CAP 1.2 alert in the request body."""
        try:
            bulletin = bulletins.import_cap(request.body, actor=actor_of(request))
        except cap.CapError as exc:
            raise ApiValidationError({"cap": [str(exc)]}) from exc
        return Response(BulletinSerializer(bulletin, context=self.get_serializer_context()).data,
                        status=201)


class ResponsiblePersonSerializer(ModelSerializer):
    region = RegionField()
    region_name = serializers.CharField(source="region.name", read_only=True)
    hazard_types = serializers.SlugRelatedField(slug_field="code", many=True, required=False,
                                                queryset=WarningType.objects.all())
    phone = serializers.RegexField(r"^1\d{10}$|^0\d{2,3}-?\d{7,8}$", max_length=20, error_messages={
        "invalid": "请输入有效的手机号或固定电话"})

    class Meta:
        model = ResponsiblePerson
        fields = ["id", "name", "phone", "email", "region", "region_name", "role", "tier",
                  "hazard_types", "position", "organisation", "published", "active",
                  "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]


@extend_schema(tags=["预警发布"])
class ResponsiblePersonViewSet(ScopedModelViewSet):
    """The responsible-person directory in the caller's scope."""

    queryset = ResponsiblePerson.objects.none()
    serializer_class = ResponsiblePersonSerializer
    filterset_class = ResponsiblePersonFilterSet
    select_related = ("region",)
    prefetch_related = ("hazard_types",)
    ordering_fields = ["name", "region", "id"]
    ordering = ["region", "id"]

    def perform_create(self, serializer: serializers.BaseSerializer[Any]) -> None:
        serializer.instance = directory.create_person(dict(serializer.validated_data),
                                                      actor=actor_of(self.request))

    def perform_update(self, serializer: serializers.BaseSerializer[Any]) -> None:
        assert isinstance(serializer.instance, ResponsiblePerson)
        serializer.instance = directory.update_person(
            serializer.instance, dict(serializer.validated_data), actor=actor_of(self.request))

    def perform_destroy(self, instance: Any) -> None:
        directory.delete_person(instance, actor=actor_of(self.request))
